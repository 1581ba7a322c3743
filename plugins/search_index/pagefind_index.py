"""Writing a Pagefind index from records with the Pagefind binary (PyPI ``pagefind[bin]``).

Each record becomes a small stand-in page in a temporary folder, at the record's URL: its
body holds the folded text to index, metadata and filters sit outside the body. Pagefind's
crawler (Rust) indexes thousands of them in a few seconds; its Python service API answers one
request per 0.1 s, far too slow for a large archive.
"""

import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import builder as E

from .canonical import canonicalise


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it printed."""


def stand_in_page(record) -> bytes:
    hidden = []
    for name, value in sorted(record.meta.items()):
        hidden.append(E.SPAN(value, **{"data-pagefind-meta": name}))
    for name, values in sorted(record.filters.items()):
        hidden.extend(E.SPAN(value, **{"data-pagefind-filter": name}) for value in values)
    for name, value in sorted(record.sort.items()):
        hidden.append(E.SPAN(value, **{"data-pagefind-sort": name}))
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(record.meta.get("title", ""))),
        E.BODY(E.MAIN(E.P(record.content), **{"data-pagefind-body": ""}), E.DIV(*hidden)),
        lang="vi",
    )
    return etree.tostring(page, encoding="utf-8", method="html", doctype="<!DOCTYPE html>")


def write_index(records, output: Path, site_prefix: str = "") -> None:
    """Index ``records`` into ``output`` (e.g. ``<site>/pagefind``); nothing for an empty site."""
    if not records:
        return
    with tempfile.TemporaryDirectory(prefix="union-search-") as folder:
        root = Path(folder)
        for record in records:
            path = urlsplit(record.url).path[len(site_prefix):].lstrip("/")
            target = root / (path + "index.html" if path == "" or path.endswith("/") else path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stand_in_page(record))
        command = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path",
                   str(output), "--force-language", "vi", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind: {result.stdout}{result.stderr}")
    canonicalise(output)
