"""A nightly that changes old shards patches the search index instead of rebuilding them.

The records added or edited go into a shard of edits; the shards' old records are buried
(given ids the search page leaves out). What a reader can find must be what a cold build's
index holds: each test compares the records the search page can reach with a cold build's,
record by record.
"""

import gzip
import json

import pytest
from bs4 import BeautifulSoup

from conftest import article, snapshot
from content_model.report import SettingError
from search_index.bundles import BURIED, META_RECORDS
from search_index.manifests import MANIFEST
from search_index.canonical import read_pagefind_file
from search_index.patches import EDITS_SHARD, SAMPLE_FILTER
from site_build.runner import run_pelican

# 24 articles, four a month from January to June 2026, in shards of two months (8 of 10 records).
SHARDS = {"SEARCH_SHARD_SIZE": 10, "SEARCH_PATCH_MIN_RECORDS": 1, "SEARCH_EDITS_LIMIT": 10}
MONTH_SHARDS = ["2026-01", "2026-03", "2026-05"]


def monthly(n: int, title: str | None = None, body: str | None = None) -> str:
    return article(title or f"Tin tháng {n // 4 + 1} số {n}", date=f"2026-{n // 4 + 1:02d}-{n % 4 * 7 + 1:02d} {8 + n % 5}:00",
                   unit="ldld-dong-ha" if n % 2 else "ban-to-chuc", kind="bai" if n % 3 == 0 else "tin",
                   body=body or f"Nội dung riêng bai{n}cu của tin số {n}.")


def build(site, output, cache, **settings):
    built = site.settings(publish=True, CACHE_PATH=str(cache), **{**SHARDS, **settings})
    built["OUTPUT_PATH"] = str(output)
    run_pelican(built)
    return built


