"""Photos: responsive derivatives, the right way up, without metadata, cached, never leaked."""

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import article
from test_editor_workflow import git
from image_samples import BLUE, RED, image_kind, metadata, phone_photo
from site_build.runner import run_pelican
from site_build.settings import ROOT

STORY = """
Đoạn mở đầu phóng sự ảnh.

![Công nhân xếp hàng](a.jpg "Xếp hàng từ sáng sớm")

Đoạn giữa, có ảnh ![nhỏ](b.jpg) trong dòng chữ.

![Khám sức khỏe](c.jpg "Khám trước khi hiến máu")

![Nhận quà](d.jpg "Nhận giấy chứng nhận")

[![Tình nguyện viên](e.jpg "Đội tình nguyện viên")](e.jpg)

[Tải ảnh lớn](a.jpg)
"""


def photo_site(site, kind="bai", **extra):
    site.write({
        "2026/hien-mau/bai.md": article("Ngày hội hiến máu", kind=kind, cover="a.jpg", body=STORY, **extra),
        "2026/hien-mau/a.jpg": phone_photo(2000, 1500),
        "2026/hien-mau/b.jpg": phone_photo(1200, 800, orientation=6, icc=False),
        "2026/hien-mau/c.jpg": phone_photo(300, 200),
        "2026/hien-mau/d.jpg": phone_photo(900, 1200),
        "2026/hien-mau/e.jpg": phone_photo(1600, 1000, icc=False),
    })
    return site


def run(site, **settings):
    """Build (plain Pelican, into the same output folder each time); returns the image run."""
    built = site.settings(**settings)
    run_pelican(built)
    return built["RESPONSIVE_IMAGES_RUN"]


def output_file(site, url: str):
    return site.output / re.sub(r"^(https?://[^/]+)?/", "", url)


def srcset(value: str) -> list[tuple[str, int]]:
    return [(url, int(width.rstrip("w"))) for url, width in (part.split() for part in value.split(", "))]


def test_article_photos_become_pictures_with_captions(site):
    photo_site(site)
    run(site)
    prose = site.page("2026/05/ngay-hoi-hien-mau/").select_one(".prose")
    imgs = prose.select("img")
    assert [img["alt"] for img in imgs] == [
        "Công nhân xếp hàng", "nhỏ", "Khám sức khỏe", "Nhận quà", "Tình nguyện viên"]
    assert all(img.parent.name == "picture" and img["decoding"] == "async" for img in imgs)
    assert "loading" not in imgs[0].attrs and all(img["loading"] == "lazy" for img in imgs[1:])
    captions = [f.figcaption.get_text(strip=True) for f in prose.select("figure")]
    assert captions == [
        "Xếp hàng từ sáng sớm", "Khám trước khi hiến máu", "Nhận giấy chứng nhận", "Đội tình nguyện viên"]
    assert prose.select_one("p > picture img")["alt"] == "nhỏ", "an image inside text stays inline"
    first = imgs[0]
    webp = first.find_previous_sibling("source")
    assert webp["type"] == "image/webp" and webp["sizes"] == first["sizes"]
    assert [w for _, w in srcset(webp["srcset"])] == [480, 960, 1600]
    assert [w for _, w in srcset(first["srcset"])] == [480, 960, 1600]
    assert first["src"].endswith(".jpg") and (int(first["width"]), int(first["height"])) == (960, 720)
    for url, width in srcset(webp["srcset"]) + srcset(first["srcset"]):
        with Image.open(output_file(site, url)) as derived:
            assert derived.width == width and derived.format == ("WEBP" if url.endswith(".webp") else "JPEG")
    source = (site.content / "2026/hien-mau/a.jpg").read_bytes()
    assert first["data-image-id"] == hashlib.sha256(source).hexdigest()[:16]
    big = [a["href"] for a in prose.select("a") if a.get_text() == "Tải ảnh lớn"][0]
    assert big.endswith(".jpg") and Image.open(output_file(site, big)).width == 1600
    assert prose.select("figure a img")[-1]["alt"] == "Tình nguyện viên"
    assert "{static}" not in str(prose)


