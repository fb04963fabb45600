import gc

from app.ui.gc_guard import MainThreadGc


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
