"""The window's side of backups: the status bar's last good backup, the every-N-minutes timer, the
Backup menu, and the backup when the app closes. All backup work runs on the task worker."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.services import backup, storage
from app.i18n import _
from app.ui.changes import Changes
from app.ui.operations import Op, Query

CHECK_EVERY_MS = 60_000  # the timer looks once a minute whether a backup is due
BACKUPS = Changes(backup=True)


class BackupHooks(QObject):
    def __init__(self, window, ctx):
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._missing_drive_said = False
        self.menu = window.menuBar().addMenu("")
        self.backup_action = QAction(window)
        self.backup_action.triggered.connect(self.backup_now)
        self.copy_action = QAction(window)
        self.copy_action.triggered.connect(self.copy_now)
        self.restore_action = QAction(window)
        self.restore_action.triggered.connect(self.open_restore)
        self.settings_action = QAction(window)
        self.settings_action.triggered.connect(self.open_settings)
        for a in (self.backup_action, self.copy_action, self.restore_action, self.settings_action):
            self.menu.addAction(a)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        ctx.language_changed.connect(self._language_changed)  # a bound method: see MainWindow.__init__
        self.retranslate()
        self.refresh_status()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Backup"))
        self.backup_action.setText(_("Back up now"))
        self.copy_action.setText(_("Copy to the USB drive now"))
        self.restore_action.setText(_("Restore a backup…"))
        self.settings_action.setText(_("Backup settings…"))

    # --- status ----------------------------------------------------------------------------
    def refresh_status(self) -> None:
        if not self.ctx.db.storage.has_file:  # a server's backups are its pg_dump: nothing to show here
            return
        Query(self, lambda db: storage.last_good(db.storage.path, None)).success(self._show_last).run()

    def _show_last(self, record) -> None:
        when = None
        if record is not None:
            try:
                when = dt.datetime.fromisoformat(record.created_at)
            except ValueError:
                when = None
        setter = getattr(self.window, "set_last_backup", None)
        if setter is not None:
            setter(when)

    # --- actions ---------------------------------------------------------------------------
    def tick(self) -> None:
        if self.ctx.db.readonly or not self.ctx.db.storage.has_file:
            return
        Op(self, lambda db, _actor: storage.run_scheduled(db.storage.path), changes=BACKUPS).success(self._scheduled_done).run()

    def _scheduled_done(self, result) -> None:
        if result.primary or result.second:
            self.refresh_status()
        missing = [m for m in result.messages if m]
        if missing and not self._missing_drive_said:
            self._missing_drive_said = True  # once per session in the status bar, not a dialog every minute
            self.ctx.status_message.emit(missing[0])

    def _not_applicable(self) -> bool:
        """On a server: say why there is no backup here (its pg_dump makes them) and do nothing."""
        reason = self.ctx.db.storage.not_applicable()
        if reason:
            QMessageBox.information(self.window, _("Backup"), reason)
        return bool(reason)

    def backup_now(self) -> None:
        if self._not_applicable():
            return
        Op(self, lambda db, actor: backup.backup_now(db, actor=actor), changes=BACKUPS,
           label=_("Backing up…")).success(self._made).run()

    def copy_now(self) -> None:
        if self._not_applicable():
            return
        Query(self, lambda db: storage.load_settings(db.storage.path).second_dir).success(self._copy_to).run()

    def _copy_to(self, target: str) -> None:
        if not target:
            self.open_settings()
            return
        Op(self, lambda db, actor: backup.copy_now(db, target, actor=actor), changes=BACKUPS,
           label=_("Copying to the USB drive…")).success(self._made).run()

    def _made(self, record) -> None:
        self.refresh_status()
        if record.ok:
            self.ctx.status_message.emit(_("Backup written and verified: {path}").format(path=record.file))
        else:
            QMessageBox.warning(self.window, _("Backup"), _(
                "The database failed its integrity check ({detail}); no backup was kept.").format(
                    detail=record.detail))

    def open_restore(self) -> None:
        if self._not_applicable():
            return
        from app.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self.ctx, self.window)
        dialog.exec()
        if dialog.restored is not None:
            self.refresh_status()

    def open_settings(self) -> None:
        if self._not_applicable():
            return
        Query(self, lambda db: storage.load_settings(db.storage.path)).success(self._show_settings).run()

    def _show_settings(self, current) -> None:
        from app.ui.dialogs.backup_settings import BackupSettingsDialog

        BackupSettingsDialog(self.ctx, current, self.window).exec()


def backup_on_close(ctx) -> str | None:
    """Run when the window has closed: a verified copy if data changed and the setting is on.
    Returns a message for a failure (the caller shows it), None otherwise."""
    from app.services.core.errors import UserError

    if ctx.db.readonly or not ctx.db.storage.has_file:
        return None
    path = ctx.db.storage.path

    def work():
        settings = storage.load_settings(path)
        if not settings.on_close or not storage.changed_since(path, storage.last_good(path)):
            return None
        try:
            record = storage.make_backup(path, reason="close")
        except UserError as exc:
            return exc.message
        return None if record.ok else record.detail

    return Query(ctx, lambda _db: work()).run().result()  # after the queued work: the window is closing


def close_with_backup(ctx) -> str | None:
    """When the window has closed: stop the worker, then close the database with its closing backup, the file
    held only while it is copied (``storage.close_with_backup``). Returns a failure's message, None otherwise."""
    try:
        ctx.close()  # the worker stopped: nothing else uses the database now
    finally:
        if ctx.db.readonly or not ctx.db.storage.has_file:
            ctx.db.close()
    if ctx.db.readonly or not ctx.db.storage.has_file:
        return None
    return storage.close_with_backup(ctx.db)
