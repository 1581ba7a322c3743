"""Atom and RSS feeds, read back with feedparser (the reference reader), and their pages."""

import io
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import article
from content_model.report import SettingError

SITE = "https://thu.example"
FORMATS = ("atom", "rss")


def image_bytes(width=40, height=30, fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (180, 20, 30)).save(buffer, fmt)
    return buffer.getvalue()


def newsroom() -> dict:
    """Four articles over two campaigns, four units and the three kinds; one with a cover."""
    return {
        "2026/mot/bai.md": article(
            "Khai mạc Tháng Công nhân", date="2026-05-01 08:30", cover="le-khai-mac.jpg",
            body="Sáng 1/5 …\n\n![Công nhân dự lễ](le-khai-mac.jpg)"),
        "2026/mot/le-khai-mac.jpg": image_bytes(),
        "2026/hai.md": article(
            "Hỗ trợ công nhân khó khăn", date="2026-05-02 09:00", kind="bai",
            unit="ldld-dong-ha, Ban Tuyên giáo", campaign="thang-cong-nhan, phong-chong-covid-19",
            author="Minh Châu – LĐLĐ huyện Đông Hà", modified="2026-05-03 10:15",
            body="Xem [lễ khai mạc](mot/bai.md) và [trang chủ](/) hay [mục](#muc)."),
        "2026/ba.md": article("Phóng sự ảnh ngày hội", date="2026-05-03 07:00", kind="anh",
                              unit="ldld-dong-ha"),
        "2025/bon.md": article("Tin cũ năm trước", date="2025-12-30 16:45", unit="cdcs-may"),
    }


def parse(output, relative: str):
    parsed = feedparser.parse((output / relative).read_bytes())
    assert not parsed.bozo, (relative, parsed.get("bozo_exception"))
    return parsed


def both(output, pattern: str) -> dict:
    return {fmt: parse(output, pattern.format(format=fmt)) for fmt in FORMATS}


def titles(parsed) -> list:
    return [entry.title for entry in parsed.entries]


def test_every_feed_is_well_formed_with_the_right_entries_newest_first(site):
    output = site.write(newsroom()).build(publish=True)
    feeds = sorted(p.relative_to(output).as_posix() for p in (output / "feeds").rglob("*.xml"))
    # site + 3 kinds + 2 campaigns + 6 units + documents (empty here), each in two formats
    assert len(feeds) == 2 * (1 + 3 + 2 + 6 + 1)
    for relative in feeds:
        parse(output, relative)
    expected = {
        "feeds/tat-ca.{format}.xml": ["Phóng sự ảnh ngày hội", "Hỗ trợ công nhân khó khăn",
                                      "Khai mạc Tháng Công nhân", "Tin cũ năm trước"],
        "feeds/loai/tin.{format}.xml": ["Khai mạc Tháng Công nhân", "Tin cũ năm trước"],
        "feeds/loai/bai.{format}.xml": ["Hỗ trợ công nhân khó khăn"],
        "feeds/chuyen-muc/phong-chong-covid-19.{format}.xml": ["Hỗ trợ công nhân khó khăn"],
        "feeds/don-vi/ldld-dong-ha.{format}.xml": ["Phóng sự ảnh ngày hội",
                                                   "Hỗ trợ công nhân khó khăn"],
        "feeds/don-vi/ban-tuyen-giao.{format}.xml": ["Hỗ trợ công nhân khó khăn"],
        "feeds/don-vi/ldld-an-phu.{format}.xml": [],
    }
    for pattern, wanted in expected.items():
        for fmt, parsed in both(output, pattern).items():
            assert titles(parsed) == wanted, (pattern, fmt)


def test_feed_heads_link_their_page_and_themselves(site):
    output = site.write(newsroom()).build(publish=True)
    feeds = both(output, "feeds/chuyen-muc/thang-cong-nhan.{format}.xml")
    for fmt, parsed in feeds.items():
        assert parsed.feed.title == "Tháng Công nhân – Liên đoàn Lao động tỉnh Thử Nghiệm"
        assert parsed.feed.link == f"{SITE}/chuyen-muc/thang-cong-nhan/"
        assert parsed.feed.language == "vi"
        self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_links == [f"{SITE}/feeds/chuyen-muc/thang-cong-nhan.{fmt}.xml"]
    assert feeds["atom"].feed.id == "tag:thu.example,2026:feed/chuyen-muc/thang-cong-nhan"
    # a feed's own time is its newest entry's update, never the build time
    assert feeds["atom"].feed.updated == "2026-05-03T10:15:00+07:00"
    assert feeds["rss"].feed.updated == "Sun, 03 May 2026 10:15:00 +0700"


