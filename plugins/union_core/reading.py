"""Reading every source of a content folder: unchanged files from a cache, the rest in parallel.

The cache is keyed by the **contents** of each file (a fresh git checkout resets modification
times, so times would make a CI cache useless) and by a fingerprint of everything else the
result depends on: this package's code, the Markdown library, the reading settings and the
registries. A cache written by another version of the code or settings has another fingerprint
and is ignored. A cached file is reused only if the files it references still exist with the
same size, and a document only if each attached file still has the same SHA-256 (the size,
type and checksum its page shows must be those of the file as it is now: a PDF replaced by
another of the same size must not keep a stale checksum). Files with errors are never cached,
so their problems are found again.
"""

import copyreg
import hashlib
import io
import multiprocessing
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath


from .cache_db import CacheFile
from .files import file_sha256, files_digest, read_bytes, relative_posix
from .heap import collector_paused, frozen_heap
from .issues import ERROR, IssueLog
from .libraries import library_versions
from .markdown_render import MarkdownRenderer
from .registry import Campaign, Unit
from .sources import DOCUMENT, read_source

PARALLEL_FROM = 40  # fewer files than this are read in the main process
CHUNK = 250  # at most this many files a reading worker reads before handing them back


def code_fingerprint() -> str:
    """A hash of the code that reads sources (this package) and of the libraries it uses."""
    text = f"{sys.version}|{library_versions()}|{files_digest(Path(__file__).parent, '*.py')}"
    return hashlib.sha256(text.encode()).hexdigest()


def data_fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).glob("*.toml")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@dataclass
class ReadJob:
    """Everything a reading worker needs; shared with forked workers, never pickled."""

    content_root: Path
    registries: object
    markdown_settings: dict
    rewrite: object = None
    embeds: tuple | None = None


_JOB: ReadJob | None = None  # the job of the current parallel read, inherited by forked workers


def _read_chunk(items) -> list[bytes]:
    """Each file read, as the cache stores it: the worker pickles once, for the trip back
    and for the cache alike."""
    job, results = _JOB, []
    renderer = MarkdownRenderer.from_settings(job.markdown_settings, job.embeds)
    for path, role, raw in items:
        log = IssueLog()
        source = read_source(path, role, job.content_root, job.registries, renderer, log,
                             rewrite=job.rewrite, raw=raw)
        source.slug  # made now, so that the cache keeps it (slugify took 0.1 s of every nightly)
        results.append(_dumps((source, log.errors + log.warnings, _references(source)), job.content_root))
    return results


def _references(source) -> list:
    """The files a source's result depends on: ``(path, size, SHA-256 or None)``; the files it
    links to by size, a document's attached files by checksum too."""
    found = [(f, f.stat().st_size, None) for f in source.files.values() if f.is_file()]
    if source.role == DOCUMENT:
        found += [(a.path, a.size, a.sha256) for a in source.fields.get("files", ())]  # (none if unreadable)
    return found


def _unchanged(path: Path, size: int, sha256: str | None) -> bool:
    if not path.is_file() or path.stat().st_size != size:
        return False
    return sha256 is None or file_sha256(path) == sha256


_loading_root: Path | None = None  # the content folder of the blob being unpickled (``_loads``)
_loading_registries = None  # and the registries


def _in_content(relative: str) -> Path:
    return _loading_root / relative


def _registered(registry: str, slug: str):
    record = getattr(_loading_registries, registry).get(slug)
    if record is None:  # not with the fingerprint's registries: a damaged cache
        raise pickle.UnpicklingError(f"{slug} is not in the {registry} registry")
    return record


class _RootPickler(pickle.Pickler):
    """Pickles paths inside the content folder relative to it, so a cache written in one
    checkout is valid in another (CI clones the repository to a new place each time), and the
    units and campaigns a source names as references to the registries: read back, their records
    are the registries' own (10,000 sources are read back in a sixth less time), and the cache's
    fingerprint holds the registries' files.

    By reducers for these types alone (``dispatch_table``): a ``persistent_id`` method would be
    called for every object pickled, which made pickling twice as slow."""

    def __init__(self, file, root: Path):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.root = root
        self.dispatch_table = {**copyreg.dispatch_table, type(Path()): self._reduce_path,
                               Unit: self._reduce_unit, Campaign: self._reduce_campaign}

    def _reduce_path(self, path: PurePath):
        if path.is_absolute() and path.is_relative_to(self.root):
            return _in_content, (path.relative_to(self.root).as_posix(),)
        return path.__reduce__()

    @staticmethod
    def _reduce_unit(unit: Unit):
        return _registered, ("units", unit.slug)

    @staticmethod
    def _reduce_campaign(campaign: Campaign):
        return _registered, ("campaigns", campaign.slug)


