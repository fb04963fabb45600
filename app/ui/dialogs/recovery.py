"""Guided recovery when the database failed its check at start: restore the latest verified backup,
choose another backup, open the damaged file read-only, or export what can still be read. The damaged
file is never overwritten (a restore moves it aside under a new name)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCommandLinkButton, QDialog, QFileDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.ui.save_place import documents_folder
from app.services.core.formatting import format_datetime


class RecoveryDialog(QDialog):
    """``choice`` after ``exec()``: "restore" (with ``backup_file``), "readonly", "export" (with
    ``export_dir``) or None (quit)."""

    def __init__(self, check, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = check
        self.choice: str | None = None
        self.backup_file: str | None = check.latest_backup
        self.export_dir: str | None = None
        self.setMinimumWidth(640)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold; color: #b00020;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("color: #555;")
        self.restore_latest = QCommandLinkButton()
        self.restore_latest.setEnabled(bool(check.latest_backup))
        self.restore_latest.clicked.connect(lambda: self._finish("restore"))
        self.restore_other = QCommandLinkButton()
        self.restore_other.clicked.connect(self._choose_backup)
        self.readonly = QCommandLinkButton()
        self.readonly.clicked.connect(lambda: self._finish("readonly"))
        self.export = QCommandLinkButton()
        self.export.clicked.connect(self._choose_export)
        self.quit = QPushButton()
        self.quit.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.title, self.body, self.detail, self.restore_latest, self.restore_other, self.readonly,
                  self.export):
            layout.addWidget(w)
        layout.addWidget(self.quit, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("The database is damaged"))
        self.title.setText(_("The station's database is damaged"))
        self.body.setText(_("Anupalan checked the database file when it started and found damage, often the "
                            "result of a power cut or a failing disk. The damaged file will not be changed or "
                            "overwritten. Choose what to do:"))
        self.detail.setText(_("File: {path}\nWhat the check found: {detail}").format(
            path=self.check.path, detail=self.check.detail or "-"))
        if self.check.latest_backup:
            try:
                when = format_datetime(dt.datetime.fromisoformat(self.check.latest_backup_at or ""))
            except ValueError:
                when = self.check.latest_backup_at or ""
            self.restore_latest.setText(_("Restore the latest verified backup"))
            self.restore_latest.setDescription(_("Made at {when}. The damaged file is kept beside it under a new "
                                                 "name.").format(when=when))
        else:
            self.restore_latest.setText(_("Restore the latest verified backup"))
            self.restore_latest.setDescription(_("No verified backup was found on this PC."))
        self.restore_other.setText(_("Restore another backup…"))
        self.restore_other.setDescription(_("For example a copy on a USB drive."))
        self.readonly.setText(_("Open the damaged file read-only"))
        self.readonly.setDescription(_("Look at what can still be read; nothing can be changed."))
        self.export.setText(_("Export what can be read…"))
        self.export.setDescription(_("Every table that can be read is saved as a CSV file in a folder you choose."))
        self.quit.setText(_("Quit"))

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def _choose_backup(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a backup file"), "",
                                                    _("Anupalan backups (*.sqlite3);;All files (*)"))
        if name:
            self.backup_file = name
            self._finish("restore")

    def _choose_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder for the export"), str(documents_folder()))
        if folder:
            self.export_dir = folder
            self._finish("export")


def show_export_result(parent, result) -> None:
    lines = [_("Exported to {folder}:").format(folder=result.folder)]
    lines += [_("{table}: {rows} rows").format(table=t, rows=n) for t, n in result.tables.items()]
    if result.errors:
        lines.append("")
        lines += [_("{table}: could not read everything ({reason})").format(table=t, reason=e)
                  for t, e in result.errors.items()]
    QMessageBox.information(parent, _("Export what can be read"), "\n".join(lines))
