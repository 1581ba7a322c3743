"""The search index and the sitemap hold published content only, and are reproducible."""

import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import cbor2
import pytest
from bs4 import BeautifulSoup

from conftest import CLOCK, article
from content_model.report import SettingError
from site_build.runner import run_pelican
from site_build.settings import PUBLISH, ROOT, load_settings
from union_core.vietnamese import sort_key

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def indexed_records(output):
    """The records Pagefind stored (its fragments are gzip'd JSON after a short header)."""
    records = []
    for fragment in sorted(output.glob("pagefind/*/fragment/*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(raw[raw.index(b"{"):]))
    return records


def search_filters(output):
    """{filter: {value: records}} over every shard, as Pagefind counts them in the browser."""
    filters = {}
    for path in output.glob("pagefind/*/filter/*.pf_filter"):
        name, values = cbor2.loads(gzip.decompress(path.read_bytes())[12:])
        for value, pages in values:
            filters.setdefault(name, {})[value] = filters.get(name, {}).get(value, 0) + len(pages)
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


def test_a_rebuilt_shard_links_the_files_an_edit_left_unchanged(site):
    """Pagefind names its files after their contents: the rebuilt bundle shares the untouched
    articles' fragments with the bundle it replaces (one file on disk), and that one is gone."""
    small_site(site)
    cache = site.cache / "search"
    (before,) = cache.iterdir()
    inodes = {p.relative_to(before): p.stat().st_ino for p in before.rglob("*") if p.is_file()}
    site.write({"2026/a.md": article("Đại hội Công đoàn cơ sở", body="Đoàn viên bầu Ban Chấp hành mới.")})
    settings = site.settings(publish=True)
    run_pelican(settings)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 0}
    (after,) = cache.iterdir()
    assert after.name != before.name
    files = {p.relative_to(after): p.stat().st_ino for p in after.rglob("*") if p.is_file()}
    shared = {name for name in files if inodes.get(name) == files[name]}
    fragments = {name for name in files if name.parts[0] == "fragment"}
    assert len(fragments & shared) == len(fragments) - 1, "every fragment but the edited article's"
    assert Path("pagefind.js") in shared and Path("pagefind-entry.json") not in shared
    records = {r["url"]: r for r in indexed_records(site.output)}
    assert "Doan vien bau Ban Chap hanh moi" in records["/2026/05/dai-hoi-cong-doan-co-so/"]["content"]


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


def test_the_search_page_offers_each_filter_value_with_the_index_s_count(tmp_path):
    """The filter panel is made with the page: its values, order and counts are the index's,
    over all its shards (the demo, documents included, in shards of 25 records)."""
    output = tmp_path / "site"
    run_pelican(load_settings(PUBLISH, ROOT / "content", output, BUILD_CLOCK=CLOCK, SEARCH_SHARD_SIZE=25,
                              CACHE_PATH=str(tmp_path / "cache")))
    assert len(list((output / "pagefind").iterdir())) > 2
    page = BeautifulSoup((output / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser")
    panel = {}
    for details in page.select(".search-filter"):
        name = details.summary.get_text()
        values = [(box["value"], box.find_next("label").get_text()) for box in details.select("input[type=checkbox]")]
        assert all(box["data-filter"] == name for box in details.select("input"))
        assert [value for value, _ in values] == sorted((value for value, _ in values), key=sort_key)
        panel[name] = {value: int(label.rsplit("(", 1)[1].rstrip(")")) for value, label in values}
        assert all(label.startswith(value) for value, label in values)
    assert list(panel) == ["Chuyên mục", "Đơn vị", "Loại"]
    assert panel == search_filters(output)
    assert "Văn bản" in panel["Loại"]


def _sitemap_urls(path):
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in ET.parse(path).getroot()}


def test_a_sitemap_above_its_limit_becomes_an_index_of_numbered_files(site):
    """sitemaps.org allows 50,000 URLs per file, which a 50,000-article archive passes: over
    SITEMAP_MAX_URLS the URLs are split into files that sitemap.xml indexes."""
    small_site(site)
    whole = _sitemap_urls(site.output / "sitemap.xml")
    site.build(publish=True, SITEMAP_MAX_URLS=4)
    index = ET.parse(site.output / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [(entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod")) for entry in index]
    assert [loc for loc, _ in files] == [f"https://thu.example/sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    assert len(files) == -(-len(whole) // 4) > 1
    split = {}
    for loc, lastmod in files:
        part = _sitemap_urls(site.output / loc.rsplit("/", 1)[1])
        assert 0 < len(part) <= 4
        assert lastmod == max(m for m in part.values() if m)
        split.update(part)
    assert split == whole
    assert "Sitemap: https://thu.example/sitemap.xml" in (site.output / "robots.txt").read_text(encoding="utf-8")
    with pytest.raises(SettingError, match="SITEMAP_MAX_URLS: expected a whole number of at least 1"):
        site.build(publish=True, SITEMAP_MAX_URLS=0)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1].startswith(("Z", "X"))  # a zombie waiting for init
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc").is_dir(), reason="POSIX process groups")
def test_a_build_failing_while_pagefind_runs_stops_the_index_job_and_leaves_nothing_half_done(site, tmp_path, monkeypatch):
    """The index is built beside the pages; a build that fails meanwhile (here a plugin raising
    once Pagefind has started) kills the job and its Pagefind, removes their scratch folders,
    and leaves the cache without a half-stored bundle, instead of waiting or writing on."""
    from pelican import signals

    small_site(site)
    site.write({"2026/c.md": article("Bài mới cần chỉ mục", date="2026-05-03 08:00")})  # a shard to rebuild
    shim = tmp_path / "fake-pagefind"
    shim.write_text(f"#!{sys.executable}\nimport os, time\n"
                    "open(os.environ['FAKE_PAGEFIND_PID'], 'w').write(str(os.getpid()))\ntime.sleep(120)\n")
    shim.chmod(0o755)
    pid_file = tmp_path / "pagefind.pid"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(shim))  # the program the job runs, as Pagefind's own API allows
    monkeypatch.setenv("FAKE_PAGEFIND_PID", str(pid_file))
    jobs = []

    def fail_once_pagefind_runs(generators):
        jobs.append(generators[0].settings["SEARCH_INDEX_STATE"].process.pid)
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise RuntimeError("hỏng giữa chừng")

    settings = site.settings(publish=True)
    signals.all_generators_finalized.connect(fail_once_pagefind_runs, weak=False)
    started = time.monotonic()
    try:
        with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
            run_pelican(settings)
    finally:
        signals.all_generators_finalized.disconnect(fail_once_pagefind_runs)
    assert time.monotonic() - started < 60, "the build did not wait for Pagefind"
    pagefind_pid = int(pid_file.read_text())
    assert _gone(jobs[0]) and _gone(pagefind_pid)
    for folder in (Path(tempfile.gettempdir()), Path("/dev/shm")):
        assert not list(folder.glob(f"union-search-{jobs[0]}-*"))
    assert not [p.name for p in (site.cache / "search").iterdir() if p.name.startswith(".")]
    assert settings["SEARCH_INDEX_STATE"].process is None


def test_bundles_left_half_stored_by_a_killed_job_are_removed_and_never_used(site):
    small_site(site)
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    cache = site.cache / "search"
    (shard,) = [p for p in cache.iterdir() if not p.name.startswith(".")]
    half = cache / f".partial-{pid}-{shard.name}"
    half.mkdir()
    (half / "pagefind-entry.json").write_text("{}")  # what a job killed while storing leaves
    (cache / f".stale-{pid}-2020-01-abc").mkdir()
    site.write({"2026/c.md": article("Bài mới cần chỉ mục", date="2026-05-03 08:00")})
    site.build(publish=True)
    assert not [p.name for p in cache.iterdir() if p.name.startswith(".")]
    assert "/2026/05/bai-moi-can-chi-muc/" in {r["url"] for r in indexed_records(site.output)}


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_the_index_job_started_with_the_run_ends_with_a_refused_build(site):
    """The index job starts as the run begins, before any content is checked; a build refused
    for a content error ends it too, and the next build starts its own."""
    from pelican import signals

    from content_model.report import ContentErrors

    small_site(site)
    site.write({"2026/loi.md": article("Bài lỗi", unit="khong-co-don-vi-nay")})
    jobs = []

    def note_the_job(pelican):
        jobs.append(pelican.settings["SEARCH_INDEX_STATE"].process.pid)

    signals.get_generators.connect(note_the_job, weak=False)
    try:
        settings = site.settings(publish=True)
        with pytest.raises(ContentErrors):
            run_pelican(settings)
        assert jobs and _gone(jobs[0])
        assert settings["SEARCH_INDEX_STATE"].process is None
        (site.content / "2026/loi.md").unlink()
        settings = site.settings(publish=True)
        run_pelican(settings)
    finally:
        signals.get_generators.disconnect(note_the_job)
    assert len(jobs) == 2 and _gone(jobs[1])
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 0, "reused": 1}
    assert "/2026/05/dai-hoi-cong-doan-co-so/" in {r["url"] for r in indexed_records(site.output)}


def test_the_index_is_started_from_the_sources_and_that_forecast_holds(site):
    """The index job gets its records as soon as the sources are read; what it was given (the
    articles, pages and documents the publication rule lets through, at their URLs) is what
    the build published, so no second job is needed."""
    from test_documents import DOCUMENTS_TOML, document, pdf

    site.write({"data/documents.toml": DOCUMENTS_TOML, "van-ban/kh.md": document("Kế hoạch tháng 5", "45/KH-LĐLĐ"),
                "van-ban/nhap.md": document("Văn bản nháp", "46/KH-LĐLĐ", status="draft", files="b.pdf"),
                "van-ban/a.pdf": pdf(), "van-ban/b.pdf": pdf(1)})
    small_site(site)
    settings = site.settings(publish=True)
    run_pelican(settings)
    state = settings["SEARCH_INDEX_STATE"]
    assert state.forecast_held is True
    urls = {r["url"] for r in indexed_records(site.output)}
    assert {"/2026/05/dai-hoi-cong-doan-co-so/", "/gioi-thieu/", "/van-ban/2026/45-kh-ldld/"} <= urls
    assert not [url for url in urls if "nhap" in url or "tuong-lai" in url]


def test_an_index_forecast_that_did_not_hold_is_replaced_by_the_published_records(site):
    """Should a plugin withdraw an article after the sources were read, the early job is
    replaced: the index holds what was published, not what the sources promised."""
    from pelican import signals

    from content_model.model import site_model

    small_site(site)

    def withdraw_one(generator):
        model = site_model(generator.settings)
        model.published_articles = [a for a in model.published_articles if "dong-ha" not in a.url]

    settings = site.settings(publish=True)
    signals.article_generator_finalized.connect(withdraw_one, weak=False)
    try:
        run_pelican(settings)
    finally:
        signals.article_generator_finalized.disconnect(withdraw_one)
    assert settings["SEARCH_INDEX_STATE"].forecast_held is False
    urls = {r["url"] for r in indexed_records(site.output)}
    assert "/2026/05/dai-hoi-cong-doan-co-so/" in urls
    assert "/2026/05/thang-cong-nhan-o-dong-ha/" not in urls


def test_a_refused_build_leaves_the_search_index_of_the_site_it_would_replace(site):
    """The early job may build new bundles before the content is checked: they wait in the
    cache, and a refused build (here a plain Pelican run into the published folder) leaves
    the folder's search index as it was."""
    from pelican import signals

    from content_model.report import ContentErrors

    small_site(site)
    before = {p.relative_to(site.output): p.read_bytes() for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    cached = set((site.cache / "search").iterdir())
    site.write({"2026/c.md": article("Bài mới cần chỉ mục", date="2026-05-03 08:00"),
                "2026/loi.md": article("Bài lỗi", unit="khong-co-don-vi-nay")})

    def wait_for_the_new_bundle(generator):  # before the content checks refuse the build
        deadline = time.monotonic() + 30
        while not [p for p in (site.cache / "search").iterdir() if p not in cached and not p.name.startswith(".")]:
            assert time.monotonic() < deadline, "the early job built nothing"
            time.sleep(0.05)

    signals.article_generator_finalized.connect(wait_for_the_new_bundle, weak=False)
    try:
        with pytest.raises(ContentErrors):
            run_pelican(site.settings(publish=True))
    finally:
        signals.article_generator_finalized.disconnect(wait_for_the_new_bundle)
    after = {p.relative_to(site.output): p.read_bytes() for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    assert after == before
    assert "/2026/05/bai-moi-can-chi-muc/" not in {r["url"] for r in indexed_records(site.output)}
