"""The search index of published content, built beside the page writing; ``register()`` last.

The child process that builds the Pagefind bundles is started as a run begins
(``get_generators``), so its imports are done by the time there is work. It gets its records
as soon as every source is read (``sources_read``): the records and the publication rule need
only the sources and the reader's metadata, so Pagefind runs while Pelican makes its objects,
checks the content and writes the pages. When the build is accepted
(``all_generators_finalized``) the forecast is checked against what was published and the child
gets its go-ahead to put the bundles in the site; should they differ, it is replaced by one
with the published records. ``finalized`` waits for it.
"""

import atexit
import os
import pickle
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from content_model.model import site_model, sources_read
from content_model.report import whole_number
from content_model.reader import published_sources, source_metadata
from union_core.files import PLUGINS_DIR

from .bundles import BURIED, RESULT, BundleJob, forget_unfinished
from .keys import IndexEntry, index_fingerprint
from .layout import index_layout
from .patches import SAMPLE_FILTER
from .records import EVERY_RECORD_WORD, MOMENT_META, filter_panel, site_path
from .stand_in import SearchIndexError

DEFAULTS = {"SEARCH_INDEX_PATH": "pagefind", "SEARCH_INDEX_ENABLED": True, "SEARCH_SHARD_SIZE": 1500,
            "SEARCH_EDITS_LIMIT": 200, "SEARCH_PATCH_MIN_RECORDS": 500}  # (``patches``)
STATE = "SEARCH_INDEX_STATE"
# What the search page's script reads in records (theme/static/js/search.js), named once here.
SEARCH_MARKS = {"moment": MOMENT_META, "buried": BURIED, "sample": SAMPLE_FILTER}


@dataclass
class SearchState:
    process: subprocess.Popen | None = None
    cache: Path | None = None
    counts: dict = field(default_factory=dict)
    published: list | None = None  # [(source path, URL)] the child's job was made from
    bundles: list = field(default_factory=list)  # the search page's shard folders, newest first
    edits: str = ""  # the folder of the shard of edits (``patches``), if there is one
    filters: list = field(default_factory=list)  # the search page's filter panel (``records.filter_panel``)
    sending: threading.Thread | None = None
    forecast_held: bool | None = None  # the early job held what was published (no second child)


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    for key, least in (("SEARCH_SHARD_SIZE", 1), ("SEARCH_EDITS_LIMIT", 0), ("SEARCH_PATCH_MIN_RECORDS", 1)):
        whole_number(pelican.settings, key, least)
    pelican.settings[STATE] = SearchState()


def cache_folder(settings) -> Path | None:
    """``<CACHE_PATH>/search`` (shards are keyed by their contents), or None without a cache."""
    if not settings.get("CACHE_PATH"):
        return None
    return Path(settings["CACHE_PATH"]) / "search"


def spawn_index_job(pelican) -> None:
    """A run begins (``invoke serve`` runs one Pelican many times): nothing of the last one's job
    may be taken for this one's."""
    state = pelican.settings[STATE]
    state.published, state.bundles, state.filters, state.forecast_held = None, [], [], None
    state.edits = ""
    _spawn(pelican.settings)


def _spawn(settings) -> None:
    """The child, waiting for its job on stdin (a job left by an earlier failed run is stopped)."""
    state = settings[STATE]
    _stop(state)
    state.counts = {}
    if not settings["SEARCH_INDEX_ENABLED"]:
        return
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PLUGINS_DIR), os.environ.get("PYTHONPATH", "")])}
    state.cache = cache_folder(settings)
    state.process = subprocess.Popen([sys.executable, "-m", "search_index"], env=environment,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=hasattr(os, "killpg"))  # its own group: see stop_index
    _RUNNING[id(state)] = state


def start_early(model) -> None:
    """The job of what the sources say will be published, handed over at once."""
    state = model.settings.get(STATE)
    if state is None or state.process is None:
        return
    _hand_over(state, model, list(published_sources(model)))


