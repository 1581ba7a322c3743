"""The benchmark itself, on a small corpus: it must keep measuring what docs/benchmark.md reports."""

import json

import pytest

from site_build.bench import run as bench
from search_index.footprint import fetched_chunks, reader_footprint
from site_build.settings import ROOT, known_setting_names


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return bench.full_build(ROOT, tmp_path_factory.mktemp("bench"), 120, stock=True, repeat=2)


def test_full_builds_are_repeated_alternately_and_the_ratio_is_of_the_medians(full):
    result = full

    ours, stock = result["ours"], result["stock"]
    assert len(ours["walls"]) == len(stock["walls"]) == 2
    assert ours["wall"] in ours["walls"] and stock["wall"] in stock["walls"]
    assert result["ratio"] == round(ours["wall"] / stock["wall"], 2)
    assert ours["sources"] == {"cached": 0, "read": 120}  # cold: nothing came from a cache
    assert ours["pages"] > 120 and stock["pages"] > 120
    assert set(ours["phases"]) == {"read", "write", "finish"}
    assert ours["peak_mb"] > 0


def test_each_nightly_run_starts_from_the_same_deployed_state(tmp_path):
    result = bench.nightly(ROOT, tmp_path, 120, "spread", repeat=2)

    assert result["changed"] == 10
    assert result["first"]["exit_code"] == 0
    night = result["nightly"]
    assert night["exit_code"] == 0 and len(night["walls"]) == 2
    assert night["reused"]  # the restored cache served the unchanged pages
    releases = tmp_path / "www.releases"
    reports = sorted(path.name for path in (releases / "bao-cao").glob("2026*.json"))
    assert len(reports) == 2  # the first nightly's and the last repetition's, not three
    history = json.loads((releases / "history.json").read_text())
    # each repetition deletes the release retired before it, as a nightly does in a deploy folder
    # in use, and leaves the one it replaced for the next run
    assert len(history) == 1 and history[0].startswith("20261121")
    on_disk = sorted(path.name for path in releases.iterdir() if path.name.startswith("2026"))
    assert bench.RETIRED not in on_disk and len(on_disk) == 2 and on_disk[1] == history[0]


def test_the_photo_nightly_builds_a_git_clone_and_reads_no_unchanged_photo(tmp_path):
    result = bench.nightly(ROOT, tmp_path, 60, "newest", repeat=1, photos=3)

    assert result["photos"] == 3 and result["first"]["reused"]["images"]["made"] == 6  # 3 photos, 3 social cards
    assert (tmp_path / "checkout/.git").is_dir()
    images = result["nightly"]["reused"]["images"]
    assert (images["hashed"], images["made"], images["cached"]) == (0, 0, 6)
    assert "3 with a 3000×2000 photo, git clone" in bench.report({"machine": bench.machine(), "nightly": [result]})


def test_what_the_runs_replace_is_set_aside_and_deleted_once_the_bench_is_done(tmp_path):
    """Deleting a build's files just before the next build slows the file system down for
    minutes (ext4 skips recently freed inodes): the bench moves them to a trash instead."""
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("cũ", encoding="utf-8")
    (tmp_path / "www").symlink_to(out)

    assert bench.fresh(out) == out and not out.exists()
    bench.discard(tmp_path / "www")
    bench.discard(tmp_path / "nothing-there")

    trash = tmp_path / bench.TRASH
    assert sorted(path.name.split("-", 1)[1] for path in trash.iterdir()) == ["out", "www"]
    assert [p.read_text(encoding="utf-8") for p in trash.glob("*-out/a/index.html")] == ["cũ"]
    bench.empty_trash(tmp_path)
    assert not trash.exists() and sorted(p.name for p in tmp_path.iterdir()) == []


def test_report_shows_the_runs_behind_each_figure(full):
    results = {"machine": bench.machine(), "repeat": 2, "full": [full]}

    table = bench.report(results)

    assert "median of 2 runs" in table
    assert f"**{results['full'][0]['ratio']:.2f}×**" in table
    low, high = min(results["full"][0]["ours"]["walls"]), max(results["full"][0]["ours"]["walls"])
    assert f"({low:.1f}–{high:.1f})" in table


