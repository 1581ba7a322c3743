"""Small purpose-made sites: how articles, units, campaigns and tags become pages."""

import unicodedata

from conftest import article, jpeg_bytes


def test_nfc_and_nfd_names_resolve_to_the_same_unit(site):
    nfd_name = unicodedata.normalize("NFD", "Ban Tổ chức")
    site.write({
        "2026/a.md": article("Bài NFC", unit="Ban Tổ chức"),
        "2026/b.md": article("Bài NFD", unit=nfd_name, date="2026-05-02 09:00"),
        "2026/c.md": article("Bài tên ngắn", unit="ban tc", date="2026-05-03 09:00"),
    })
    site.build()
    titles = [a.get_text() for a in site.page("don-vi/ban-to-chuc/").select(".card__title a")]
    assert titles == ["Bài tên ngắn", "Bài NFD", "Bài NFC"]


def test_every_credited_unit_lists_the_article_and_the_first_is_main(site):
    site.write({"2026/a.md": article("Viết chung", unit="ldld-dong-ha, Ban Tuyên giáo")})
    site.build()
    for unit in ("ldld-dong-ha", "ban-tuyen-giao"):
        assert [a.get_text() for a in site.page(f"don-vi/{unit}/").select(".card__title a")] == ["Viết chung"]
    byline = [a.get_text() for a in site.page("2026/05/viet-chung/").select(".article__byline a")]
    assert byline == ["LĐLĐ huyện Đông Hà", "Ban Tuyên giáo"]


def test_campaign_names_with_commas_and_several_campaigns(site):
    site.write({"2021/a.md": article("Hỗ trợ công nhân", date="2021-08-01 08:00",
                                     campaign="Phòng, chống dịch Covid-19, thang-cong-nhan")})
    site.build()
    for slug in ("phong-chong-covid-19", "thang-cong-nhan"):
        assert site.page(f"chuyen-muc/{slug}/").select_one(".card__title a").get_text() == "Hỗ trợ công nhân"


def test_slugs_of_titles_and_tags_turn_d_stroke_into_d(site):
    site.write({"2026/a.md": article("Đại hội Công đoàn Đông Hà", tags="Đoàn viên, Đường dây nóng")})
    site.build()
    soup = site.page("2026/05/dai-hoi-cong-doan-dong-ha/")
    assert soup.h1.get_text() == "Đại hội Công đoàn Đông Hà"
    tags = {a.get_text(): a["href"] for a in soup.select(".tags a")}
    assert tags == {"Đoàn viên": "/tu-khoa/doan-vien/", "Đường dây nóng": "/tu-khoa/duong-day-nong/"}
    assert (site.output / "tu-khoa/duong-day-nong/index.html").exists()


def test_dates_are_vietnamese_and_in_vietnam_time(site):
    site.write({"2020/a.md": article("Ngày Quốc tế Lao động", date="01/05/2020 08:30")})
    site.build()
    time = site.page("2020/05/ngay-quoc-te-lao-dong/").select_one(".article__header time")
    assert time.get_text() == "Thứ Sáu, 01/05/2020 08:30"
    assert time["datetime"] == "2020-05-01T08:30:00+07:00"
    archive = site.page("2020/05/")
    assert archive.h1.get_text(strip=True) == "Tháng 5/2020"


def test_units_index_sorts_vietnamese_names(site):
    site.build()
    soup = site.page("don-vi/")
    districts = [a.get_text() for a in soup.select("#nhom-ldld-huyen .unit-list > li > a")]
    assert districts == ["LĐLĐ huyện An Phú", "LĐLĐ huyện Dương Minh", "LĐLĐ huyện Đông Hà"]


def test_drafts_never_and_future_articles_only_in_preview(site):
    site.write({
        "2026/nhap.md": article("Bản nháp bí mật", status="draft", body="NOIDUNGNHAP"),
        "2026/sau.md": article("Bài hẹn giờ", date="2026-12-01 08:00", body="NOIDUNGHENGIO"),
        "2026/nay.md": article("Bài đã đăng", date="2026-11-21 11:59"),
    })
    site.build(publish=True)
    published = site.all_text()
    assert "Bài đã đăng" in published
    for secret in ("Bản nháp bí mật", "NOIDUNGNHAP", "Bài hẹn giờ", "NOIDUNGHENGIO", "ban-nhap-bi-mat", "bai-hen-gio"):
        assert secret not in published
    assert not list(site.output.rglob("*ban-nhap*")) and not (site.output / "drafts").exists()

    site.build()  # preview: the scheduled article shows, marked; the draft still does not
    preview = site.page("2026/12/bai-hen-gio/")
    assert "Hẹn giờ đăng" in preview.select_one(".badge--scheduled").get_text()
    assert "NOIDUNGNHAP" not in site.all_text()


