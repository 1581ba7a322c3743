"""The collector's freezing around forks and for the build's lifetime."""

import gc

from union_core.heap import freeze_site, frozen_heap, hold_collector, thaw_site


def setup_function():
    thaw_site()


def teardown_function():
    thaw_site()


def test_a_fork_alone_freezes_for_its_time_only():
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_fork_during_the_build_leaves_the_site_frozen():
    freeze_site()
    with frozen_heap():
        pass
    assert gc.get_freeze_count() > 0
    thaw_site()
    assert gc.get_freeze_count() == 0


def test_the_site_frozen_inside_a_fork_stays_frozen():
    with frozen_heap():
        freeze_site()
    assert gc.get_freeze_count() > 0


def test_the_collector_held_until_the_site_is_frozen_or_thawed():
    hold_collector()
    assert not gc.isenabled()
    freeze_site()
    assert gc.isenabled()
    hold_collector()
    thaw_site()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off():
    gc.disable()
    try:
        hold_collector()
        freeze_site()
        assert not gc.isenabled()
    finally:
        gc.enable()
