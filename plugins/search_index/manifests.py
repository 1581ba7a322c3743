"""The manifest of a cached bundle: what its records were made from, and each one's Pagefind id.

Written into the bundle in the cache when it is built (never published), read by a later
build that patches the shard (``patches``).
"""

import gzip
import json
import os
from pathlib import Path

from .canonical import HEADER

MANIFEST = "union-manifest.json"


def write_manifest(bundle: Path, identities, urls: dict) -> None:
    """``identities``: of its records (``keys.IndexEntry.identity``); ``urls``: {the URL Pagefind
    stores for a record: the record's URL}. Each record's id is its fragment's name (Pagefind
    names them after their contents)."""
    ids = {}
    for entry in os.scandir(bundle / "fragment"):
        fragment = json.loads(gzip.decompress(Path(entry.path).read_bytes())[len(HEADER):])
        if fragment["url"] in urls:
            ids[urls[fragment["url"]]] = entry.name.removesuffix(".pf_fragment")
    manifest = {"records": [list(identity) for identity in identities], "ids": ids}
    (bundle / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def read_manifest(bundle: Path) -> tuple[list, dict] | None:
    """([identity], {URL: Pagefind id}) of the bundle, or None without a whole manifest (a
    bundle of an earlier format, or being replaced meanwhile)."""
    try:
        manifest = json.loads((bundle / MANIFEST).read_bytes())
        identities, ids = [tuple(identity) for identity in manifest["records"]], manifest["ids"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(len(identity) == 3 and identity[0] in ids for identity in identities):
        return None
    return identities, ids
