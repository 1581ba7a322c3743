"""A Pelican writer that renders pages on every core, and only the pages that changed.

Pelican renders and writes pages one by one. This writer lets Pelican do all its usual work —
pagination (stable: ``pagination``), the output-path bookkeeping that refuses to write a file twice, the
``content_written`` signal — but instead of rendering a template on the spot it files the
page as a job and writes a placeholder. Every ``batch`` jobs, and when the build ends:

- a page whose key (``page_keys``) is in the page store of an earlier build is copied from it
  (at once, before Pelican's writer sees it);
- the others are rendered by forked worker processes (forking shares the built site with the
  workers without copying or pickling it), then added to the store.

With ``WRITER_PROCESSES = 1`` or where ``fork`` is unavailable, pages render in this process.
"""

import multiprocessing
import os
from collections import ChainMap
from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError

from union_core.files import PARTIAL, link_or_copy
from union_core.heap import frozen_heap

from .compiled_templates import load_referenced_templates
from .page_keys import PageKeys
from .pagination import StablePaginationWriter

DEFERRED = "\0union-deferred-page\0"
WRITER = "UNION_WRITER"


class _DeferredTemplate:
    """Stands in for a Jinja template: rendering files a job instead (with the page's key)."""

    def __init__(self, template, writer, key):
        self.template, self.writer, self.key = template, writer, key

    def render(self, context):
        self.writer.file_job(self.template, context, self.key)
        return DEFERRED


class _Placeholder:
    """The file Pelican writes the placeholder into: records the path for the job instead."""

    def __init__(self, job):
        self.job = job

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        pass


_JOBS: list = []  # the jobs being rendered; read by the forked workers only


def _render(indexes) -> int:
    for index in indexes:
        template, context, path, _ = _JOBS[index]
        _unlink(path)  # it may be a hard link to the page store: never write through it
        with open(path, "w", encoding="utf-8") as file:
            file.write(template.render(context))
    return len(indexes)


def _unlink(path) -> None:
    if os.path.lexists(path):
        os.unlink(path)


class PageStore:
    """Files of earlier builds (rendered pages; feed documents: ``suffix=".xml"``), one file per
    key, hard-linked when possible."""

    def __init__(self, folder: Path | None, suffix: str = ".html"):
        self.folder, self.suffix = folder, suffix
        self.used = set()
        self._made = set()  # sub-folders known to exist

    def _path(self, key: str) -> str:
        return f"{self.folder}/{key[:2]}/{key}{self.suffix}"

    def fetch(self, key: str, target: str, make_folder: bool = False) -> bool:
        """``target`` becomes the stored page of ``key`` (a hard link); False if there is none.
        Tried directly (15,000 pages in a nightly): the usual target is new, in a fresh folder
        (made here if ``make_folder`` and it is missing)."""
        if self.folder is None:
            return False
        stored = self._path(key)
        try:
            os.link(stored, target)
        except FileNotFoundError:
            if not (make_folder and os.path.isfile(stored)):
                return False  # not in the store: the page is rendered
            os.makedirs(os.path.dirname(target), exist_ok=True)
            link_or_copy(stored, target)
        except OSError:
            if not os.path.isfile(stored):
                return False
            _unlink(target)  # an older build's file: replaced, never written through
            link_or_copy(stored, target)  # (a copy across file systems)
        self.used.add(key)
        return True

    def keep(self, key: str, source: str) -> None:
        if self.folder is not None:
            if key[:2] not in self._made:
                os.makedirs(f"{self.folder}/{key[:2]}", exist_ok=True)
                self._made.add(key[:2])
            if not os.path.exists(self._path(key)):
                link_or_copy(source, self._path(key))
            self.used.add(key)

    def prune(self) -> None:
        """Forget the pages no longer produced, and copies a killed build left half made
        (after a successful build)."""
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob(f"*/*{self.suffix}"):
                if path.stem not in self.used:
                    path.unlink()
            for path in self.folder.glob(f"*/*{PARTIAL}"):
                path.unlink(missing_ok=True)


