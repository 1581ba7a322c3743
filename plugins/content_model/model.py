"""The per-build site model: registries, terms, the build clock and the issue log.

One ``SiteModel`` lives in ``settings["UNION_SITE"]`` for a Pelican instance; ``start_run``
reloads it at the start of every run, so nothing is kept in module globals.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from blinker import signal

from union_core.heap import collector_paused, freeze_site, hold_collector
from union_core.issues import IssueLog
from union_core.markdown_render import MarkdownRenderer
from union_core.publishing import build_clock
from union_core.registry import Registries, load_registries
from union_core.sources import ContentSource
from union_core.vietnamese import sort_key

from .source_store import read_sources
from .terms import Campaign, Unit

SETTING = "UNION_SITE"
# Sent with the model once every source of a run is read, before Pelican builds its objects
# and before anything is checked across files (the search index starts from it).
sources_read = signal("union_sources_read")


@dataclass
class SiteModel:
    content_root: Path
    settings: dict
    log: IssueLog = field(default_factory=IssueLog)
    registries: Registries | None = None
    now: datetime | None = None
    units: dict = field(default_factory=dict)
    campaigns: dict = field(default_factory=dict)
    sources: list[ContentSource] = field(default_factory=list)
    published: dict = field(default_factory=dict)  # role -> number published in this run
    published_articles: list = field(default_factory=list)  # Pelican articles, for reports
    published_pages: list = field(default_factory=list)  # Pelican pages
    prefetched: dict | None = None  # path -> ContentSource, every source read at once
    read_stats: dict = field(default_factory=dict)  # {"cached": n, "read": n}
    checked_at: float | None = None  # perf_counter when every source was read and checked
    linked_files: set = field(default_factory=set)  # files linked from published content
    published_documents: list = field(default_factory=list)  # documents plugin
    metadata: dict = field(default_factory=dict)  # path -> the reader's metadata (reader.source_metadata)
    digests: dict = field(default_factory=dict)  # path -> SHA-256 of the file's bytes, as read
    real_paths: set | None = None  # the sources' paths with links followed (read_under_another_path)

    def start_run(self) -> None:
        self.log = IssueLog()
        self.sources = []
        self.published = {}
        self.published_articles = []
        self.published_pages = []
        self.prefetched = None
        self.checked_at = None
        self.linked_files = set()
        self.published_documents = []
        self.metadata = {}
        self.digests = {}
        self.real_paths = None
        self.now = build_clock(self.settings.get("BUILD_CLOCK"))
        self.registries = load_registries(self.content_root / "data", self.log)
        self.campaigns = {c.slug: Campaign(c, self.settings) for c in self.registries.campaigns}
        self.units = {u.slug: Unit(u, self.settings) for u in self.registries.units}
        for unit in self.units.values():
            unit.group = self.registries.groups.get(unit.record.group)
            unit.parent = self.units.get(unit.record.parent)
            if unit.parent is not None:
                unit.parent.children.append(unit)
        for unit in self.units.values():
            unit.children.sort(key=lambda u: sort_key(u.name))

    @property
    def site(self):
        return self.registries.site

    def source(self, path: Path) -> ContentSource | None:
        """The read source of ``path``; the first call reads every source (cached, parallel)."""
        if self.prefetched is None:
            with collector_paused():  # frozen before the collector wakes: it would walk them all once
                self.prefetched = read_sources(self.settings, self.content_root, self.registries, self.log,
                                               stats=self.read_stats, digests=self.digests)
                freeze_site()  # the sources live until the build ends (thawed when the next one starts)
            hold_collector()  # and what is made from them, until the checks freeze the site
            sources_read.send(self)
        return self.prefetched.get(_as_path(path))

    def digest(self, path: Path) -> str:
        """The SHA-256 of the file's bytes as read (read again for a file the discovery did not
        expect, which Pelican found on its own)."""
        path = _as_path(path)
        found = self.digests.get(path)
        if found is None:
            found = self.digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def read_under_another_path(self, path: Path) -> bool:
        """Whether ``path``, links followed, is a source already read under another path:
        Pelican's own walk follows two folders linked to each other round and round, where the
        discovery stops (``union_core.discovery``)."""
        if self.real_paths is None:  # (made once, and only when Pelican finds such a file)
            self.real_paths = {os.path.realpath(known) for known in self.prefetched or ()}
        return os.path.realpath(path) in self.real_paths

    def renderer(self) -> MarkdownRenderer:
        return MarkdownRenderer.from_settings(self.settings.get("MARKDOWN", {}), self.settings.get("VIDEO_EMBEDS"))


def _as_path(path) -> Path:
    """``path`` as a key of the model's tables, which 10,000-article builds look up some
    50,000 times: a ``Path`` is hashed anew each time it is made (0.1 s)."""
    return path if isinstance(path, Path) else Path(path)


def site_model(settings) -> SiteModel:
    return settings[SETTING]
