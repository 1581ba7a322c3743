"""The source cache: what it gives back, and what it refuses."""

from core.test_registry import GOOD_UNITS, load
from union_core.issues import IssueLog
from union_core.reading import ReadJob, SourceCache, read_all

SECOND_UNIT = """
[[unit]]
slug = "ban-nu-cong"
name = "Ban Nữ công"
group = "ban"
"""
ARTICLE = """\
title: Hội nghị tổng kết
date: 2026-05-01 08:30
unit: ban-to-chuc, ban-nu-cong
campaign: thang-cong-nhan
kind: tin

Nội dung bài viết.
"""


def registries(root, units=GOOD_UNITS + SECOND_UNIT):
    """The registries of ``root``/data, loaded anew (as each run loads them)."""
    loaded, log = load(root, units=units)
    assert not log.errors
    return loaded


def read(root, loaded, cache_file):
    log, stats, path = IssueLog(), {}, root / "2026" / "hoi-nghi.md"
    cache = SourceCache(cache_file, "the same code and settings", root, loaded)
    sources = read_all([(path, "article")], ReadJob(root, loaded, {}), log, cache, processes=1, stats=stats)
    return sources.get(path), log, stats


def test_a_cached_source_names_the_registries_own_unit_and_campaign_records(tmp_path):
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "hoi-nghi.md").write_text(ARTICLE, encoding="utf-8")
    cache_file = tmp_path / "cache" / "sources.sqlite"
    first, _, stats = read(tmp_path, registries(tmp_path), cache_file)
    assert stats == {"cached": 0, "read": 1}

    again = registries(tmp_path)  # a new run: the registries are loaded anew
    source, log, stats = read(tmp_path, again, cache_file)
    assert stats == {"cached": 1, "read": 0} and not log.errors
    assert [u.slug for u in source.fields["unit"]] == ["ban-to-chuc", "ban-nu-cong"]
    assert source.fields["unit"][0] is again.units.get("ban-to-chuc")
    assert source.fields["unit"][1] is again.units.get("ban-nu-cong")
    assert source.fields["campaign"][0] is again.campaigns.get("thang-cong-nhan")
    assert source.fields == first.fields and source.rendered.html == first.rendered.html


def test_a_cached_source_naming_a_unit_the_registries_lack_is_read_again(tmp_path):
    """The fingerprint holds the data folder, so this is a damaged cache: a miss, not a crash."""
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "hoi-nghi.md").write_text(ARTICLE, encoding="utf-8")
    cache_file = tmp_path / "cache" / "sources.sqlite"
    read(tmp_path, registries(tmp_path), cache_file)

    source, log, stats = read(tmp_path, registries(tmp_path, GOOD_UNITS), cache_file)
    assert stats == {"cached": 0, "read": 1}
    assert [issue.field for issue in log.errors] == ["unit"]
    assert "ban-nu-cong" in log.errors[0].message