def batch_size(articles: int) -> int:
    """Pages filed before a batch is rendered: 1,000, or a twelfth of the articles on sites of
    more than 12,000, so that the number of batches stops growing (about 20: a site has some
    1.6 pages per article). Each batch forks workers, and a worker copies the parts of the
    site's memory it touches; with batches of a fixed size the copying would grow with the
    square of the site (50,000 articles in batches of 1,000: 78 forks of a 1.4 GB process)."""
    return max(1000, articles // 12)


class ParallelWriter(StablePaginationWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        settings[WRITER] = self  # so that the build's end can flush the last batch
        self._pending, self._keys, self._batch = [], None, None
        self._loaded_templates: set[tuple[int, str]] = set()
        self.processes = int(settings.get("WRITER_PROCESSES") or len(os.sched_getaffinity(0)))
        self.batch = int(settings.get("WRITER_BATCH") or 0)  # 0: chosen by batch_size() at the first page
        self.fork = "fork" in multiprocessing.get_all_start_methods()
        cache = settings.get("CACHE_PATH")
        self.store = PageStore(Path(cache) / "pages" if cache else None)  # keys hold no paths
        self.stats = {"rendered": 0, "reused": 0}
        self.page_keys: dict[str, str] = {}  # output file → the key of its contents, when it has one

    def write_page(self, name, template, context, relative_urls, template_name, override_output, url, **kwargs):
        if not name:
            return
        key = None
        if not relative_urls and template.name is not None:  # (relative URLs: the context is Pelican's to make)
            page = ChainMap({"localsiteurl": context.get("localsiteurl"), "output_file": name, **kwargs}, context)
            key = self._page_keys(context).key(template.name, page)
            if key is not None and self._copy_unchanged(sanitised_join(self.output_path, name), key, page,
                                                        override_output):
                return
        super().write_page(name, _DeferredTemplate(template, self, key), context, relative_urls, template_name,
                           override_output, url, **kwargs)
        if len(self._pending) >= self.batch:
            self.flush()

    def _copy_unchanged(self, path: str, key: str, page, override: bool) -> bool:
        """A page whose key is in the page store is linked from it at once, with Pelican's
        bookkeeping and signal but without the rest of its writer (its work per page, a
        ``makedirs`` among it, took 0.45 s of a nightly's 15,000 pages). The link is simply
        tried (looking in the store first took 0.07 s more). False: the page is written as any
        other, also when Pelican's writer is to skip or refuse it (a path written before)."""
        if path in self._overridden_files or (path in self._written_files and not override):
            return False
        if not self.store.fetch(key, path, make_folder=True):
            return False
        self._claim(path, override)
        self.page_keys[path] = key
        self.stats["reused"] += 1
        signals.content_written.send(path, context=page)
        return True

    def _page_keys(self, context) -> PageKeys:
        if self._keys is None:
            self._keys = PageKeys(self.settings, context)
            self.batch = self.batch or batch_size(len(context.get("articles", ())))
        return self._keys

    def file_job(self, template, context, key: str | None = None) -> None:
        if key is None:
            key = self._page_keys(context).key(template.name, context)
        self._pending.append([template, context, None, key])

    def _open_w(self, filename, encoding, override=False):
        if not (self._pending and self._pending[-1][2] is None):  # not a filed page: write now
            if filename not in self._written_files:
                _unlink(filename)  # it may be a hard link to the page store
            return super()._open_w(filename, encoding, override)
        job = self._pending[-1]
        job[2] = filename if self._claim(filename, override) else ""
        return _Placeholder(job)

    def _claim(self, filename, override) -> bool:
        """Pelican's bookkeeping of ``Writer._open_w`` without touching the disk: a second
        write of one path is an error unless one of them overrides; False means "skip"."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already '
                                           "written to it previously")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True

    def flush(self, wait: bool = False) -> None:
        """Copy the unchanged pages filed so far and start rendering the others on forked
        workers; this process goes on filing pages meanwhile. ``wait`` for everything."""
        global _JOBS
        self._finish_batch()
        jobs, self._pending = [job for job in self._pending if job[2]], []
        self.page_keys.update((job[2], job[3]) for job in jobs if job[3])
        _JOBS = [job for job in jobs if not (job[3] and self.store.fetch(job[3], job[2]))]
        self.stats["reused"] += len(jobs) - len(_JOBS)
        self.stats["rendered"] += len(_JOBS)
        try:
            if self.processes > 1 and self.fork and len(_JOBS) > self.processes:
                chunks = [list(range(s, len(_JOBS), self.processes)) for s in range(self.processes)]
                load_referenced_templates({job[0] for job in _JOBS}, self._loaded_templates)
                with frozen_heap():
                    pool = multiprocessing.get_context("fork").Pool(self.processes)  # workers copy _JOBS
                self._batch = (pool, pool.map_async(_render, chunks), _JOBS)
            else:
                _render(range(len(_JOBS)))
                self._keep(_JOBS)
        finally:
            _JOBS = []
        if wait:
            self._finish_batch()

    def abandon(self) -> None:
        """The build failed elsewhere: the batch being rendered is stopped at once (the build's
        folder is deleted next, and nothing may write there any more)."""
        if self._batch is not None:
            pool, self._batch = self._batch[0], None
            pool.terminate()
            pool.join()

    def _finish_batch(self) -> None:
        """Wait for the batch being rendered (re-raising a template error), then store it."""
        if self._batch is None:
            return
        pool, result, jobs = self._batch
        self._batch = None
        try:
            result.get()
        finally:
            pool.close()
            pool.join()
        self._keep(jobs)

    def _keep(self, jobs) -> None:
        for _, _, path, key in jobs:
            if key:
                self.store.keep(key, path)
