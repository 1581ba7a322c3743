"""What the nightly keeps beside each release's report, so the next run can skip unchanged pages:

- the **key index**: each page → the key of its contents (``content_model.page_keys``);
- the **link index**: each page → the link targets verified for it, ``{target: link as written}``.

Both are gzipped JSON in the reports folder; one that is missing, damaged or of another format
reads as empty, and then every page is verified again.
"""

import gzip
import json
from pathlib import Path

LINK_INDEX_FORMAT = 2


def index_path(reports: Path, release_name: str, kind: str) -> Path:
    """``kind`` is "keys" or "links"; the file name starts with the release's name."""
    return reports / f"{release_name}.{kind}.json.gz"


def read_keys(path: Path) -> dict:
    try:
        index = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError):
        return {}
    return index if isinstance(index, dict) else {}


def write_keys(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(data, sort_keys=True).encode(), compresslevel=1, mtime=0))


def read_links(path: Path) -> dict:
    index = read_keys(path)
    try:
        if index.get("format") != LINK_INDEX_FORMAT:
            return {}
        strings = index["strings"]
        return {page: {strings[t]: strings[link] for t, link in zip(ids[::2], ids[1::2])}
                for page, ids in index["pages"].items()}
    except (KeyError, IndexError, TypeError):
        return {}


def write_links(path: Path, targets: dict) -> None:
    """Each distinct string once (pages link to the same few thousand files in the same words),
    so that the index of tens of thousands of pages stays small on disk and in memory."""
    numbers: dict[str, int] = {}
    pages = {page: [numbers.setdefault(s, len(numbers)) for pair in links.items() for s in pair]
             for page, links in targets.items()}
    write_keys(path, {"format": LINK_INDEX_FORMAT, "strings": list(numbers), "pages": pages})
