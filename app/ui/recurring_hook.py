"""Recurring duties (GD comment, GD upload, Qmail, daily duty management …) kept current.

At start, and every hour while the window is open (so a window left open past midnight gets the
new day's entries), the catch-up runs on the worker: current periods become pending, periods that
passed while the app was closed are created once as "missed" (``app.services.obligations.catch_up``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.i18n import _, ngettext
from app.services import obligations
from app.ui.changes import NO_CHANGES, Changes
from app.ui.context import AppContext
from app.ui.operations import Op

INTERVAL_MS = 60 * 60 * 1000


class RecurringHook(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_result: obligations.CatchUpResult | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.run)
        self.timer.start()
        self.run()

    def run(self) -> None:
        if getattr(self.ctx.db, "readonly", False):
            return
        Op(self, lambda db, actor: obligations.catch_up(db, actor=actor),
           changes=lambda result: Changes(obligations=True) if result.created else NO_CHANGES,
           label=_("Bringing recurring duties up to date…")).success(self._done).run()

    def _done(self, result: obligations.CatchUpResult) -> None:
        self.last_result = result  # new entries are announced by the Op (obligations changed)
        if result.missed:
            self.ctx.status_message.emit(ngettext(
                "{count} recurring entry fell due while Anupalan was closed; it is marked missed.",
                "{count} recurring entries fell due while Anupalan was closed; they are marked missed.",
                result.missed).format(count=result.missed))
