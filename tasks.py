"""Tasks for editors and for the nightly build: ``invoke --list`` shows them all."""

import shutil
import sys
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # the plugins' shared core, as pelicanconf.py does

from site_build.check import check_content  # noqa: E402
from site_build.runner import build_site, leftovers  # noqa: E402
from site_build.settings import PREVIEW, PUBLISH, known_setting_names, load_settings  # noqa: E402
from site_build.tally import TallyRequestError, run_tally  # noqa: E402

CONFIG = {
    "content": ROOT / "content",
    "output": ROOT / "output",
    "host": "127.0.0.1",
    "port": 8000,
}
CONTENT_HELP = "content folder of the site (default: content)"
OUTPUT_HELP = "folder to write the site into (default: output)"


def _build(settings_file, content, output):
    result = build_site(settings_file, Path(content), Path(output))
    if not result.ok:
        raise Exit(result.message, code=1)
    print(f"Đã xây dựng {result.articles} bài viết, {result.pages} trang vào {result.output} "
          f"trong {result.seconds:.1f} giây.")
    return result


@task(help={"content": CONTENT_HELP, "output": OUTPUT_HELP})
def build(c, content=CONFIG["content"], output=CONFIG["output"]):
    """Build the preview site (pelicanconf.py) into output/, replacing it only on success."""
    _build(PREVIEW, content, output)


@task(help={"content": CONTENT_HELP, "output": OUTPUT_HELP})
def publish(c, content=CONFIG["content"], output=CONFIG["output"]):
    """Build the site for publishing (publishconf.py): no drafts, nothing dated in the future."""
    _build(PUBLISH, content, output)


@task(help={"content": CONTENT_HELP,
            "staged": "check only what is staged in git (what the pre-commit hook runs)"})
def check(c, content=CONFIG["content"], staged=False):
    """Validate every article, page and data file; build nothing. Exits 1 on any error."""
    settings = load_settings(PREVIEW, Path(content))
    if staged:
        result = _check_staged(settings, Path(content))
        if result is None:
            return
    else:
        result = check_content(settings)
    if result.log.errors or result.log.warnings:
        print(result.log.report(), file=sys.stderr)
    if result.log.errors:
        raise Exit(f"Có {len(result.log.errors)} lỗi cần sửa.", code=1)
    print(f"Nội dung hợp lệ: {result.articles} bài viết, {result.pages} trang, "
          f"{result.documents} văn bản.")


def _check_staged(settings, content: Path):
    from union_core.discovery import MARKDOWN_SUFFIXES
    from site_build.git_hook import staged_sources

    staged = staged_sources(content)
    if not staged:
        return None
    markdown = {path: raw for path, raw in staged.items() if path.suffix.lower() in MARKDOWN_SUFFIXES}
    data_changed = any((content.resolve() / "data") in path.parents for path in staged)
    # An attached file of a document (read from the working tree): check every document.
    folders = [content.resolve() / folder for folder in settings.get("DOCUMENT_PATHS", [])]
    attached = any(path not in markdown and any(f in path.parents for f in folders) for path in staged)
    only = None if data_changed or attached else set(markdown)
    return check_content(settings, only=only, staged=markdown)


@task(help={"title": "headline of the article (in quotes)", "unit": "unit slug or name",
            "campaign": "campaign slug or name (several: comma-separated)",
            "kind": "tin, bai or anh", "folder": "give the article its own folder (for photos)",
            "content": CONTENT_HELP})
