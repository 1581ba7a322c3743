"""The search index and the sitemap hold published content only, and are reproducible."""

import gzip
import hashlib
import json
import xml.etree.ElementTree as ET

import cbor2

from conftest import article
from site_build.runner import run_pelican

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def indexed_records(output):
    """The records Pagefind stored (its fragments are gzip'd JSON after a short header)."""
    records = []
    for fragment in sorted(output.glob("pagefind/*/fragment/*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(raw[raw.index(b"{"):]))
    return records


def search_filters(output):
    filters = {}
    for path in output.glob("pagefind/*/filter/*.pf_filter"):
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[12:])
        filters[name] = {value: len(pages) for value, pages in values}
    return filters


def small_site(site):
    site.write({
        "2026/a.md": article("Đại hội Công đoàn cơ sở", body="Đoàn viên bầu Ban Chấp hành.", tags="Đại hội"),
        "2026/b.md": article("Tháng Công nhân ở Đông Hà", date="2026-05-02 08:00", unit="ldld-dong-ha", kind="bai"),
        "2026/nhap.md": article("Bản nháp kín", status="draft", body="MẬT-NHÁP"),
        "2026/sau.md": article("Bài tương lai", date="2026-12-24 08:00", body="MẬT-SAU"),
        "pages/gioi-thieu.md": "title: Giới thiệu\n\nVề Liên đoàn.\n",
    })
    site.build(publish=True)


def test_search_index_holds_published_articles_and_pages_with_folded_text(site):
    small_site(site)
    records = {r["url"]: r for r in indexed_records(site.output)}
    assert set(records) == {"/2026/05/dai-hoi-cong-doan-co-so/", "/2026/05/thang-cong-nhan-o-dong-ha/", "/gioi-thieu/"}
    first = records["/2026/05/dai-hoi-cong-doan-co-so/"]
    assert "Dai hoi Cong doan co so" in first["content"] and "Doan vien bau Ban Chap hanh" in first["content"]
    assert "đ" not in first["content"].lower()
    assert first["meta"]["title"] == "Đại hội Công đoàn cơ sở"
    assert first["meta"]["date"] == "01/05/2026"
    assert search_filters(site.output) == {
        "Chuyên mục": {"Tháng Công nhân": 2},
        "Đơn vị": {"Ban Tổ chức": 1, "LĐLĐ huyện Đông Hà": 1},
        "Loại": {"Tin": 1, "Bài": 1},
    }
    everything = json.dumps(records, ensure_ascii=False)
    assert "MẬT" not in everything and "MAT-NHAP" not in everything and "nhap" not in " ".join(records)


def test_search_index_shards_merge_to_the_same_records_and_are_reused(site):
    small_site(site)
    whole = sorted(r["url"] for r in indexed_records(site.output))
    settings = site.settings(publish=True, SEARCH_SHARD_SIZE=1)
    run_pelican(settings)
    assert sorted(p.name for p in (site.output / "pagefind").iterdir()) == ["2026-05"], "one month, one shard"
    site.write({"2025/cu.md": article("Bài năm ngoái", date="2025-03-01 08:00")})
    settings = site.settings(publish=True, SEARCH_SHARD_SIZE=1)
    run_pelican(settings)
    assert sorted(p.name for p in (site.output / "pagefind").iterdir()) == ["2025-03", "2026-05"]
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 1}
    assert sorted(r["url"] for r in indexed_records(site.output)) == sorted(whole + ["/2025/03/bai-nam-ngoai/"])
    bundles = site.page("tim-kiem/").select_one("#ket-qua-tim-kiem")["data-bundles"].split()
    assert bundles == ["https://thu.example/pagefind/2026-05/", "https://thu.example/pagefind/2025-03/"]
    for bundle in (site.output / "pagefind").iterdir():  # the theme's own interface, not Pagefind's
        assert (bundle / "pagefind.js").is_file() and not list(bundle.glob("pagefind-*ui*"))


def test_search_index_is_byte_identical_across_builds(site):
    small_site(site)
    first = {p.relative_to(site.output): hashlib.sha256(p.read_bytes()).digest()
             for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    site.build(publish=True)
    second = {p.relative_to(site.output): hashlib.sha256(p.read_bytes()).digest()
              for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    assert first == second


def test_sitemap_lists_published_pages_with_lastmod(site):
    small_site(site)
    root = ET.parse(site.output / "sitemap.xml").getroot()
    entries = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in root}
    assert "https://thu.example/2026/05/dai-hoi-cong-doan-co-so/" in entries
    assert entries["https://thu.example/2026/05/dai-hoi-cong-doan-co-so/"].text == "2026-05-01T08:30:00+07:00"
    assert entries["https://thu.example/"].text == "2026-05-02T08:00:00+07:00"
    for url in ("https://thu.example/chuyen-muc/thang-cong-nhan/", "https://thu.example/don-vi/ldld-dong-ha/",
                "https://thu.example/tu-khoa/dai-hoi/", "https://thu.example/gioi-thieu/"):
        assert url in entries
    joined = " ".join(entries)
    for absent in ("ban-nhap-kin", "bai-tuong-lai", "404", "tim-kiem", "/trang/"):
        assert absent not in joined
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://thu.example/sitemap.xml" in robots
