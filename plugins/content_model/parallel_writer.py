"""A Pelican writer that renders pages on every core.

Pelican renders and writes pages one by one. This writer lets Pelican do all its usual work —
pagination, the output-path bookkeeping that refuses to write a file twice, the
``content_written`` signal — but instead of rendering each template on the spot it files the
page as a job and writes a placeholder. Every ``batch`` jobs, and when the build ends, forked
worker processes render the jobs and write the real files. Forking shares the built site
(templates, articles, context) with the workers without copying or pickling it.

Where ``fork`` is not available (or with ``WRITER_PROCESSES = 1``) pages are rendered at once,
exactly as Pelican does.
"""

import multiprocessing
import os

from pelican.writers import Writer

DEFERRED = "\0union-deferred-page\0"
WRITER = "UNION_WRITER"


class _DeferredTemplate:
    """Stands in for a Jinja template: rendering files a job instead."""

    def __init__(self, template, writer):
        self.template, self.writer = template, writer

    def render(self, context):
        self.writer._pending.append([self.template, context, None])
        return DEFERRED


class _Placeholder:
    """The file Pelican writes the placeholder into: records the path for the job instead."""

    def __init__(self, writer, path):
        self.writer, self.path = writer, path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        self.writer._pending[-1][2] = self.path


_JOBS: list = []  # the jobs of the batch being rendered; read by the forked workers only


def _render(indexes) -> int:
    for index in indexes:
        template, context, path = _JOBS[index]
        with open(path, "w", encoding="utf-8") as file:
            file.write(template.render(context))
    return len(indexes)


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        settings[WRITER] = self  # so that the build's end can flush the last batch
        self._pending = []
        self.processes = int(settings.get("WRITER_PROCESSES") or os.cpu_count() or 1)
        self.batch = int(settings.get("WRITER_BATCH", 400))
        self.parallel = self.processes > 1 and "fork" in multiprocessing.get_all_start_methods()

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.parallel:
            return super().write_file(name, template, context, *args, **kwargs)
        super().write_file(name, _DeferredTemplate(template, self), context, *args, **kwargs)
        if len(self._pending) >= self.batch:
            self.flush()

    def _open_w(self, filename, encoding, override=False):
        handle = super()._open_w(filename, encoding, override)
        if self.parallel and self._pending and self._pending[-1][2] is None:
            handle.close()
            return _Placeholder(self, filename)
        return handle

    def flush(self) -> None:
        """Render every filed page now, on ``processes`` forked workers."""
        global _JOBS
        if not self._pending:
            return
        _JOBS, self._pending = self._pending, []
        try:
            chunks = [list(range(start, len(_JOBS), self.processes)) for start in range(self.processes)]
            with multiprocessing.get_context("fork").Pool(self.processes) as pool:
                pool.map(_render, chunks)
        finally:
            _JOBS = []
