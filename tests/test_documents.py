"""Documents (văn bản): pages, groupings, downloads with checksums, the feed, number links,
attachment errors, and drafts whose files never reach the site."""

import hashlib
import io
import json
import zipfile

import feedparser
import pytest
from PIL import Image

from conftest import article, read_page
from site_build.check import check_content
from test_search_and_sitemap import SITEMAP, indexed_records, search_filters

DOCUMENTS_TOML = """
[[type]]
slug = "nghi-quyet"
name = "Nghị quyết"

[[type]]
slug = "ke-hoach"
name = "Kế hoạch"

[[type]]
slug = "tai-lieu-hoi-dap"
name = "Tài liệu hỏi – đáp"

[[issuer]]
slug = "tong-ldld"
name = "Tổng Liên đoàn Lao động Việt Nam"
short_name = "Tổng LĐLĐ"

[[issuer]]
slug = "btv-ldld-tinh"
name = "Ban Thường vụ Liên đoàn Lao động tỉnh"
short_name = "BTV LĐLĐ tỉnh"
"""


def document(title, number=None, type="Kế hoạch", issuer="btv-ldld-tinh", date="2026-05-01",
             files="a.pdf", body="Nội dung văn bản.", **extra) -> str:
    fields = {"title": title, "number": number, "type": type, "issuer": issuer, "date": date,
              "files": files, **extra}
    header = "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)
    return f"{header}\n\n{body}\n"


def pdf(filler: int = 0) -> bytes:
    return b"%PDF-1.4\n" + b"0" * filler + b"\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BIG = pdf(1_258_291 - len(pdf()))  # 1,2 MB


def library() -> dict:
    """Four published documents over three types, two issuers and three years, and a draft."""
    return {
        "data/documents.toml": DOCUMENTS_TOML,
        "van-ban/2021/nq-02.md": document(
            "Nghị quyết về đổi mới tổ chức và hoạt động công đoàn", "02-NQ/TLĐ", "Nghị quyết",
            "Tổng LĐLĐ", "2021-06-12", "nq-02.pdf, nq-02.docx", campaign="phong-chong-covid-19",
            summary="Trích yếu: đổi mới tổ chức, hoạt động công đoàn."),
        "van-ban/2021/nq-02.pdf": BIG,
        "van-ban/2021/nq-02.docx": docx(),
        "van-ban/2026/kh-45.md": document(
            "Kế hoạch tuyên truyền Tháng Công nhân", "45/KH-LĐLĐ", date="2026-04-20",
            files="kh-45.pdf", campaign="Tháng Công nhân", effective="2026-05-01", expiry="2026-05-31"),
        "van-ban/2026/kh-45.pdf": pdf(10),
        "van-ban/2026/hoi-dap/tai-lieu.md": document(
            "Tài liệu hỏi – đáp về Luật Công đoàn", None, "tai-lieu-hoi-dap", "btv-ldld-tinh, tong-ldld",
            "2026-06-02", "hoi-dap.pdf"),
        "van-ban/2026/hoi-dap/hoi-dap.pdf": pdf(20),
        "van-ban/2025/kh-12.md": document("Kế hoạch năm 2025", "12/KH-LĐLĐ", date="2025-02-10",
                                          files="kh-12.pdf"),
        "van-ban/2025/kh-12.pdf": pdf(30),
        "van-ban/2026/nhap.md": document("Dự thảo kế hoạch mật", "99/KH-LĐLĐ", date="2026-03-03",
                                         files="du-thao-mat.docx", status="draft", body="MẬT-NHÁP"),
        "van-ban/2026/du-thao-mat.docx": docx(),
    }


NEWEST_FIRST = ["Tài liệu hỏi – đáp về Luật Công đoàn", "Kế hoạch tuyên truyền Tháng Công nhân",
                "Kế hoạch năm 2025", "Nghị quyết về đổi mới tổ chức và hoạt động công đoàn"]


def listed(soup) -> list:
    return [a.get_text(strip=True) for a in soup.select(".doc-list .doc-card__title a")]