def start_index(generators) -> None:
    """The build is accepted: the child goes ahead if its job holds exactly what was published
    (the same sources at the same URLs), else a new child gets the published records."""
    settings = generators[0].settings
    if not settings["SEARCH_INDEX_ENABLED"]:
        return
    model, state = site_model(settings), settings[STATE]
    published = [*model.published_articles, *model.published_pages, *model.published_documents]
    state.forecast_held = sorted((str(Path(item.source_path)), item.url) for item in published) == state.published
    if not state.forecast_held:
        _spawn(settings)
        read = {source.path: source for source in model.sources}  # with any read outside the discovery
        sources = [read[Path(item.source_path)] for item in published]
        _hand_over(state, model, [(source, {**source_metadata(source, model), "url": item.url})
                                  for source, item in zip(sources, published)])
    generators[0].context["search_bundles"] = state.bundles
    generators[0].context["search_edits"] = state.edits
    generators[0].context["search_marks"] = SEARCH_MARKS
    generators[0].context["search_every_record_word"] = EVERY_RECORD_WORD
    generators[0].context["search_filters"] = state.filters
    state.sending.join()
    _send(state, True)


def _hand_over(state: SearchState, model, published: list) -> None:
    """Send the job of ``published`` ([(source, metadata)]) to the waiting child, from a thread:
    the child may still be starting, and the build goes on meanwhile. Records are made only
    for the shards the cache cannot serve (``layout``)."""
    settings, site_url = model.settings, model.settings["SITEURL"]
    entries = [IndexEntry(source, metadata, site_path(site_url, metadata["url"]), model.digest(source.path))
               for source, metadata in published]
    fingerprint = index_fingerprint(settings, model.content_root / "data") if state.cache else ""
    layout = index_layout(entries, state.cache, fingerprint, site_url, settings)
    index_path = settings["SEARCH_INDEX_PATH"]
    state.bundles = [f"{index_path}/{shard.name}/" for shard in layout.shards]
    state.edits = f"{index_path}/{layout.edits.name}/" if layout.edits else ""  # (a second job may have none)
    state.filters = filter_panel(published)
    state.published = sorted((str(source.path), metadata["url"]) for source, metadata in published)
    shards = layout.shards + ([layout.edits] if layout.edits else [])
    job = BundleJob(shards, Path(settings["OUTPUT_PATH"]) / index_path, state.cache,
                    urlsplit(site_url).path.rstrip("/")) if shards else None
    state.sending = threading.Thread(target=_send, args=(state, job), name="search-job", daemon=True)
    state.sending.start()


def _send(state: SearchState, message) -> None:
    try:
        state.process.stdin.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        state.process.stdin.flush()
    except (BrokenPipeError, AttributeError, ValueError):  # the child failed (finish_index
        pass  # reports what it printed) or was stopped


def finish_index(pelican) -> None:
    state = pelican.settings[STATE]
    if state.process is None:
        return
    output, _ = state.process.communicate()
    _RUNNING.pop(id(state), None)
    output = output.decode("utf-8", "replace")
    try:
        result = output.strip().rsplit("\n", 1)[-1].split()
        if state.process.returncode != 0:
            raise SearchIndexError(f"Không tạo được chỉ mục tìm kiếm:\n{output}")
        if result[:1] == [RESULT]:
            state.counts = {"built": int(result[1]), "reused": int(result[2])}
    finally:
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
    if state.sending is not None:  # its write fails now that the child is gone
        state.sending.join()
    process.communicate()
    forget_unfinished(state.cache, process.pid)


_RUNNING: dict[int, SearchState] = {}  # jobs started and not yet waited for
atexit.register(lambda: [_stop(state) for state in list(_RUNNING.values())])  # a plain `pelican` run that failed


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(spawn_index_job)
    sources_read.connect(start_early)
    signals.all_generators_finalized.connect(start_index)
    signals.finalized.connect(finish_index)