def test_the_build_clock_publishes_an_article_once_its_time_comes(site):
    site.write({"2026/sau.md": article("Bài sáng mai", date="2026-11-22 07:00")})
    site.build(publish=True)
    assert not (site.output / "2026/11/bai-sang-mai").exists()
    site.build(publish=True, BUILD_CLOCK="2026-11-22 07:00")
    assert (site.output / "2026/11/bai-sang-mai/index.html").exists()


def test_related_articles_come_from_the_same_campaign(site):
    site.write({f"2026/t{n}.md": article(f"Tháng Công nhân {n}", date=f"2026-05-0{n} 08:00") for n in range(1, 7)})
    site.write({"2021/covid.md": article("Chống dịch", date="2021-06-01 08:00", campaign="phong-chong-covid-19")})
    site.build()
    related = [a.get_text() for a in site.page("2026/05/thang-cong-nhan-3/").select(".related .card__title a")]
    assert len(related) == 4
    assert "Chống dịch" not in related and "Tháng Công nhân 3" not in related
    assert set(related) == {"Tháng Công nhân 4", "Tháng Công nhân 2", "Tháng Công nhân 5", "Tháng Công nhân 1"}


def titles(page):
    return [a.get_text(strip=True) for a in page.select(".card__title a")]


def test_lists_are_paginated_from_the_oldest_with_clean_urls(site):
    """The list's own address shows the newest articles (12 to 23 of them); "Trang 1" the
    12 oldest, and so on upwards."""
    site.write({f"2026/t{n:02d}.md": article(f"Tin số {n}", date=f"2026-05-{n:02d} 08:00") for n in range(1, 27)})
    site.build()

    front, page1 = site.page("chuyen-muc/thang-cong-nhan/"), site.page("chuyen-muc/thang-cong-nhan/trang/1/")
    assert titles(front) == [f"Tin số {n}" for n in range(26, 12, -1)]
    assert titles(page1) == [f"Tin số {n}" for n in range(12, 0, -1)]
    assert not (site.output / "chuyen-muc/thang-cong-nhan/trang/2").exists()
    assert "Trang 1" in page1.h1.get_text() and "Trang" not in front.h1.get_text()
    assert page1.find("link", rel="canonical")["href"] == "/chuyen-muc/thang-cong-nhan/trang/1/"
    assert page1.select_one(".page-span").get_text(" ", strip=True).startswith("Từ 01/05/2026 đến 12/05/2026")
    assert front.select_one('.pagination a[rel="next"]')["href"] == "/chuyen-muc/thang-cong-nhan/trang/1/"
    assert page1.select_one('.pagination a[rel="prev"]')["href"] == "/chuyen-muc/thang-cong-nhan/"
    assert page1.select_one('.pagination a[rel="next"]') is None
    assert titles(site.page("trang/1/")) == titles(page1)  # the home page's list too


def test_new_articles_never_change_the_older_pages_of_a_list(site):
    """A page keeps its articles forever, and its bytes once three newer pages follow it: a
    nightly with new articles writes the front pages and a few near them, not every page."""
    site.write({f"2026/t{n:02d}.md": article(f"Tin số {n}", date=f"2026-05-{n:02d} 08:00") for n in range(1, 27)})
    site.build(DEFAULT_PAGINATION=2)  # 26 articles: the front and pages 1-12
    pages = {k: (site.output / f"chuyen-muc/thang-cong-nhan/trang/{k}/index.html").read_bytes() for k in range(1, 13)}

    site.write({"2026/t27.md": article("Tin số 27", date="2026-05-27 08:00")})
    site.build(DEFAULT_PAGINATION=2)
    assert all((site.output / f"chuyen-muc/thang-cong-nhan/trang/{k}/index.html").read_bytes() == pages[k]
               for k in range(1, 13))
    assert titles(site.page("chuyen-muc/thang-cong-nhan/")) == ["Tin số 27", "Tin số 26", "Tin số 25"]

    site.write({"2026/t28.md": article("Tin số 28", date="2026-05-28 08:00")})
    site.build(DEFAULT_PAGINATION=2)
    assert titles(site.page("chuyen-muc/thang-cong-nhan/trang/13/")) == ["Tin số 26", "Tin số 25"]
    assert titles(site.page("chuyen-muc/thang-cong-nhan/")) == ["Tin số 28", "Tin số 27"]
    changed = [k for k in range(1, 13)
               if (site.output / f"chuyen-muc/thang-cong-nhan/trang/{k}/index.html").read_bytes() != pages[k]]
    assert changed == [10, 11, 12]  # the three below the new page: their bars show it
    assert titles(site.page("chuyen-muc/thang-cong-nhan/trang/12/")) == ["Tin số 24", "Tin số 23"]