def test_the_list_is_newest_first_and_browsable_by_type_year_and_issuer_without_javascript(site):
    site.write(library()).build(publish=True)
    index = site.page("van-ban/")
    assert listed(index) == NEWEST_FIRST
    assert not index.select("script")
    browse = {a.get_text(strip=True): a["href"] for a in index.select(".doc-browse a")}
    assert browse == {
        "Nghị quyết": "https://thu.example/van-ban/loai/nghi-quyet/",
        "Kế hoạch": "https://thu.example/van-ban/loai/ke-hoach/",
        "Tài liệu hỏi – đáp": "https://thu.example/van-ban/loai/tai-lieu-hoi-dap/",
        "Năm 2026": "https://thu.example/van-ban/2026/",
        "Năm 2025": "https://thu.example/van-ban/2025/",
        "Năm 2021": "https://thu.example/van-ban/2021/",
        "Tổng LĐLĐ": "https://thu.example/van-ban/co-quan/tong-ldld/",
        "BTV LĐLĐ tỉnh": "https://thu.example/van-ban/co-quan/btv-ldld-tinh/",
    }
    assert listed(site.page("van-ban/loai/ke-hoach/")) == [NEWEST_FIRST[1], NEWEST_FIRST[2]]
    assert listed(site.page("van-ban/2026/")) == NEWEST_FIRST[:2]
    assert listed(site.page("van-ban/2021/")) == [NEWEST_FIRST[3]]
    assert listed(site.page("van-ban/co-quan/tong-ldld/")) == [NEWEST_FIRST[0], NEWEST_FIRST[3]]
    assert listed(site.page("van-ban/co-quan/btv-ldld-tinh/")) == NEWEST_FIRST[:3]
    assert site.page("van-ban/loai/ke-hoach/").select_one(".doc-browse a[aria-current]").get_text() == "Kế hoạch"
    assert site.page("").select_one(".site-nav a[href='https://thu.example/van-ban/']").get_text() == "Văn bản"


def test_a_document_page_lists_four_other_documents_of_its_type_newest_first(site):
    plans = {f"van-ban/kh/{n}.md": document(f"Kế hoạch số {n}", f"{n}/KH-LĐLĐ", date=f"2026-0{n}-10",
                                            files=f"{n}.pdf") for n in range(1, 8)}
    site.write({**library(), **plans, **{f"van-ban/kh/{n}.pdf": pdf(n) for n in range(1, 8)}}).build(publish=True)

    def others(url):
        return listed(site.page(url).select_one("#cung-loai").parent)

    april = "Kế hoạch tuyên truyền Tháng Công nhân"  # 20/04/2026
    assert others("van-ban/2026/7-kh-ldld/") == ["Kế hoạch số 6", "Kế hoạch số 5", april, "Kế hoạch số 4"]
    assert others("van-ban/2026/5-kh-ldld/") == ["Kế hoạch số 7", "Kế hoạch số 6", april, "Kế hoạch số 4"]
    assert not site.page("van-ban/2021/02-nq-tld/").select("#cung-loai")  # the only resolution


def test_a_site_without_document_types_has_no_link_to_an_empty_list(site):
    site.write({"2026/a.md": article("A")}).build(publish=True)
    assert "Chưa có văn bản nào." in site.page("van-ban/").get_text()
    assert not [a for a in site.page("").select("a") if a["href"].endswith("/van-ban/")]


