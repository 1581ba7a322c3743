"""Splitting the search index into shards of consecutive months.

Pagefind needs about 150 kB of memory per indexed page, so one index of a large archive would
take gigabytes. The records are packed, oldest month first, into shards of at most ``size``
records that start on a month boundary; the browser merges the shards at search time. Since
packing starts from the oldest month, a new article only ever changes the newest shard, and
an edited one only its own: each shard is cached by its contents and rebuilt only when they
change.
"""

from dataclasses import dataclass
from itertools import groupby


@dataclass(frozen=True)
class Shard:
    name: str  # the first month it holds, "2026-07"; the folder of its Pagefind bundle
    records: tuple


def month_of(record) -> str:
    stamp = record.sort.get("date", "")
    return f"{stamp[:4]}-{stamp[4:6]}" if len(stamp) >= 6 else ""


def plan_shards(records, size: int) -> list[Shard]:
    """Shards newest first; undated records (pages) join the newest shard."""
    dated = sorted((r for r in records if month_of(r)), key=lambda r: (month_of(r), r.url))
    undated = sorted((r for r in records if not month_of(r)), key=lambda r: r.url)
    shards, current, first = [], [], None
    for month, group in groupby(dated, key=month_of):
        group = list(group)
        if current and len(current) + len(group) > size:
            shards.append(Shard(first, tuple(current)))
            current = []
        if not current:
            first = month
        current.extend(group)
    if current or undated:
        shards.append(Shard(first or "trang", tuple(current) + tuple(undated)))
    return list(reversed(shards))
