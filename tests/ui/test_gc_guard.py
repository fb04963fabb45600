import gc
import weakref

import pytest

from app.ui.gc_guard import MainThreadGc, collect

pytestmark = pytest.mark.slow


def test_guard_turns_automatic_collection_off_and_collects_on_its_timer(qtbot):
    gc.enable()
    guard = MainThreadGc(interval_ms=10)
    try:
        assert not gc.isenabled()
        cycle = []
        cycle.append(cycle)
        del cycle
        qtbot.waitUntil(lambda: gc.get_count()[0] < 5, timeout=2000)
    finally:
        guard.restore()
    assert gc.isenabled()


class _Node:
    pass


def _cycle() -> tuple[_Node, weakref.ref]:
    node = _Node()
    node.me = node
    return node, weakref.ref(node)


def test_collect_frees_a_new_cycle_cheaply_and_an_old_one_in_a_full_collection():
    was = gc.isenabled()
    gc.disable()
    try:
        collect(full=True)
        node, young = _cycle()
        del node
        assert collect() >= 1 and young() is None  # generations 0 and 1: what was made since
        node, old = _cycle()
        gc.collect()  # it survives a full collection: now in the oldest generation
        del node
        collect()
        assert old() is not None  # a young collection does not walk the oldest generation
        collect(full=True)
        assert old() is None
    finally:
        if was:
            gc.enable()