def fragments(folder):
    """{Pagefind id: record} of one bundle's fragments."""
    found = {}
    for path in (folder / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        found[path.name.removesuffix(".pf_fragment")] = json.loads(raw[raw.index(b"{"):])
    return found


def edits(output):
    """{Pagefind id: record} of the shard of edits, without its sample of the site's records."""
    return {pagefind_id: record for pagefind_id, record in fragments(output / "pagefind" / EDITS_SHARD).items()
            if SAMPLE_FILTER not in record["filters"]}


def search_page(output):
    return BeautifulSoup((output / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser").select_one(
        "#ket-qua-tim-kiem")


def listed_ids(folder):
    """The Pagefind ids a bundle's metadata lists, in its order: what searches find."""
    (meta_file,) = folder.glob("pagefind.*.pf_meta")
    return [record[0] for record in read_pagefind_file(meta_file)[META_RECORDS]]


def buried(output, name):
    """The URLs of the records of bundle ``name`` that are buried: the ids its fragments had
    (the cache's bundle is reused as it is) against those its published metadata lists."""
    folder = output / "pagefind" / name
    listed = set(listed_ids(folder))
    assert all(BURIED not in pagefind_id for pagefind_id in fragments(folder) if pagefind_id in listed)
    return {record["url"] for pagefind_id, record in fragments(folder).items() if pagefind_id not in listed}


def reachable(output):
    """{URL: record} the search page can find: the records of every shard its metadata lists
    under their own ids (not buried), and those of the shard of edits but its sample."""
    page = search_page(output)
    folders = [output / "pagefind" / url.rstrip("/").rsplit("/", 1)[1] for url in page["data-bundles"].split()]
    if page["data-edits"]:
        folders.append(output / "pagefind" / EDITS_SHARD)
    records = {}
    for folder in folders:
        found = fragments(folder)
        for pagefind_id in listed_ids(folder):
            if BURIED in pagefind_id or SAMPLE_FILTER in found[pagefind_id]["filters"]:
                continue
            record = found[pagefind_id]
            assert record["url"] not in records, f"{record['url']} found twice"
            records[record["url"]] = record
    return records


def cold(site, tmp_path, **settings):
    output = tmp_path / "cold"
    build(site, output, tmp_path / "cold-cache", **settings)
    return output


def test_edits_to_old_shards_are_patched_and_find_what_a_cold_build_finds(site, tmp_path):
    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    first = build(site, site.output, site.cache)
    assert first["SEARCH_INDEX_STATE"].counts == {"built": 3, "reused": 0}
    before = {name: snapshot(site.output / "pagefind" / name) for name in MONTH_SHARDS}
    site.write({"2026/t1.md": monthly(1, title="Tin số 1 đã sửa", body="Nội dung mới baimot."),
                "2026/t9.md": monthly(9, body="Đã thay bằng chữ baichin."),
                "2026/them.md": article("Tin bổ sung tháng Hai", date="2026-02-20 09:00", body="Chữ baithem.")})
    (site.content / "2026/t17.md").unlink()
    nightly = tmp_path / "nightly"  # a new release folder, as the nightly builds
    settings = build(site, nightly, site.cache)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 3}, "only the shard of edits"
    assert sorted(p.name for p in (nightly / "pagefind").iterdir()) == [*MONTH_SHARDS, EDITS_SHARD]
    changed = {name: {path for path, digest in snapshot(nightly / "pagefind" / name).items()
                      if before[name].get(path) != digest} for name in MONTH_SHARDS}
    assert all(path.startswith("pagefind.") or path == "pagefind-entry.json"
               for paths in changed.values() for path in paths), "only the metadata and entry files"
    page = search_page(nightly)
    assert page["data-edits"] == f"https://thu.example/pagefind/{EDITS_SHARD}/"
    assert page["data-bundles"].split() == [f"https://thu.example/pagefind/{name}/" for name in reversed(MONTH_SHARDS)]
    assert {name: buried(nightly, name) for name in MONTH_SHARDS} == {
        "2026-01": {"/2026/01/tin-thang-1-so-1/"}, "2026-03": {"/2026/03/tin-thang-3-so-9/"},
        "2026-05": {"/2026/05/tin-thang-5-so-17/"}}
    assert {r["url"] for r in edits(nightly).values()} == \
        {"/2026/01/tin-so-1-da-sua/", "/2026/03/tin-thang-3-so-9/", "/2026/02/tin-bo-sung-thang-hai/"}
    sampled = [r for r in fragments(nightly / "pagefind" / EDITS_SHARD).values() if SAMPLE_FILTER in r["filters"]]
    assert len(sampled) == 7, "a sample of the other dated records, up to a shard's size, marked for no search to show"

    records = reachable(nightly)
    assert "baichin" in records["/2026/03/tin-thang-3-so-9/"]["content"]
    assert not any("bai9cu" in r["content"] or "bai17cu" in r["content"] for r in records.values())
    cold_output = cold(site, tmp_path)
    assert records == reachable(cold_output)
    outside_search = lambda files: {path: digest for path, digest in files.items()  # noqa: E731
                                    if not path.startswith("pagefind/") and path != "tim-kiem/index.html"}
    assert outside_search(snapshot(nightly)) == outside_search(snapshot(cold_output)), "every other file as cold"
    assert not list(nightly.rglob(MANIFEST)), "the manifests stay in the cache"
    cached = {path.name: path.stat().st_ino for path in site.cache.glob("search/2026-01-*/*") if path.is_file()}
    published = {path.name: path.stat().st_ino for path in (nightly / "pagefind/2026-01").iterdir() if path.is_file()}
    assert [name for name in cached if published.get(name) == cached[name]] == \
        [name for name in cached if name.endswith((".js", ".pagefind"))], "the cache's metadata never written through"


def test_a_record_moved_to_a_shard_of_its_own_stays_found(site, tmp_path):
    """Articles added to January push February into the next shard, which is built anew: the
    February records buried in January's shard are found in it (their ids are the same)."""
    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    build(site, site.output, site.cache)
    site.write({f"2026/them{n}.md": article(f"Tin thêm tháng Một số {n}", date=f"2026-01-2{n} 09:00") for n in range(3)})
    build(site, site.output, site.cache)
    assert sorted(p.name for p in (site.output / "pagefind").iterdir()) == ["2026-01", "2026-02", "2026-04", "2026-06", EDITS_SHARD]
    assert buried(site.output, "2026-01") == {f"/2026/02/tin-thang-2-so-{n}/" for n in range(4, 8)}
    records = reachable(site.output)
    assert {f"/2026/02/tin-thang-2-so-{n}/" for n in range(4, 8)} <= set(records)
    assert records == reachable(cold(site, tmp_path))


def test_a_second_job_without_edits_names_no_shard_of_edits(site):
    """The early job patched a shard for an edited article; a plugin then withdrew it, so the
    second job has no edits: the search page names no shard of edits, and every shard it
    names is published."""
    from pelican import signals

    from content_model.model import site_model

    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    build(site, site.output, site.cache)
    site.write({"2026/t9.md": monthly(9, body="Đã sửa.")})

    def withdraw_the_edit(generator):
        model = site_model(generator.settings)
        model.published_articles = [a for a in model.published_articles if not a.url.endswith("so-9/")]

    signals.article_generator_finalized.connect(withdraw_the_edit, weak=False)
    try:
        settings = build(site, site.output, site.cache)
    finally:
        signals.article_generator_finalized.disconnect(withdraw_the_edit)
    assert settings["SEARCH_INDEX_STATE"].forecast_held is False
    page = search_page(site.output)
    assert page["data-edits"] == ""
    for url in page["data-bundles"].split():
        assert (site.output / url.removeprefix("https://thu.example/") / "pagefind-entry.json").is_file(), url
    assert "/2026/03/tin-thang-3-so-9/" not in reachable(site.output)


def test_edits_past_the_limit_fold_back_into_their_shards(site, tmp_path):
    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    build(site, site.output, site.cache, SEARCH_EDITS_LIMIT=2)
    site.write({f"2026/t{n}.md": monthly(n, body=f"Sửa lần một, chữ sua{n}.") for n in (1, 2, 3, 9)})
    settings = build(site, site.output, site.cache, SEARCH_EDITS_LIMIT=2)
    # the January shard (three edits) is rebuilt, March's (one) patched; May's is unchanged
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 2, "reused": 2}
    assert [r["url"] for r in edits(site.output).values()] == ["/2026/03/tin-thang-3-so-9/"]
    assert reachable(site.output) == reachable(cold(site, tmp_path, SEARCH_EDITS_LIMIT=2))

    site.write({f"2026/t{n}.md": monthly(n, body=f"Sửa lần hai, chữ sua{n}.") for n in (10, 11)})
    settings = build(site, site.output, site.cache, SEARCH_EDITS_LIMIT=2)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 2}, "March's shard, rebuilt"
    assert search_page(site.output)["data-edits"] == "" and buried(site.output, "2026-03") == set()
    cold_output = tmp_path / "cold-again"
    build(site, cold_output, tmp_path / "cold-again-cache", SEARCH_EDITS_LIMIT=2)
    assert snapshot(site.output / "pagefind") == snapshot(cold_output / "pagefind")


