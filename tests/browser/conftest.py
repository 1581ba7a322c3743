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
def published(content: Path, output: Path, shard_size: int):
    """(base URL, output folder) of ``content`` published for http://127.0.0.1:PORT and served
    there, its search index in shards of ``shard_size`` records."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    run_pelican(load_settings(PUBLISH, content, output, SITEURL=base, BUILD_CLOCK=CLOCK,
                              SEARCH_SHARD_SIZE=shard_size, CACHE_PATH=str(output.parent / "cache")))
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