# The photos of STORY as a reader sees them: (width, height) upright, and where the red corner is.
SHOWN = {"Công nhân xếp hàng": ((2000, 1500), "left"), "nhỏ": ((800, 1200), "right"),
         "Khám sức khỏe": ((300, 200), "left"), "Nhận quà": ((900, 1200), "left"),
         "Tình nguyện viên": ((1600, 1000), "left")}


def test_every_derivative_is_upright_in_shape_and_never_upscaled(site):
    photo_site(site)
    run(site)
    prose = site.page("2026/05/ngay-hoi-hien-mau/").select_one(".prose")
    widths = {img["alt"]: [w for _, w in srcset(img["srcset"])] for img in prose.select("img")}
    assert widths["nhỏ"] == [480, 800]  # 1200×800 stored, turned upright by EXIF: 800×1200
    assert widths["Khám sức khỏe"] == [300]  # smaller than every width: kept at its size
    assert widths["Nhận quà"] == [480, 900]
    for img in prose.select("img"):
        (width, height), corner = SHOWN[img["alt"]]
        candidates = srcset(img["srcset"]) + srcset(img.find_previous_sibling("source")["srcset"])
        assert len(candidates) == 2 * len(widths[img["alt"]])
        for url, size in candidates:
            with Image.open(output_file(site, url)) as derived:
                assert derived.width == size and abs(derived.height - size * height / width) <= 1
                rgb = derived.convert("RGB")
                red_x = 3 if corner == "left" else derived.width - 4
                assert _near(rgb.getpixel((red_x, 3)), RED), (url, corner)
                assert _near(rgb.getpixel((derived.width - 4 - red_x + 3, 3)), BLUE), url


def _near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_no_published_file_carries_metadata_or_is_an_original(site):
    photo_site(site)
    site.write({"2026/khac/anh.png": b"", "2026/khac/van-ban.pdf": b"%PDF-1.4 demo",
                "2026/khac/anh-khong-duoi": phone_photo(600, 400)})  # a photo without .jpg
    site.write({"2026/khac/bai.md": article(
        "Văn bản", body="[Tải kế hoạch](van-ban.pdf)\n\n![Ảnh](anh-khong-duoi)")})
    run(site)
    assert set(metadata(site.content / "2026/hien-mau/a.jpg")) >= {  # what the scan would find
        "EXIF/XMP (APP1)", "ICC (APP2)", "IPTC (APP13)", "comment", "EXIF tags"}
    images = [p for p in site.output.rglob("*") if p.is_file() and image_kind(p.read_bytes()[:16])]
    assert len(images) > 20
    assert {p: metadata(p) for p in images if metadata(p)} == {}
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site.content.rglob("*.jpg")}
    assert not originals & {hashlib.sha256(p.read_bytes()).hexdigest() for p in images}
    assert not list((site.output / "2026/hien-mau").glob("*")), "originals are not copied"
    assert (site.output / "2026/khac/van-ban.pdf").is_file(), "other attachments still are"
    assert not (site.output / "2026/khac/anh-khong-duoi").exists()


def test_open_graph_card_and_cover_on_listings(site):
    photo_site(site)
    run(site)
    page = site.page("2026/05/ngay-hoi-hien-mau/")
    og = {m["property"]: m["content"] for m in page.select('meta[property^="og:image"]')}
    with Image.open(output_file(site, og["og:image"])) as card:
        assert card.size == (1200, 630) == (int(og["og:image:width"]), int(og["og:image:height"]))
    home = site.page("")
    lead = home.select_one(".lead-story picture img")
    assert lead["class"] == ["lead-story__image"] and "loading" not in lead.attrs
    assert lead["width"] and lead["height"] and lead["data-image-id"]
    assert (site.output / lead["src"].lstrip("/")).is_file()
    card = home.select_one(".latest .card picture img")
    assert card["loading"] == "lazy" and card["src"] == lead["src"]