def test_a_document_page_shows_its_metadata_and_each_file_with_type_size_and_checksum(site):
    output = site.write(library()).build(publish=True)
    page = site.page("van-ban/2021/02-nq-tld/")
    assert page.select_one("h1").get_text(strip=True) == "Nghị quyết về đổi mới tổ chức và hoạt động công đoàn"
    assert page.select_one(".article__lead").get_text(strip=True) == "Trích yếu: đổi mới tổ chức, hoạt động công đoàn."
    facts = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in page.select(".doc-facts div")}
    assert facts == {"Số hiệu": "02-NQ/TLĐ", "Loại văn bản": "Nghị quyết",
                     "Cơ quan ban hành": "Tổng Liên đoàn Lao động Việt Nam", "Ngày ban hành": "12/06/2021",
                     "Chuyên mục": "Phòng, chống dịch Covid-19"}
    downloads = page.select(".download")
    assert [d.select_one(".download__link").get_text() for d in downloads] == ["nq-02.pdf", "nq-02.docx"]
    for item, name, label in zip(downloads, ["nq-02.pdf", "nq-02.docx"], ["PDF", "Word (DOCX)"]):
        source = (site.content / "van-ban/2021" / name).read_bytes()
        link = item.select_one(".download__link")["href"]
        assert link == f"https://thu.example/van-ban/2021/{name}"
        published = (output / "van-ban/2021" / name).read_bytes()
        assert published == source  # copied unchanged
        assert item.select_one("code").get_text() == hashlib.sha256(source).hexdigest()
        assert item.select_one(".download__type").get_text() == label
        assert item.select_one(".download__bytes").get_text() == f"({len(source):,} byte)".replace(",", ".")
    assert downloads[0].select_one(".download__size").get_text() == "1,2 MB"
    assert downloads[1].select_one(".download__link")["type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "Get-FileHash" in page.select_one(".downloads__verify").get_text()
    plan = site.page("van-ban/2026/45-kh-ldld/")
    plan_facts = {d.dt.get_text(strip=True): d.dd.get_text(strip=True) for d in plan.select(".doc-facts div")}
    assert plan_facts["Ngày có hiệu lực"] == "01/05/2026" and plan_facts["Ngày hết hiệu lực"] == "31/05/2026"
    assert plan.select_one(".badge--expired").get_text() == "Hết hiệu lực từ 31/05/2026"  # clock: 21/11/2026
    assert not page.select(".badge--expired")


def test_a_replaced_attachment_of_the_same_size_gets_its_new_checksum(site):
    """Sources are cached by their contents; a document's files are measured at every build."""
    site.write(library()).build(publish=True)
    replaced = pdf(10).replace(b"0" * 10, b"1" * 10)
    assert len(replaced) == len(pdf(10))
    site.write({"van-ban/2026/kh-45.pdf": replaced}).build(publish=True)
    checksum = site.page("van-ban/2026/45-kh-ldld/").select_one(".download code").get_text()
    assert checksum == hashlib.sha256(replaced).hexdigest()
    site.write({"van-ban/2026/kh-45.pdf": b"<html>404</html>" + bytes(len(replaced) - 16)})
    assert 'tệp "kh-45.pdf" không phải PDF' in site.build_fails(publish=True).log.errors[0].message


def test_a_draft_document_and_its_files_are_published_nowhere(site):
    for publish in (True, False):
        output = site.write(library()).build(publish=publish)
        assert not (output / "van-ban/2026/du-thao-mat.docx").exists()
        assert not (output / "van-ban/2026/99-kh-ldld").exists()
        assert not list(output.rglob("*nhap*"))
        assert "Dự thảo kế hoạch mật" not in site.all_text() and "MẬT-NHÁP" not in site.all_text()
        assert (output / "van-ban/2026/kh-45.pdf").exists()


def test_a_document_dated_after_the_clock_waits_with_its_files(site):
    site.write(library()).write({
        "van-ban/2026/sau.md": document("Kế hoạch sắp ban hành", "77/KH-LĐLĐ", date="2026-12-01",
                                        files="sau.pdf"),
        "van-ban/2026/sau.pdf": pdf(5),
    })
    output = site.build(publish=True)
    assert not (output / "van-ban/2026/sau.pdf").exists()
    assert "Kế hoạch sắp ban hành" not in site.all_text()
    output = site.build(publish=False)  # the preview shows it, marked
    assert (output / "van-ban/2026/sau.pdf").exists()
    card = site.page("van-ban/").select(".doc-card")[0]
    assert "Hẹn giờ đăng" in card.get_text()
    assert "Kế hoạch sắp ban hành" not in (output / "feeds/van-ban.atom.xml").read_text(encoding="utf-8")


def test_an_attachment_shared_with_a_draft_stays_published_for_the_public_document(site):
    site.write(library()).write({
        "van-ban/2026/nhap.md": document("Bản nháp khác", None, date="2026-03-03", files="kh-45.pdf",
                                         status="draft"),
    })
    output = site.build(publish=True)
    assert (output / "van-ban/2026/kh-45.pdf").read_bytes() == pdf(10)


def test_an_image_attached_to_a_document_is_published_unchanged(site):
    """The photos plugin publishes images only as resized copies; an attachment is the file."""
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 200)).save(buffer, "JPEG", quality=90)
    poster = buffer.getvalue()
    output = site.write(library()).write({
        "van-ban/2026/ap-phich.md": document("Áp phích tuyên truyền", None, "Kế hoạch", files="ap-phich.jpg"),
        "van-ban/2026/ap-phich.jpg": poster,
    }).build(publish=True)
    assert (output / "van-ban/2026/ap-phich.jpg").read_bytes() == poster
    item = site.page("van-ban/2026/ap-phich-tuyen-truyen/").select_one(".download")
    assert item.select_one(".download__link")["href"] == "https://thu.example/van-ban/2026/ap-phich.jpg"
    assert item.select_one(".download__type").get_text() == "Ảnh JPEG"


