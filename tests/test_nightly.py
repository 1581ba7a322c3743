"""The nightly build end to end: it publishes, or it leaves the live site exactly as it was."""

import gzip
import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import CLOCK, article, snapshot, tree
from site_build.nightly import EXIT_BUILD, EXIT_BUSY, EXIT_CONTENT, EXIT_OK, EXIT_VERIFY, NightlyOptions, run_nightly
from site_build.release_index import index_path
from site_build.releases import Releases, ReleasesBusy
from site_build.settings import PUBLISH, ROOT, load_settings


def nightly(site, deploy, **options):
    options.setdefault("clock", CLOCK)
    options["overrides"] = {"CACHE_PATH": str(site.cache), **options.get("overrides", {})}
    return run_nightly(NightlyOptions(site.content, deploy, **options))


@pytest.fixture
def deploy(tmp_path):
    return tmp_path / "www"


@pytest.fixture
def live_site(site, deploy):
    site.write({f"2026/tin-{n}.md": article(f"Tin số {n}", date=f"2026-05-0{n} 08:00") for n in range(1, 6)})
    run = nightly(site, deploy)
    assert run.exit_code == EXIT_OK, run.report
    return site


def test_success_switches_the_link_and_writes_a_report(live_site, deploy):
    assert deploy.is_symlink()
    assert (deploy / "2026/05/tin-so-1/index.html").is_file()
    report = json.loads((Releases(deploy).root / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "ok"
    assert report["articles"]["total"] == 5
    assert report["articles"]["by_kind"] == {"tin": 5}
    assert report["articles"]["by_campaign"] == {"thang-cong-nhan": 5}
    assert report["articles"]["by_unit"] == {"ban-to-chuc": 5}
    assert "/2026/05/tin-so-1/" in report["urls"]["new"] and report["urls"]["removed"] == []
    assert set(report["durations"]) == {"validate", "build", "verify", "switch"}


def test_the_report_lists_the_pages_added_and_removed_since_the_live_release(live_site, deploy):
    (live_site.content / "2026/tin-5.md").unlink()
    live_site.write({"2026/tin-6.md": article("Tin số 6", date="2026-05-06 08:00")})
    run = nightly(live_site, deploy, allow_shrink=True)
    assert run.exit_code == EXIT_OK, run.report
    assert "/2026/05/tin-so-6/" in run.report["urls"]["new"]
    assert "/2026/05/tin-so-5/" in run.report["urls"]["removed"]
    assert "/2026/05/tin-so-1/" not in run.report["urls"]["new"] + run.report["urls"]["removed"]


def test_two_runs_on_the_same_content_give_byte_identical_sites(live_site, deploy):
    first = deploy.resolve()
    feeds = json.loads((Releases(deploy).root / "build-report.json").read_text(encoding="utf-8"))["verified"]["feeds"]
    run = nightly(live_site, deploy)
    assert run.exit_code == EXIT_OK
    verified = run.report["verified"]
    assert verified["parsed"] < verified["pages"], "pages identical to the live ones are not parsed again"
    assert verified["feeds"] == feeds, "an unchanged sitemap is not counted as a feed"
    second = deploy.resolve()
    assert first != second and first.is_dir(), "the previous release is kept"
    assert snapshot(first) == snapshot(second)


def test_a_cache_restored_as_a_copy_gives_the_same_site_and_spares_unchanged_pages(live_site, deploy, tmp_path):
    """CI restores the cache folder as a copy: no new page is a hard link to a live one, and
    pages made from the live release's keys are still not parsed again."""
    restored = tmp_path / "restored-cache"
    shutil.copytree(live_site.cache, restored)
    live_site.write({"2026/tin-1.md": article("Tin số 1", date="2026-05-01 08:00", body="Nội dung đã sửa.")})
    run = nightly(live_site, deploy, overrides={"CACHE_PATH": str(restored)})
    assert run.exit_code == EXIT_OK, run.report
    verified = run.report["verified"]
    assert verified["parsed"] < verified["pages"] / 2, verified
    cold = tmp_path / "cold"
    assert nightly(live_site, cold, overrides={"CACHE_PATH": str(tmp_path / "empty-cache")}).exit_code == EXIT_OK
    assert snapshot(deploy) == snapshot(cold)
    assert "Nội dung đã sửa." in (deploy / "2026/05/tin-so-1/index.html").read_text(encoding="utf-8")


def test_a_machine_without_the_releases_verifies_again_only_what_the_restored_cache_did_not(live_site, tmp_path):
    """A GitHub-hosted runner starts each night with the cache restored and no deploy folder:
    the copy of the last verification in the cache spares the unchanged pages there too."""
    restored = tmp_path / "restored-cache"
    shutil.copytree(live_site.cache, restored)
    live_site.write({"2026/tin-1.md": article("Tin số 1", date="2026-05-01 08:00", body="Nội dung đã sửa.")})
    runner = tmp_path / "runner" / "www"

    run = nightly(live_site, runner, overrides={"CACHE_PATH": str(restored)})

    assert run.exit_code == EXIT_OK, run.report
    verified = run.report["verified"]
    assert 0 < verified["parsed"] < verified["pages"], verified  # (the edit is on most pages of 5 articles)
    cold = tmp_path / "cold"
    assert nightly(live_site, cold, overrides={"CACHE_PATH": str(tmp_path / "empty-cache")}).exit_code == EXIT_OK
    assert snapshot(runner) == snapshot(cold)
    assert run.report["urls"] == {"new": [], "removed": []}  # against the last publication, kept in the cache


def test_a_live_release_without_its_indexes_is_verified_with_the_cache_copy(live_site, deploy):
    (Releases(deploy).root / "bao-cao" / f"{deploy.resolve().name}.links.pickle.gz").unlink()
    live_site.write({"2026/tin-1.md": article("Tin số 1", date="2026-05-01 08:00", body="Nội dung đã sửa.")})

    run = nightly(live_site, deploy)

    assert run.exit_code == EXIT_OK, run.report
    assert 0 < run.report["verified"]["parsed"] < run.report["verified"]["pages"]


def test_a_machine_without_the_releases_still_refuses_a_site_that_lost_most_articles(live_site, tmp_path):
    """The number of articles last published is kept in the cache: a runner that restores
    only the cache compares the new build with it, as a machine with the releases does."""
    restored = tmp_path / "restored-cache"
    shutil.copytree(live_site.cache, restored)
    for n in range(1, 5):
        (live_site.content / f"2026/tin-{n}.md").unlink()
    runner = tmp_path / "runner" / "www"

    run = nightly(live_site, runner, overrides={"CACHE_PATH": str(restored)})

    assert run.exit_code == EXIT_VERIFY and "số bài giảm từ 5 xuống 1" in run.report["errors"][0]
    assert not runner.exists()
    assert nightly(live_site, runner, allow_shrink=True, overrides={"CACHE_PATH": str(restored)}).exit_code == EXIT_OK
    shutil.rmtree(runner.parent)
    live_site.write({"2026/tin-6.md": article("Tin số 6", date="2026-05-06 08:00")})
    assert nightly(live_site, runner, overrides={"CACHE_PATH": str(restored)}).exit_code == EXIT_OK  # 2 against 1


def test_the_cache_of_another_site_is_not_held_against_this_one(live_site, tmp_path):
    restored = tmp_path / "restored-cache"
    shutil.copytree(live_site.cache, restored)
    for n in range(1, 5):
        (live_site.content / f"2026/tin-{n}.md").unlink()

    run = nightly(live_site, tmp_path / "runner" / "www", overrides={"CACHE_PATH": str(restored),
                                                                     "SITEURL": "https://khac.example"})

    assert run.exit_code == EXIT_OK, run.report  # 1 article, but not against the other site's 5
    assert run.report["verified"]["parsed"] == run.report["verified"]["pages"]


def test_the_links_kept_in_the_cache_are_checked_against_the_new_build(live_site, tmp_path):
    from site_build.release_index import cached_index_path, read_links, write_links

    restored = tmp_path / "restored-cache"
    shutil.copytree(live_site.cache, restored)
    links = read_links(cached_index_path(restored, "links"))
    assert "index.html" in links
    links["index.html"] = {**links["index.html"], "khong-co/index.html": "<a> /khong-co/"}
    write_links(cached_index_path(restored, "links"), links)

    run = nightly(live_site, tmp_path / "runner" / "www", overrides={"CACHE_PATH": str(restored)})

    assert run.exit_code == EXIT_VERIFY  # the front page was not parsed again: its kept links were checked
    assert any(problem.startswith("index.html: <a> /khong-co/") for problem in run.report["errors"])


@pytest.mark.parametrize("damage", [b"not gzip", b"", gzip.compress(b"\x80\x05not a pickle"),
                                    gzip.compress(pickle.dumps({"format": 2, "pages": {}}))],
                         ids=["damaged", "empty", "damaged-inside", "older-format"])
def test_a_damaged_link_index_means_every_page_is_verified_again(live_site, deploy, damage):
    from site_build.release_index import cached_index_path

    releases = Releases(deploy)
    for index in (index_path(releases.root / "bao-cao", deploy.resolve().name, "links"),
                  cached_index_path(live_site.cache, "links")):  # the release's, and its copy in the cache
        assert index.is_file()
        index.write_bytes(damage)
    run = nightly(live_site, deploy)
    assert run.exit_code == EXIT_OK, run.report
    assert run.report["verified"]["parsed"] == run.report["verified"]["pages"]


def test_a_content_error_leaves_the_live_site_untouched(live_site, deploy):
    live, before = deploy.resolve(), snapshot(deploy)
    live_site.write({"2026/loi.md": article("Bài lỗi", unit="khong-co")})
    run = nightly(live_site, deploy)
    assert run.exit_code == EXIT_CONTENT
    assert any("loi.md:3: unit" in error for error in run.report["errors"])
    assert deploy.resolve() == live and snapshot(deploy) == before
    assert len([p for p in Releases(deploy).root.iterdir() if p.is_dir() and p.name != "bao-cao"]) == 1


def test_a_verification_failure_leaves_the_live_site_untouched(live_site, deploy, tmp_path):
    live, before = deploy.resolve(), snapshot(deploy)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</main>", '<a href="{{ SITEURL }}/khong-ton-tai/">hỏng</a></main>'), encoding="utf-8")
    run = nightly(live_site, deploy, overrides={"THEME": str(theme)})
    assert run.exit_code == EXIT_VERIFY
    assert any("khong-ton-tai" in problem for problem in run.report["errors"])
    assert deploy.resolve() == live and snapshot(deploy) == before


def test_many_vanished_articles_need_allow_shrink(live_site, deploy):
    for n in range(1, 5):
        (live_site.content / f"2026/tin-{n}.md").unlink()
    live = deploy.resolve()
    run = nightly(live_site, deploy)
    assert run.exit_code == EXIT_VERIFY and "--allow-shrink" in run.report["errors"][0]
    assert deploy.resolve() == live
    assert nightly(live_site, deploy, allow_shrink=True).exit_code == EXIT_OK
    assert not (deploy / "2026/05/tin-so-1").exists()


def test_an_article_dated_tomorrow_appears_once_its_time_comes(live_site, deploy):
    live_site.write({"2026/mai.md": article("Bài sáng mai", date="2026-11-22 07:00")})
    assert nightly(live_site, deploy).exit_code == EXIT_OK
    assert not (deploy / "2026/11/bai-sang-mai").exists()
    run = nightly(live_site, deploy, clock="2026-11-22 07:05")
    assert run.exit_code == EXIT_OK
    assert (deploy / "2026/11/bai-sang-mai/index.html").exists()
    assert "/2026/11/bai-sang-mai/" in run.report["urls"]["new"]


def test_rollback_serves_the_previous_release(live_site, deploy):
    first = deploy.resolve()
    live_site.write({"2026/moi.md": article("Bài mới", date="2026-06-01 08:00")})
    assert nightly(live_site, deploy).exit_code == EXIT_OK
    assert (deploy / "2026/06/bai-moi/index.html").exists()
    result = subprocess.run([sys.executable, "-m", "invoke", "rollback", "--deploy-dir", str(deploy)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert deploy.resolve() == first
    assert not (deploy / "2026/06/bai-moi").exists()


def test_releases_beyond_keep_are_deleted_by_the_next_run_never_the_live_one(live_site, deploy):
    releases = Releases(deploy)
    first = deploy.resolve()
    assert nightly(live_site, deploy, keep=1).exit_code == EXIT_OK
    second = deploy.resolve()
    assert releases.history() == [second.name]
    assert first.is_dir() and releases.retired() == [first]  # left for the next run

    run = nightly(live_site, deploy, keep=1)

    assert run.exit_code == EXIT_OK and run.report["deleted_releases"] == [first.name]
    assert not first.exists() and second.is_dir() and releases.retired() == [second]
    assert releases.history() == [deploy.resolve().name]
    failed = nightly(live_site.write({"2026/hong.md": article("Lỗi", unit="khong-co")}), deploy, keep=1)
    assert failed.exit_code == EXIT_CONTENT and not second.exists()  # deleted even when the run fails
    assert deploy.resolve().is_dir() and releases.retired() == []


def test_a_retired_release_folder_is_rebuilt_into_as_a_fresh_one_would_be(live_site, deploy, tmp_path):
    """The newest retired release becomes the next release's folder (its folders are kept,
    not deleted and made again): nothing of the old build survives, empty folders included,
    and the live release it shares files with is not changed by a byte."""
    releases = Releases(deploy)
    live_site.write({"2026/tin-6.md": article("Tin số 6", date="2026-05-06 08:00")})
    assert nightly(live_site, deploy, keep=1).exit_code == EXIT_OK
    retired, live = releases.retired()[0], deploy.resolve()
    (retired / "rac/cu").mkdir(parents=True)  # whatever an old build or a person left there
    (retired / "rac/cu/trang.html").write_text("cũ", encoding="utf-8")
    (retired / "lien-ket").symlink_to(live / "2026")  # followed, it would empty the live site
    (live_site.content / "2026/tin-5.md").unlink()
    live_site.write({"2026/tin-7.md": article("Tin số 7", date="2026-05-07 08:00", body="Mới.")})
    live_before = snapshot(live)

    run = nightly(live_site, deploy, keep=1, allow_shrink=True)

    assert run.exit_code == EXIT_OK, run.report
    assert run.report["reused_release_folder"] == retired.name and not retired.exists()
    assert run.report["deleted_releases"] == [retired.name]
    fresh = tmp_path / "fresh"
    assert nightly(live_site, fresh, overrides={"CACHE_PATH": str(tmp_path / "fresh-cache")}).exit_code == EXIT_OK
    assert tree(deploy.resolve()) == tree(fresh.resolve())
    assert snapshot(deploy) == snapshot(fresh)
    assert "2026/05/tin-so-5/" not in tree(deploy.resolve())
    assert snapshot(live) == live_before


def test_a_retired_release_that_cannot_be_cleared_is_not_published(live_site, deploy, monkeypatch):
    from content_model import output_folders

    def fail(root, keep):
        raise PermissionError(f"{root}: không có quyền xoá")

    assert nightly(live_site, deploy, keep=1).exit_code == EXIT_OK
    live, before = deploy.resolve(), snapshot(deploy)
    monkeypatch.setattr(output_folders, "clear_old_build", fail)
    live_site.write({"2026/tin-6.md": article("Tin số 6", date="2026-05-06 08:00")})

    run = nightly(live_site, deploy, keep=1)

    assert run.exit_code == EXIT_BUILD and "không xoá được bản dựng cũ" in run.report["errors"][0]
    assert deploy.resolve() == live and snapshot(deploy) == before
    assert Releases(deploy).retired() == []  # the half-cleared folder is gone


def test_a_second_run_while_one_is_running_changes_nothing(live_site, deploy):
    live = deploy.resolve()
    releases = Releases(deploy)
    before = sorted(path.name for path in releases.root.iterdir())
    live_site.write({"2026/moi.md": article("Bài mới", date="2026-06-01 08:00")})

    with releases.locked():  # a nightly in progress
        run = nightly(live_site, deploy)
        with pytest.raises(ReleasesBusy):
            releases.rollback()

    assert run.exit_code == EXIT_BUSY and run.report["status"] == "busy"
    assert "đang dùng" in run.report["errors"][0]
    assert deploy.resolve() == live and not (deploy / "2026/06/bai-moi").exists()
    after = sorted(path.name for path in releases.root.iterdir() if path.suffix != ".lock")
    assert [name for name in after if name not in before] == []  # no release folder was made
    assert nightly(live_site, deploy).exit_code == EXIT_OK  # once the first run is over


def test_a_plain_folder_is_adopted_as_the_first_release(site, deploy):
    deploy.mkdir()
    (deploy / "cu.html").write_text("bản cũ", encoding="utf-8")
    site.write({"2026/a.md": article("Bài một")})
    assert nightly(site, deploy).exit_code == EXIT_OK
    assert deploy.is_symlink() and not (deploy / "cu.html").exists()
    Releases(deploy).rollback()
    assert (deploy / "cu.html").read_text(encoding="utf-8") == "bản cũ"


def test_invoke_nightly_exit_codes(site, deploy):
    site.write({"2026/a.md": article("Bài một")})
    command = [sys.executable, "-m", "invoke", "nightly", "--deploy-dir", str(deploy),
               "--content", str(site.content), "--clock", CLOCK]
    ok = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Đã đăng bản" in ok.stdout and "1 bài" in ok.stdout
    site.write({"2026/b.md": article("Bài hai", kind="sai")})
    bad = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 1 and "b.md:5: kind" in bad.stderr and "Traceback" not in bad.stderr


def test_site_files_are_listed_as_os_walk_would(tmp_path):
    from site_build.verify import site_files

    site = tmp_path / "site"
    (site / "a/b").mkdir(parents=True)
    (site / "index.html").write_text("x")
    (site / "a/b/c.html").write_text("x")
    (site / "lien-ket").symlink_to(site / "a")  # a link to a folder: not followed
    (site / "anh.jpg").symlink_to(site / "index.html")  # a link to a file: a file
    expected = {os.path.relpath(os.path.join(folder, name), site).replace(os.sep, "/")
                for folder, _, files in os.walk(site) for name in files}
    assert site_files(site) == expected == {"index.html", "a/b/c.html", "anh.jpg"}
    assert site_files(tmp_path / "khong-co") == set()  # a live release that is gone


def test_verification_of_unchanged_pages_still_finds_links_to_removed_files(tmp_path):
    from site_build.verify import verify_pages

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="/a/">A</a> <img src="/anh.jpg" alt="">', encoding="utf-8")
    (site / "a/index.html").write_text('<a href="/">home</a>', encoding="utf-8")
    fresh = verify_pages(site, "")
    assert fresh.problems == ["index.html: <img> /anh.jpg (không có)"]
    known = {"index.html": {"a/index.html": "<a> /a/"}, "a/index.html": {"index.html": "<a> /"}}
    assert verify_pages(site, "", unchanged=known).problems == []  # not parsed again
    (site / "a/index.html").unlink()
    (site / "a").rmdir()
    result = verify_pages(site, "", unchanged=known)
    assert result.problems == ["index.html: <a> /a/ (không có)"]


def test_verification_resolves_every_form_of_link_like_a_browser(tmp_path):
    from site_build.verify import verify_pages

    site = tmp_path / "site"
    (site / "tin/bai").mkdir(parents=True)
    (site / "tin/anh.jpg").write_bytes(b"jpg")
    (site / "index.html").write_text("<p>trang chủ</p>", encoding="utf-8")
    (site / "tin/index.html").write_text("<p>tin</p>", encoding="utf-8")
    links = ['../anh.jpg', 'https://lien-doan.example/tin/', '/tin//anh.jpg', '../../?trang=2#dau',
             '//lien-doan.example/', 'https://khac.example/x', 'mailto:a@b.vn', '#noi-dung', 'thieu.html',
             '/tin/../khong-co/', 'https://lien-doan.example/tin/anh.jpg?v=1']
    (site / "tin/bai/index.html").write_text("".join(f'<a href="{link}">x</a>' for link in links)
                                             + '<img srcset="../anh.jpg 480w, ../to.jpg 960w" alt="">',
                                             encoding="utf-8")
    result = verify_pages(site, "https://lien-doan.example")
    assert sorted(result.problems) == ["tin/bai/index.html: <a> /tin/../khong-co/ (không có)",
                                       "tin/bai/index.html: <a> thieu.html (không có)",
                                       "tin/bai/index.html: <img> ../to.jpg (không có)"]
    assert set(result.targets["tin/bai/index.html"]) == {
        "tin/anh.jpg", "tin/index.html", "index.html", "tin/bai/thieu.html", "khong-co/index.html", "tin/to.jpg"}


ATOM_ENTRY = "<entry><id>tag:x,2026:1</id><title>Tin</title><updated>2026-05-01T08:00:00+07:00</updated>{link}</entry>"
ATOM = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x,2026:f</id>'
        "<title>Tin tức</title><updated>2026-05-01T08:00:00+07:00</updated>{entries}</feed>")
RSS = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin tức</title>'
       "<link>https://x.example/</link><description>Tin</description>{items}</channel></rss>")
RSS_ITEM = "<item><title>Tin</title><link>https://x.example/a/</link><guid>{guid}</guid></item>"


@pytest.mark.parametrize("text, problems", [
    (ATOM.format(entries=ATOM_ENTRY.format(link='<link href="https://x.example/a/"/>') * 2), []),
    (ATOM.format(entries=ATOM_ENTRY.format(link='<link href="https://x.example/a/"/>')
                 + ATOM_ENTRY.format(link="")), ["mục thứ 2 thiếu <link>"]),
    (ATOM.format(entries="").replace("<title>Tin tức</title>", "<title> </title>"), ["nguồn tin thiếu <title>"]),
    (RSS.format(items=RSS_ITEM.format(guid="https://x.example/a/")), []),
    (RSS.format(items=RSS_ITEM.format(guid="")), ["mục thứ 1 thiếu <guid>"]),
    (RSS.format(items=RSS_ITEM.format(guid="a\x01b")), ["XML hỏng"]),  # a control character
    (ATOM.format(entries="")[:-20], ["XML hỏng"]),  # cut short
    ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', []),
])
def test_feeds_are_checked_for_what_every_reader_needs(tmp_path, text, problems):
    from site_build.verify import Verification, verify_feeds

    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds/tin.xml").write_text(text, encoding="utf-8")
    found = verify_feeds(tmp_path, Verification()).problems
    assert [problem.split(" (")[0] for problem in found] == [f"feeds/tin.xml: {problem}" for problem in problems]


def test_a_broken_feed_leaves_the_live_site_untouched(live_site, deploy, tmp_path):
    """A feed that no reader could read (here a plugin's, with an entry lacking its link) is
    never published."""
    live, before = deploy.resolve(), snapshot(deploy)
    plugin = tmp_path / "plugins/feed_breaker.py"
    plugin.parent.mkdir()
    plugin.write_text(textwrap.dedent(f"""
        import re
        from pathlib import Path
        from pelican import signals

        def drop_first_entry_link(pelican):
            if not pelican.output_path.startswith({str(deploy.parent)!r}):
                return  # (signals outlive the test: never another test's build)
            feed = Path(pelican.output_path) / "feeds/tat-ca.atom.xml"
            text = feed.read_text(encoding="utf-8")
            feed.unlink()  # a hard link to the feed store: never written through
            head, entries = text.split("<entry>", 1)
            feed.write_text(head + "<entry>" + re.sub(r"<link [^>]*/>", "", entries, count=1), encoding="utf-8")

        def register():
            signals.finalized.connect(drop_first_entry_link)
    """), encoding="utf-8")
    settings = load_settings(PUBLISH, live_site.content, tmp_path / "unused")
    overrides = {"PLUGIN_PATHS": [*settings["PLUGIN_PATHS"], str(plugin.parent)],
                 "PLUGINS": [*settings["PLUGINS"], "feed_breaker"]}
    try:
        run = nightly(live_site, deploy, overrides=overrides)
    finally:
        from pelican import signals

        signals.finalized.disconnect(sys.modules["feed_breaker"].drop_first_entry_link)
    assert run.exit_code == EXIT_VERIFY, run.report
    assert any(problem.startswith("feeds/tat-ca.atom.xml: mục thứ 1 thiếu <link>") for problem in run.report["errors"])
    assert deploy.resolve() == live and snapshot(deploy) == before


@pytest.mark.parametrize("task", ["nightly", "rollback"])
def test_asking_a_deploy_task_for_help_deploys_nothing(task):
    """Invoke gives ``invoke nightly --help`` "--help" as the deploy folder (a required
    argument): the task says how to get its help and makes no folder."""
    result = subprocess.run([sys.executable, "-m", "invoke", task, "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 64
    assert f"invoke --help {task}" in result.stderr
    assert not (ROOT / "--help").exists() and not (ROOT / "--help.releases").exists()
