"""``invoke nightly``: validate, build, verify, switch atomically, report; never a broken site.

Exit codes: 0 published; 1 content errors; 2 the new build failed verification; 3 the build
itself failed; 4 another run was using the deploy folder. On any failure the live site is left
exactly as it was.
"""

import filecmp
import json
import os
import shutil
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from content_model.output_folders import RECYCLED
from content_model.report import ContentErrors
from union_core.files import delete_trees, in_background, relative_posix, url_of_file, write_whole
from union_core.publishing import build_clock

from .release_index import (cached_index_path, index_path, keep_publication, last_publication, read_keys, read_links,
                            write_keys, write_links)
from .releases import REPORTS, Releases, ReleasesBusy
from .runner import run_pelican
from .settings import PUBLISH, load_settings
from .verify import site_files, verify_feeds, verify_pages

EXIT_OK, EXIT_CONTENT, EXIT_VERIFY, EXIT_BUILD, EXIT_BUSY = 0, 1, 2, 3, 4


@dataclass
class NightlyOptions:
    content: Path
    deploy_dir: Path
    settings_file: Path = PUBLISH
    clock: str | None = None
    allow_shrink: bool = False
    max_shrink: float = 0.1  # refuse a build with 10 % fewer articles than the live one
    keep: int = 3  # releases kept for rollback
    overrides: dict = field(default_factory=dict)


@dataclass
class NightlyRun:
    options: NightlyOptions
    report: dict = field(default_factory=dict)
    exit_code: int = EXIT_OK
    page_keys: dict = field(default_factory=dict)  # page of the new release → key of its contents
    cache: Path | None = None  # the build's CACHE_PATH

    @contextmanager
    def phase(self, name: str, label: str):
        """Time a phase, printing a plain line (or a spinner on a terminal) while it runs."""
        started = time.perf_counter()
        if sys.stdout.isatty():
            from rich.console import Console

            with Console().status(f"{label}…"):
                yield
        else:
            print(f"{label}…", flush=True)
            yield
        seconds = time.perf_counter() - started
        self.report["durations"][name] = round(seconds, 3)
        print(f"  xong sau {seconds:.1f} giây", flush=True)

    def fail(self, code: int, status: str, problems) -> "NightlyRun":
        self.exit_code = code
        self.report["status"] = status
        self.report["errors"] = list(problems)
        return self


def page_urls(files: set[str]) -> set[str]:
    """The URLs of the pages among a site's files (``site_files``)."""
    return {"/" + url_of_file(name) for name in files if name.endswith(".html")}


def article_counts(articles) -> dict:
    return {
        "total": len(articles),
        "by_kind": dict(sorted(Counter(a.kind for a in articles).items())),
        "by_campaign": dict(sorted(Counter(c.slug for a in articles for c in a.campaigns).items())),
        "by_unit": dict(sorted(Counter(a.unit.slug for a in articles).items())),
    }


def reuse_figures(settings, model) -> dict:
    """What the build's caches saved: sources read or cached, pages rendered or copied…"""
    figures = {"sources": dict(model.read_stats)}
    for name, key in (("pages", "UNION_WRITER"), ("feeds", "UNION_FEEDS"),
                      ("search_shards", "SEARCH_INDEX_STATE"), ("images", "RESPONSIVE_IMAGES_RUN")):
        state = settings.get(key)
        stats = getattr(state, "stats", None) or getattr(state, "counts", None)
        if stats is not None:
            figures[name] = dict(stats)
    return figures


def live_report(releases: Releases) -> dict:
    """The report of the release being served, if it was deployed by a nightly run."""
    live = releases.live()
    report = releases.root / REPORTS / f"{live.name}.json" if live else None
    return json.loads(report.read_text(encoding="utf-8")) if report and report.exists() else {}


def published_total(run: "NightlyRun", releases: Releases) -> int | None:
    """The number of articles of the site being served: its report's, else (a machine
    without the releases, or a served folder no nightly deployed) the last publication's
    this cache saw."""
    total = live_report(releases).get("articles", {}).get("total")
    if total is None and run.cache is not None:
        total = last_publication(run.cache, run.report.get("site_url", "")).get("articles")
    return total