def test_the_feed_of_new_documents_in_atom_and_rss(site):
    output = site.write(library()).build(publish=True)
    for fmt in ("atom", "rss"):
        parsed = feedparser.parse((output / f"feeds/van-ban.{fmt}.xml").read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.title for e in parsed.entries] == NEWEST_FIRST
        first = parsed.entries[0]
        assert first.link == "https://thu.example/van-ban/2026/tai-lieu-hoi-dap-ve-luat-cong-doan/"
        assert first.id == "tag:thu.example,2026:document/van-ban/2026/hoi-dap/tai-lieu"
        resolution = parsed.entries[3]
        enclosures = [(e.href, int(e.length), e.type) for e in resolution.enclosures]
        expected = [("https://thu.example/van-ban/2021/nq-02.pdf", len(BIG), "application/pdf"),
                    ("https://thu.example/van-ban/2021/nq-02.docx", len(docx()),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
        assert enclosures == (expected if fmt == "atom" else expected[:1])  # RSS: one per item
        assert {t.term for t in resolution.tags} == {"Nghị quyết", "Tổng Liên đoàn Lao động Việt Nam",
                                                     "Phòng, chống dịch Covid-19"}
        assert resolution.summary == "Trích yếu: đổi mới tổ chức, hoạt động công đoàn."
    feeds_page = site.page("feeds/")
    assert "https://thu.example/feeds/van-ban.rss.xml" in [a["href"] for a in feeds_page.select("a")]
    assert site.page("van-ban/").select_one('link[rel=alternate][type="application/atom+xml"]')["href"] == (
        "https://thu.example/feeds/van-ban.atom.xml")


def test_documents_are_in_the_search_index_and_the_sitemap(site):
    output = site.write(library()).build(publish=True)
    records = {r["url"]: r for r in indexed_records(output)}
    record = records["/van-ban/2021/02-nq-tld/"]
    assert record["meta"]["title"] == "Nghị quyết về đổi mới tổ chức và hoạt động công đoàn"
    assert "02-NQ/TLD" in record["content"] and "Tong Lien doan" in record["content"]
    assert search_filters(output)["Loại"] == {"Văn bản": 4}
    assert not any("99-kh" in url for url in records)
    import xml.etree.ElementTree as ET
    urls = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(output / "sitemap.xml").getroot()]
    for path in ("van-ban/", "van-ban/2021/02-nq-tld/", "van-ban/loai/nghi-quyet/", "van-ban/2025/",
                 "van-ban/co-quan/tong-ldld/"):
        assert f"https://thu.example/{path}" in urls
    assert not any("99-kh" in url for url in urls)
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in ET.parse(output / "sitemap.xml").getroot()}
    assert lastmod["https://thu.example/van-ban/2021/02-nq-tld/"].startswith("2021-06-12")


