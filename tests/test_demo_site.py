"""The demo content builds into a complete Vietnamese news site (publishing settings)."""


from conftest import read_page

from union_core.vietnamese import sort_key


def test_every_page_type_is_written(demo_output):
    for relative in ["index.html", "404.html", "chuyen-muc/index.html", "don-vi/index.html",
                     "tu-khoa/index.html", "luu-tru/index.html", "gioi-thieu/index.html",
                     "chuyen-muc/thang-cong-nhan/index.html", "don-vi/ban-to-chuc/index.html",
                     "2026/05/index.html", "trang/1/index.html"]:
        assert (demo_output / relative).is_file(), relative


def test_every_page_is_vietnamese_with_canonical_and_social_tags(demo_output):
    pages = list(demo_output.rglob("*.html"))
    assert len(pages) > 150
    for path in pages:
        soup = read_page(demo_output, str(path.relative_to(demo_output)))
        assert soup.html["lang"] == "vi", path
        canonical = soup.find("link", rel="canonical")["href"]
        relative = path.relative_to(demo_output).as_posix()
        own = relative.removesuffix("index.html") if relative.endswith("/index.html") or relative == "index.html" else relative
        assert canonical == f"https://congdoan-donglam.example/{own}", path  # never another page's
        for prop in ("og:title", "og:description", "og:image", "og:url"):
            assert soup.find("meta", property=prop)["content"], (path, prop)
        assert soup.find("meta", attrs={"name": "twitter:card"}), path


def test_article_page_shows_everything_a_reader_needs(demo_output):
    path = next(demo_output.glob("2026/07/long-trong-mit-tinh-ky-niem-97-nam-*/index.html"))
    soup = read_page(demo_output, str(path.relative_to(demo_output)))
    assert soup.h1.get_text(strip=True).startswith("Long trọng mít tinh kỷ niệm 97 năm")
    published = soup.select_one(".article__header time")
    assert published["datetime"] == "2026-07-28T10:30:00+07:00"
    assert published.get_text() == "Thứ Ba, 28/07/2026 10:30"
    units = [a["href"] for a in soup.select(".article__byline a")]
    assert units == ["https://congdoan-donglam.example/don-vi/thuong-truc-ldld-tinh/"]
    crumbs = [li.get_text(strip=True) for li in soup.select(".breadcrumb li")]
    assert crumbs[:2] == ["Trang chủ", "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam"]
    assert soup.select(".related li"), "related articles from the same campaign"
    facebook = soup.select_one(".share__link--facebook")["href"]
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fcongdoan-donglam")
    assert soup.select_one(".share__link--zalo")["href"].startswith("https://sp.zalo.me/")
    assert soup.select_one("#lien-ket-bai")["value"].startswith("https://congdoan-donglam.example/2026/07/")
    assert soup.find("meta", property="article:published_time")["content"] == "2026-07-28T10:30:00+07:00"
    resources = [tag.get("src") for tag in soup.select("script[src], img[src], iframe[src]")]
    resources += [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    foreign = [url for url in resources if not url.startswith("https://congdoan-donglam.example/")]
    assert foreign == [], "no third-party script, style or image"


def test_republished_article_credits_its_source(demo_output):
    path = next(demo_output.glob("2026/07/nguoi-giu-lua-*/index.html"))
    source = read_page(demo_output, str(path.relative_to(demo_output))).select_one(".source")
    assert "Báo Lao Động Đồng Lâm" in source.get_text()
    assert source.a["href"].startswith("https://")


def test_units_index_groups_units_in_vietnamese_order(demo_output):
    soup = read_page(demo_output, "don-vi/index.html")
    groups = [h2.get_text(strip=True) for h2 in soup.select(".unit-group h2")]
    assert groups[0] == "Lãnh đạo Liên đoàn Lao động tỉnh"
    assert len(groups) == 6
    district = soup.select_one("#nhom-ldld-huyen")
    names = [a.get_text(strip=True) for a in district.select(".unit-list > li > a")]
    assert names == sorted(names, key=sort_key)
    # D before Đ: "Dinh Sơn" comes before "Đại Ngàn" although "Đ" looks like "D"
    assert names.index("Liên đoàn Lao động huyện Dinh Sơn") < names.index("Liên đoàn Lao động huyện Đại Ngàn")


def test_unit_page_links_parent_and_children(demo_output):
    parent = read_page(demo_output, "don-vi/ldld-thanh-pho-dong-lam/")
    children = [a["href"] for a in parent.select(".children a")]
    assert "https://congdoan-donglam.example/don-vi/cdcs-cong-ty-may-dong-lam/" in children
    child = read_page(demo_output, "don-vi/cdcs-cong-ty-may-dong-lam/")
    assert "Đơn vị cấp trên" in child.select_one(".facts").get_text()


def test_campaign_page_is_paginated_with_description_and_period(demo_output):
    soup = read_page(demo_output, "chuyen-muc/cong-doan-vi-loi-ich-doan-vien/")
    assert "Công đoàn vì lợi ích đoàn viên" in soup.h1.get_text()
    facts = soup.select_one(".facts").get_text()
    assert "03/08/2026 – 30/05/2027" in facts and "2 bài mỗi tuần" in facts
    older = soup.select_one('.pagination a[rel="next"]')["href"]
    assert older.startswith("https://congdoan-donglam.example/chuyen-muc/cong-doan-vi-loi-ich-doan-vien/trang/")
    page = read_page(demo_output, older.removeprefix("https://congdoan-donglam.example/"))
    assert len(page.select(".card")) == 12 and not page.select(".facts")


def test_home_page_shows_latest_and_featured_campaign_blocks(demo_output):
    soup = read_page(demo_output, "index.html")
    assert soup.select_one(".lead-story h3 a")
    latest = [t["datetime"] for t in soup.select(".latest .card time")]
    assert latest == sorted(latest, reverse=True)
    blocks = [h2.get_text(strip=True) for h2 in soup.select(".campaign-block h2")]
    assert blocks[:2] == ["Hoạt động công đoàn", "Tháng Công nhân"]
    nav = [a.get_text(strip=True) for a in soup.select(".site-nav a")]
    assert nav[:3] == ["Trang chủ", "Hoạt động công đoàn", "Tháng Công nhân"]


def test_drafts_and_future_articles_are_absent_from_a_published_build(demo_output):
    everything = "\n".join(p.read_text(encoding="utf-8") for p in demo_output.rglob("*.html"))
    for marker in ("BẢN-NHÁP-NỘI-BỘ", "Dự thảo: Kế hoạch tổ chức Hội nghị đối thoại",
                   "HẸN-GIỜ-ĐĂNG", "Khởi động Chương trình Tết Sum vầy – Xuân Đinh Mùi 2027"):
        assert marker not in everything
    assert not list(demo_output.rglob("*du-thao-ke-hoach*"))
    assert not list(demo_output.rglob("*khoi-dong-chuong-trinh-tet-sum-vay*"))
    assert not (demo_output / "drafts").exists()
    assert not (demo_output / "2026/12").exists()
