"""Building the Pagefind bundle of every shard, reusing cached bundles whose records are unchanged.

Run in a child process (``python -m search_index``) beside the build, so the index is built on
the machine's second core and Pagefind's memory is not the build's. The child gets its job as
soon as the sources are read, before the build is accepted: it builds the bundles into the
cache (or a scratch folder), and only when the build sends its go-ahead, once nothing can
refuse it any more, does it put them in the site. A refused build never touches the output's
search index.
"""

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from union_core.files import MEMORY_FOLDER, link_tree, scratch_folder
from union_core.heap import collector_paused

from .canonical import canonicalise, rewrite_metadata
from .manifests import MANIFEST, write_manifest
from .stand_in import SearchIndexError, stand_in_page

# What a buried record's id becomes (followed by a number): the search page shows no result
# whose id holds it. Pagefind's ids are a language and hexadecimal digits ("vi_3fa09c1").
BURIED = "_xoa"

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


def _stand_in_path(url: str, prefix: str) -> str:
    path = urlsplit(url).path[len(prefix):].lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _pagefind_url(url: str, prefix: str) -> str:
    """The URL Pagefind stores for the stand-in page of ``url``: "/2026/05/bai/"."""
    return "/" + _stand_in_path(url, prefix).removesuffix("index.html")


def _stand_ins(shard, prefix: str) -> dict[str, bytes]:
    return {_stand_in_path(record.url, prefix): stand_in_page(record) for record in shard.records}


def _run_pagefind(pages: dict[str, bytes], bundle: Path, earlier: Path | None = None) -> None:
    """Pagefind indexes the stand-in ``pages`` into a bundle written in memory, which is then
    stored at ``bundle`` (``_store_files``). Writing its 1,500 files straight to disk took
    Pagefind's threads twice as long as the indexing: they queue for the file system's inode
    allocation."""
    with scratch_folder(scratch_prefix(os.getpid()), 2 * sum(len(data) for data in pages.values())) as folder:
        site, built = Path(folder) / "site", Path(folder) / "bundle"
        for name, data in pages.items():
            target = site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        command = [_pagefind(), "--site", str(site), "--output-path", str(built), "--force-language", "vi", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind: {result.stdout}{result.stderr}")
        canonicalise(built)
        for name in UNUSED_FILES:
            (built / name).unlink(missing_ok=True)
        _store_files(built, bundle, earlier)


@cache
def _pagefind() -> str:
    """Pagefind's program, found as ``python -m pagefind`` finds it (``PAGEFIND_BINARY_PATH``,
    else the one installed with the pinned package), without a Python start per shard."""
    from pagefind.service import get_executable

    program = get_executable()
    if program is None:
        raise SearchIndexError("Pagefind: không tìm thấy chương trình (pip install pagefind[bin])")
    return str(program)


def _store_files(built: Path, bundle: Path, earlier: Path | None) -> None:
    """Copy the bundle ``built`` to ``bundle``; a file with the same name and bytes in the
    shard's ``earlier`` bundle is hard-linked instead. Pagefind names most files after their
    contents, so an edited article leaves all but a few dozen of a shard's files as they were."""
    bundle.mkdir(parents=True)
    for entry in os.scandir(built):
        target = bundle / entry.name
        if entry.is_dir(follow_symlinks=False):
            _store_files(Path(entry.path), target, earlier / entry.name if earlier else None)
            continue
        data = Path(entry.path).read_bytes()
        if earlier is not None and _same_bytes(earlier / entry.name, data):
            try:
                os.link(earlier / entry.name, target)
                continue
            except OSError:
                pass  # another file system, or the earlier bundle was removed meanwhile: a copy
        target.write_bytes(data)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _stage_shard(job: BundleJob, shard, scratch: Path) -> tuple[str, Path]:
    """("built" or "reused", the bundle's folder): the cached bundle of the shard's key (the
    build sends no records for a shard whose bundle it found there), or one Pagefind builds
    now (stored in the cache whole, or left in ``scratch`` without one)."""
    if job.cache is None:
        _run_pagefind(_stand_ins(shard, job.site_prefix), scratch / shard.name)
        return "built", scratch / shard.name
    cached = job.cache / f"{shard.name}-{shard.key}"
    if cached.is_dir():
        return "reused", cached
    if shard.records is None:
        raise SearchIndexError(f"{cached}: bộ chỉ mục trong bộ nhớ đệm đã bị xoá giữa chừng; hãy dựng lại")
    partial = cached.with_name(_aside_name(cached, "partial"))
    stale = sorted(job.cache.glob(f"{shard.name}-*"))
    _run_pagefind(_stand_ins(shard, job.site_prefix), partial, earlier=stale[0] if stale else None)
    if shard.identities:
        write_manifest(partial, shard.identities,
                       {_pagefind_url(record.url, job.site_prefix): record.url for record in shard.records})
    for folder in stale:
        _delete(folder)
    _store(partial, cached)
    return "built", cached


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


def _store(partial: Path, cached: Path) -> None:
    """The cache gets a bundle whole or not at all: Pagefind writes under a dot name, renamed
    once complete, so a job stopped halfway never leaves part of a bundle under a name a later
    build trusts. Dot names are the job's own (its pid) and never looked up."""
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


def stage_bundles(job: BundleJob, scratch: Path, workers: int = 2) -> tuple[list, dict]:
    """Every shard's bundle folder (two Pagefind processes at a time), and
    {"built": n, "reused": n}."""
    _forget_dead_jobs(job.cache)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda shard: _stage_shard(job, shard, scratch), job.shards))
    counts = {"built": 0, "reused": 0}
    for outcome, _ in outcomes:
        counts[outcome] += 1
    return [folder for _, folder in outcomes], counts