def test_campaign_pages_list_the_documents_that_serve_them(site):
    site.write(library()).build(publish=True)
    block = site.page("chuyen-muc/thang-cong-nhan/").select_one(".campaign-documents")
    assert [a.get_text() for a in block.select("li a")] == ["Kế hoạch tuyên truyền Tháng Công nhân"]
    assert block.select_one("li a")["href"] == "https://thu.example/van-ban/2026/45-kh-ldld/"
    assert site.page("chuyen-muc/phong-chong-covid-19/").select_one(".campaign-documents li a").get_text() == (
        NEWEST_FIRST[3])


def test_articles_link_documents_by_number(site):
    photo = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo, "JPEG")
    site.write(library()).write({
        "2026/hoc.md": article("Học nghị quyết", body=(
            "![Hội nghị học tập](hoi-nghi.jpg)\n\n"  # the photos plugin rewrites this body too
            "Xem [Nghị quyết](van-ban:02-NQ/TLĐ), [kế hoạch](van-ban:45/kh-lđlđ@2026) "
            "và [tài liệu](../van-ban/2026/hoi-dap/tai-lieu.md).")),
        "2026/hoi-nghi.jpg": photo.getvalue(),
    })
    site.build(publish=True)
    links = [a["href"] for a in site.page("2026/05/hoc-nghi-quyet/").select(".article__content a")]
    assert links == ["https://thu.example/van-ban/2021/02-nq-tld/",
                     "https://thu.example/van-ban/2026/45-kh-ldld/",
                     "https://thu.example/van-ban/2026/tai-lieu-hoi-dap-ve-luat-cong-doan/"]


def find(issues, relative, line, field, message, hint=""):
    for issue in issues:
        if (issue.path.endswith(f"content/{relative}") and issue.line == line and issue.field == field
                and message in issue.message and hint in issue.hint):
            return issue
    raise AssertionError(f"{(relative, line, field, message)} not in:\n" + "\n".join(i.format() for i in issues))


