"""Opening the database at start: the quick integrity check off the GUI thread, guided recovery for a
damaged file, and the one-writer lock (a second window is told clearly and may open read-only)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from ..i18n import _
from ..services.errors import UserError


def run_off_gui(fn, label: str):
    """Run ``fn`` on a short-lived thread while the GUI thread keeps processing events; a progress note
    appears if it takes more than a moment. Returns ``fn``'s result or raises its exception."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anupalan-start")
    future: Future = pool.submit(fn)
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: future.done() and loop.quit())  # polled on the GUI thread: no cross-thread Qt
    progress = QProgressDialog(label, None, 0, 0)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(400)
    poll.start()
    if not future.done():
        loop.exec()
    poll.stop()
    progress.close()
    pool.shutdown(wait=True)
    return future.result()


def open_checked(path: Path):
    """The database to work on, or None when the user chose to quit. Never overwrites a damaged file."""
    from ..services import recovery, restore
    from ..services.db import open_database
    from ..services.instance_lock import DatabaseInUseError
    from .dialogs.recovery import RecoveryDialog, show_export_result

    check = run_off_gui(lambda: recovery.startup_check(path), _("Checking the database…"))
    if check.status == "newer":
        QMessageBox.critical(None, _("Anupalan"), check.detail)
        return None
    while check.status == "damaged":
        dialog = RecoveryDialog(check)
        dialog.exec()
        if dialog.choice is None:
            return None
        try:
            if dialog.choice == "readonly":
                return open_database(path, readonly=True)
            if dialog.choice == "export":
                result = run_off_gui(lambda: recovery.export_readable(path, Path(dialog.export_dir)),
                                     _("Exporting what can be read…"))
                show_export_result(None, result)
                continue
            if dialog.choice == "restore":
                result = run_off_gui(lambda: restore.restore_backup(path, dialog.backup_file),
                                     _("Restoring…"))
                QMessageBox.information(None, _("Anupalan"), _(
                    "The backup was restored. The damaged file was kept as {path}.").format(
                        path=", ".join(result.moved_aside) or "-"))
                check = run_off_gui(lambda: recovery.startup_check(path), _("Checking the database…"))
        except UserError as exc:
            QMessageBox.warning(None, _("Anupalan"), exc.message)
    try:
        return open_database(path, lock=True)
    except DatabaseInUseError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Anupalan"), exc.message)
        read = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is read:
            return open_database(path, readonly=True)
        return None