def test_newest_n_entries_only(site):
    output = site.write(newsroom()).build(publish=True, FEEDS_MAX_ITEMS=2)
    for parsed in both(output, "feeds/tat-ca.{format}.xml").values():
        assert titles(parsed) == ["Phóng sự ảnh ngày hội", "Hỗ trợ công nhân khó khăn"]


def test_entry_ids_survive_title_edits_and_moving_into_a_folder(site):
    def ids_and_links():
        output = site.build(publish=True)
        return {fmt: [(e.id, e.link) for e in parsed.entries]
                for fmt, parsed in both(output, "feeds/tat-ca.{format}.xml").items()}

    site.write({"2026/a.md": article("Tiêu đề ban đầu", date="2026-05-01 08:30")})
    before = ids_and_links()
    assert before["atom"] == before["rss"]
    assert before["atom"] == [("tag:thu.example,2026:article/2026/a",
                               f"{SITE}/2026/05/tieu-de-ban-dau/")]
    (site.content / "2026/a.md").unlink()
    site.write({"2026/a/bai.md": article("Tiêu đề đã sửa lại", date="2026-05-01 09:00")})
    after = ids_and_links()
    assert after["atom"] == [("tag:thu.example,2026:article/2026/a",
                              f"{SITE}/2026/05/tieu-de-da-sua-lai/")]
    assert after["rss"] == after["atom"]


def test_dates_carry_the_vietnam_offset(site):
    output = site.write(newsroom()).build(publish=True)
    feeds = both(output, "feeds/don-vi/ban-tuyen-giao.{format}.xml")
    atom, rss = feeds["atom"].entries[0], feeds["rss"].entries[0]
    assert atom.published == "2026-05-02T09:00:00+07:00"
    assert atom.updated == "2026-05-03T10:15:00+07:00"
    assert rss.published == "Sat, 02 May 2026 09:00:00 +0700"
    for entry in (atom, rss):
        assert entry.published_parsed[:5] == (2026, 5, 2, 2, 0)  # 09:00 in Vietnam is 02:00 UTC


def test_links_and_images_in_the_content_are_absolute(site):
    output = site.write(newsroom()).build()  # preview: SITEURL is empty, links are site-relative
    photo = site.page("2026/05/khai-mac-thang-cong-nhan/").select_one(".prose img")["src"]
    assert photo.startswith("/anh/2026/mot/le-khai-mac-")  # the published derivative
    for parsed in both(output, "feeds/tat-ca.{format}.xml").values():
        by_title = {entry.title: entry for entry in parsed.entries}
        first = by_title["Khai mạc Tháng Công nhân"]
        assert first.link == f"{SITE}/2026/05/khai-mac-thang-cong-nhan/"
        body = first.content[0].value
        assert f'src="{SITE}{photo}"' in body
        links = by_title["Hỗ trợ công nhân khó khăn"].content[0].value
        assert f'href="{SITE}/2026/05/khai-mac-thang-cong-nhan/"' in links
        assert f'href="{SITE}/"' in links
        assert f'href="{SITE}/2026/05/ho-tro-cong-nhan-kho-khan/#muc"' in links


def test_units_and_campaigns_are_categories(site):
    output = site.write(newsroom()).build(publish=True)
    for parsed in both(output, "feeds/loai/bai.{format}.xml").values():
        tags = [(tag.term, tag.scheme) for tag in parsed.entries[0].tags]
        assert tags == [
            ("Tháng Công nhân", f"{SITE}/chuyen-muc/"),
            ("Phòng, chống dịch Covid-19", f"{SITE}/chuyen-muc/"),
            ("LĐLĐ huyện Đông Hà", f"{SITE}/don-vi/"),
            ("Ban Tuyên giáo", f"{SITE}/don-vi/"),
        ]


