"""Opening the database at start: the quick integrity check off the GUI thread, guided recovery for a
damaged file, and the one-writer lock (a second window is told clearly and may open read-only).

The check may be started early (``begin_check``, right after the QApplication, before the heavy imports):
it only reads the file through plain ``sqlite3``, so it runs on its own thread while the GUI thread imports
SQLAlchemy, the models and the first screen. Nothing opens the database for work — no lock, no migration,
no write — until ``open_checked`` has its result and it is "ok" (or the user chose in the recovery).
Opening it (which may migrate, with a verified backup first) also runs off the GUI thread: the GUI thread
keeps handling events, with a progress note if it takes more than a moment (``wait_off_gui``).
This module stays light: it is imported before SQLAlchemy.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from app.i18n import _, current_language, language_scope
from app.paths import default_db_path
from app.services.core.errors import UserError

DB_PREF = "database_path"  # the station database the next start opens (absolute path)


def window_file(target: str) -> str:
    """The station file the window opens for ``--db``: a path, or ``sqlite:///PATH``. The window keeps a
    station's file (backups, restore, the one-writer lock); a PostgreSQL server's database is for the
    command line (``--db postgresql+psycopg://…``), so the window refuses it with a message."""
    rest = target[2:] if target[1:2] == ":" else target  # a Windows drive ("C:") is a path's
    if ":" not in rest:  # a plain path: nothing to read as a URL, and SQLAlchemy is not imported before the shell
        return str(Path(target))
    from app.services.storage import database_target, server_location

    found = database_target(target)
    if isinstance(found, str):
        raise UserError(_("The window opens a station's database file; a database on a server ({location}) is "
                          "opened with the command line (python -m app COMMAND --db URL).").format(
                              location=server_location(found)))
    return str(found)


def start_path(cli_path: str | None, prefs) -> tuple[Path, str | None]:
    """The database to open at start, and a note for the user when the remembered one is gone.

    ``--db`` wins; else the file chosen last time (File menu); else the default file in the data folder.
    A remembered file that is no longer there (a USB drive taken out) is not created anew: the default
    one is opened and the user is told."""
    if cli_path:
        return Path(window_file(cli_path)), None
    remembered = prefs.get(DB_PREF)
    if isinstance(remembered, str) and remembered:
        path = Path(remembered)
        if path.is_file():
            return path, None
        return default_db_path(), _(
            "The database used last time, {path}, is not there (was a USB drive taken out?). "
            "Opening the usual database instead; use File → Open database… to choose another.").format(path=path)
    return default_db_path(), None


def off_gui(fn) -> Future:
    """Start ``fn`` on a short-lived thread of its own; its Future carries the result or the exception."""
    future: Future = Future()

    language = current_language()  # the service's messages in the language of the moment it was started

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            with language_scope(language):
                result = fn()
        except BaseException as exc:  # noqa: BLE001 — handed to whoever waits on the future
            future.set_exception(exc)
        else:
            future.set_result(result)

    threading.Thread(target=work, name="anupalan-start", daemon=True).start()
    return future


def begin_check(path: Path) -> Future:
    """Start the quick integrity and schema check of ``path`` now; ``open_checked(path, check=...)`` waits
    for it. Only reads the file."""
    from app.services import storage

    return off_gui(lambda: storage.startup_check(path))


def run_off_gui(fn, label: str):
    """Run ``fn`` on a short-lived thread while the GUI thread keeps processing events; a progress note
    appears if it takes more than a moment. Returns ``fn``'s result or raises its exception."""
    return wait_off_gui(off_gui(fn), label)


def wait_off_gui(future: Future, label: str):
    """Wait for ``future`` while the GUI thread keeps processing events (a progress note after a moment)."""
    if future.done():
        return future.result()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: future.done() and loop.quit())  # polled on the GUI thread: no cross-thread Qt
    progress = QProgressDialog(label, None, 0, 0)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(400)
    # a busy dialog (range 0..0) never gets a value, so Qt's own minimum duration never shows it: shown here
    show = QTimer()
    show.setSingleShot(True)
    show.timeout.connect(progress.show)
    show.start(400)
    poll.start()
    if not future.done():
        loop.exec()
    poll.stop()
    show.stop()
    progress.close()
    progress.deleteLater()  # parentless: left to Python it outlived the start (see ``done_with``)
    return future.result()


def done_with(dialog) -> None:
    """A parentless start-up dialog is finished with: Qt deletes it at the next turn of the event loop.
    Python alone never freed it: a dialog whose buttons are connected to lambdas on the dialog is held from
    C++ (where the cycle collector cannot see), so every such dialog stayed alive until the process ended."""
    dialog.deleteLater()


