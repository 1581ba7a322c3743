"""``invoke serve``: a local preview that rebuilds on every edit and keeps the last good build.

On a content error the errors are printed and the previous build stays online; the browser
page reloads itself after each successful rebuild (a preview-only script added by the server,
never written into the site).
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("/__build_id").then(function (r) { return r.text(); }).then(function (id) {
      if (seen !== null && id !== seen) location.reload();
      seen = id;
    }).catch(function () {});
  }, 1000);
})();
</script></body>"""


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder: clean URLs, the site's 404 page, and the reload hook."""

    def __init__(self, *args, state, **kwargs):
        self.state = state
        super().__init__(*args, directory=str(state["output"]), **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - quiet preview
        pass

    def do_GET(self):
        if self.path == "/__build_id":
            return self._send(200, str(self.state["build_id"]).encode(), "text/plain")
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().do_GET()  # the base class redirects "/a" to "/a/"
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            page = Path(self.state["output"]) / "404.html"
            body = page.read_bytes() if page.exists() else b"404"
            return self._send(404, body.replace(b"</body>", RELOAD_SCRIPT), "text/html; charset=utf-8")
        if target.suffix == ".html":
            body = target.read_bytes().replace(b"</body>", RELOAD_SCRIPT)
            return self._send(200, body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def start_server(output: Path, host: str, port: int, state: dict) -> ThreadingHTTPServer:
    state["output"] = output
    handler = functools.partial(PreviewHandler, state=state)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch_and_rebuild(paths, rebuild, state: dict) -> None:
    """Call ``rebuild()`` after every change under ``paths``; bump the build id on success."""
    for changes in watch(*paths, debounce=400, step=100):
        changed = sorted({Path(path).name for _, path in changes})
        print(f"Thay đổi: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}", flush=True)
        if rebuild():
            state["build_id"] += 1