def test_the_cover_is_an_enclosure_with_its_real_length_and_type(site):
    files = newsroom()
    files["2026/mot/le-khai-mac.jpg"] = image_bytes(64, 48, "PNG")  # a PNG named .jpg
    output = site.write(files).build(publish=True)
    # The cover is published as the images plugin's JPEG derivative (article.cover).
    card = next(c for c in site.page("chuyen-muc/thang-cong-nhan/").select(".card")
                if "Khai mạc" in c.get_text())
    url = card.select_one("picture img")["src"]
    cover = output / url.removeprefix(f"{SITE}/")
    assert url.startswith(f"{SITE}/anh/2026/mot/le-khai-mac-") and cover.is_file()
    for fmt, parsed in both(output, "feeds/loai/tin.{format}.xml").items():
        with_cover, without = parsed.entries
        assert [(e.href, int(e.length), e.type) for e in with_cover.enclosures] == [
            (url, cover.stat().st_size, "image/jpeg")], fmt
        assert with_cover.media_content == [{
            "url": url, "filesize": str(cover.stat().st_size), "type": "image/jpeg",
            "medium": "image", "isdefault": "true", "width": "64", "height": "48"}]
        assert without.enclosures == [] and "media_content" not in without
        # feedgen's Atom link bug would turn the cover into the entry's page link
        assert [link.href for link in with_cover.links if link.rel == "alternate"] == [
            f"{SITE}/2026/05/khai-mac-thang-cong-nhan/"]


def test_authors_in_both_formats_byline_or_units(site):
    output = site.write(newsroom()).build(publish=True)
    for fmt, parsed in both(output, "feeds/don-vi/ldld-dong-ha.{format}.xml").items():
        photo, byline = parsed.entries
        assert byline.author == "Minh Châu – LĐLĐ huyện Đông Hà", fmt
        assert [a.name for a in byline.authors] == ["Minh Châu – LĐLĐ huyện Đông Hà"]
        assert photo.author == "LĐLĐ huyện Đông Hà", fmt
    together = parse(output, "feeds/don-vi/ban-to-chuc.atom.xml").entries
    assert [a.name for a in together[0].authors] == ["Ban Tổ chức"]


def test_several_credited_units_are_each_an_author(site):
    site.write({"2026/a.md": article("Viết chung", unit="ldld-dong-ha, Ban Tuyên giáo")})
    output = site.build(publish=True)
    for parsed in both(output, "feeds/tat-ca.{format}.xml").values():
        names = [a.get("name") for a in parsed.entries[0].authors]
        assert names == ["LĐLĐ huyện Đông Hà", "Ban Tuyên giáo"]


def test_opml_lists_every_campaign_feed(site):
    output = site.write(newsroom()).build(publish=True)
    root = ElementTree.parse(output / "feeds/chuyen-muc.opml").getroot()
    assert root.get("version") == "2.0"
    outlines = root.findall("./body/outline")
    assert [o.get("text") for o in outlines] == [
        "Tháng Công nhân – Liên đoàn Lao động tỉnh Thử Nghiệm",
        "Phòng, chống dịch Covid-19 – Liên đoàn Lao động tỉnh Thử Nghiệm"]
    for outline in outlines:
        assert outline.get("type") == "rss"
        assert outline.get("htmlUrl").startswith(f"{SITE}/chuyen-muc/")
        parse(output, urlsplit(outline.get("xmlUrl")).path.lstrip("/"))


def feed_bytes(output) -> dict:
    return {p.relative_to(output): p.read_bytes() for p in sorted((output / "feeds").rglob("*"))
            if p.is_file()}


def test_two_builds_give_byte_identical_feeds(site):
    site.write(newsroom())
    first = feed_bytes(site.build(publish=True))
    second = feed_bytes(site.build(publish=True, BUILD_CLOCK="2027-03-01 07:00"))
    assert len(first) == 2 * 13 + 2  # the feeds, the OPML and the feeds page
    assert first == second


