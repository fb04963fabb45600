"""Run service calls off the GUI thread, one at a time (SQLite likes one writer), and come back.

The shape is Anki's ``taskman``: a single-worker executor; results and errors are delivered on the
GUI thread through a queued signal. Screens do not call ``run`` themselves: they state an ``Op`` or a
``Query`` (``app/ui/operations.py``), which passes the database, the actor and the language, and this
runner carries it out. An error that is not a ``UserError`` is logged with its traceback.

What a task holds (the screen's lambda and what it captured, often the page itself; the ``on_done`` and
``on_error`` handlers, a page's methods; the future with the result or the error, whose traceback holds the
lambda's frame) is let go on the GUI thread, never on the worker: a widget whose last reference died on the
worker thread would be destroyed there, and Qt crashes (a worker process of the test suite did, under load, at
the executor's ``del work_item`` after the GUI had taken the result and the page had been closed). So the GUI
side keeps all of it until the delivery, and the delivery is itself a job on the same single worker, queued
behind the task: it runs only once the worker has let go of its own records of the task.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.i18n import _
from app.services.core.errors import UserError
from app.services.storage import explain_error

log = logging.getLogger(__name__)


def explain(exc: BaseException) -> str:
    """A message a station operator can act on, for errors that are not ``UserError``s: the storage's
    explanation ("the disk is full", "busy in another window") or what went wrong."""
    return explain_error(exc) or _("Something went wrong and nothing was saved: {error}").format(
        error="".join(traceback.format_exception_only(type(exc), exc)).strip())


def _nothing_runs() -> Future:
    """What ``run`` returns when nothing will run: a cancelled future."""
    future: Future = Future()
    future.cancel()
    return future


class TaskManager(QObject):
    _finished = Signal(object)  # the task's key in _waiting
    busy_changed = Signal(bool, str)  # busy, label
    failed = Signal(str)  # an unexpected error's message (UserErrors go to on_error or here)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anupalan-db")
        self._pending = 0
        self._closed = False  # after shutdown (the window closed, or another database was opened)
        self._keys = itertools.count()
        # key -> (the future, the function, on_done, on_error): kept on the GUI side until delivered, let go there
        self._waiting: dict[int, tuple[Future, Callable, Callable | None, Callable | None]] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "",
    ) -> Future:
        """``fn`` on the worker; ``on_done(result)`` or ``on_error(exc)`` on the GUI thread. Called on the GUI thread
        (or by a task, from the worker: the worker is busy with it meanwhile)."""
        if self._closed:  # a late signal of a closing window: nothing more runs on its database
            return _nothing_runs()
        key = next(self._keys)
        try:
            future = self._executor.submit(fn)
        except RuntimeError:  # the executor was shut down (the interpreter is exiting)
            return _nothing_runs()
        self._waiting[key] = (future, fn, on_done, on_error)
        self._pending += 1
        self.busy_changed.emit(True, label)
        try:  # behind the task on the one worker: emitted once the worker let go of the task (see the docstring)
            self._executor.submit(self._finished.emit, key)
        except RuntimeError:  # shut down in between (the interpreter exiting): shutdown() lets go of the entry
            pass
        return future

    @Slot(object)
    def _deliver(self, key: int) -> None:
        entry = self._waiting.pop(key, None)  # all of it let go here, on the GUI thread
        if entry is None:  # let go by shutdown() already
            return
        future, _fn, on_done, on_error = entry
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False, "")
        if self._closed or future.cancelled():
            return  # the result of work finished while closing: its window is gone or going
        exc = future.exception()
        if exc is not None and not isinstance(exc, UserError):
            log.error("work on the worker failed", exc_info=exc)
        if exc is None:
            if on_done is not None:
                on_done(future.result())
            return
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, UserError):
            self.failed.emit(exc.message)
        else:
            self.failed.emit(explain(exc))

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self) -> None:
        """Let the worker finish what is queued, then let go here, on the GUI thread, of every task not delivered
        yet (their deliveries, posted to an object about to be deleted, may never run): nothing more is delivered
        after a shutdown."""
        self._closed = True
        self._executor.shutdown(wait=True)
        self._waiting.clear()
        if self._pending:
            self._pending = 0
            self.busy_changed.emit(False, "")