def test_photo_story_is_a_gallery_without_script(site):
    photo_site(site, kind="anh")
    run(site)
    page = site.page("2026/05/ngay-hoi-hien-mau/")
    assert "kind-anh" in page.body["class"]
    gallery = page.select_one(".prose .gallery")
    figures = gallery.select(":scope > figure")
    assert [f.img["alt"] for f in figures] == ["Khám sức khỏe", "Nhận quà", "Tình nguyện viên"]
    assert "figure--wide" in figures[0]["class"] and all("figure--half" in f["class"] for f in figures[1:])
    assert all(f.figcaption.get_text(strip=True) for f in figures)
    for figure in figures:  # each opens its largest version, with no script involved
        assert output_file(site, figure.a["href"]).is_file()
    lone = page.select_one(".prose > figure")
    assert lone.img["alt"] == "Công nhân xếp hàng" and "figure--wide" in lone["class"]


def test_a_second_build_makes_no_image_and_a_new_photo_makes_one(site, caplog):
    photo_site(site)
    first = run(site)
    assert first.stats["made"] == 6 and first.stats["cached"] == 0  # 5 photos + 1 social card
    cache_files = {p: p.stat().st_mtime_ns for p in site.cache.rglob("*.webp")}
    with caplog.at_level(logging.INFO, logger="responsive_images"):
        again = run(site)
    assert again.stats["made"] == 0 and again.stats["cached"] == 6
    assert "Ảnh: 0 tệp ảnh làm mới, 6 lấy từ bộ nhớ đệm" in caplog.text
    assert {p: p.stat().st_mtime_ns for p in site.cache.rglob("*.webp")} == cache_files
    site.write({"2026/moi.md": article("Bài mới", body="![Ảnh mới](hien-mau/moi.jpg)"),
                "2026/hien-mau/moi.jpg": phone_photo(800, 600)})
    assert run(site).stats["made"] == 1


def test_a_fresh_checkout_reads_no_unchanged_photo_again(site, tmp_path):
    """CI clones the repository every night, which gives every photo a new modification time:
    git's index tells which photos are those hashed before, so none of them is read again."""
    photo_site(site)
    site.write({"pages/gioi-thieu.md": "title: Giới thiệu\n\n![Trụ sở](tru-so.jpg)\n",  # a page's photo too
                "pages/tru-so.jpg": phone_photo(640, 480)})
    repository = site.content.parent
    git(repository, "init", "-q"), git(repository, "add", "content"), git(repository, "commit", "-qm", "ảnh")
    assert run(site).stats["hashed"] == 6
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repository), str(clone))

    def build_clone():
        settings = site.settings()  # the same cache folder, as CI restores it
        settings["PATH"], settings["OUTPUT_PATH"] = str(clone / "content"), str(tmp_path / "clone-out")
        run_pelican(settings)
        return settings["RESPONSIVE_IMAGES_RUN"].stats

    stats = build_clone()
    assert (stats["hashed"], stats["made"], stats["cached"]) == (0, 0, 7)
    (clone / "content/2026/hien-mau/c.jpg").write_bytes(phone_photo(320, 200))  # edited, not committed
    touched = clone / "content/2026/hien-mau/d.jpg"  # a new time, and marked so that git would not notice a change
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    git(clone, "update-index", "--assume-unchanged", "content/2026/hien-mau/d.jpg")
    stats = build_clone()
    assert (stats["hashed"], stats["made"]) == (2, 1)
    assert site.page("2026/05/ngay-hoi-hien-mau/").select(".prose picture")


