"""What every screen shares: the open database handle, the task runner, preferences, signals."""

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

    def emit_changes(self, changes: Changes) -> None:
        """Tell every screen what changed (``Op`` does, after a success); nothing is emitted for no change."""
        if changes:
            self.changed.emit(changes)