def open_checked(path: Path, early: Future | None = None):
    """The database to work on, or None when the user chose to quit. Never overwrites a damaged file.

    ``early``: the check of ``path`` already started by ``begin_check``; else it is started now."""
    from app.services import storage
    from app.ui.dialogs.recovery import RecoveryDialog, show_export_result

    check = wait_off_gui(early or begin_check(path), _("Checking the database…"))
    while check.status == "unavailable":  # locked or unreadable now, not damaged: it may pass in a moment
        if not ask_retry(check.detail):
            return None
        check = wait_off_gui(begin_check(path), _("Checking the database…"))
    if check.status == "newer":
        QMessageBox.critical(None, _("Anupalan"), check.detail)
        return None
    while check.status == "damaged":
        dialog = RecoveryDialog(check)
        dialog.exec()
        done_with(dialog)  # its choice, backup file and folder stay readable (Python attributes)
        if dialog.choice is None:
            return None
        try:
            if dialog.choice == "readonly":
                return open_off_gui(path, readonly=True)
            if dialog.choice == "export":
                folder = Path(dialog.export_dir)  # the work on the thread holds no widget (app/ui/tasks.py)
                result = run_off_gui(lambda: storage.export_readable(path, folder), _("Exporting what can be read…"))
                show_export_result(None, result)
                continue
            if dialog.choice == "restore":
                restored = _restore(path, dialog)
                if restored is not None:
                    check = restored
        except UserError as exc:
            QMessageBox.warning(None, _("Anupalan"), exc.message)
    return _open_to_work(path)


def _restore(path: Path, dialog):
    """Restore the backup chosen in the recovery dialog over the damaged file (what is lost said first, and
    restored only when accepted); the new check of the file, or None when the user backed out."""
    from app.services import storage, backup

    backup_file = dialog.backup_file  # the work on the thread holds no widget (app/ui/tasks.py)
    sign_in = restorer_sign_in(backup_file)
    if sign_in is False:
        return None
    try:
        result = run_off_gui(lambda: backup.restore_backup(path, backup_file, sign_in=sign_in), _("Restoring…"))
    except backup.RestoreNeedsConfirmation as exc:  # what is lost is said; only then restored
        answer = QMessageBox.warning(
            None, _("Anupalan"), exc.message + "\n\n" + _("Restore anyway, accepting this?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        result = run_off_gui(lambda: backup.restore_backup(path, backup_file, confirm=True, sign_in=sign_in),
                             _("Restoring…"))
    QMessageBox.information(None, _("Anupalan"), _(
        "The backup was restored. The damaged file was kept as {path}.").format(
            path=", ".join(result.moved_aside) or "-"))
    return run_off_gui(lambda: storage.startup_check(path), _("Checking the database…"))


def _open_to_work(path: Path):
    """The sound file opened for work under the instance lock (waiting for a closing window to let go); when
    another window holds it, read-only or nothing, as the user chooses."""
    from app.services.storage import DatabaseInUseError

    try:
        try:
            return open_off_gui(path, lock=True)
        except DatabaseInUseError as exc:
            if exc.holder is None or not exc.holder.closing or not wait_for_closing_window(path):
                raise
            return open_off_gui(path, lock=True)  # the previous window has saved its backup and let go
    except DatabaseInUseError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Anupalan"), exc.message)
        read = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        chose_read = box.clickedButton() is read
        done_with(box)
        if chose_read:
            return open_off_gui(path, readonly=True)
        return None


CLOSING_WAIT_S = 120.0  # a closing window's backup copy takes about a second; a slow disk, longer


def wait_for_closing_window(path: Path, *, limit: float = CLOSING_WAIT_S) -> bool:
    """The previous window has closed and is copying its closing backup: wait for it to let go of the file,
    saying so ("the previous window is still saving its backup…"). False if it still holds it after ``limit``
    seconds (the usual "open in another window" message follows)."""
    import time

    from app.services import storage

    def wait() -> bool:
        deadline = time.monotonic() + limit
        while storage.is_locked(path):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        return True

    return run_off_gui(wait, storage.closing_message(path))


def ask_retry(detail: str) -> bool:
    """The file cannot be used right now (another program holds it, a network drive is away): Retry or Quit."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Anupalan"), detail + "\n\n" + _(
        "Close the other program using the file (or reconnect the drive), then choose Retry."))
    retry = box.addButton(_("&Retry"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    chose_retry = box.clickedButton() is retry
    done_with(box)
    return chose_retry


def restorer_sign_in(backup_file: str):
    """Over a damaged file the person restoring signs in against the backup's own accounts (the restore checks
    it in its prepared copy and records the restore as theirs). None: the backup has no accounts (restored as
    the system, as before); False: the person cancelled."""
    from app.services import accounts, storage
    from app.ui.dialogs.restore_sign_in import RestoreSignInDialog

    def has_accounts() -> bool:
        try:
            return storage.preview(backup_file, None, full=False).counts.get("accounts", 0) > 0
        except Exception:  # noqa: BLE001 - an unreadable backup is refused by the restore itself, with its message
            return False

    if not run_off_gui(has_accounts, _("Checking the backup…")):
        return None
    who = RestoreSignInDialog(backup_file)
    accepted = who.exec() == RestoreSignInDialog.DialogCode.Accepted
    done_with(who)
    if not accepted:
        return False
    username, password = who.username, who.password
    return lambda db: accounts.sign_in(db, username, password).actor


def open_off_gui(path: Path, **how):
    """``station.open_database(path, **how)`` on a thread of its own (it may migrate the schema, after a
    verified backup, and seed the catalogue) while the GUI thread keeps handling events."""
    from app.services.station import open_database

    return run_off_gui(lambda: open_database(path, **how), _("Checking the database…"))
