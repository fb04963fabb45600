"""How the window asks the services for something: ``Op`` (a change) and ``Query`` (a read), each in one line.

The shape is Anki's ``aqt.operations`` (``CollectionOp`` / ``QueryOp``)::

    Op(self, lambda db, actor: cases.add_case(db, kind, ..., actor=actor),
       changes=Changes(cases=True, obligations=True)).success(self._added).run()
    Query(self, lambda db: obligations.count(db, flt)).success(self._show).run()
    Query(self, lambda db, actor: audit.list_entries(db, flt, actor=actor), with_actor=True).success(...).run()

``self`` is whatever asks — a page, a dialog, a hook: anything with a ``ctx`` (or the ``AppContext``).
When ``run()`` is called, on the GUI thread, the operation takes the context's database, the signed-in
actor and the window's language of that moment; the service runs on the single worker thread
(``app/ui/tasks.py``) inside ``i18n.language_scope`` of that language, so its messages are in the language
the user had when they acted even if the window switches meanwhile. The result comes back on the GUI
thread: ``success(result)``; then, for an ``Op``, the context emits what it changed
(``AppContext.changed``) and each screen decides whether it must reload.

Errors: without ``failure(...)`` a ``UserError``'s message, or an explanation of anything else, is shown by
the window (``TaskManager.failed``); with it, the handler gets the exception and shows it its own way.
Anything that is not a ``UserError`` is also logged with its traceback (``TaskManager``). Never touch a
widget inside the lambda: it runs on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from app.i18n import current_language, language_scope
from app.ui.changes import NO_CHANGES, Changes

if TYPE_CHECKING:  # the context imports SQLAlchemy; this module stays light (the start-up imports it early)
    from app.services.access import Actor
    from app.services.storage import Database
    from app.ui.context import AppContext

T = TypeVar("T")


def context_of(owner) -> AppContext:
    """The ``AppContext`` of a page, dialog or hook (its ``ctx``), or ``owner`` when it is the context."""
    ctx = getattr(owner, "ctx", None)
    return owner if ctx is None else ctx


class _Operation(Generic[T]):
    def __init__(self, owner, label: str = ""):
        self._ctx = context_of(owner)
        self._label = label
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[Exception], Any] | None = None

    def success(self, handler: Callable[[T], Any] | None):
        """Called on the GUI thread with the service's result."""
        self._success = handler
        return self

    def failure(self, handler: Callable[[Exception], Any] | None):
        """Called on the GUI thread with the exception, instead of the window's message box."""
        self._failure = handler
        return self

    def _work(self) -> Callable[[], T]:  # pragma: no cover - each kind builds its own
        raise NotImplementedError

    def _finished(self, result: T) -> None:
        if self._success is not None:
            self._success(result)

    def run(self) -> Future:
        """Start it on the worker; returns the worker's ``Future`` (cancelled if the window is closing)."""
        return self._submit(self._finished, self._failure)

    def wait(self, label: str = ""):
        """Run it on the worker and wait for its result while the GUI thread keeps handling events (a progress
        note after a moment): for the start-up's steps before a window exists. Returns the result or raises
        the exception; neither ``success`` nor ``failure`` is called, and nothing is announced."""
        from app.ui.startup import wait_off_gui

        return wait_off_gui(self._submit(None, lambda _exc: None), label or self._label)

    def _submit(self, on_done, on_error) -> Future:
        lang = current_language()  # the window's language now, when the user acts
        work = self._work()

        def in_language() -> T:
            with language_scope(lang):
                return work()

        return self._ctx.tasks.run(in_language, on_done=on_done, on_error=on_error, label=self._label)


class Op(_Operation[T]):
    """A change: ``fn(db, actor)`` on the worker, ``success`` on the GUI thread, then ``changes`` emitted.

    ``changes`` says what the service changed; it may be a function of the result (``lambda r:
    Changes(obligations=True) if r.created else NO_CHANGES``). It is emitted after ``success`` (as Anki
    fires its change hooks after the success callback), only when the service succeeded."""

    def __init__(self, owner, fn: Callable[[Database, Actor], T], *,
                 changes: Changes | Callable[[T], Changes] = NO_CHANGES, label: str = ""):
        super().__init__(owner, label)
        self._fn = fn
        self._changes = changes

    def _work(self) -> Callable[[], T]:
        db, actor, fn = self._ctx.db, self._ctx.actor, self._fn
        return lambda: fn(db, actor)

    def _finished(self, result: T) -> None:
        try:
            super()._finished(result)
        finally:
            changes = self._changes(result) if callable(self._changes) else self._changes
            self._ctx.emit_changes(changes)


class Query(_Operation[T]):
    """A read: ``fn(db)`` on the worker, ``success`` on the GUI thread. Nothing is announced as changed.

    ``with_actor=True``: ``fn(db, actor)``, for reads the services allow by who asks (the audit trail, a
    printed register). Also for work that only needs the worker (a PDF rendered, a file written):
    ``lambda _db: ...``."""

    def __init__(self, owner, fn: Callable[..., T], *, with_actor: bool = False, label: str = ""):
        super().__init__(owner, label)
        self._fn = fn
        self._with_actor = with_actor

    def _work(self) -> Callable[[], T]:
        db, fn = self._ctx.db, self._fn
        if self._with_actor:
            actor = self._ctx.actor
            return lambda: fn(db, actor)
        return lambda: fn(db)
