"""Garbage collection only on the GUI thread.

Python's cycle collector runs in whichever thread happens to allocate when a threshold is crossed.
If that is the database worker and the cycle holds a Qt object (a closed dialog, a page's lambda
connections), Qt destroys a widget off the GUI thread and the process crashes. Anki avoids this the
same way: automatic collection off, an explicit collection on the GUI thread from a timer.

The timer collects the young generations (what was allocated since the last collection: cheap) and
the whole heap only when it has grown by a quarter since the last full collection — CPython's own rule
for its oldest generation — or every ``FULL_EVERY`` ticks. Every one of them runs on the GUI thread.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 30_000
FULL_EVERY = 10  # ticks: a full collection at least every five minutes


class _Heap:
    blocks_after_full = 0  # sys.getallocatedblocks() after the last full collection (0: none yet)


def collect(*, full: bool = False) -> int:
    """Collect on the calling thread (the GUI thread): generations 0 and 1, or all three when ``full``
    or when the heap grew by a quarter since the last full collection. Returns what was freed."""
    if full or sys.getallocatedblocks() > _Heap.blocks_after_full * 5 // 4:
        found = gc.collect()
        _Heap.blocks_after_full = sys.getallocatedblocks()
        return found
    return gc.collect(1)


class MainThreadGc(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._ticks = 0
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        self._ticks += 1
        return collect(full=self._ticks % FULL_EVERY == 0)

    def restore(self) -> None:
        """Stop the timer, collect once more here, and give collection back to Python."""
        self.timer.stop()
        collect(full=True)
        if self._was_enabled:
            gc.enable()


def install(app) -> MainThreadGc:
    guard = MainThreadGc(app)
    app.aboutToQuit.connect(guard.restore)
    return guard
