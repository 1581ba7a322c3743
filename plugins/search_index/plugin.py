"""The search index of published content, built beside the page writing; ``register()`` last.

Records are made once all content is read (``all_generators_finalized``), the shard list is
put in the context for the search page, and a child process builds the Pagefind bundles while
Pelican writes the pages; ``finalized`` waits for it.
"""

import atexit
import os
import pickle
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from content_model.model import site_model

from .bundles import BundleJob, forget_unfinished
from .records import article_record, document_record, page_record
from .shards import plan_shards
from .stand_in import SearchIndexError

DEFAULTS = {"SEARCH_INDEX_PATH": "pagefind", "SEARCH_INDEX_ENABLED": True, "SEARCH_SHARD_SIZE": 1500}
STATE = "SEARCH_INDEX_STATE"
PLUGINS_DIR = Path(__file__).resolve().parents[1]


@dataclass
class SearchState:
    process: subprocess.Popen | None = None
    job_file: Path | None = None
    cache: Path | None = None
    counts: dict = field(default_factory=dict)


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings[STATE] = SearchState()


def cache_folder(settings) -> Path | None:
    """``<CACHE_PATH>/search`` (shards are keyed by their contents), or None without a cache."""
    if not settings.get("CACHE_PATH"):
        return None
    return Path(settings["CACHE_PATH"]) / "search"


def _text(model, article):
    source = model.source(Path(article.source_path))
    return source.rendered.text if source is not None else None


def start_index(generators) -> None:
    """Only what the publication rule let through: published articles, pages and documents."""
    settings = generators[0].settings
    if not settings["SEARCH_INDEX_ENABLED"]:
        return
    model, site_url = site_model(settings), settings["SITEURL"]
    records = [article_record(a, site_url, _text(model, a)) for a in model.published_articles]
    records += [page_record(p, site_url) for p in model.published_pages]
    records += [document_record(d, site_url) for d in model.published_documents]
    shards = plan_shards(records, settings["SEARCH_SHARD_SIZE"])
    index_path = settings["SEARCH_INDEX_PATH"]
    generators[0].context["search_bundles"] = [f"{index_path}/{shard.name}/" for shard in shards]
    if not shards:
        return
    job = BundleJob(shards, Path(settings["OUTPUT_PATH"]) / index_path, cache_folder(settings),
                    urlsplit(site_url).path.rstrip("/"))
    state = settings[STATE]
    handle, name = tempfile.mkstemp(prefix="union-search-", suffix=".job")
    os.write(handle, pickle.dumps(job))
    os.close(handle)
    state.job_file = Path(name)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")])}
    state.cache = job.cache
    state.process = subprocess.Popen([sys.executable, "-m", "search_index", name], env=environment,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=hasattr(os, "killpg"))  # its own group: see stop_index
    _RUNNING[id(state)] = state


def finish_index(pelican) -> None:
    state = pelican.settings[STATE]
    if state.process is None:
        return
    output, _ = state.process.communicate()
    _RUNNING.pop(id(state), None)
    done = state.job_file.with_suffix(".done")
    try:
        if state.process.returncode != 0:
            raise SearchIndexError(f"Không tạo được chỉ mục tìm kiếm:\n{output}")
        built, reused = done.read_text().split()
        state.counts = {"built": int(built), "reused": int(reused)}
    finally:
        state.job_file.unlink(missing_ok=True)
        done.unlink(missing_ok=True)
        state.process = None


def stop_index(settings) -> None:
    """Stop the index job of a build that failed after starting it: its folder is deleted next
    and nothing may write there any more. Does nothing once the job was waited for
    (``finish_index``)."""
    state = settings.get(STATE)
    if state is not None:
        _stop(state)


def _stop(state: SearchState) -> None:
    """The job and its Pagefind processes are killed (one process group), then what they left
    half-done is removed."""
    _RUNNING.pop(id(state), None)
    process, state.process = state.process, None
    if process is None:
        return
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL) if hasattr(os, "killpg") else process.kill()
        except ProcessLookupError:
            pass
    process.communicate()
    forget_unfinished(state.cache, process.pid)
    state.job_file.unlink(missing_ok=True)
    state.job_file.with_suffix(".done").unlink(missing_ok=True)


_RUNNING: dict[int, SearchState] = {}  # jobs started and not yet waited for
atexit.register(lambda: [_stop(state) for state in list(_RUNNING.values())])  # a plain `pelican` run that failed


def register():
    signals.initialized.connect(apply_defaults)
    signals.all_generators_finalized.connect(start_index)
    signals.finalized.connect(finish_index)