def test_an_article_with_pictures_is_rewritten_again_only_when_what_makes_it_changes(site, tmp_path):
    photo_site(site)
    assert run(site).rewrites.stats == {"made": 1, "remembered": 0}
    story = site.page("2026/05/ngay-hoi-hien-mau/").select_one(".prose").decode()
    assert run(site).rewrites.stats == {"made": 0, "remembered": 1}
    assert site.page("2026/05/ngay-hoi-hien-mau/").select_one(".prose").decode() == story
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    macros = theme / "templates/pictures.html"
    macros.write_text(macros.read_text(encoding="utf-8").replace("<picture>", '<picture class="x">'),
                      encoding="utf-8")
    assert run(site, THEME=str(theme)).rewrites.stats == {"made": 1, "remembered": 0}
    assert site.page("2026/05/ngay-hoi-hien-mau/").select(".prose picture.x")
    site.write({"2026/hien-mau/c.jpg": phone_photo(310, 200)})  # a photo of the story replaced
    assert run(site, THEME=str(theme)).rewrites.stats == {"made": 1, "remembered": 0}


def test_what_the_remembered_pictures_depend_on_is_the_same_in_every_process(site):
    """Settings hold the theme's filters (functions): the key must not change with their addresses."""
    script = ("import sys; from pelican import Pelican; from site_build.settings import PREVIEW, load_settings; "
              "from responsive_images.rewrites import rewrite_fingerprint; "
              f"pelican = Pelican(load_settings(PREVIEW, {str(site.content)!r})); "
              "print(callable(next(iter(pelican.settings['JINJA_FILTERS'].values()))), rewrite_fingerprint(pelican.settings))")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout.split()[0] == "True" and runs[0].stdout == runs[1].stdout


def test_work_is_shared_by_worker_processes(site):
    photo_site(site)
    stats = run(site, RESPONSIVE_IMAGES={"workers": 2, "parallel_from": 2}).stats
    assert stats["made"] == 6
    assert site.page("2026/05/ngay-hoi-hien-mau/").select(".prose picture")


def test_stale_derivatives_and_old_originals_are_removed(site):
    photo_site(site)
    run(site)
    before = set((site.output / "anh").rglob("*.webp"))
    (site.output / "2026/hien-mau").mkdir(parents=True)
    (site.output / "2026/hien-mau/a.jpg").write_bytes(phone_photo(40, 30))  # an older build's copy
    site.write({"2026/hien-mau/d.jpg": phone_photo(900, 1200, orientation=3)})  # edited photo
    (site.content / "2026/hien-mau/bai.md").write_text(
        article("Ngày hội hiến máu", cover="a.jpg", body=STORY.replace("[![Tình", "[![X").replace(
            '(e.jpg "Đội tình nguyện viên")](e.jpg)', '(d.jpg)](d.jpg)')), encoding="utf-8")
    stats = run(site).stats
    after = set((site.output / "anh").rglob("*.webp"))
    gone = {p.name.split("-")[0] for p in before - after}
    assert gone == {"d", "e"} and stats["removed"] >= 5
    assert all(p.is_file() for p in after) and not (site.output / "2026/hien-mau/a.jpg").exists()
    srcs = [img["src"] for img in site.page("2026/05/ngay-hoi-hien-mau/").select(".prose img")]
    assert all(output_file(site, src).is_file() for src in srcs)


def test_photos_of_drafts_and_scheduled_articles_are_not_published(site):
    site.write({
        "2026/nhap/bai.md": article("Bản nháp", status="draft", cover="nhap.jpg", body="![Nháp](nhap.jpg)"),
        "2026/nhap/nhap.jpg": phone_photo(800, 600),
        "2026/sau/bai.md": article("Hẹn giờ", date="2026-12-01 08:00", body="![Sau](sau.jpg)"),
        "2026/sau/sau.jpg": phone_photo(800, 600),
        "2026/le.jpg": phone_photo(800, 600),  # referenced by nobody
        "2026/a.md": article("Bài đăng"),
    })
    run(site, publish=True)
    published = [p.name for p in site.output.rglob("*") if p.is_file() and image_kind(p.read_bytes()[:16])]
    assert not [name for name in published if re.match(r"(nhap|sau|le)[-.]", name)], published
    run(site)  # the preview shows the scheduled article, and so its photo
    assert any(p.name.startswith("sau-") for p in (site.output / "anh").rglob("*"))
    assert not any(p.name.startswith(("nhap", "le")) for p in (site.output / "anh").rglob("*"))