def new(c, title, unit, campaign, kind="tin", folder=False, content=CONFIG["content"]):
    """Create an article file with a correct path and slug, today's date and the header to fill."""
    from union_core.dates import VIETNAM
    from union_core.issues import IssueLog
    from union_core.registry import load_registries
    from union_core.scaffold import new_article
    from union_core.values import FieldError

    content = Path(content)
    log = IssueLog()
    registries = load_registries(content / "data", log)
    try:
        created = new_article(title, unit, campaign, kind, datetime.now(VIETNAM), registries,
                              own_folder=folder or kind.startswith(("anh", "ảnh")))
    except FieldError as error:
        raise Exit(f"{error.message}. Gợi ý: {error.hint}", code=1) from None
    path = content / created.path
    if path.exists():
        raise Exit(f"Đã có tệp {path}; đổi tiêu đề hoặc sửa tệp đó.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(created.text, encoding="utf-8")
    print(f"Đã tạo {path}. Viết nội dung, rồi chạy: invoke check")


@task(help={"content": CONTENT_HELP})
def install_hooks(c, content=CONFIG["content"]):
    """Install a git pre-commit hook that refuses commits whose staged content has errors."""
    from site_build.git_hook import install_hook

    hook = install_hook(Path(content), ROOT)
    print(f"Đã cài {hook}: mỗi lần commit, nội dung được kiểm tra trước.")


@task(help={"plan": "slug of the plan (file name in data/plans/ without .toml)",
            "format": "table (default), csv or json",
            "month": "YYYY-MM: figures up to the end of that month, plus that month alone",
            "content": CONTENT_HELP})
def tally(c, plan=None, format="table", month=None, content=CONFIG["content"]):  # noqa: A002
    """Print a plan's tin / bài / ảnh per unit against its quotas (the figures of /thong-ke/)."""
    try:
        result = run_tally(PUBLISH, Path(content), plan, format, month)
    except TallyRequestError as error:
        raise Exit(f"Lỗi: {error}", code=1) from None
    if not result.ok:
        raise Exit(result.text, code=1)
    sys.stdout.write(result.text)


@task(help={"output": OUTPUT_HELP})
def clean(c, output=CONFIG["output"]):
    """Delete the built site, the older one kept beside it for the next build, and what an
    interrupted build left there."""
    for folder in [Path(output), *leftovers(Path(output).resolve())]:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Đã xóa {output}.")


@task(help={"content": CONTENT_HELP, "output": OUTPUT_HELP, "host": "address to listen on",
            "port": "port to listen on (default 8000)"})
def serve(c, content=CONFIG["content"], output=CONFIG["output"], host=CONFIG["host"],
          port=CONFIG["port"]):
    """Preview at http://127.0.0.1:8000/, rebuilding on every change; errors keep the last build."""
    from site_build.serve import start_server, watch_and_rebuild

    def rebuild():
        result = build_site(PREVIEW, Path(content), Path(output))
        if result.ok:
            print(f"Đã cập nhật ({result.articles} bài, {result.seconds:.1f} giây).", flush=True)
        else:
            print("Vẫn hiển thị bản xây dựng trước (sửa lỗi ở trên rồi lưu lại).", file=sys.stderr, flush=True)
        return result.ok

    rebuild()
    state = {"build_id": 0}
    server = start_server(Path(output).resolve(), host, int(port), state)
    print(f"Xem trước tại http://{host}:{port}/ (Ctrl+C để dừng).", flush=True)
    watched = [Path(content), ROOT / "theme"]  # plugin code changes need a restart
    try:
        watch_and_rebuild(watched, rebuild, state)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@task(help={"deploy_dir": "folder the web server serves (becomes a link to the live release)",
            "content": CONTENT_HELP, "allow_shrink": "publish even if many articles disappeared",
            "clock": "treat this date-time as now, e.g. \"2026-11-22 07:00\" (default: the real clock)",
            "keep": "how many releases to keep for rollback (default 3)"})
def nightly(c, deploy_dir, content=CONFIG["content"], allow_shrink=False, clock=None, keep=3):
    """Validate, build with publishconf.py, verify, switch DIR atomically, write build-report.json."""
    from site_build.nightly import NightlyOptions, run_nightly

    run = run_nightly(NightlyOptions(Path(content), _deploy_folder(deploy_dir, "nightly"), clock=clock,
                                     allow_shrink=allow_shrink, keep=int(keep)))
    report = run.report
    if run.exit_code:
        raise Exit(f"Không đăng bản mới ({report['status']}); trang đang chạy giữ nguyên.", code=run.exit_code)
    articles, urls = report["articles"], report["urls"]
    print(f"Đã đăng bản {report['release']}: {articles['total']} bài "
          f"({', '.join(f'{k}: {n}' for k, n in articles['by_kind'].items())}), "
          f"{len(urls['new'])} trang mới, {len(urls['removed'])} trang bỏ đi, "
          f"{len(report['warnings'])} cảnh báo.")


def _deploy_folder(deploy_dir: str, task: str) -> Path:
    """``invoke nightly --help`` gives "--help" as the folder: never deploy into an option."""
    if str(deploy_dir).startswith("-"):
        raise Exit(f'"{deploy_dir}" không phải thư mục triển khai. Xem hướng dẫn: invoke --help {task}', code=64)
    return Path(deploy_dir)


@task(help={"deploy_dir": "the folder given to invoke nightly"})
def rollback(c, deploy_dir):
    """Serve the release published before the current one again."""
    from site_build.releases import ReleaseError, Releases

    try:
        previous = Releases(_deploy_folder(deploy_dir, "rollback").absolute()).rollback()
    except ReleaseError as error:
        raise Exit(f"Không quay lại được: {error}.", code=1) from None
    print(f"Đã quay lại bản {previous.name}.")


@task(help={"sizes": "corpus sizes, comma-separated (default 1000,10000; add 50000 for the large one)",
            "stock": "also build the same corpus with stock Pelican (default yes)",
            "nightly": "also measure a nightly build with 10 changed articles, and a preview rebuild (invoke serve) "
                       "after one edit, on 10000 articles or the largest size (default yes)",
            "photos": "how many 3000×2000 photos for the image scenario (0 = skip; default 200)",
            "nightly_photos": "also measure the nightly (10 newest edited) on an archive whose N articles carry a "
                              "3000×2000 photo, from a git clone (0 = skip, the default)",
            "work": "folder for corpora, outputs and caches (default bench-out/)",
            "repeat": "builds of each kind; the median is reported (default 3: the machine may be noisy)",
            "write": "append the results table to docs/benchmark.md",
            "setting": "NAME=VALUE: a setting of our builds in every scenario (never stock Pelican's), the value a "
                       "Python literal or plain text; repeatable. E.g. --setting SEARCH_SHARD_SIZE=400"},
      iterable=["setting"])
def bench(c, sizes="1000,10000", stock=True, nightly=True, photos=200, work="bench-out", repeat=3, write=False,
          nightly_photos=0, setting=None):
    """Benchmark on a synthetic archive: cold builds vs stock Pelican, nightlies, an editor's preview, photos,
    and what a reader downloads to search."""
    import json

    from site_build.bench import run as bench_run

    try:
        settings = bench_run.parse_settings(setting or [], known_setting_names())
    except ValueError as error:
        raise Exit(str(error), code=2) from None
    folder = Path(work).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    results = {"machine": bench_run.machine(), "full": [], "nightly": [], "preview": [], "repeat": int(repeat),
               "settings": settings}
    counts = [int(n) for n in str(sizes).split(",") if n]
    nightly_size = 10000 if 10000 in counts else max(counts, default=0)  # the issue's scenario: 10 of 10,000
    try:
        for size in counts:
            print(f"Đo {size} bài (xây dựng đầy đủ{', Pelican gốc' if stock else ''})…", flush=True)
            results["full"].append(bench_run.full_build(ROOT, folder, size, stock, int(repeat), settings))
            if nightly and size == nightly_size:
                for scenario, which in (("spread", "10 bài sửa, rải khắp kho bài"), ("newest", "10 bài mới nhất sửa"),
                                        ("added", "10 bài mới")):
                    print(f"Đo bản dựng hằng đêm ({size} bài, {which}; bộ nhớ đệm khôi phục)…", flush=True)
                    results["nightly"].append(bench_run.nightly(ROOT, folder, size, scenario, int(repeat),
                                                                settings=settings))
                print(f"Đo bản dựng hằng đêm ({size} bài, 10 bài mới nhất sửa; chỉ khôi phục bộ nhớ đệm, "
                      "thư mục triển khai mới như máy CI thuê)…", flush=True)
                results["nightly"].append(bench_run.nightly(ROOT, folder, size, "newest", int(repeat),
                                                            releases_kept=False, settings=settings))
                if int(nightly_photos):
                    print(f"Đo bản dựng hằng đêm ({size} bài, {nightly_photos} bài có ảnh, 10 bài mới nhất sửa; "
                          "bản sao git, bộ nhớ đệm khôi phục)…", flush=True)
                    results["nightly"].append(bench_run.nightly(ROOT, folder, size, "newest", int(repeat),
                                                                photos=int(nightly_photos), settings=settings))
                print(f"Đo bản xem trước (invoke serve, {size} bài): lần dựng đầu, rồi dựng lại sau mỗi lần sửa 1 bài…",
                      flush=True)
                results["preview"].append(bench_run.preview(ROOT, folder, size, int(repeat), settings))
        if int(photos):
            print(f"Đo {photos} ảnh…", flush=True)
            results["photos"] = bench_run.photos(ROOT, folder, int(photos), settings)
    finally:
        bench_run.empty_trash(folder)  # the folders the runs replaced, kept aside until now (bench_run.discard)
    (folder / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    table = bench_run.report(results)
    print(table)
    if write:
        with open(ROOT / "docs" / "benchmark.md", "a", encoding="utf-8") as file:
            file.write("\n" + table)