MISTAKES = {
    "missing file": (
        {"van-ban/x.md": document("X", files="khong-co.pdf")},
        ("van-ban/x.md", 5, "files", 'không tìm thấy tệp "khong-co.pdf"', "kiểm tra tên tệp")),
    "empty file": (
        {"van-ban/x.md": document("X", files="rong.pdf"), "van-ban/rong.pdf": b""},
        ("van-ban/x.md", 5, "files", 'tệp "rong.pdf" rỗng (0 byte)', "chép lại")),
    "PDF named .docx": (
        {"van-ban/x.md": document("X", files="a.pdf, b.docx"), "van-ban/a.pdf": pdf(), "van-ban/b.docx": pdf()},
        ("van-ban/x.md", 5, "files", 'tệp "b.docx" không phải Word (DOCX) như đuôi tệp (nội dung là PDF)', "đổi đuôi")),
    "web page saved as .pdf": (
        {"van-ban/x.md": document("X", files="a.pdf"), "van-ban/a.pdf": b"<!DOCTYPE html><p>404</p>"},
        ("van-ban/x.md", 5, "files", 'tệp "a.pdf" không phải PDF như đuôi tệp (không nhận ra loại nội dung)', "")),
    "unsupported file": (
        {"van-ban/x.md": document("X", files="cai-dat.exe"), "van-ban/cai-dat.exe": b"MZ\x90\x00"},
        ("van-ban/x.md", 5, "files", 'tệp "cai-dat.exe" có đuôi không được hỗ trợ', "PDF, DOC, DOCX")),
    "file not beside the document": (
        {"van-ban/2026/x.md": document("X", files="../khac/a.pdf"), "van-ban/khac/a.pdf": pdf()},
        ("van-ban/2026/x.md", 5, "files", 'tệp "../khac/a.pdf" không nằm cạnh văn bản', "cùng thư mục")),
    "file ignored by the build": (
        {"van-ban/x.md": document("X", files="_an.pdf"), "van-ban/_an.pdf": pdf()},
        ("van-ban/x.md", 5, "files", 'tệp "_an.pdf" có tên bắt đầu bằng "_"', "đổi tên")),
    "no file": (
        {"van-ban/x.md": "title: X\ntype: Kế hoạch\nissuer: tong-ldld\ndate: 2026-05-01\n\nx\n"},
        ("van-ban/x.md", 5, "files", "thiếu trường bắt buộc", "files")),
    "unknown type": (
        {"van-ban/x.md": document("X", type="Ke hoach"), "van-ban/a.pdf": pdf()},
        ("van-ban/x.md", 2, "type", 'không có loại văn bản "Ke hoach"', "Kế hoạch")),
    "two types": (
        {"van-ban/x.md": document("X", type="Kế hoạch, Nghị quyết"), "van-ban/a.pdf": pdf()},
        ("van-ban/x.md", 2, "type", "chỉ ghi một loại văn bản", "Kế hoạch")),
    "unknown issuer": (
        {"van-ban/x.md": document("X", issuer="Tong LDLD"), "van-ban/a.pdf": pdf()},
        ("van-ban/x.md", 3, "issuer", 'không có cơ quan ban hành "Tong LDLD"', "Tổng Liên đoàn")),
    "expiry before issue": (
        {"van-ban/x.md": document("X", expiry="2026-04-01"), "van-ban/a.pdf": pdf()},
        ("van-ban/x.md", 6, "expiry", "ngày hết hiệu lực trước ngày ban hành", "")),
    "unknown field": (
        {"van-ban/x.md": document("X", unit="ban-to-chuc"), "van-ban/a.pdf": pdf()},
        ("van-ban/x.md", 6, "unit", "trường không được hỗ trợ", "")),
    "two documents, one number and year": (
        {"van-ban/x.md": document("X", "45/KH"), "van-ban/y/y.md": document("Y", "45/KH", files="b.pdf"),
         "van-ban/a.pdf": pdf(), "van-ban/y/b.pdf": pdf()},
        ("van-ban/x.md", 2, "number", 'trùng đường dẫn "van-ban/2026/45-kh/index.html"', "slug")),
    "unknown number in an article": (
        {"van-ban/x.md": document("X", "45/KH-LĐLĐ"), "van-ban/a.pdf": pdf(),
         "2026/a.md": article("A", body="Theo [kế hoạch](van-ban:54/KH-LĐLĐ).")},
        ("2026/a.md", 7, "link", 'không có văn bản số "54/KH-LĐLĐ"', "van-ban:45/KH-LĐLĐ")),
    "number shared by two years": (
        {"van-ban/x.md": document("X", "01/KH"), "van-ban/a.pdf": pdf(),
         "van-ban/y.md": document("Y", "01/KH", date="2025-01-05"),
         "2026/a.md": article("A", body="Theo [kế hoạch](van-ban:01/KH).")},
        ("2026/a.md", 7, "link", 'có 2 văn bản số "01/KH" (năm 2025, 2026)', "van-ban:01/KH@")),
    "link to a draft document": (
        {"van-ban/x.md": document("X", "45/KH", status="draft"), "van-ban/a.pdf": pdf(),
         "2026/a.md": article("A", body="Theo [kế hoạch](van-ban:45/KH).")},
        ("2026/a.md", 7, "link", "tới bản nháp", "")),
    "link to a draft's file": (
        {"van-ban/x.md": document("X", "45/KH", status="draft"), "van-ban/a.pdf": pdf(),
         "2026/a.md": article("A", body="Tải [tệp](../van-ban/a.pdf).")},
        ("2026/a.md", 7, "link", "tới tệp đính kèm của văn bản nháp", "")),
    "image in the text of a document": (
        {"van-ban/x.md": document("X", body="![Sơ đồ](so-do.png)"), "van-ban/a.pdf": pdf(),
         "van-ban/so-do.png": b"\x89PNG\r\n\x1a\n"},
        ("van-ban/x.md", 7, "image", 'văn bản không chèn ảnh "so-do.png"', "trường files")),
    "unknown key in documents.toml": (
        {"data/documents.toml": DOCUMENTS_TOML + '\n[[type]]\nname = "Chỉ thị"\nten_ngan = "CT"\n'},
        ("data/documents.toml", 26, "ten_ngan", "khóa không được hỗ trợ", "")),
    "type named twice in documents.toml": (
        {"data/documents.toml": DOCUMENTS_TOML + '\n[[type]]\nname = "Kế hoạch"\n'},
        ("data/documents.toml", 24, "slug", 'slug "ke-hoach" trùng với "Kế hoạch"', "")),
}