def _dumps(value, root: Path) -> bytes:
    buffer = io.BytesIO()
    _RootPickler(buffer, root).dump(value)
    return buffer.getvalue()  # not compressed: decompressing 10,000 sources took 0.22 s of every build


def _loads(blob: bytes, root: Path, registries):
    global _loading_root, _loading_registries
    _loading_root, _loading_registries = Path(root), registries
    try:
        return pickle.loads(blob)
    finally:
        _loading_root = _loading_registries = None


class SourceCache:
    """An SQLite file of read sources: relative path → (file digest, pickled result)."""

    def __init__(self, file: Path | None, fingerprint: str, root: Path, registries):
        """``registries``: those the fingerprint was made from (the records sources name)."""
        self.fingerprint, self.root, self.registries = fingerprint, Path(root), registries
        self.file = CacheFile(file, "CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, "
                                    "fingerprint TEXT, digest TEXT, value BLOB)")
        self._rows = None

    def lookup(self, path: Path, digest: str):
        if self._rows is None:  # one query for the whole cache of this code and settings
            self._rows = self.file.do(lambda db: dict(((p, d), v) for p, d, v in db.execute(
                "SELECT path, digest, value FROM sources WHERE fingerprint = ?", (self.fingerprint,))), {})
        blob = self._rows.pop((self._key(path), digest), None)
        if blob is None:
            return None
        try:
            source, issues, references = _loads(blob, self.root, self.registries)
        except pickle.UnpicklingError:
            return None
        if not all(_unchanged(*reference) for reference in references):
            return None
        return source, issues

    def _key(self, path: Path) -> str:
        return relative_posix(path, self.root)

    def store(self, rows) -> None:
        """Save fresh results: ``(path, digest, blob)`` as ``_read_chunk`` made them."""
        if rows:
            self.file.do(lambda db: db.executemany(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
                ((self._key(path), self.fingerprint, digest, blob) for path, digest, blob in rows)))

    def close(self, keep) -> None:
        """Forget the files that no longer exist (``keep`` = the current paths)."""
        def forget(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (path TEXT PRIMARY KEY)")
            db.execute("DELETE FROM keep")
            db.executemany("INSERT INTO keep VALUES (?)", ((self._key(p),) for p in keep))
            db.execute("DELETE FROM sources WHERE path NOT IN (SELECT path FROM keep)")

        self.file.do(forget)
        self.file.close()


def read_all(requests, job: ReadJob, log: IssueLog, cache: SourceCache, processes: int,
             staged: dict | None = None, stats: dict | None = None, digests: dict | None = None) -> dict:
    """``{path: ContentSource}`` for ``requests`` (``[(path, role)]``); issues go to ``log``.

    ``stats`` (if given) receives how many files were ``cached`` and how many ``read``;
    ``digests`` (if given) the SHA-256 of each file's bytes, by path.
    Files with errors are not cached (see the module's note).
    """
    global _JOB
    results, misses, digests = {}, [], {} if digests is None else digests
    with collector_paused():
        for path, role in requests:
            try:
                raw = (staged or {}).get(path) or read_bytes(path)
            except OSError:  # read_source reports it
                misses.append((path, role, None))
                continue
            digests[path] = hashlib.sha256(raw).hexdigest()
            hit = cache.lookup(path, digests[path])
            if hit is None:
                misses.append((path, role, raw))
            else:
                results[path] = hit[0]
                log.extend(hit[1])
    _JOB = job
    try:
        if processes > 1 and len(misses) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            size = max(1, min(CHUNK, len(misses) // (2 * processes)))
            with frozen_heap(), multiprocessing.get_context("fork").Pool(processes) as pool:
                chunks = [misses[start:start + size] for start in range(0, len(misses), size)]
                for chunk, blobs in zip(chunks, pool.imap(_read_chunk, chunks)):
                    _take(chunk, blobs, digests, results, log, cache)
        else:
            _take(misses, _read_chunk(misses), digests, results, log, cache)
    finally:
        _JOB = None
    cache.close([path for path, _ in requests])
    if stats is not None:
        stats.update(cached=len(requests) - len(misses), read=len(misses))
    return results


def _take(items, blobs, digests, results, log, cache) -> None:
    """Unpack the files a worker read, and cache those without errors."""
    rows = []
    with collector_paused():
        sources = [_loads(blob, cache.root, cache.registries) for blob in blobs]
    for (path, _, _), blob, (source, issues, _) in zip(items, blobs, sources):
        results[path] = source
        log.extend(issues)
        if not any(issue.severity == ERROR for issue in issues):
            rows.append((path, digests[path], blob))
    cache.store(rows)


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