def test_pagination_bar_shows_the_newest_the_oldest_and_two_either_side_of_the_current_page(site):
    site.write({f"2026/t{n:02d}.md": article(f"Tin số {n}", date=f"2026-05-{n:02d} 08:00") for n in range(1, 27)})
    site.build(DEFAULT_PAGINATION=2)  # 26 articles: the front and pages 12 (newest) to 1 (oldest)
    bar = site.page("chuyen-muc/thang-cong-nhan/trang/7/").select_one(".pagination")

    items = [li.get_text(strip=True) for li in bar.select("li")]
    assert items == ["‹ Mới hơn", "Mới nhất", "…", "9", "8", "7", "6", "5", "…", "1", "Cũ hơn ›"]
    assert bar.select_one('[aria-current="page"]').get_text() == "7"
    assert bar.find("a", string="1")["href"] == "/chuyen-muc/thang-cong-nhan/trang/1/"
    assert bar.find("a", string="Mới nhất")["href"] == "/chuyen-muc/thang-cong-nhan/"
    assert bar.find("a", rel="prev")["href"] == "/chuyen-muc/thang-cong-nhan/trang/8/"
    assert bar.find("a", rel="next")["href"] == "/chuyen-muc/thang-cong-nhan/trang/6/"
    front = [li.get_text(strip=True) for li in site.page("chuyen-muc/thang-cong-nhan/").select(".pagination li")]
    assert front == ["Mới nhất", "12", "11", "…", "1", "Cũ hơn ›"]


def test_empty_campaign_and_unit_still_get_a_page(site):
    site.write({"2026/a.md": article("Một bài")})
    site.build()
    assert "Chưa có tin, bài nào" in site.page("chuyen-muc/phong-chong-covid-19/").get_text()
    assert "Chưa có tin, bài nào" in site.page("don-vi/cdcs-may/").get_text()


def test_images_beside_the_article_are_published_and_linked(site):
    site.write({
        "2026/le/bai.md": article("Lễ ra quân", cover="anh.jpg", body="![Lễ ra quân](anh.jpg \"Chú thích\")"),
        "2026/le/anh.jpg": jpeg_bytes(),
    })
    site.build()
    img = site.page("2026/05/le-ra-quan/").select_one(".prose img")
    assert img["alt"] == "Lễ ra quân"
    assert (site.output / img["src"].lstrip("/")).is_file()


def test_another_content_folder_is_another_site(site):
    site.write({"2026/a.md": article("Tin của tỉnh thử")})
    site.build(publish=True)
    home = site.page("")
    assert home.title.get_text() == "Liên đoàn Lao động tỉnh Thử Nghiệm"
    assert home.find("link", rel="canonical")["href"] == "https://thu.example/"


def test_pages_are_published_and_draft_pages_are_not(site):
    site.write({
        "pages/gioi-thieu.md": "title: Giới thiệu\norder: 1\n\nVề chúng tôi.\n",
        "pages/nhap.md": "title: Trang nháp\nstatus: draft\n\nBÍ-MẬT-TRANG\n",
    })
    site.build(publish=True)
    assert site.page("gioi-thieu/").h1.get_text() == "Giới thiệu"
    assert [a.get_text() for a in site.page("").select(".site-footer__links a")][0] == "Giới thiệu"
    assert "BÍ-MẬT-TRANG" not in site.all_text() and "Trang nháp" not in site.all_text()


def test_links_between_articles_by_file_path_become_urls(site):
    site.write({
        "2025/truoc.md": article("Bài năm trước", date="2025-05-01 08:00"),
        "2026/sau.md": article("Bài năm nay", body="Xem [bài năm trước](../2025/truoc.md#doan) và [chuyên mục](/chuyen-muc/thang-cong-nhan/)."),
    })
    site.build(publish=True)
    links = [a["href"] for a in site.page("2026/05/bai-nam-nay/").select(".prose a")]
    assert links == ["https://thu.example/2025/05/bai-nam-truoc/#doan", "/chuyen-muc/thang-cong-nhan/"]