def publish_bundles(job: BundleJob, folders: list) -> None:
    """Put the bundles in the site: hard links to the cache's (one file on disk for both), the
    records of a patched shard that an edit replaced or that were removed buried."""
    if job.output.exists():  # a plain `pelican` run into an old output folder
        shutil.rmtree(job.output)
    job.output.mkdir(parents=True)
    for shard, folder in zip(job.shards, folders):
        if job.cache is None:
            shutil.move(folder, job.output / shard.name)
        else:
            link_tree(folder, job.output / shard.name, ignore=shutil.ignore_patterns(MANIFEST))
        if shard.buried:
            bury(job.output / shard.name, set(shard.buried))


# Pagefind 1.5's metadata file: [version, its records as [id, words], ...] (``footprint``).
META_RECORDS = 1


def bury(bundle: Path, ids: set) -> None:
    """Give the records ``ids`` of the published ``bundle`` ids of their own (``BURIED``) in
    its metadata file. Pagefind still finds a buried record; the search page leaves it out,
    and no other record can have its id."""
    def buried(_bundle, language: str, meta):
        meta[META_RECORDS] = [[f"{language}{BURIED}{number}", *record[1:]] if record[0] in ids else record
                              for number, record in enumerate(meta[META_RECORDS])]
        return meta

    rewrite_metadata(bundle, buried)


RESULT = "union-search-result"  # the job's last line of output: RESULT built reused


def main() -> None:
    """Started early by the build (its imports then cost nothing on the way), the job waits
    for its BundleJob on stdin (None: nothing to index), stages the bundles, then waits for
    the build's go-ahead (True) before it publishes them; the end of stdin without it means
    the build was refused."""
    with collector_paused():
        job = pickle.load(sys.stdin.buffer)
    if job is None:
        return
    with tempfile.TemporaryDirectory(prefix=scratch_prefix(os.getpid())) as scratch:
        folders, counts = stage_bundles(job, Path(scratch))
        try:
            go_ahead = pickle.load(sys.stdin.buffer)
        except EOFError:
            go_ahead = False
        if go_ahead is True:
            publish_bundles(job, folders)
            print(RESULT, counts["built"], counts["reused"], flush=True)
