"""Which shards a build publishes, and how each is had: reused, patched or built.

Planned from the published entries (``keys.IndexEntry``) before any record is made: a shard
whose bundle is cached under its key is reused as it is; one that changed is patched when its
earlier bundle can serve (``patches``), else built; the records are made only for the shards
built and for the shard of edits.
"""

from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from .keys import shard_key
from .patches import EDITS_SHARD, SAMPLE_FILTER, as_sample, choose_patches, patch_of, read_base, sample
from .records import source_record
from .shards import Shard, plan_shards


@dataclass(frozen=True)
class Layout:
    shards: list  # by month, newest first (``shards.plan_shards``)
    edits: Shard | None  # the shard of edits, if any shard is patched


def index_layout(entries: list, cache: Path | None, fingerprint: str, site_url: str, settings) -> Layout:
    """The layout of the index of ``entries`` (``SEARCH_SHARD_SIZE``, ``SEARCH_EDITS_LIMIT``,
    ``SEARCH_PATCH_MIN_RECORDS``); ``cache``: the bundles' folder, or None without a cache."""
    planned = plan_shards(entries, settings["SEARCH_SHARD_SIZE"], month=attrgetter("month"))
    keys = {shard.name: shard_key(fingerprint, (entry.identity for entry in shard.records)) if cache else ""
            for shard in planned}
    patched = _patches(cache, fingerprint, planned, keys, settings) if cache and cache.is_dir() else {}
    shards = [Shard(shard.name, None, patched[shard.name].base_key, buried=patched[shard.name].buried)
              if shard.name in patched else _with_records(cache, keys[shard.name], shard, site_url)
              for shard in planned]
    edits = [entry for patch in patched.values() for entry in patch.changed]
    if not edits:
        return Layout(shards, None)
    sampled = sample(entries, edits, settings["SEARCH_SHARD_SIZE"] - len(edits))
    return Layout(shards, _edits_shard(cache, fingerprint, edits, sampled, site_url))


def _patches(cache: Path, fingerprint: str, planned: list, keys: dict, settings) -> dict:
    """{shard name: Patch} of the shards whose bundle is not cached and is patched."""
    candidates = []
    for shard in planned:
        if (cache / f"{shard.name}-{keys[shard.name]}").is_dir():
            continue  # reused as it is
        base = read_base(cache, shard.name, fingerprint)
        if base is not None:
            candidates.append((shard.name, len(shard.records), patch_of(base, shard.records)))
    return choose_patches(candidates, settings["SEARCH_EDITS_LIMIT"], settings["SEARCH_PATCH_MIN_RECORDS"])


def _with_records(cache: Path | None, key: str, planned: Shard, site_url: str) -> Shard:
    """The shard with its key, and its records unless the cache holds its bundle."""
    if cache is not None and (cache / f"{planned.name}-{key}").is_dir():
        return Shard(planned.name, None, key)
    return Shard(planned.name, tuple(source_record(e.source, e.metadata, site_url) for e in planned.records), key,
                 tuple(entry.identity for entry in planned.records))


def _edits_shard(cache: Path, fingerprint: str, edits: list, sampled: list, site_url: str) -> Shard:
    """The shard of edits, with the ``sampled`` records (``patches.sample``): rebuilt whenever
    they change, never a base."""
    edits = sorted(edits, key=attrgetter("url"))
    key = shard_key(fingerprint + EDITS_SHARD, [entry.identity for entry in edits]
                    + [(f"{SAMPLE_FILTER}:{url}", role, digest) for url, role, digest in (e.identity for e in sampled)])
    if (cache / f"{EDITS_SHARD}-{key}").is_dir():
        return Shard(EDITS_SHARD, None, key)
    records = [source_record(e.source, e.metadata, site_url) for e in edits]
    records += [as_sample(source_record(e.source, e.metadata, site_url)) for e in sampled]
    return Shard(EDITS_SHARD, tuple(records), key)