def run_nightly(options: NightlyOptions) -> NightlyRun:
    releases = Releases(Path(options.deploy_dir).absolute())
    now = build_clock(options.clock)
    release_name = f"{now:%Y%m%d-%H%M%S}-{time.time_ns() % 10**6:06d}"
    run = NightlyRun(options, {"status": "running", "release": release_name, "clock": now.isoformat(),
                               "content": str(Path(options.content).resolve()), "durations": {},
                               "warnings": [], "errors": []})
    try:
        with releases.locked():
            _run_phases(run, releases, release_name, now)
    except ReleasesBusy as busy:
        print(busy, file=sys.stderr)
        run.fail(EXIT_BUSY, "busy", [str(busy)])
    finally:
        _write_report(run, releases)
    return run


def _run_phases(run: NightlyRun, releases: Releases, release_name: str, now) -> None:
    """Validation is the first half of the build itself (every source read and checked by the
    same code, refusing before a single file is written), so the content is read once.
    The newest release retired by earlier runs becomes the new release's folder (its files
    replaced, its folders reused); the others are deleted meanwhile, by a process of their own."""
    options = run.options
    overrides = {**options.overrides, "BUILD_CLOCK": now.isoformat()}
    retired = releases.retired()
    release = releases.new_release_dir(release_name)
    recycled = releases.recycle(retired, release)
    if recycled is not None:
        overrides[RECYCLED] = True
        run.report["reused_release_folder"] = recycled.name
    deleter = in_background(delete_trees, [path for path in retired if path != recycled], name="delete-retired")
    try:
        files = _build(run, release, overrides) and _verify(run, release, releases)
        if not files:
            shutil.rmtree(release, ignore_errors=True)
            return
        _switch(run, release, releases, files)
    finally:
        if deleter is not None:
            deleter.join()
        run.report["deleted_releases"] = [path.name for path in retired if not path.exists()]
        run.report["warnings"] += [f"không xoá được bản cũ {path} (thử lại lần chạy sau)"
                                   for path in retired if path.exists()]


def _switch(run: NightlyRun, release: Path, releases: Releases, files: tuple[set, set]) -> None:
    """``files``: the new release's files and the live release's pages."""
    new_files, live_pages = files
    with run.phase("switch", "4/4 Chuyển trang đang chạy sang bản mới"):
        releases.switch_to(release, keep=run.options.keep)
        _keep_publication(run, releases, release)
        kept = set(releases.history())
        for index in (releases.root / REPORTS).glob("*.gz"):  # link and key indexes (and older formats)
            if index.name.split(".")[0] not in kept:
                index.unlink()
    new_urls, live_urls = page_urls(new_files), page_urls(live_pages)
    run.report["urls"] = {"new": sorted(new_urls - live_urls), "removed": sorted(live_urls - new_urls)}
    run.report["status"] = "ok"


def _build(run: NightlyRun, release: Path, overrides: dict) -> bool:
    options = run.options
    print("1/4 Kiểm tra nội dung, rồi 2/4 xây dựng trang (publishconf.py)…", flush=True)
    started = time.perf_counter()
    try:
        settings = load_settings(options.settings_file, options.content, release, **overrides)
        model = run_pelican(settings)
    except ContentErrors as stop:
        run.report["durations"]["validate"] = round(time.perf_counter() - started, 3)
        run.fail(EXIT_CONTENT, "content-errors", (i.format() for i in (stop.log.errors if stop.log else [])))
        return False
    except Exception as error:  # a bug or a broken theme: the live site must stay as it is
        run.fail(EXIT_BUILD, "build-failed", [f"{type(error).__name__}: {error}"])
        return False
    ended = time.perf_counter()
    run.report["durations"]["validate"] = round(model.checked_at - started, 3)
    run.report["durations"]["build"] = round(ended - model.checked_at, 3)
    print(f"  kiểm tra xong sau {model.checked_at - started:.1f} giây, xây dựng xong sau "
          f"{ended - model.checked_at:.1f} giây", flush=True)
    run.report["warnings"] = [issue.format() for issue in model.log.warnings]
    run.report["articles"] = article_counts(model.published_articles)
    run.report["reused"] = reuse_figures(settings, model)
    run.report["pages"] = model.published.get("page", 0)
    run.report["site_url"] = settings["SITEURL"]
    writer = settings.get("UNION_WRITER")
    run.page_keys = {relative_posix(path, release): key for path, key in getattr(writer, "page_keys", {}).items()}
    run.cache = Path(settings["CACHE_PATH"]) if settings.get("CACHE_PATH") else None
    return True


