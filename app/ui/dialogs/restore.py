"""Restore a backup: the list of verified copies, a preview of the chosen one (date, station, rows per
table), then — after a clear confirmation — the restore, which first backs up the current file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.i18n import N_, _
from app.services import storage
from app.services import backup
from app.services.core.formatting import format_datetime, format_number
from app.ui.changes import Changes
from app.ui.operations import Op, Query


# The tables a station recognises, in the user's words; the rest are summed as "other records".
TABLE_LABELS = {
    "stations": N_("Station"),
    "persons": N_("Staff"),
    "role_assignments": N_("Role assignments"),
    "cases": N_("Cases"),
    "events": N_("Events"),
    "obligations": N_("Owed CAS entries"),
    "inspections": N_("Inspections"),
    "audit_entries": N_("Audit trail entries"),
}


def summary_rows(backup_counts: dict[str, int], current: dict[str, int]) -> list[tuple[str, int, int | None]]:
    """(label, rows in the backup, rows now) for the known tables, then one line for all the others."""
    rows = [(_(label), backup_counts.get(t, 0), current.get(t) if current else None)
            for t, label in TABLE_LABELS.items() if t in backup_counts or t in current]
    skip = set(TABLE_LABELS) | {"alembic_version"}
    other_b = sum(n for t, n in backup_counts.items() if t not in skip)
    other_c = sum(n for t, n in current.items() if t not in skip) if current else None
    rows.append((_("Other records (duties, rules, settings …)"), other_b, other_c))
    return rows


def when_text(iso: str) -> str:
    try:
        return format_datetime(dt.datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso


class RestoreDialog(QDialog):
    """Pick a backup and restore it. ``restored`` is set to the ``RestoreResult`` when done."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.restored = None
        self._records: list = []
        self._preview = None
        self._current: dict[str, int] = {}
        self.resize(1000, 560)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backupsTable")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        self.preview_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QTableWidget(0, 3)
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.preview_title)
        rl.addWidget(self.counts, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([620, 380])
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self._choose_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.file_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.retranslate()
        self._load()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Restore a backup"))
        self.intro.setText(_("Choose a backup to see what it holds. Restoring replaces the station's data with "
                             "the backup's; the current data is first saved as a verified backup, so nothing "
                             "is lost."))
        self.table.setHorizontalHeaderLabels([_("Made at"), _("Why"), _("Size"), _("Rows")])
        self.counts.setHorizontalHeaderLabels([_("Records"), _("In the backup"), _("Now")])
        self.file_button.setText(_("Choose a backup file (USB drive)…"))
        self.restore_button.setText(_("Restore this backup…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self._show_preview()

    # --- data ----------------------------------------------------------------------------------
    def _load(self) -> None:
        Query(self, lambda db: [r for r in storage.list_backups(db.storage.path) if r.available]).success(self._loaded).run()

    def _loaded(self, records) -> None:
        self._records = records
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            total = sum(n for t, n in r.counts.items() if t != "alembic_version")
            cells = [when_text(r.created_at), storage.reason_label(r.reason),
                     _("{size} KB").format(size=format_number(max(1, r.size // 1024))), format_number(total)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(r.file)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if records:
            self.table.selectRow(0)
        else:
            self.preview_title.setText(_("No verified backups yet. Choose a backup file instead."))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._preview_file(self._records[rows[0].row()].file)

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a backup file"), "",
                                                    _("Anupalan backups (*.sqlite3);;All files (*)"))
        if name:
            self.table.clearSelection()
            self._preview_file(name)

    def _preview_file(self, file: str) -> None:
        self.restore_button.setEnabled(False)

        def work(db):
            from app.services.storage import table_counts

            info = storage.preview(Path(file), db.storage.path)
            try:
                now = table_counts(db.storage.path)
            except Exception:  # the current file may be unreadable; the preview still helps
                now = {}
            return info, now

        Query(self, work).success(self._previewed).failure(self._preview_failed).run()

    def _preview_failed(self, exc) -> None:
        self._preview = None
        self.preview_title.setText(getattr(exc, "message", str(exc)))
        self.counts.setRowCount(0)

    def _previewed(self, value) -> None:
        self._preview, self._current = value
        self._show_preview()

    def _show_preview(self) -> None:
        info = self._preview
        if info is None:
            return
        lines = [_("Backup made at {when}").format(when=when_text(info.created_at))]
        if info.station:
            lines.append(_("Station: {name}").format(name=info.station))
        if not info.integrity_ok:
            lines.append(_("This file failed its integrity check and cannot be restored: {detail}").format(
                detail=info.detail))
        elif info.newer:
            lines.append(_("This backup was made by a newer version of Anupalan and cannot be restored here."))
        lines.append(Path(info.path).name)
        self.preview_title.setText("\n".join(lines))
        items = summary_rows(info.counts, self._current) if info.counts else []
        self.counts.setRowCount(len(items))
        for row, (label, n, now) in enumerate(items):
            self.counts.setItem(row, 0, QTableWidgetItem(label))
            for col, value in ((1, n), (2, now)):
                cell = QTableWidgetItem("" if value is None else format_number(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if col == 2 and value is not None and value != n:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.counts.setItem(row, col, cell)
        self.restore_button.setEnabled(info.integrity_ok and not info.newer)

    # --- restoring -----------------------------------------------------------------------------
    def _confirm(self) -> None:
        info = self._preview
        if info is None:
            return
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace the station's data with the backup made at {when}?\n\nThe current data will first be "
              "saved as a verified backup, so it can be brought back.").format(when=when_text(info.created_at)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_button.setEnabled(False)
            restore_into_context(self.ctx, info.path, self._done, self._failed)

    def _done(self, result) -> None:
        self.restored = result
        QMessageBox.information(self, _("Restore a backup"), _(
            "The backup was restored. The data as it was before is kept in {path}.").format(
                path=result.safety_backup or "-"))
        self.accept()

    def _failed(self, exc) -> None:
        self.restore_button.setEnabled(True)
        if isinstance(exc, backup.RestoreNeedsConfirmation) and self._preview is not None:
            # what the restore would lose, said before an administrator may accept it
            answer = QMessageBox.warning(
                self, _("Restore a backup"), exc.message + "\n\n" + _("Restore anyway, accepting this?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_button.setEnabled(False)
                restore_into_context(self.ctx, self._preview.path, self._done, self._failed, confirm=True)
            return
        QMessageBox.warning(self, _("Restore a backup"), getattr(exc, "message", str(exc)))


def restore_into_context(ctx, file: str, on_done, on_error, *, confirm: bool = False) -> None:
    """Restore on the worker: release the app's connections (keeping the instance lock), restore, reopen.
    Every screen reloads from the restored data (everything changed). ``confirm``: the administrator
    accepted what the restore loses (``backup.RestoreNeedsConfirmation``)."""
    def work(old, actor):
        return backup.restore_into(old, file, actor=actor, confirm=confirm)

    def done(value):
        new, result = value
        ctx.db = new
        # announced here rather than by the Op after ``done``: the screens reload behind the message that
        # ``on_done`` shows, not after it is closed
        ctx.emit_changes(Changes.everything())
        on_done(result)

    Op(ctx, work, label=_("Restoring…")).success(done).failure(on_error).run()