def test_a_shard_made_with_other_registries_is_rebuilt_not_patched(site, tmp_path):
    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    build(site, site.output, site.cache)
    units = site.content / "data/units.toml"
    units.write_text(units.read_text(encoding="utf-8").replace("Ban Tổ chức", "Ban Tổ chức – Kiểm tra"), encoding="utf-8")
    site.write({"2026/t1.md": monthly(1, body="Một chữ mới baimoi.")})
    settings = build(site, site.output, site.cache)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 3, "reused": 0}
    assert search_page(site.output)["data-edits"] == ""
    assert snapshot(site.output / "pagefind") == snapshot(cold(site, tmp_path) / "pagefind")


def test_small_shards_are_rebuilt_as_a_cold_build_would(site, tmp_path):
    site.write({f"2026/t{n}.md": monthly(n) for n in range(24)})
    build(site, site.output, site.cache, SEARCH_PATCH_MIN_RECORDS=9)
    site.write({"2026/t9.md": monthly(9, body="Đã thay bằng chữ baichin.")})
    settings = build(site, site.output, site.cache, SEARCH_PATCH_MIN_RECORDS=9)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 2}
    assert snapshot(site.output / "pagefind") == snapshot(cold(site, tmp_path, SEARCH_PATCH_MIN_RECORDS=9) / "pagefind")


def test_a_changed_page_rebuilds_its_shard(site, tmp_path):
    """Pages have no date: the search page could not merge them by date from the shard of edits."""
    site.write({**{f"2026/t{n}.md": monthly(n) for n in range(24)}, "pages/gioi-thieu.md": "title: Giới thiệu\n\nVề Liên đoàn.\n"})
    build(site, site.output, site.cache)
    site.write({"pages/gioi-thieu.md": "title: Giới thiệu\n\nVề Liên đoàn, đã sửa.\n", "2026/t1.md": monthly(1, body="Chữ mới.")})
    settings = build(site, site.output, site.cache)
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 2, "reused": 2}, "May's shard rebuilt, January's patched"
    assert [r["url"] for r in edits(site.output).values()] == ["/2026/01/tin-thang-1-so-1/"]
    assert reachable(site.output) == reachable(cold(site, tmp_path))


def test_the_patch_settings_are_whole_numbers(site):
    site.write({"2026/t1.md": monthly(1)})
    with pytest.raises(SettingError, match="SEARCH_EDITS_LIMIT: expected a whole number of at least 0, received -1"):
        site.build(publish=True, SEARCH_EDITS_LIMIT=-1)
    with pytest.raises(SettingError, match="SEARCH_PATCH_MIN_RECORDS: expected a whole number of at least 1"):
        site.build(publish=True, SEARCH_PATCH_MIN_RECORDS="500")
