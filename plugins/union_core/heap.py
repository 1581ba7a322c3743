"""Keeping Python's cyclic garbage collector away from the site held in memory.

A build holds the whole site (10,000 articles: millions of objects) until it ends, and each
full collection walks every one of them (full collections took 1.8 s of a 10,000-article build
in the main process, 1.2 s with the site frozen). Objects that are frozen (``gc.freeze``) are
never walked; they are still freed as usual when nothing refers to them, only cycles among them
wait for the thaw.

Whether the site is frozen is kept here: ``gc.get_freeze_count()`` counts the frozen objects
one by one (27 ms for 3 million), and the writer asks before every batch it forks.
"""

import gc
from contextlib import contextmanager

_site_frozen = False
_held = False


def hold_collector() -> None:
    """No collection until the site is frozen (``freeze_site``) or thawed: everything the
    build makes between reading the sources and checking them (Pelican's articles, their
    metadata, the search records, related articles) is the site and lives until the build
    ends. The collector walked it again and again as it grew: 13 full collections, 2.5 s of
    a 50,000-article build (0.1 s at 10,000), when there were 62 cyclic objects to free."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collector() -> None:
    """The collector back as it was before ``hold_collector``: called when the site is frozen
    or thawed, and when a run ends however it ended (``site_build.runner.run_pelican``: a
    build refused or crashed before the site was frozen)."""
    global _held
    if _held:
        gc.enable()
        _held = False


def freeze_site() -> None:
    """Everything alive now lives until the build ends: hide it from the collector."""
    global _site_frozen
    gc.freeze()
    _site_frozen = True
    release_collector()


def thaw_site() -> None:
    """A new build starts: the collector sees every object again, and the cycles of the last
    build's site are freed at once, before the next site is read beside them (``invoke serve``
    builds again and again). Not done when a build ends: the nightly verifies the release in
    the same process, and a full collection over the 50,000-article site it had just built
    took 1.9 s of it (the process ends before the memory matters)."""
    global _site_frozen
    last_site = _site_frozen
    gc.unfreeze()
    _site_frozen = False
    release_collector()
    if last_site:
        gc.collect()


@contextmanager
def collector_paused():
    """No collection while a bulk of long-lived objects is made (reading 10,000 cached sources
    makes a million): each collection would walk everything made so far, and none of it is
    garbage (loading the sources of the 10,000-article bench: 1.7 s → 0.9 s). Left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_heap():
    """Freeze for the time of a ``fork``: forked workers then never walk, and so never copy,
    the heap they inherit. Thawed on leaving, unless the build had frozen the site before."""
    outer = _site_frozen
    gc.freeze()
    try:
        yield
    finally:
        if not outer and not _site_frozen:
            gc.unfreeze()
