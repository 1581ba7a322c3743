"""What the nightly keeps beside each release's report, so the next run can skip unchanged pages:

- the **key index**: each page → the key of its contents (``content_model.page_keys``);
- the **link index**: each page → the link targets verified for it, ``{target: link as written}``.

The **last publication** is kept in the cache folder too (``keep_publication``): its two
indexes, its number of articles and its address. A CI machine that starts each night with
the cache restored but no releases (a GitHub-hosted runner, which then copies the site to the
web server) verified all 15,500 pages of a 10,000-article site again (7 s of an 11 s
nightly), had nothing to hold the number of articles against (a night that lost most of them
would have gone out) and listed every page as new.

Both are gzipped pickles in the reports folder (the verifier shares each target and link
string among the pages that have it, and pickle writes a shared string once: the link index
of 15,000 pages is 1.5 MB, written in 0.1 s where JSON took 0.35 s). One that is missing,
damaged or of another format reads as empty, and then every page is verified again.
"""

import gzip
import json
import pickle
from pathlib import Path

from union_core.files import write_whole

INDEX_FORMAT = 3
PUBLICATION = "verification"  # the cache's folder of the last publication


def index_path(reports: Path, release_name: str, kind: str) -> Path:
    """``kind`` is "keys" or "links"; the file name starts with the release's name."""
    return reports / f"{release_name}.{kind}.pickle.gz"


def cached_index_path(cache: Path, kind: str) -> Path:
    """The cache's copy of the last publication's index of ``kind``."""
    return index_path(cache / PUBLICATION, "last", kind)


def last_publication(cache: Path, site_url: str) -> dict:
    """{"release", "articles"} of the last release of the site at ``site_url`` published by a
    nightly with this cache ({} if none: a cache shared by two sites holds the other's)."""
    try:
        publication = json.loads((cache / PUBLICATION / "last.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(publication, dict) or publication.get("site_url") != site_url \
            or not isinstance(publication.get("articles"), int):
        return {}
    return publication


def keep_publication(cache: Path, reports: Path, release: str, articles: int, site_url: str) -> None:
    """Copy the published ``release``'s indexes (in ``reports``) into the cache, then its
    description, which says they are there."""
    folder = cache / PUBLICATION
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("links", "keys"):
        write_whole(cached_index_path(cache, kind), index_path(reports, release, kind).read_bytes())
    write_whole(folder / "last.json", json.dumps({"release": release, "articles": articles, "site_url": site_url}))


def _read(path: Path, kind: str) -> dict:
    try:
        index = pickle.loads(gzip.decompress(path.read_bytes()))
    except Exception:  # missing, truncated, damaged or written by other code: start afresh
        return {}
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT or index.get("kind") != kind:
        return {}
    pages = index.get("pages")
    return pages if isinstance(pages, dict) else {}


def _write(path: Path, kind: str, pages: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": INDEX_FORMAT, "kind": kind, "pages": pages}
    write_whole(path, gzip.compress(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), compresslevel=1, mtime=0))


def read_keys(path: Path) -> dict:
    return _read(path, "keys")


def write_keys(path: Path, keys: dict) -> None:
    _write(path, "keys", keys)


def read_links(path: Path) -> dict:
    return _read(path, "links")


def write_links(path: Path, targets: dict) -> None:
    _write(path, "links", targets)
