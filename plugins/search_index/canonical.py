"""Make Pagefind's output byte-identical from one build to the next.

Pagefind 1.5 writes its filter indexes in hash-map order, which changes on every run, and
names files after their contents, so the filter files, the metadata file that lists them and
``pagefind-entry.json`` differ between two builds of the same site. Here the filter values are
sorted, the files re-encoded (CBOR, gzip without a timestamp) and renamed after a hash of
their new contents, and the references updated. Everything else Pagefind writes is stable.
"""

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

HEADER = b"pagefind_dcd"


def read_pagefind_file(path: Path):
    """A Pagefind data file (gzipped CBOR after a header): metadata, filter index…"""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(HEADER):
        raise ValueError(f"{path}: not a Pagefind data file")
    return cbor2.loads(raw[len(HEADER):])


def write_pagefind_file(folder: Path, language: str, suffix: str, data, digits: int) -> str:
    """Write ``data`` as a Pagefind data file named after its contents; its name's hash part."""
    body = HEADER + cbor2.dumps(data)
    name = f"{language}_{hashlib.sha256(body).hexdigest()[:digits]}"
    path = folder / (f"pagefind.{name}.{suffix}" if suffix == "pf_meta" else f"{name}.{suffix}")
    path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return name


def rewrite_metadata(bundle: Path, change) -> None:
    """Write anew each language's metadata file of ``bundle`` as ``change(bundle, language,
    metadata)`` returns it, under its new name, and the entry file that names it. Both files are
    removed first: in a published bundle they are hard links to the cache's, never written through."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = change(bundle, language, read_pagefind_file(meta_file))
        meta_file.unlink()
        info["hash"] = write_pagefind_file(bundle, language, "pf_meta", meta, 10)
    entry_file.unlink()
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def canonicalise(bundle: Path) -> None:
    rewrite_metadata(bundle, _sorted_filters)


def _sorted_filters(bundle: Path, language: str, meta):
    filters = []
    for filter_name, filter_hash in meta[3]:
        old = bundle / "filter" / f"{filter_hash}.pf_filter"
        name, values = read_pagefind_file(old)
        old.unlink()
        canonical = [name, sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])]
        filters.append([filter_name, write_pagefind_file(bundle / "filter", language, "pf_filter", canonical, 7)])
    meta[3] = sorted(filters)
    return meta