def _unchanged_pages(run: NightlyRun, release: Path, compare_with: Path | None, known: dict, known_keys: dict) -> dict:
    """Pages identical to those of the build the indexes describe, with the link targets
    verified for them then.

    A page made from the same key as then (same templates, code, settings and items: see
    ``content_model.page_keys``) has the same bytes, as the page store assumes; the others are
    compared byte by byte with that build's pages (or found to be one hard-linked file) when
    it is on disk (``compare_with``: the live release)."""
    unchanged = {}
    for relative, targets in known.items():
        key = run.page_keys.get(relative)
        if key is not None and known_keys.get(relative) == key:
            unchanged[relative] = targets
            continue
        if compare_with is None:
            continue
        new, old = release / relative, compare_with / relative
        if new.is_file() and old.is_file() and (os.path.samefile(new, old) or filecmp.cmp(new, old, shallow=False)):
            unchanged[relative] = targets
    return unchanged


def _indexes(run: NightlyRun, reports: Path, live: Path | None) -> tuple[dict, dict, Path | None]:
    """The link index and the key index to skip unchanged pages with, and the release whose
    pages they describe if it is on disk: the live release's, else the cache's copy of the
    last publication (a machine without the releases, or a live release without indexes)."""
    live_links = read_links(index_path(reports, live.name, "links")) if live else {}
    if live_links:
        return live_links, read_keys(index_path(reports, live.name, "keys")), live
    if run.cache is None or not last_publication(run.cache, run.report.get("site_url", "")):
        return {}, {}, None
    return read_links(cached_index_path(run.cache, "links")), read_keys(cached_index_path(run.cache, "keys")), None


def _keep_publication(run: NightlyRun, releases: Releases, release: Path) -> None:
    """The cache keeps what a machine without the releases needs of this publication; a
    failure to write it costs the next such run time, never this publication."""
    if run.cache is None:
        return
    try:
        keep_publication(run.cache, releases.root / REPORTS, release.name, run.report["articles"]["total"],
                         run.report.get("site_url", ""))
    except OSError as error:
        run.report["warnings"].append(f"không lưu được bản xuất bản vào bộ nhớ đệm ({error})")


def _verify(run: NightlyRun, release: Path, releases: Releases) -> tuple[set, set] | None:
    """Verify the new release; its files and the live release's pages (from the link index
    written when the live release was verified; its folder is walked only without one), or
    None when it must not go live."""
    reports = releases.root / REPORTS
    with run.phase("verify", "3/4 Kiểm tra bản mới (liên kết, ảnh, nguồn tin)"):
        live = releases.live()
        known, keys, compare_with = _indexes(run, reports, live)
        unchanged = _unchanged_pages(run, release, compare_with, known, keys) if known else {}
        new_files = site_files(release)
        # the pages served now: the live release's, else the last publication's (a hosted runner)
        live_pages = set(known) if compare_with is not None or live is None else site_files(live)
        pages = verify_pages(release, run.report.get("site_url", ""), unchanged, new_files)
        verification = verify_feeds(release, pages, live, new_files)
    write_links(index_path(reports, release.name, "links"), verification.targets)
    write_keys(index_path(reports, release.name, "keys"), run.page_keys)
    run.report["verified"] = {"pages": verification.pages, "parsed": verification.pages - len(unchanged),
                              "feeds": verification.feeds}
    problems = list(verification.problems)
    live_total = published_total(run, releases)
    new_total = run.report["articles"]["total"]
    if live_total and not run.options.allow_shrink and new_total < live_total * (1 - run.options.max_shrink):
        problems.append(f"số bài giảm từ {live_total} xuống {new_total} (quá {run.options.max_shrink:.0%}); "
                        "nếu đúng là cố ý, chạy lại với --allow-shrink")
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        run.fail(EXIT_VERIFY, "verification-failed", problems)
        return None
    return new_files, live_pages


def _write_report(run: NightlyRun, releases: Releases) -> None:
    """``<DIR>.releases/build-report.json`` (the latest run) and a copy per run in bao-cao/."""
    reports = releases.root / REPORTS
    reports.mkdir(parents=True, exist_ok=True)
    text = json.dumps(run.report, ensure_ascii=False, indent=1)
    (reports / f"{run.report['release']}.json").write_text(text, encoding="utf-8")
    write_whole(releases.root / "build-report.json", text)  # a reader never sees half a report