def test_a_nightly_edits_articles_spread_over_the_archive_or_the_newest(tmp_path):
    import re
    import shutil

    def dates(folder):
        return {path.name: re.search(r"^date: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
                for path in folder.rglob("*.md")}

    source = bench.corpus(tmp_path, ROOT, 120)
    spread, newest = tmp_path / "spread", tmp_path / "newest"
    shutil.copytree(source, spread)
    shutil.copytree(source, newest)
    by_date = sorted(dates(source).items(), key=lambda item: item[1])

    edited = bench.edit_articles(newest, 10, newest=True)
    assert sorted(edited) == sorted(name for name, _ in by_date[-10:])
    edited = bench.edit_articles(spread, 10)
    assert len({dates(source)[name][:4] for name in edited}) > 3  # several years
    for name in edited:
        assert "Cập nhật" in next(spread.rglob(name)).read_text(encoding="utf-8")


def test_a_nightly_can_add_articles_newer_than_the_whole_archive(tmp_path):
    source = bench.corpus(tmp_path, ROOT, 120)
    before = {path.name for path in source.rglob("*.md")}

    result = bench.nightly(ROOT, tmp_path, 120, "added")

    assert result["changed"] == 10 and result["nightly"]["exit_code"] == 0
    assert {path.name for path in source.rglob("*.md")} == before  # the corpus itself is untouched
    checkout = tmp_path / "checkout"
    added = sorted({path.name for path in checkout.rglob("*.md")} - before)
    assert len(added) == 10 and all(name.startswith("9000") for name in added)
    assert result["nightly"]["verified"]["pages"] > 120


def test_the_preview_is_rebuilt_after_each_edit_in_one_process(tmp_path):
    result = bench.preview(ROOT, tmp_path, 60, repeat=2)

    assert result["first"]["wall"] > 0 and len(result["rebuild"]["walls"]) == 2
    copy = tmp_path / "preview-content"
    edited = [path for path in copy.rglob("*.md") if "Cập nhật" in path.read_text(encoding="utf-8")]
    assert len(edited) == 2  # in the copy; the corpus itself is untouched
    assert not [path for path in bench.corpus(tmp_path, ROOT, 60).rglob("*.md")
                if "Cập nhật" in path.read_text(encoding="utf-8")]
    shown = [page for page in (tmp_path / "preview-out").rglob("index.html")
             if "Cập nhật: bổ sung thông tin mới" in page.read_text(encoding="utf-8")]
    assert len(shown) >= 2  # both edits reached the served site (their pages, perhaps lists too)
    table = bench.report({"machine": bench.machine(), "preview": [result]})
    assert "preview (invoke serve), 60 articles, rebuild after 1 edit" in table


def test_a_hosted_runner_nightly_deploys_into_a_new_folder_with_only_the_cache_restored(tmp_path):
    result = bench.nightly(ROOT, tmp_path, 120, "newest", repeat=1, releases_kept=False)

    night = result["nightly"]
    assert night["exit_code"] == 0
    assert 0 < night["verified"]["parsed"] < night["verified"]["pages"]  # spared by the cache's copy
    assert (tmp_path / "runner/www").is_symlink()
    assert "restored cache only, new deploy folder" in bench.report({"machine": bench.machine(), "nightly": [result]})


def test_settings_reach_our_builds_in_every_scenario_never_stock_pelicans(tmp_path, full, monkeypatch):
    jobs = []
    measure = bench.measure
    monkeypatch.setattr(bench, "measure", lambda root, job: jobs.append(job) or measure(root, job))
    settings = bench.parse_settings(["SEARCH_SHARD_SIZE=30"], known_setting_names())

    small = bench.full_build(ROOT, tmp_path, 120, stock=True, settings=settings)
    night = bench.nightly(ROOT, tmp_path, 120, "newest", settings=settings)
    view = bench.preview(ROOT, tmp_path, 120, settings=settings)

    assert settings == {"SEARCH_SHARD_SIZE": 30}
    assert full["ours"]["search"]["shards"] == 1  # 120 articles in the default shards of 1500
    shards = small["ours"]["search"]["shards"]
    assert shards >= 4 and len(list((tmp_path / "out" / "pagefind").iterdir())) == shards
    assert night["nightly"]["exit_code"] == 0 and view["rebuild"]["wall"] > 0
    for output in ("www", "preview-out"):  # the nightlies and the preview built with it too
        assert len(list((tmp_path / output / "pagefind").iterdir())) == shards
    assert [job["mode"] for job in jobs] == ["union", "stock", "nightly", "nightly", "preview"]
    assert all(job["overrides"] == settings for job in jobs if job["mode"] != "stock")
    assert "overrides" not in jobs[1]
    table = bench.report({"machine": bench.machine(), "full": [small], "settings": settings})
    assert "Our builds' settings: `SEARCH_SHARD_SIZE = 30`" in table
    assert f"- 120 articles: {shards} shards;" in table


def test_the_search_footprint_counts_a_chunk_of_every_shard_for_a_word_they_all_hold(tmp_path):
    bench.full_build(ROOT, tmp_path, 120, stock=False, settings={"SEARCH_SHARD_SIZE": 30})
    index = tmp_path / "out" / "pagefind"

    found = reader_footprint(index, words=["cong"])  # in every article of the corpus ("công đoàn")

    chunks = sorted(path.stat().st_size for path in index.glob("*/index/*.pf_index"))
    assert found.shards == len(list(index.iterdir()))
    assert found.shards * chunks[0] <= found.bytes_per_word <= sum(chunks)
    programs = sum(path.stat().st_size for path in next(index.iterdir()).glob("pagefind*.js"))
    assert found.opening_bytes > programs
    assert reader_footprint(tmp_path / "nowhere") is None


def test_a_word_fetches_the_chunk_pagefind_asks_for_between_shortened_bounds():
    """Pagefind's own example (its ``build_chunk_meta`` test): chunks ending in "apple",
    "banana" and "peach" get the bounds apple–app, apr–b and p–peach."""
    chunks = [("apple", "app", 0), ("apr", "b", 1), ("p", "peach", 2)]

    assert [chunk[2] for chunk in fetched_chunks(chunks, "apple")] == [0]
    assert [chunk[2] for chunk in fetched_chunks(chunks, "apricot")] == [1]
    assert [chunk[2] for chunk in fetched_chunks(chunks, "banana")] == [1]
    assert [chunk[2] for chunk in fetched_chunks(chunks, "peach")] == [2]
    assert fetched_chunks(chunks, "zebra") == []


def test_a_setting_that_is_not_name_equals_value_is_refused_with_an_example():
    known = known_setting_names()
    assert bench.parse_settings(["SITENAME=Công đoàn tỉnh", "SEARCH_INDEX_ENABLED=False", "WRITER_PROCESSES=1"],
                                known) == {"SITENAME": "Công đoàn tỉnh", "SEARCH_INDEX_ENABLED": False,
                                           "WRITER_PROCESSES": 1}  # (read by a plugin, declared nowhere)
    assert bench.parse_settings(["SITENAME={[]: 1}"], known) == {"SITENAME": "{[]: 1}"}  # not a literal: text
    for wrong in ("SEARCH_SHARD_SIZE", "shard=3", "=3"):
        with pytest.raises(ValueError, match="SEARCH_SHARD_SIZE=400"):
            bench.parse_settings([wrong], known)
    with pytest.raises(ValueError, match="có phải ý bạn là SEARCH_SHARD_SIZE"):
        bench.parse_settings(["SEARCH_SHARDS_SIZE=400"], known)  # misspelt: the bench would measure the default
    with pytest.raises(ValueError, match="bench tự đặt"):
        bench.parse_settings(["CACHE_PATH=/tmp/x"], known)
