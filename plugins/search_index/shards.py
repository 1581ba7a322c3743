"""Splitting the search index into shards of consecutive months.

Pagefind needs about 150 kB of memory per indexed page, so one index of a large archive would
take gigabytes. The records are packed, oldest month first, into shards of at most ``size``
records that start on a month boundary; the browser merges the shards at search time. Since
packing starts from the oldest month, a new article changes the newest shard and an edited one
its own (an article added to a full old month moves the boundaries after it): each shard is
cached under a key of what its records are made from (``keys``), reused while that holds, and
patched or rebuilt when it changes (``patches``).
"""

from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class Shard:
    name: str  # the first month it holds, "2026-07" ("trang": pages alone; ``patches.EDITS_SHARD``); its folder
    records: tuple | None  # None: the cached bundle of ``key`` is reused (as it is, or patched: ``buried``)
    key: str = ""  # of what the records are made from (``keys.shard_key``); "" without a cache
    identities: tuple = ()  # of the records (``keys.IndexEntry.identity``): a bundle built gets a manifest
    buried: tuple = ()  # Pagefind ids of the cached bundle's records that no search may show (``patches``)


def plan_shards(records, size: int, month) -> list[Shard]:
    """Shards newest first; undated records (pages) join the newest shard. ``records``: anything
    with a ``url`` whose ``month`` ("2026-07", or "" for undated) the function gives."""
    dated = sorted((r for r in records if month(r)), key=lambda r: (month(r), r.url))
    undated = sorted((r for r in records if not month(r)), key=lambda r: r.url)
    shards, current, first = [], [], None
    for first_of_group, group in groupby(dated, key=month):
        group = list(group)
        if current and len(current) + len(group) > size:
            shards.append(Shard(first, tuple(current)))
            current = []
        if not current:
            first = first_of_group
        current.extend(group)
    if current or undated:
        shards.append(Shard(first or "trang", tuple(current) + tuple(undated)))
    return list(reversed(shards))
