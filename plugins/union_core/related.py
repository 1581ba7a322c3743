"""Related items: the nearest neighbours in time that share a key, in one linear pass."""

from collections import defaultdict


def nearest_neighbours(items, key, count: int) -> dict:
    """``{id(item): [up to count items with the same key, closest in position first]}``.

    ``items`` are in date order, so neighbours in the list are neighbours in time.
    """
    by_key = defaultdict(list)
    for item in items:
        by_key[key(item)].append(item)
    related = {}
    for group in by_key.values():
        for position, item in enumerate(group):
            related[id(item)] = _closest(group, position, count)
    return related


def _closest(group, position, count):
    """Alternate after/before the item, newer first, until ``count`` are found."""
    chosen, step = [], 1
    while len(chosen) < count and (position - step >= 0 or position + step < len(group)):
        for index in (position - step, position + step):
            if 0 <= index < len(group) and len(chosen) < count:
                chosen.append(group[index])
        step += 1
    return chosen
