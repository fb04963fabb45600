"""Run service calls off the GUI thread, one at a time (SQLite likes one writer), and come back.

The shape is Anki's ``taskman``: a single-worker executor; results and errors are delivered on the
GUI thread through a queued signal. A widget calls ``tasks.run(fn, on_done=..., label=...)`` and
never touches the database itself.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from ..services.errors import UserError


class TaskManager(QObject):
    _finished = Signal(object, object, object)  # future, on_done, on_error
    busy_changed = Signal(bool, str)  # busy, label
    failed = Signal(str)  # an unexpected error's message (UserErrors go to on_error or here)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anupalan-db")
        self._pending = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "",
    ) -> Future:
        self._pending += 1
        self.busy_changed.emit(True, label)
        future = self._executor.submit(fn)
        future.add_done_callback(lambda f: self._finished.emit(f, on_done, on_error))
        return future

    @Slot(object, object, object)
    def _deliver(self, future: Future, on_done, on_error) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False, "")
        exc = future.exception()
        if exc is None:
            if on_done is not None:
                on_done(future.result())
            return
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, UserError):
            self.failed.emit(exc.message)
        else:
            self.failed.emit("".join(traceback.format_exception_only(type(exc), exc)).strip())

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
