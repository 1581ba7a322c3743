"""Cache keys of search bundles, from what a shard's records are made of, before making them.

A shard's bundle is reused when the same sources (by the digest of their bytes) are published
at the same URLs and nothing else a record depends on has changed: the code that makes records
and stand-in pages, the libraries (Pagefind's version), the registries (names of units,
campaigns, document types and issuers) and the settings. The records of a reused shard are
not even made: a nightly makes and sends the records of the shards it rebuilds and of its
edits (``patches``), where making and sending all 10,000 took 0.4 s of the build's critical path.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from content_model.page_keys import plain_settings
from union_core.files import plugins_digest
from union_core.libraries import library_versions
from union_core.reading import data_fingerprint
from union_core.sources import PAGE


FORMAT = "8"  # bump when the stand-in pages, the canonical form, the files kept, the manifests or the keys change


@dataclass(frozen=True)
class IndexEntry:
    """A published source on its way to the index: what shards are planned and keyed by."""

    source: object  # union_core.sources.ContentSource
    metadata: dict  # the reader's, with the URL it is published at
    url: str  # as the browser asks for it (``records.site_path``)
    digest: str  # of the source file's bytes
    month: str = field(init=False)  # the month its record is filed under, "2026-07"; "" for a page

    @property
    def identity(self) -> tuple[str, str, str]:
        """What its record is made from, besides the fingerprint: (URL, role, digest)."""
        return self.url, self.source.role, self.digest

    def __post_init__(self):
        date = self.metadata.get("date")
        month = "" if self.source.role == PAGE or date is None else f"{date.year:04d}-{date.month:02d}"  # (no strftime)
        object.__setattr__(self, "month", month)


def index_fingerprint(settings, data_dir: Path) -> str:
    """Everything but the sources that every bundle depends on."""
    parts = [FORMAT, library_versions(), plugins_digest(),
             data_fingerprint(data_dir), plain_settings(settings)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def shard_key(fingerprint: str, identities) -> str:
    """The key of a bundle of records made from ``identities`` (``IndexEntry.identity``)."""
    digest = hashlib.sha256(fingerprint.encode())
    for url, role, source_digest in identities:
        digest.update(f"{url}\0{role}\0{source_digest}\n".encode())
    return digest.hexdigest()[:20]