def test_files_beside_a_draft_are_not_published_linked_files_are(site):
    site.write({
        "2026/nhap/bai.md": article("Kế hoạch mật", status="draft", body="[Tải kế hoạch](ke-hoach-mat.pdf)"),
        "2026/nhap/ke-hoach-mat.pdf": b"%PDF-1.4 bi mat",
        "2026/sau/bai.md": article("Bài tương lai", date="2026-12-24 08:00", body="[Tải](tai-lieu-sau.pdf)"),
        "2026/sau/tai-lieu-sau.pdf": b"%PDF-1.4 chua den gio",
        "2026/cong-khai/bai.md": article("Bài công khai", body="[Tải biểu mẫu](bieu-mau.pdf)"),
        "2026/cong-khai/bieu-mau.pdf": b"%PDF-1.4 bieu mau",
        "2026/cong-khai/ghi-chu.txt": b"ghi chu noi bo",
        "tep-chung/logo-in.pdf": b"%PDF-1.4 logo",
    })
    site.build(publish=True)
    published = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*") if p.is_file()}
    assert "2026/cong-khai/bieu-mau.pdf" in published
    assert "tep-chung/logo-in.pdf" in published
    for secret in ("2026/nhap/ke-hoach-mat.pdf", "2026/sau/tai-lieu-sau.pdf", "2026/cong-khai/ghi-chu.txt"):
        assert secret not in published
    link = site.page("2026/05/bai-cong-khai/").select_one(".prose a")["href"]
    assert link == "https://thu.example/2026/cong-khai/bieu-mau.pdf"


def test_the_collector_rests_while_the_site_is_read_and_wakes_when_the_build_ends(site):
    import gc

    from pelican import signals

    seen = []

    def note(generator):
        seen.append(gc.isenabled())

    signals.article_generator_finalized.connect(note)
    try:
        site.write({"2026/05/a.md": article("Hội thao công nhân")})
        site.build()
        assert seen == [False]  # the articles are made with no collection walking the site
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # and the built site stays out of its way (a nightly verifies next)
        site.write({"2026/05/b.md": article("Thiếu đơn vị", unit="khong-co")})
        site.build_fails()
        assert seen == [False, False]
        assert gc.isenabled()  # a refused build gives the collector back too
    finally:
        signals.article_generator_finalized.disconnect(note)


def test_a_build_that_crashes_while_the_site_is_made_gives_the_collector_back(site):
    import gc

    import pytest
    from pelican import signals

    def crash(generator):
        raise RuntimeError("a plugin's bug")

    site.write({"2026/05/a.md": article("Hội thao công nhân")})
    signals.article_generator_finalized.connect(crash)
    try:
        with pytest.raises(RuntimeError):
            site.build()
    finally:
        signals.article_generator_finalized.disconnect(crash)
    assert gc.isenabled()


def test_the_last_build_s_site_is_freed_before_the_next_one_is_made(site):
    """A long-lived process (invoke serve) builds again and again: the last build's site, kept
    frozen after it, must not still be in memory while the next one is read."""
    import weakref

    from pelican import signals

    first, alive_when_next_starts = [], []

    def keep_first(generator):
        if not first:
            first.extend(weakref.ref(a) for a in generator.articles)

    def check(generator):
        if first and not alive_when_next_starts:
            alive_when_next_starts.append(any(ref() is not None for ref in first))

    site.write({"2026/05/a.md": article("Hội thao công nhân")})
    signals.article_generator_finalized.connect(keep_first)
    signals.article_generator_init.connect(check)
    try:
        site.build()
        assert first and all(ref() is not None for ref in first)  # frozen: kept after the build
        site.build()
    finally:
        signals.article_generator_finalized.disconnect(keep_first)
        signals.article_generator_init.disconnect(check)
    assert alive_when_next_starts == [False]


def test_articles_of_the_same_minute_keep_one_order_in_every_build(site):
    """Pelican reads the files in an order that changes with every process: ties are put in
    the order of their files, so a build gives the same pages whatever that order was."""
    names = ["b-hoi-thao", "g-tap-huan", "a-tham-hoi", "e-trao-qua", "c-ket-nap", "h-doi-thoai", "d-hien-mau",
             "f-mit-tinh"]
    for name in names:
        site.write({f"2026/05/{name}.md": article(f"Tin {name}", date="2026-05-01 08:30")})
    site.build()
    shown = [a["href"].rstrip("/").rsplit("/", 1)[-1]
             for a in site.page("index.html").select(".card-list .card__title a")]
    assert shown[:len(names)] == [f"tin-{name}" for name in sorted(names)]
