"""Browser fixtures: the demo site built for a local address, served, and headless Chromium.

The tests need Debian's ``chromium`` (``.ci/run`` installs it) and axe-core from the npm
registry (``npm ci`` in this folder, which ``bootstrap.py test`` and ``.ci/run`` run). Without
them the browser tests are skipped with the reason, never silently passed.
"""

import functools
import shutil
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_build.runner import run_pelican
from site_build.settings import PUBLISH, ROOT, load_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = ROOT / "output-screens"
CLOCK = "2026-11-21 12:00"
SHARD_SIZE = 25  # records per search shard: the demo's index in several shards, as a large archive's is
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves a built site as a web server would: clean URLs and the site's 404 page."""

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def published(content: Path, output: Path, shard_size: int, edit=None, **settings):
    """(base URL, output folder) of ``content`` published for http://127.0.0.1:PORT and served
    there, its search index in shards of ``shard_size`` records, with ``settings``. With
    ``edit``, the site is published, ``edit()`` changes the content, and it is published again
    with the caches of the first: a nightly."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    def publish():
        run_pelican(load_settings(PUBLISH, content, output, SITEURL=base, BUILD_CLOCK=CLOCK, SEARCH_SHARD_SIZE=shard_size,
                                  CACHE_PATH=str(output.parent / "cache"), **settings))

    publish()
    if edit:
        edit()
        publish()
    server.RequestHandlerClass = functools.partial(SiteHandler, directory=str(output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base, output
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The demo site (``published``)."""
    with published(ROOT / "content", tmp_path_factory.mktemp("browser") / "site", SHARD_SIZE) as site:
        yield site


@pytest.fixture(scope="session")
def daily_site(tmp_path_factory):
    """One unit's article a day for 40 days, at changing hours, its index in shards of 15; each
    article has 1,000 words of its own, so that each shard's word index comes in several chunks."""
    from conftest import Site, article  # the suite's own (tests/conftest.py)

    site = Site(tmp_path_factory.mktemp("daily"))
    start = datetime(2026, 9, 1, 7, 0)
    site.write({f"2026/tin-{n}.md": article(f"Tin ngày thứ {n}", body=" ".join(f"tu{n}x{k}" for k in range(1000)),
                                            date=f"{start + timedelta(days=n, hours=n % 11):%Y-%m-%d %H:%M}")
                for n in range(40)})
    with published(site.content, site.output, 15) as served:
        yield served


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package chromium; .ci/run installs it)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_script():
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/browser (bootstrap.py test does)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def patched_and_cold_sites(tmp_path_factory):
    """The same content served twice: published by a nightly that patched its search index
    (``search_index.patches``: in each of its five shards records were edited, retitled, moved to
    another day and unit, added or removed, and a page retitled), and by a cold build. 44
    articles, one every nine days at changing hours, in shards of at most 10 records."""
    from conftest import Site, article  # the suite's own (tests/conftest.py)

    start = datetime(2025, 1, 3, 7, 0)

    def dated(n, title=None, body=None, unit=None, moved=0):
        day = start + timedelta(days=9 * n + moved, hours=n % 11)
        return article(title or f"Tin thứ {n}", date=f"{day:%Y-%m-%d %H:%M}", body=body or f"Nội dung cũ của tin số {n}.",
                       unit=unit or ("ldld-dong-ha" if n % 3 else "ban-to-chuc"), kind="bai" if n % 4 == 0 else "tin")

    site = Site(tmp_path_factory.mktemp("patched"))
    site.write({f"{n}.md": dated(n) for n in range(44)})
    site.write({"11.md": dated(11, body="Nội dung cũ: hội thi Sông Lam.")})
    site.write({"pages/gioi-thieu.md": "title: Giới thiệu\n\nTin về Liên đoàn.\n"})

    def edit():
        site.write({"3.md": dated(3, title="Tin thứ 3 đã sửa", body="Nội dung mới: tập huấn an toàn."),
                    "11.md": dated(11, body="Nội dung mới: hội thao Bạch Đằng.", unit="ban-to-chuc", moved=2),
                    "20.md": dated(20, body="Nội dung mới: khám sức khỏe."),
                    "them.md": article("Tin thêm vào tháng cũ", date="2025-08-20 18:00", unit="ldld-dong-ha"),
                    "moi.md": article("Tin mới trong tháng", date="2026-01-25 09:00", unit="ban-to-chuc"),
                    "pages/gioi-thieu.md": "title: Giới thiệu Liên đoàn\n\nTin về Liên đoàn, đã sửa.\n"})
        (site.content / "27.md").unlink()

    patching = {"SEARCH_PATCH_MIN_RECORDS": 1}
    root = tmp_path_factory.mktemp("twice")
    with published(site.content, root / "nightly" / "site", 10, edit=edit, **patching) as nightly, \
            published(site.content, root / "cold" / "site", 10, **patching) as cold:
        yield nightly, cold
