"""Building the Pagefind bundle of every shard, reusing cached bundles whose records are unchanged.

Run in a child process (``python -m search_index JOB``) while Pelican writes the pages, so the
index is built on the machine's second core and Pagefind's memory is not the build's.
"""

import hashlib
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from union_core.files import MEMORY_FOLDER, link_tree, scratch_folder
from union_core.libraries import library_versions

from .canonical import canonicalise
from .stand_in import SearchIndexError, stand_in_page

FORMAT = "5"  # bump when the stand-in pages, the canonical form, the files kept or the cache layout change
# Pagefind's ready-made search interfaces: the theme has its own (theme/static/js/search.js),
# which needs only pagefind.js, its worker, the WebAssembly and the index of each bundle.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass
class BundleJob:
    shards: list
    output: Path  # <site>/<SEARCH_INDEX_PATH>
    cache: Path | None
    site_prefix: str = ""


def _stand_ins(shard, prefix: str) -> dict[str, bytes]:
    pages = {}
    for record in shard.records:
        path = urlsplit(record.url).path[len(prefix):].lstrip("/")
        pages[path + "index.html" if path == "" or path.endswith("/") else path] = stand_in_page(record)
    return pages


def _key(pages: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{library_versions(('pagefind_bin',))}".encode())
    for name in sorted(pages):
        digest.update(name.encode() + b"\0" + pages[name] + b"\0")
    return digest.hexdigest()[:20]


def _run_pagefind(pages: dict[str, bytes], bundle: Path) -> None:
    with scratch_folder(scratch_prefix(os.getpid()), sum(len(data) for data in pages.values())) as folder:
        for name, data in pages.items():
            target = Path(folder) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        command = [sys.executable, "-m", "pagefind", "--site", folder, "--output-path", str(bundle),
                   "--force-language", "vi", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind: {result.stdout}{result.stderr}")
    canonicalise(bundle)
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)


def _build_shard(job: BundleJob, shard) -> str:
    """"built" or "reused" (a cached bundle of the same records)."""
    pages = _stand_ins(shard, job.site_prefix)
    bundle = job.output / shard.name
    cached = job.cache / f"{shard.name}-{_key(pages)}" if job.cache else None
    if cached is not None and cached.is_dir():
        link_tree(cached, bundle)
        return "reused"
    _run_pagefind(pages, bundle)
    if cached is not None:
        for stale in job.cache.glob(f"{shard.name}-*"):
            _delete(stale)
        _store(bundle, cached)
    return "built"


def scratch_prefix(pid: int) -> str:
    """Scratch folders of the index job ``pid`` (removed by the build if the job is stopped)."""
    return f"union-search-{pid}-"


def _aside_name(folder: Path, why: str) -> str:
    return f".{why}-{os.getpid()}-{folder.name}"


def _delete(folder: Path) -> None:
    """Renamed first, for the same reason as ``_store``."""
    aside = folder.with_name(_aside_name(folder, "stale"))
    try:
        folder.rename(aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _store(bundle: Path, cached: Path) -> None:
    """The cache gets a bundle whole or not at all: linked under a dot name, then renamed, so a
    job stopped halfway never leaves part of a bundle under a name a later build trusts.
    Dot names are the job's own (its pid) and never looked up."""
    partial = cached.with_name(_aside_name(cached, "partial"))
    link_tree(bundle, partial)
    try:
        partial.rename(cached)
    except OSError:  # another build stored the same records meanwhile
        shutil.rmtree(partial, ignore_errors=True)


def forget_unfinished(cache: Path | None, pid: int) -> None:
    """Remove what a stopped index job ``pid`` left: half-stored or half-deleted bundles in
    the cache (never used: dot names) and its scratch folders."""
    leftovers = list(cache.glob(f".*-{pid}-*")) if cache and cache.is_dir() else []
    for folder in (Path(tempfile.gettempdir()), MEMORY_FOLDER):
        leftovers += folder.glob(f"{scratch_prefix(pid)}*") if folder.is_dir() else []
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _forget_dead_jobs(cache: Path | None) -> None:
    """Leftovers of index jobs that were killed with their build (a CI job cancelled)."""
    for leftover in cache.glob(".*-*-*") if cache and cache.is_dir() else []:
        pid = leftover.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def build_bundles(job: BundleJob, workers: int = 2) -> dict:
    """Write each shard's bundle under ``job.output`` (two Pagefind processes at a time);
    returns {"built": n, "reused": n}."""
    if job.output.exists():  # a plain `pelican` run into an old output folder
        shutil.rmtree(job.output)
    _forget_dead_jobs(job.cache)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda shard: _build_shard(job, shard), job.shards))
    return {"built": outcomes.count("built"), "reused": outcomes.count("reused")}


def main(job_file: str) -> None:
    job = pickle.loads(Path(job_file).read_bytes())
    counts = build_bundles(job)
    Path(job_file).with_suffix(".done").write_text(f"{counts['built']} {counts['reused']}")