def test_drafts_and_scheduled_articles_never_reach_a_feed(site):
    site.write(newsroom()).write({
        "2026/nhap.md": article("Bản nháp bí mật", status="draft", body="NOIDUNGNHAP"),
        "2026/sau.md": article("Bài hẹn giờ", date="2026-12-01 08:00", body="NOIDUNGHENGIO"),
    })
    for publish in (True, False):  # the preview shows the scheduled article, but not in feeds
        output = site.build(publish=publish)
        everything = b"".join(feed_bytes(output).values()).decode()
        for secret in ("Bản nháp bí mật", "NOIDUNGNHAP", "Bài hẹn giờ", "NOIDUNGHENGIO"):
            assert secret not in everything, (publish, secret)
        assert len(parse(output, "feeds/tat-ca.atom.xml").entries) == 4
    assert (site.output / "2026/12/bai-hen-gio/index.html").exists()


def test_characters_xml_forbids_unusual_unicode_and_html_in_titles(site):
    site.write({
        "2026/a.md": article("Tin\x01 <b>nóng</b> & <i>mới</i>\x7f", date="2026-05-01 08:00",
                             summary="Dán từ Word\x0b\x0cvào\x1b đây", author="Minh\x02 Châu",
                             body="Đoạn\x0b một\x08.\n\n"
                                  "Biểu tượng 😀, chữ \u202eđảo\u202c, nối\u200dtừ."),
        "2026/b.md": article("Tiêu chuẩn <ISO 45001> cho doanh nghiệp", date="2026-05-02 08:00"),
        "2026/c.md": article("Co\u0300ng nhân tổ hợp NFD", date="2026-05-03 08:00"),
    })
    output = site.build(publish=True)
    for fmt, parsed in both(output, "feeds/tat-ca.{format}.xml").items():
        by_date = {entry.published_parsed[2]: entry for entry in parsed.entries}
        assert by_date[1].title == "Tin nóng & mới", fmt
        assert by_date[1].summary == "Dán từ Word vào đây"
        assert by_date[1].author == "Minh Châu"
        assert "😀" in by_date[1].content[0].value and "nối\u200dtừ" in by_date[1].content[0].value
        assert by_date[2].title == "Tiêu chuẩn <ISO 45001> cho doanh nghiệp", fmt
        assert by_date[3].title == "Còng nhân tổ hợp NFD"  # NFC


def test_an_empty_campaign_has_an_empty_valid_feed_with_a_fixed_date(site):
    site.write(newsroom())
    site.write({"data/campaigns.toml": (site.content / "data/campaigns.toml").read_text()
                + '\n[[campaign]]\nslug = "tet-sum-vay"\nname = "Tết Sum vầy"\n'})
    output = site.build(publish=True)
    for fmt, parsed in both(output, "feeds/chuyen-muc/tet-sum-vay.{format}.xml").items():
        assert parsed.entries == [], fmt
        assert parsed.feed.title == "Tết Sum vầy – Liên đoàn Lao động tỉnh Thử Nghiệm"
    assert both(output, "feeds/chuyen-muc/tet-sum-vay.{format}.xml")["atom"].feed.updated == (
        "2000-01-01T00:00:00+07:00")


def test_home_campaign_and_unit_pages_announce_their_own_feeds(site):
    output = site.write(newsroom()).build(publish=True)
    pages = {"": "feeds/tat-ca", "chuyen-muc/thang-cong-nhan/": "feeds/chuyen-muc/thang-cong-nhan",
             "don-vi/ldld-dong-ha/": "feeds/don-vi/ldld-dong-ha"}
    for page, feed in pages.items():
        soup = site.page(page)
        alternates = {(link["type"], link["href"])
                      for link in soup.select('head link[rel="alternate"]')}
        assert alternates == {("application/atom+xml", f"{SITE}/{feed}.atom.xml"),
                              ("application/rss+xml", f"{SITE}/{feed}.rss.xml")}, page
        visible = [a["href"] for a in soup.select("main .feed-link a")]
        assert visible == [f"{SITE}/{feed}.rss.xml", f"{SITE}/{feed}.atom.xml",
                           f"{SITE}/feeds/"], page
        for _, href in alternates:
            assert (output / urlsplit(href).path.lstrip("/")).is_file()
    assert not site.page("2026/05/khai-mac-thang-cong-nhan/").select('link[rel="alternate"]')


