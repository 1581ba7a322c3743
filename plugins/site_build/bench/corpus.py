"""A deterministic synthetic archive for the benchmark: natural-looking Vietnamese union news.

The same ``(count, seed)`` always gives the same files, byte for byte. Articles use the demo
site's registries (units, campaigns) and are spread over ten years, a few a day, with tags,
summaries and three kinds, like a provincial federation's real archive.
"""

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from union_core.vietnamese import slugify

PLACES = ["Khu công nghiệp Bắc Đồng Lâm", "thị xã Bến Đá", "huyện An Thủy", "huyện Đại Ngàn",
          "huyện Dinh Sơn", "Cụm công nghiệp Tân Phú", "thành phố Đồng Lâm", "xã Nậm Khiêu"]
SUBJECTS = ["LĐLĐ tỉnh", "Công đoàn ngành Giáo dục", "Công đoàn ngành Y tế", "Ban Chính sách – Pháp luật",
            "Công đoàn cơ sở Công ty May", "Ban Tuyên giáo – Nữ công", "LĐLĐ huyện", "Tổ cộng tác viên"]
ACTIONS = ["tổ chức", "phối hợp tổ chức", "triển khai", "phát động", "sơ kết", "tổng kết", "ra mắt"]
EVENTS = ["Tháng Công nhân", "chương trình Tết Sum vầy", "hội nghị đối thoại", "lớp tập huấn nghiệp vụ",
          "ngày hội tư vấn pháp luật", "giải bóng đá công nhân", "chương trình Mái ấm công đoàn",
          "hội thi an toàn, vệ sinh viên giỏi", "phong trào Lao động giỏi, lao động sáng tạo",
          "chợ phiên công nhân", "chương trình Phúc lợi đoàn viên", "buổi khám sức khỏe miễn phí"]
DETAILS = ["với sự tham gia của hơn {n} đoàn viên, người lao động",
           "thu hút {n} công nhân đến từ các doanh nghiệp trên địa bàn",
           "trao {n} suất quà cho đoàn viên có hoàn cảnh khó khăn",
           "hỗ trợ tổng kinh phí hơn {n} triệu đồng",
           "kết nạp mới {n} đoàn viên công đoàn"]
SENTENCES = [
    "Phát biểu tại buổi lễ, đại diện lãnh đạo {subject} ghi nhận những đóng góp của đội ngũ cán bộ công đoàn cơ sở.",
    "Hoạt động nhằm chăm lo đời sống vật chất, tinh thần cho đoàn viên, người lao động, góp phần xây dựng quan hệ lao động hài hòa, ổn định, tiến bộ.",
    "Nhiều công nhân bày tỏ niềm vui khi được công đoàn quan tâm, động viên kịp thời.",
    "Dịp này, ban tổ chức đã biểu dương {n} tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua.",
    "Theo kế hoạch, các cấp công đoàn tiếp tục tuyên truyền, phổ biến pháp luật lao động tới từng tổ sản xuất.",
    "Chị {name}, công nhân tại {place}, chia sẻ: “Được công đoàn hỗ trợ, gia đình tôi yên tâm hơn để gắn bó với công việc.”",
    "Thời gian tới, {subject} sẽ phối hợp với người sử dụng lao động tổ chức thêm nhiều hoạt động thiết thực.",
    "Chương trình được triển khai đồng bộ tại {place}, bảo đảm đúng đối tượng, công khai, minh bạch.",
]
NAMES = ["Lò Thị Hạnh", "Nguyễn Thị Mai", "Hoàng Văn Tám", "Phạm Thu Trang", "Đặng Thị Hồng", "Vi Văn Sơn"]
TAGS = ["Tháng Công nhân", "Khu công nghiệp", "Chăm lo đoàn viên", "Mái ấm công đoàn", "Pháp luật lao động",
        "An toàn lao động", "Phát triển đoàn viên", "Tết Sum vầy", "Nữ công", "Thỏa ước lao động tập thể",
        "Đại hội công đoàn", "Thi đua khen thưởng", "Thể thao", "Tập huấn", "Kiểm tra giám sát",
        "Phúc lợi đoàn viên", "Nhà ở công nhân", "Việc làm", "Tiền lương", "Bảo hiểm xã hội"]


def _registry_slugs(data_dir: Path, array: str) -> list[str]:
    import tomllib

    with open(data_dir / ("units.toml" if array == "unit" else "campaigns.toml"), "rb") as file:
        return [entry["slug"] for entry in tomllib.load(file)[array]]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(
        rng.choice(SENTENCES).format(subject=rng.choice(SUBJECTS), place=rng.choice(PLACES),
                                     name=rng.choice(NAMES), n=rng.randint(12, 900))
        for _ in range(sentences)
    )


def _article(rng: random.Random, number: int, when: datetime, units, campaigns) -> tuple[str, str]:
    event, place = rng.choice(EVENTS), rng.choice(PLACES)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {event} tại {place} (số {number})"
    kind = rng.choices(["tin", "bai", "anh"], weights=[7, 3, 1])[0]
    lead = f"{title}, {rng.choice(DETAILS).format(n=rng.randint(20, 2000))}."
    paragraphs = [_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(3, 7) if kind != "tin" else 2)]
    if kind == "bai":
        paragraphs.insert(2, f"## {event.capitalize()} đi vào chiều sâu")
    header = "\n".join([
        f"title: {title}",
        f"date: {when:%Y-%m-%d %H:%M}",
        f"unit: {', '.join(rng.sample(units, rng.choice([1, 1, 1, 2])))}",
        f"campaign: {', '.join(rng.sample(campaigns, rng.choice([1, 1, 2])))}",
        f"kind: {kind}",
        f"summary: {lead}",
        f"tags: {', '.join(rng.sample(TAGS, rng.randint(1, 4)))}",
        f"author: {rng.choice(NAMES)}",
    ])
    return title, header + "\n\n" + "\n\n".join([lead, *paragraphs]) + "\n"


def generate_corpus(target: Path, count: int, data_dir: Path, seed: int = 2026,
                    end: datetime = datetime(2026, 11, 1, 8, 0)) -> Path:
    """Write ``count`` articles (over the ten years before ``end``) plus ``data/`` into ``target``."""
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(data_dir, target / "data", ignore=shutil.ignore_patterns("plans"))
    units, campaigns = _registry_slugs(data_dir, "unit"), _registry_slugs(data_dir, "campaign")
    step = timedelta(days=3650) / count
    for number in range(count):
        when = (end - step * (count - number)).replace(second=0, microsecond=0)
        title, text = _article(rng, number, when, units, campaigns)
        path = target / f"{when:%Y}" / f"{when:%m}" / f"{number:05d}-{slugify(title)[:60]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def add_articles(content: Path, count: int, day: datetime) -> list[str]:
    """Write ``count`` new articles dated ``day``, after the whole corpus, like the articles
    editors publish on a normal day (every list they are filed in gets a new newest item)."""
    rng = random.Random(count)
    units, campaigns = _registry_slugs(content / "data", "unit"), _registry_slugs(content / "data", "campaign")
    added = []
    for number in range(count):
        title, text = _article(rng, 900000 + number, day + timedelta(minutes=37 * number), units, campaigns)
        path = content / f"{day:%Y}" / f"{day:%m}" / f"{900000 + number}-{slugify(title)[:60]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        added.append(path.name)
    return added
