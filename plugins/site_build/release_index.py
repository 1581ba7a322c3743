"""What the nightly keeps beside each release's report, so the next run can skip unchanged pages:

- the **key index**: each page → the key of its contents (``content_model.page_keys``);
- the **link index**: each page → the link targets verified for it, ``{target: link as written}``.

A copy of the last verified build's two indexes is kept in the cache folder too
(``cached_index_path``): a CI machine that starts each night with the cache restored but no
releases (a GitHub-hosted runner, which then copies the site to the web server) verified all
15,500 pages of a 10,000-article site again, 7 s of a 11 s nightly. So is the number of
articles last published (``last_published_total``), which such a machine could not compare
a new build with: a night that lost most articles would have gone out.

Both are gzipped pickles in the reports folder (the verifier shares each target and link
string among the pages that have it, and pickle writes a shared string once: the link index
of 15,000 pages is 1.5 MB, written in 0.1 s where JSON took 0.35 s). One that is missing,
damaged or of another format reads as empty, and then every page is verified again.
"""

import gzip
import json
import os
import pickle
from pathlib import Path

INDEX_FORMAT = 3
PUBLISHED = Path("verification") / "last-published.json"  # in the cache folder


def index_path(reports: Path, release_name: str, kind: str) -> Path:
    """``kind`` is "keys" or "links"; the file name starts with the release's name."""
    return reports / f"{release_name}.{kind}.pickle.gz"


def cached_index_path(cache: Path, kind: str) -> Path:
    """The copy in the cache folder of the last verified build's index of ``kind``."""
    return index_path(cache / "verification", "last", kind)


def last_published_total(cache: Path) -> int | None:
    """The number of articles of the last release a nightly with this cache published."""
    try:
        total = json.loads((cache / PUBLISHED).read_text(encoding="utf-8")).get("articles")
    except (OSError, ValueError, AttributeError):
        return None
    return total if isinstance(total, int) else None


def keep_published_total(cache: Path, release: str, total: int) -> None:
    folder = (cache / PUBLISHED).parent
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{release}.published.tmp"
    temporary.write_text(json.dumps({"release": release, "articles": total}), encoding="utf-8")
    os.replace(temporary, cache / PUBLISHED)


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
    path.write_bytes(gzip.compress(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), compresslevel=1, mtime=0))


def read_keys(path: Path) -> dict:
    return _read(path, "keys")


def write_keys(path: Path, keys: dict) -> None:
    _write(path, "keys", keys)


def read_links(path: Path) -> dict:
    return _read(path, "links")


def write_links(path: Path, targets: dict) -> None:
    _write(path, "links", targets)