def test_the_feeds_page_lists_every_feed_in_vietnamese(site):
    output = site.write(newsroom()).build(publish=True)
    soup = site.page("feeds/")
    assert soup.h1.get_text(strip=True) == "Nguồn tin RSS/Atom"
    linked = {urlsplit(a["href"]).path.lstrip("/") for a in soup.select("main a[href]")}
    written = {p.relative_to(output).as_posix() for p in (output / "feeds").rglob("*.xml")}
    assert written <= linked
    assert "feeds/chuyen-muc.opml" in linked
    rows = [row.select_one(".feed-list__name").get_text(strip=True)
            for row in soup.select(".feed-list__item")]
    assert rows[:4] == ["Tất cả tin, bài", "Tin", "Bài viết", "Phóng sự ảnh"]
    assert "LĐLĐ huyện Đông Hà" in rows and "Phòng, chống dịch Covid-19" in rows
    footer = [a["href"] for a in site.page("").select(".site-footer a")]
    assert f"{SITE}/feeds/" in footer


def test_two_files_with_one_feed_id_stop_the_build(site):
    site.write({"2026/le.md": article("Lễ khai mạc"),
                "2026/le/bai.md": article("Lễ khai mạc bản có ảnh", date="2026-05-02 08:00")})
    errors = site.build_fails(publish=True).log.errors
    assert {(e.path.rsplit("content/", 1)[1], e.field) for e in errors} == {
        ("2026/le.md", "id"), ("2026/le/bai.md", "id")}
    assert all("2026/le" in e.message for e in errors)
    assert not (site.output / "feeds").exists()


def test_without_a_public_address_no_feed_is_written_and_the_editor_is_told(site, capsys):
    site.write(newsroom()).write({"data/site.toml": 'name = "Trang không có địa chỉ"\n'})
    output = site.build()
    assert not (output / "feeds").exists()
    assert not site.page("").select('link[rel="alternate"], .feed-link')
    assert "data/site.toml: url: chưa có địa chỉ công khai" in capsys.readouterr().err


@pytest.mark.parametrize("key, value", [
    ("FEEDS_MAX_ITEMS", 0),
    ("FEEDS_CAMPAIGN_SAVE_AS", "feeds/chuyen-muc/{format}.xml"),
    ("FEEDS_ID_AUTHORITY", "thu.example"),
    ("FEEDS_EMPTY_UPDATED", "hôm qua"),
])
def test_a_bad_feed_setting_names_the_key(site, key, value):
    with pytest.raises(SettingError, match=key):
        site.build(**{key: value})


def test_every_feed_of_the_demo_site_reads_cleanly(demo_output):
    feeds = sorted((demo_output / "feeds").rglob("*.xml"))
    assert len(feeds) > 60
    for path in feeds:
        parsed = parse(demo_output, path.relative_to(demo_output).as_posix())
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) and len(ids) <= 30, path
        published = [entry.published_parsed for entry in parsed.entries]
        assert published == sorted(published, reverse=True), path
        for entry in parsed.entries:
            assert entry.link.startswith("https://congdoan-donglam.example/"), path
            assert entry.author and entry.tags, path
    everything = parse(demo_output, "feeds/tat-ca.atom.xml")
    assert len(everything.entries) == 30
    assert sum(1 for entry in everything.entries if entry.enclosures) >= 5


def test_every_url_in_the_demo_feeds_is_a_published_file(demo_output):
    site = "https://congdoan-donglam.example/"
    for fmt in FORMATS:
        for entry in parse(demo_output, f"feeds/tat-ca.{fmt}.xml").entries:
            body = BeautifulSoup(entry.content[0].value, "html.parser")
            urls = [entry.link, *(e.href for e in entry.enclosures),
                    *(img["src"] for img in body.find_all("img")),
                    *(a["href"] for a in body.find_all("a", href=True))]
            for url in urls:
                if not url.startswith(site):
                    assert url.startswith(("https://", "http://", "mailto:", "tel:")), url
                    continue
                path = unquote(urlsplit(url).path).lstrip("/")
                target = demo_output / (path + "index.html" if path.endswith("/") else path)
                assert target.is_file(), (entry.title, url)
