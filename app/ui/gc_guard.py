"""Garbage collection only on the GUI thread.

Python's cycle collector runs in whichever thread happens to allocate when a threshold is crossed.
If that is the database worker and the cycle holds a Qt object (a closed dialog, a page's lambda
connections), Qt destroys a widget off the GUI thread and the process crashes. Anki avoids this the
same way: automatic collection off, an explicit ``gc.collect()`` on the GUI thread from a timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 30_000


class MainThreadGc(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        return gc.collect()

    def restore(self) -> None:
        """Stop the timer, collect once more here, and give collection back to Python."""
        self.timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(app) -> MainThreadGc:
    guard = MainThreadGc(app)
    app.aboutToQuit.connect(guard.restore)
    return guard
