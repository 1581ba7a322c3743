"""Patching the search index: what changed in old shards goes into a shard of edits.

Pagefind cannot change a bundle: a shard with one edited record is rebuilt whole, 1,500
records for about 1.5 s of CPU, and a nightly that edits ten articles spread over ten years
rebuilt every shard. Instead, a changed shard whose bundle from an earlier build is in the
cache (its *base*, made with the same code, settings and registries) keeps it: the records
added or edited since go into the shard of edits (``EDITS_SHARD``), and the base's records of
the URLs edited or removed are buried in the published copy of the base (``bundles.bury``):
they get ids of their own, which the search page leaves out (``theme/static/js/search.js``).

Pagefind ranks a record against the words of its own index: a word every record holds weighs
about one over the number of records, so ten edits alone came first for every common word. The
shard of edits is therefore filled up to a shard's size with a sample of the site's other
records (``sample``), which every search leaves out by a filter (``SAMPLE_FILTER``). Building
it costs about what rebuilding the newest shard cost every night before.

A cold build patches nothing. A shard is rebuilt, as before, when it holds fewer than
``SEARCH_PATCH_MIN_RECORDS`` records (rebuilding it costs little), when a page changed in it
(the search page merges the edits into lists by date, and pages have none), or when the URLs
added, edited or removed since the shards were built would pass ``SEARCH_EDITS_LIMIT``: the
shards with the most changes are rebuilt first, which folds their edits back into them.
"""

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from union_core.sources import PAGE

from .keys import shard_key
from .manifests import read_manifest

EDITS_SHARD = "cap-nhat"  # the folder of the shard of edits, beside the months' ("2026-07")
SAMPLE_FILTER = "mau"  # the filter (value "1") of the sample's records, which no search shows


@dataclass(frozen=True)
class Base:
    key: str
    identities: dict  # URL -> (role, digest) of each record it holds
    ids: dict  # URL -> the Pagefind id of its record


@dataclass(frozen=True)
class Patch:
    base_key: str
    changed: tuple  # the shard's entries (``keys.IndexEntry``) added or edited since its base
    buried: tuple  # the base's Pagefind ids of the records edited or removed since
    touched: int  # URLs added, edited or removed
    pages_touched: bool  # a page among them: the shard is rebuilt (edits are dated, see search.js)


def read_base(cache: Path, name: str, fingerprint: str) -> Base | None:
    """The cached bundle of the shard ``name`` whose manifest shows it made with
    ``fingerprint`` (the same key from the records it lists), or None."""
    for folder in cache.glob(f"{name}-*"):
        key, manifest = folder.name[len(name) + 1:], read_manifest(folder)
        if manifest is not None and shard_key(fingerprint, manifest[0]) == key:
            identities, ids = manifest
            return Base(key, {url: (role, digest) for url, role, digest in identities}, ids)
    return None


def patch_of(base: Base, entries) -> Patch:
    """What changed in a shard of ``entries`` since its ``base``."""
    current = {entry.url: entry.identity[1:] for entry in entries}
    changed = tuple(entry for entry in entries if base.identities.get(entry.url) != current[entry.url])
    gone = [url for url, identity in base.identities.items() if current.get(url) != identity]
    return Patch(base.key, changed, tuple(base.ids[url] for url in gone), len({entry.url for entry in changed}.union(gone)),
                 any(entry.source.role == PAGE for entry in changed) or any(base.identities[url][0] == PAGE for url in gone))


def choose_patches(candidates, limit: int, minimum: int) -> dict:
    """{shard name: Patch} of the shards to patch among ``candidates`` ([(name, records it
    holds, Patch)]): fewest changes first, while the URLs touched stay within ``limit``;
    shards of fewer than ``minimum`` records, or with a page changed, are rebuilt."""
    chosen, touched = {}, 0
    for name, size, patch in sorted(candidates, key=lambda candidate: (candidate[2].touched, candidate[0])):
        if size < minimum or patch.pages_touched:
            continue
        if touched + patch.touched > limit:
            break
        chosen[name] = patch
        touched += patch.touched
    return chosen


def sample(entries, edits, size: int) -> list:
    """``size`` of the dated ``entries`` not among the ``edits``, spread over the site: those
    whose URLs hash lowest. The build fills the shard of edits up to a shard's size: Pagefind
    weighs a word every record holds by about one over the records of its index."""
    edited = {entry.url for entry in edits}
    dated = (entry for entry in entries if entry.month and entry.url not in edited)
    return sorted(dated, key=lambda entry: hashlib.sha256(entry.url.encode()).digest())[:size]


def as_sample(record):
    """A record of the sample, as the shard of edits holds it (``SAMPLE_FILTER``)."""
    return replace(record, filters={**record.filters, SAMPLE_FILTER: ["1"]})
