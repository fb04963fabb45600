"""What every screen shares: the open database handle, the task runner, preferences, signals.

A context lives as long as one open station database and ends with ``close()``. Ending it explicitly
matters: its signals are connected (from C++) to slots of windows, pages and hooks, and those
connections are references Python's cycle collector cannot see. Deleting the QObject drops them all.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.preferences import Preferences
from app.ui.changes import Changes
from app.ui.tasks import TaskManager


class AppContext(QObject):
    changed = Signal(object)  # a Changes: what a successful Op changed; each screen decides whether to reload
    language_changed = Signal(str)
    open_pending = Signal(dict)  # ask the pending workbench to show a filter
    open_page = Signal(str)  # ask the main window to show a page by its key ("equipment", "support")
    status_message = Signal(str)

    def __init__(self, db: Database, prefs: Preferences, tasks: TaskManager | None = None):
        super().__init__()
        self.db = db
        self.prefs = prefs
        self.tasks = tasks or TaskManager(self)
        self.actor: Actor = SYSTEM
        self.account = None  # the signed-in person's AccountInfo (app/ui/session.py); None: nobody / no accounts
        self.early_today = None  # Today's figures counted before the window was built (pages/dashboard.py)
        self._closed = False

    def emit_changes(self, changes: Changes) -> None:
        """Tell every screen what changed (``Op`` does, after a success); nothing is emitted for no change."""
        if changes:
            self.changed.emit(changes)

    def close(self) -> None:
        """Stop the worker (waits for the running task) and schedule this QObject's deletion, which
        disconnects every slot connected to its signals and deletes the task runner with it.

        The database is not closed here: whoever opened it closes it (``station_switch.close_station``)."""
        if self._closed:
            return
        self._closed = True
        self.tasks.shutdown()
        self.deleteLater()
