"""Tasks for editors and for the nightly build: ``invoke --list`` shows them all."""

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # the plugins' shared core, as pelicanconf.py does

from site_build.check import check_content  # noqa: E402
from site_build.runner import build_site  # noqa: E402
from site_build.settings import PREVIEW, PUBLISH, load_settings  # noqa: E402

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


@task(help={"content": CONTENT_HELP})
def check(c, content=CONFIG["content"]):
    """Validate every article, page and data file; build nothing. Exits 1 on any error."""
    result = check_content(load_settings(PREVIEW, Path(content)))
    if result.log.errors or result.log.warnings:
        print(result.log.report(), file=sys.stderr)
    if result.log.errors:
        raise Exit(f"Có {len(result.log.errors)} lỗi cần sửa.", code=1)
    print(f"Nội dung hợp lệ: {result.articles} bài viết, {result.pages} trang.")


@task(help={"output": OUTPUT_HELP})
def clean(c, output=CONFIG["output"]):
    """Delete the built site."""
    shutil.rmtree(output, ignore_errors=True)
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