def test_full_size_copies_only_when_the_setting_says_so(site):
    photo_site(site)
    run(site, RESPONSIVE_IMAGES={"publish_originals": True})
    prose = site.page("2026/05/ngay-hoi-hien-mau/").select_one(".prose")
    link = [a["href"] for a in prose.select("a") if a.get_text() == "Tải ảnh lớn"][0]
    full = output_file(site, link)
    with Image.open(full) as image:
        assert image.size == (2000, 1500)
    assert metadata(full) == []


@pytest.mark.parametrize("value, key", [
    ({"widht": [480]}, "widht"),
    ({"widths": [480, "lớn"]}, "widths"),
    ({"formats": ["jpeg2000"]}, "formats"),
    ({"output_dir": "../ra-ngoai"}, "output_dir"),
    ({"quality": {"webp": 0}}, "quality.webp"),
])
def test_a_bad_setting_stops_the_build_naming_it(site, value, key):
    from content_model.report import SettingError

    site.write({"2026/a.md": article("A")})
    with pytest.raises(SettingError) as raised:
        run(site, RESPONSIVE_IMAGES=value)
    assert f"RESPONSIVE_IMAGES['{key}']" in str(raised.value.code)


def test_demo_site_publishes_clean_photos_only(demo_output):
    images = [p for p in demo_output.rglob("*") if p.is_file() and image_kind(p.read_bytes()[:16])]
    assert len(images) > 400
    assert {p: metadata(p) for p in images if metadata(p)} == {}
    assert not [p for p in images if p.suffix == ".jpg" and "anh" not in p.relative_to(demo_output).parts[:1]]


def test_a_shared_photo_is_one_photo_everywhere_and_pages_get_pictures_too(site):
    site.write({
        "chung/logo-cong-doan.jpg": phone_photo(800, 600),
        "2026/a.md": article("Bài một", cover="../chung/logo-cong-doan.jpg",
                             body="![Biểu trưng](/chung/logo-cong-doan.jpg)"),
        "2026/b/bai.md": article("Bài hai", date="2026-05-02",
                                 body="![Biểu trưng](../../chung/logo-cong-doan.jpg)"),
        "pages/gioi-thieu.md": 'title: Giới thiệu\n\n![Biểu trưng](../chung/logo-cong-doan.jpg "Biểu trưng")\n',
    })
    stats = run(site).stats
    assert stats["made"] == 2  # one responsive set and one social card, for three uses
    ids = {site.page(path).select_one(".prose img")["data-image-id"]
           for path in ("2026/05/bai-mot/", "2026/05/bai-hai/", "gioi-thieu/")}
    assert len(ids) == 1
    assert site.page("gioi-thieu/").select_one(".prose figure figcaption").get_text() == "Biểu trưng"
    assert not (site.output / "chung").exists(), "the original is not copied"


def test_workers_also_start_safely_beside_other_threads(site):
    """``invoke serve`` runs a web server thread: then workers are not forked from the build."""
    import threading

    stop = threading.Event()
    server_like = threading.Thread(target=stop.wait, daemon=True)
    server_like.start()
    try:
        photo_site(site)
        assert run(site, RESPONSIVE_IMAGES={"workers": 2, "parallel_from": 2}).stats["made"] == 6
    finally:
        stop.set()
    assert site.page("2026/05/ngay-hoi-hien-mau/").select(".prose picture")