@pytest.mark.parametrize("files, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_check_and_build_report_each_mistake_with_file_line_and_field(site, files, expected):
    site.write({"data/documents.toml": DOCUMENTS_TOML}).write(files)
    find(check_content(site.settings()).log.errors, *expected)
    stop = site.build_fails()
    find(stop.log.errors, *expected)
    assert not site.output.exists() or not any(site.output.iterdir())


def test_every_bad_file_of_a_document_is_reported_at_once(site):
    site.write({"data/documents.toml": DOCUMENTS_TOML,
                "van-ban/x.md": document("X", files="a.pdf, rong.docx, thieu.pdf, b.xlsx"),
                "van-ban/a.pdf": pdf(), "van-ban/rong.docx": b"", "van-ban/b.xlsx": docx()})
    errors = [e for e in check_content(site.settings()).log.errors if e.field == "files"]
    assert sorted((e.line, e.message.split('"')[1]) for e in errors) == [
        (5, "b.xlsx"), (5, "rong.docx"), (5, "thieu.pdf")]


def test_the_demo_documents(demo_output):
    index = read_page(demo_output, "van-ban/index.html")
    titles = listed(index)
    assert len(titles) == 8 and titles[0].startswith("Hướng dẫn tổ chức chương trình")
    assert not (demo_output / "van-ban/2026/du-thao-quy-che-phoi-hop.docx").exists()
    assert "Dự thảo Quy chế" not in json.dumps(indexed_records(demo_output), ensure_ascii=False)
    link = read_page(demo_output, "2026/07/15-doi-tranh-tai-hoi-thi-tim-hieu-lich-su-truyen-thong-cong-doan-viet-nam-tai-an-thuy/")
    hrefs = [a["href"] for a in link.select(".article__content a")]
    assert "https://congdoan-donglam.example/van-ban/2026/45-kh-ldld/" in hrefs
    for page in ("van-ban/2026/45-kh-ldld/index.html", "van-ban/2026/tai-lieu-hoi-dap-ve-lich-su-truyen-thong-cong-doan-viet-nam/index.html"):
        for anchor in read_page(demo_output, page).select(".download__link"):
            relative = anchor["href"].removeprefix("https://congdoan-donglam.example/")
            assert (demo_output / relative).is_file()


def test_the_commit_hook_checks_the_documents_when_only_an_attachment_is_staged(site):
    from test_editor_workflow import git, invoke

    repo = site.content.parent
    git(repo, "init", "-q")
    site.write({"data/documents.toml": DOCUMENTS_TOML, "van-ban/x.md": document("X", "45/KH"),
                "van-ban/a.pdf": pdf()})
    assert invoke("install-hooks", "--content", str(site.content)).returncode == 0
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "văn bản").returncode == 0
    site.write({"van-ban/a.pdf": b"<html>404</html>"})
    git(repo, "add", "content/van-ban/a.pdf")
    refused = git(repo, "commit", "-qm", "tệp hỏng")
    assert refused.returncode != 0
    assert 'van-ban/x.md:6: files: tệp "a.pdf" không phải PDF' in refused.stderr


def test_a_new_document_reaches_its_campaign_page_even_with_the_page_cache(site):
    site.write(library()).build(publish=True)
    site.write({"van-ban/2026/kh-46.md": document("Kế hoạch bổ sung Tháng Công nhân", "46/KH-LĐLĐ",
                                                  date="2026-04-25", files="kh-46.pdf",
                                                  campaign="thang-cong-nhan"),
                "van-ban/2026/kh-46.pdf": pdf(3)}).build(publish=True)
    block = site.page("chuyen-muc/thang-cong-nhan/").select_one(".campaign-documents")
    assert [a.get_text() for a in block.select("li a")] == [
        "Kế hoạch bổ sung Tháng Công nhân", "Kế hoạch tuyên truyền Tháng Công nhân"]
