"""File → Import…: the import assistant. Four steps, each on one screen:

1. File: the spreadsheet (any xlsx/xls/ods/csv, told by its content), what it holds (cases, events, or a list from
   CAS to reconcile with) and the profile to read it with (found from the headers by default).
2. Columns: a dropdown on each of the sheet's headers says which field it holds; the date format, the header row
   and the footer rows to skip; a preview of the first rows as they were understood (dates as dates). The mapping
   can be saved as a named profile (matched by header names next time, not by position).
3. Check: for cases and events, the dry run — what would be created, updated, unchanged, and each problem with
   its row and column (exportable as an error sheet); for a CAS list, the reconciliation — matched, only here, only
   in CAS, differing, to review — with accept / reject per row and "accept all best".
4. Done: the import (one transaction after a backup, a batch that can be voided) or the entries marked entered.

All reading, mapping and checking runs on the worker (a busy bar shows it; Cancel closes the assistant and drops
a late result). For a big file (``BIG`` rows or more) the mapping, the check and the import show a progress dialog
whose Cancel stops the work part-way (the services' ``cancelled()`` hook; an import stopped is rolled back whole)
and leaves the assistant on its step, saying that nothing was imported. Nothing is written before the last step's
button.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QProgressBar, QProgressDialog, QPushButton, QSpinBox, QStackedWidget,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.i18n import N_, _, ngettext
from app.services.core.formatting import format_number
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.save_place import documents_folder, in_documents

KIND_LABELS = {
    "cases": N_("Cases (an FIR register)"),
    "events": N_("Events on cases (arrests, seizures, chargesheets …)"),
    "cas_list": N_("A list from CAS (to reconcile with the register)"),
}
NOT_IMPORTED = ""  # the dropdown's "not imported" choice
PREVIEW_ROWS = 20
SHOWN_PROBLEMS = 1000  # a table of 100,000 problems took the window 17 s to fill; the exported sheet has them all
FILE_STEP, COLUMNS_STEP, CHECK_STEP, DONE_STEP = range(4)
MAX_FILE_BYTES = 64 * 1024 * 1024


def _counts(**counts: int) -> dict[str, str]:
    """Counts for a summary sentence, as the rest of the window writes them (Indian grouping, the chosen digits)."""
    return {key: format_number(value) for key, value in counts.items()}


BIG = 2000  # rows from which the mapping, the check and the import show a progress dialog with Cancel


@dataclass
class Loaded:
    """A file read and mapped (made on the worker)."""
    path: Path
    data: bytes
    table: object  # sheets.Table
    mapped: object  # sheets.Mapped
    profile: object  # sheets.Profile


# --- work done on the worker (no widgets here) -------------------------------------------------------------

def read_file(db, path: Path, kind: str, profile_name: str | None, sheet: str | None, progress=None,
              cancelled=None) -> Loaded:
    from app.services import sheets

    data = sheets.read_file(path, max_bytes=MAX_FILE_BYTES)
    found = sheets.load_sheet(db, data, kind, profile=profile_name, sheet=sheet, progress=progress,
                              cancelled=cancelled)
    return Loaded(path, data, found.table, found.mapped, found.profile)


def remap(loaded: Loaded, profile, progress=None, cancelled=None) -> Loaded:
    from app.services import sheets

    return Loaded(loaded.path, loaded.data, loaded.table,
                  sheets.map_table(loaded.table, profile, progress=progress, cancelled=cancelled), profile)


class _Moved(QObject):
    moved = Signal(int, int)  # done, total: emitted on the worker, shown on the GUI thread


class Watch:
    """The hooks a stoppable piece of work gets (``progress``, ``cancelled``) and the progress dialog that shows
    it: made at once when ``big``, else (``big`` None) when the work first reports a total of ``BIG`` rows or more;
    never for a small file. Its Cancel (or Esc) sets the stop flag the worker asks every few hundred rows."""

    def __init__(self, parent: QWidget, label: str, big: bool | None):
        self.parent, self.label, self.big = parent, label, big
        self.stop = threading.Event()
        self.signals = _Moved(parent)
        self.signals.moved.connect(self._moved)
        self.dialog: QProgressDialog | None = None
        if big:
            self._open(0)

    def progress(self, done: int, total: int) -> None:  # on the worker
        self.signals.moved.emit(done, total)

    def cancelled(self) -> bool:  # on the worker
        return self.stop.is_set()

    def _open(self, total: int) -> None:
        d = QProgressDialog(self.label, _("Cancel"), 0, total, self.parent)
        d.setObjectName("importProgress")
        d.setWindowTitle(_("Import a spreadsheet"))
        d.setWindowModality(Qt.WindowModality.WindowModal)
        d.setAutoClose(False)
        d.setAutoReset(False)
        d.setMinimumDuration(0)
        d.canceled.connect(self._cancel)
        d.rejected.connect(self._cancel)  # Esc hides the dialog without "canceled": it stops the work as well
        d.show()
        self.dialog = d

    def _cancel(self) -> None:
        if self.dialog is None:  # closed because the work ended
            return
        self.stop.set()
        self.dialog.setLabelText(_("Stopping…"))

    def _moved(self, done: int, total: int) -> None:
        if self.dialog is None and self.big is None and total >= BIG and not self.stop.is_set():
            self._open(total)
        if self.dialog is not None and not self.stop.is_set():
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))

    def close(self) -> None:
        if self.dialog is not None:
            d, self.dialog = self.dialog, None
            d.close()
            d.deleteLater()
        self.signals.deleteLater()


def import_source(loaded: Loaded, kind: str):
    from app.services import imports

    return imports.source_from_mapped(loaded.mapped, kind=kind, file_name=loaded.path.name, data=loaded.data,
                                      profile=loaded.profile.name)


def _table(columns: int, name: str) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    t.setWordWrap(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _cell(text) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    return item


class ImportAssistant(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importAssistant")
        self.loaded: Loaded | None = None
        self.source = None  # imports.ImportSource of the last check
        self.report = None  # imports.ImportReport of the dry run
        self.recon = None  # reconcile.Reconciliation
        self._generation = 0  # bumped by every request: a late answer to an older one is dropped
        self._busy = False
        self._writing = False  # a change is being written (import, marks, a profile): it cannot be cancelled
        self._stoppable: Watch | None = None  # the running request that a progress dialog's Cancel can stop
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_file_step())
        self.stack.addWidget(self._build_columns_step())
        self.stack.addWidget(self._build_check_step())
        self.stack.addWidget(self._build_done_step())
        self.heading = QLabel()
        self.heading.setObjectName("stepHeading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.message = QLabel()
        self.message.setObjectName("assistantMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # how long the worker takes is not known: a moving bar
        self.busy.setMaximumHeight(12)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch()
        for b in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(1100, 640)
        self.retranslate()
        self._set_busy(False)
        self._load_profiles()

    # --- step 1: the file -------------------------------------------------------------------------------
    def _build_file_step(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        # another file: the sheets listed were the last file's (its chosen sheet refused the new one)
        self.path_edit.textChanged.connect(lambda _text: self.sheet_combo.clear())
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("importKind")
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._load_profiles())
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("importProfile")
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.file_note = QLabel()
        self.file_note.setWordWrap(True)
        form = QFormLayout()
        self.path_label, self.kind_label, self.profile_label, self.sheet_label = QLabel(), QLabel(), QLabel(), QLabel()
        for label, field in ((self.path_label, row), (self.kind_label, self.kind_combo),
                             (self.profile_label, self.profile_combo), (self.sheet_label, self.sheet_combo)):
            form.addRow(label, field)
        self.path_label.setBuddy(self.path_edit)
        self.kind_label.setBuddy(self.kind_combo)
        self.profile_label.setBuddy(self.profile_combo)
        self.sheet_label.setBuddy(self.sheet_combo)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.file_note)
        layout.addStretch()
        return page

    def kind(self) -> str:
        return self.kind_combo.currentData() or "cases"

    def choose_file(self) -> None:
        start = self.path_edit.text().strip() or str(documents_folder())
        path, _selected = QFileDialog.getOpenFileName(
            self, _("Choose the spreadsheet"), start,
            _("Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv *.txt *.htm *.html);;All files (*)"))
        if path:
            self.path_edit.setText(path)
            self.sheet_combo.clear()

    def _load_profiles(self) -> None:
        from app.services import sheets

        kind = self.kind()

        Query(self, lambda db: sheets.profiles_of_kind(db, kind)).success(self._show_profiles).run()

    def _show_profiles(self, profiles) -> None:
        from app.services import sheets

        keep = self.profile_combo.currentData()
        self.profile_combo.clear()
        self.profile_combo.addItem(_("Found from the headers"), None)
        for p in profiles:
            self.profile_combo.addItem(_("{name} (shipped)").format(name=sheets.profile_label(p)) if p.builtin
                                       else p.name, p.name)
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(keep)))

    # --- step 2: the columns ----------------------------------------------------------------------------
    def _build_columns_step(self) -> QWidget:
        page = QWidget()
        self.date_combo = QComboBox()
        self.date_combo.setObjectName("dateFormat")
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerRow")
        self.header_spin.setRange(1, 1001)
        self.footer_spin = QSpinBox()
        self.footer_spin.setObjectName("footerRows")
        self.footer_spin.setRange(0, 1000)
        self.date_label, self.header_label, self.footer_label = QLabel(), QLabel(), QLabel()
        self.date_label.setBuddy(self.date_combo)
        self.header_label.setBuddy(self.header_spin)
        self.footer_label.setBuddy(self.footer_spin)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply_layout)
        top = QHBoxLayout()
        for w in (self.date_label, self.date_combo, self.header_label, self.header_spin, self.footer_label,
                  self.footer_spin, self.apply_button):
            top.addWidget(w)
        top.addStretch()
        self.columns_table = _table(3, "columnMapping")
        self.columns_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.columns_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("missingFields")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #b00020;")
        self.preview_table = _table(0, "mappingPreview")
        self.preview_label = QLabel()
        self.profile_name = QLineEdit()
        self.profile_name.setObjectName("profileName")
        self.profile_name.setMaxLength(60)
        self.save_profile_button = QPushButton()
        self.save_profile_button.clicked.connect(self.save_profile)
        self.profile_name_label = QLabel()
        self.profile_name_label.setBuddy(self.profile_name)
        save_row = QHBoxLayout()
        save_row.addWidget(self.profile_name_label)
        save_row.addWidget(self.profile_name, 1)
        save_row.addWidget(self.save_profile_button)
        grid = QGridLayout()
        self.columns_heading = QLabel()
        grid.addWidget(self.columns_heading, 0, 0)
        grid.addWidget(self.preview_label, 0, 1)
        grid.addWidget(self.columns_table, 1, 0)
        grid.addWidget(self.preview_table, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(self.missing_label)
        layout.addLayout(save_row)
        return page

    def _field_label(self, key: str) -> str:
        from app.services import sheets

        field = sheets.FIELDS.get(key)
        label = _(field.label) if field is not None else key  # i18n: marked in sheets.fields
        required = key in sheets.required_fields(self.kind())
        return _("{field} (needed)").format(field=label) if required else label

    def _show_mapping(self) -> None:
        from app.services import sheets

        loaded = self.loaded
        mapped, profile = loaded.mapped, loaded.profile
        self.date_combo.blockSignals(True)
        self.date_combo.clear()
        for fmt in sheets.DATE_FORMATS:
            self.date_combo.addItem(fmt, fmt)
        self.date_combo.setCurrentIndex(max(0, self.date_combo.findData(profile.date_format)))
        self.date_combo.blockSignals(False)
        self.header_spin.setValue(mapped.header_row + 1)
        self.footer_spin.setValue(profile.skip_bottom)
        by_column = {i: key for key, i in mapped.columns.items()}
        rows = loaded.table.rows
        # the first data row as mapped (a "1 2 3 …" numbering row under the header is not one)
        first_row = mapped.rows[0].row - 1 if mapped.rows else mapped.header_row + 1
        first = rows[first_row] if first_row < len(rows) else []
        self.columns_table.setRowCount(len(mapped.headers))
        fields = sheets.fields_for(self.kind())
        for i, header in enumerate(mapped.headers):
            self.columns_table.setItem(i, 0, _cell(header or _("(column {n}, no header)").format(n=i + 1)))
            combo = QComboBox()
            combo.setObjectName(f"fieldFor{i}")
            combo.addItem(_("— not imported —"), NOT_IMPORTED)
            for key in fields:
                combo.addItem(self._field_label(key), key)
            combo.setCurrentIndex(max(0, combo.findData(by_column.get(i, NOT_IMPORTED))))
            combo.setEnabled(bool(header))  # a column without a header cannot be found again by name
            combo.currentIndexChanged.connect(lambda _i, col=i: self._field_chosen(col))
            self.columns_table.setCellWidget(i, 1, combo)
            value = first[i] if i < len(first) else ""
            self.columns_table.setItem(i, 2, _cell(sheets.display(value)))
        self._show_preview()

    def _show_preview(self) -> None:
        from app.services import sheets

        mapped = self.loaded.mapped
        keys = [k for k in sheets.fields_for(self.kind()) if k in mapped.columns]
        shown = sheets.preview(mapped, PREVIEW_ROWS)
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(keys) + 1)
        self.preview_table.setHorizontalHeaderLabels([_("Row")] + [self._field_label(k) for k in keys])
        self.preview_table.setRowCount(len(shown))
        errors = {(r.row, e.field) for r in mapped.rows[:PREVIEW_ROWS] for e in r.errors}
        for r, row in enumerate(shown):
            self.preview_table.setItem(r, 0, _cell(row.get("row", "")))
            for c, key in enumerate(keys, start=1):
                item = _cell(row.get(key, ""))
                if (int(row.get("row", 0) or 0), key) in errors:
                    item.setForeground(Qt.GlobalColor.red)
                self.preview_table.setItem(r, c, item)
        self.preview_table.resizeColumnsToContents()
        self.preview_label.setText(ngettext("How the first {n} row is understood:", "How the first {n} rows are understood:",
                                            len(shown)).format(n=format_number(len(shown))) + " " +
                                   ngettext("({total} row in all)", "({total} rows in all)", len(mapped.rows)).format(
                                       total=format_number(len(mapped.rows))))
        missing = [self._field_label(k) for k in mapped.missing]
        self.missing_label.setText(_("Choose a column for: {fields}.").format(fields=", ".join(missing)) if missing else "")
        self.next_button.setEnabled(not missing)

    def current_profile(self):
        """The profile the columns step shows: each header's dropdown, the date format, the rows to skip."""
        from app.services import sheets

        columns = {}
        for i in range(self.columns_table.rowCount()):
            combo = self.columns_table.cellWidget(i, 1)
            key = combo.currentData() if combo is not None else NOT_IMPORTED
            header = self.loaded.mapped.headers[i] if i < len(self.loaded.mapped.headers) else ""
            if key and header and key not in columns:
                columns[key] = header
        base = self.loaded.profile
        return sheets.Profile(name=base.name if not base.builtin else "", kind=self.kind(), columns=columns,
                              date_format=self.date_combo.currentData() or sheets.DEFAULT_DATE_FORMAT,
                              header_row=self.header_spin.value() - 1, skip_bottom=self.footer_spin.value(),
                              sheet=base.sheet)

    def _field_chosen(self, column: int) -> None:
        combo = self.columns_table.cellWidget(column, 1)
        key = combo.currentData()
        if key:  # one column per field: the column that had it before gives it up
            for i in range(self.columns_table.rowCount()):
                other = self.columns_table.cellWidget(i, 1)
                if i != column and other is not None and other.currentData() == key:
                    other.blockSignals(True)
                    other.setCurrentIndex(0)
                    other.blockSignals(False)
        self._remap(self.current_profile(), keep_columns=True)

    def apply_layout(self) -> None:
        """The date format or the rows to skip changed: read the sheet again with them (the header row may move:
        the dropdowns follow the new headers)."""
        profile = self.current_profile()
        if profile.header_row != self.loaded.mapped.header_row:
            profile = replace(profile, columns={})  # other headers: guess them again
        self._remap(profile, keep_columns=False)

    def _remap(self, profile, *, keep_columns: bool) -> None:
        loaded = self.loaded
        watch = self._watch(_("Reading the sheet…"), len(loaded.table.rows) >= BIG)
        self._run(Query(self, lambda _db: remap(loaded, profile, watch.progress, watch.cancelled)),
                  lambda result: self._remapped(result, keep_columns), watch=watch)

    def _remapped(self, loaded: Loaded, keep_columns: bool) -> None:
        self.loaded = loaded
        if keep_columns:
            self._show_preview()
        else:
            self._show_mapping()

    def save_profile(self) -> None:
        from app.services import sheets

        name = self.profile_name.text().strip()
        profile = replace(self.current_profile(), name=name)

        def saved(p) -> None:
            self.loaded = replace(self.loaded, profile=p)
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(_("Profile {name} saved: a sheet with these headers is read this way next time.")
                                 .format(name=p.name))
            self._load_profiles()

        self._run(Op(self, lambda db, actor: sheets.store_profile(db, actor, profile), changes=Changes(station=True)),
                  saved)

    # --- step 3: the check ------------------------------------------------------------------------------
    def _build_check_step(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("checkSummary")
        self.summary_label.setWordWrap(True)
        self.errors_table = _table(3, "importErrors")
        self.export_errors_button = QPushButton()
        self.export_errors_button.clicked.connect(self.export_errors)
        self.skip_errors = QCheckBox()
        self.skip_errors.setObjectName("skipErrors")
        self.recon_table = _table(7, "reconcileItems")
        self.recon_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.recon_detail = QLabel()  # the current row's reason and differences (its tooltip is out of the keyboard's reach)
        self.recon_detail.setObjectName("reconcileDetail")
        self.recon_detail.setWordWrap(True)
        self.recon_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recon_table.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_recon_detail(row))
        self.accept_button, self.reject_button, self.accept_all_button = QPushButton(), QPushButton(), QPushButton()
        self.accept_button.clicked.connect(lambda: self._decide("accept"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.accept_all_button.clicked.connect(self.accept_all_best)
        self.add_case_button = QPushButton()
        self.add_case_button.clicked.connect(self.add_missing_case)
        row = QHBoxLayout()
        row.addWidget(self.skip_errors)
        row.addStretch()
        for b in (self.add_case_button, self.accept_button, self.reject_button, self.accept_all_button,
                  self.export_errors_button):
            row.addWidget(b)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.errors_table, 1)
        layout.addWidget(self.recon_table, 2)
        layout.addWidget(self.recon_detail)
        layout.addLayout(row)
        return page

    def _check(self) -> None:
        from app.services import imports, reconcile

        loaded, kind = self.loaded, self.kind()
        self.report = self.recon = None
        if kind == "cas_list":
            if "cas_reference" not in loaded.mapped.columns:  # without it nothing can be matched: say so here
                self.message.setStyleSheet("color: #b00020;")
                self.message.setText(_("Choose a column for: {fields}.").format(fields=self._field_label("cas_reference")))
                return

            self._run(Query(self, lambda db: reconcile.reconcile_mapped(db, loaded.mapped, loaded.data)),
                      self._reconciled)
            return

        watch = self._watch(_("Checking the rows…"), len(loaded.mapped.rows) >= BIG)

        def dry_run(db, actor):
            source = import_source(loaded, kind)
            return source, imports.import_rows(db, source, dry_run=True, actor=actor, progress=watch.progress,
                                               cancelled=watch.cancelled)

        self._run(Query(self, dry_run, with_actor=True), self._dry_run_done, watch=watch)

    def _dry_run_done(self, result) -> None:
        self.source, self.report = result
        r = self.report
        self.errors_table.show()
        self.recon_table.hide()
        self.recon_detail.hide()
        for b in (self.accept_button, self.reject_button, self.accept_all_button, self.add_case_button):
            b.hide()
        self.skip_errors.setVisible(bool(r.errors) and r.already is None)
        self.export_errors_button.setVisible(bool(r.errors))
        if r.already is not None:
            from app.services.core.formatting import as_typed

            text = _("This file was already imported (batch {id}, {date}); nothing was done.").format(
                id=r.already["batch"], date=as_typed(r.already["imported_at"]))
        else:
            text = _("Rows read: {rows}. Created: {created}, updated: {updated}, unchanged: {unchanged}.").format(
                **_counts(rows=r.rows, created=r.created, updated=r.updated, unchanged=r.unchanged))
            if r.errors:
                text += " " + ngettext("{n} row has problems: by default nothing is imported until it is corrected.",
                                       "{n} rows have problems: by default nothing is imported until they are corrected.",
                                       r.left_out).format(n=format_number(r.left_out))
            for d in r.duplicates[:3]:
                text += " " + _("Row {row} repeats row {same}: imported once.").format(row=d["row"], same=d["same_as"])
        if len(r.errors) > SHOWN_PROBLEMS:
            text += " " + _("The first {shown} of {total} problems are listed; export the problems to see them all.") \
                .format(shown=format_number(SHOWN_PROBLEMS), total=format_number(len(r.errors)))
        self.summary_label.setText(_("Dry run: nothing was changed.") + " " + text)
        self.errors_table.setRowCount(min(len(r.errors), SHOWN_PROBLEMS))
        for i, e in enumerate(r.errors[:SHOWN_PROBLEMS]):
            self.errors_table.setItem(i, 0, _cell(e.row or ""))
            self.errors_table.setItem(i, 1, _cell(e.column))
            self.errors_table.setItem(i, 2, _cell(e.message))
        self.errors_table.resizeColumnToContents(0)
        self.errors_table.resizeColumnToContents(1)
        self._enter(CHECK_STEP)

    def export_errors(self) -> None:
        from app.services import imports

        if self.report is None or not self.report.errors:
            return
        path, _selected = QFileDialog.getSaveFileName(self, _("Save the problems"), in_documents(
            f"{self.loaded.path.stem}-problems.xlsx"), _("Excel workbooks (*.xlsx);;CSV files (*.csv)"))
        if not path:
            return
        errors, source = self.report.errors, self.source
        self._run(Query(self, lambda _db: imports.write_errors(path, errors, source)),
                  lambda written: self.ctx.status_message.emit(_("The problems were written to {file}.").format(
                      file=written)))

    def _reconciled(self, recon) -> None:
        self.recon = recon
        self.errors_table.setVisible(bool(recon.errors))
        self.errors_table.setRowCount(min(len(recon.errors), SHOWN_PROBLEMS))
        for i, e in enumerate(recon.errors[:SHOWN_PROBLEMS]):
            self.errors_table.setItem(i, 0, _cell(e.get("row") or ""))
            self.errors_table.setItem(i, 1, _cell(e.get("column", "")))
            self.errors_table.setItem(i, 2, _cell(e.get("message", "")))
        self.recon_table.show()
        self.recon_detail.show()
        self.skip_errors.hide()
        self.export_errors_button.hide()
        for b in (self.accept_button, self.reject_button, self.accept_all_button, self.add_case_button):
            b.show()
        self._show_recon()
        self._enter(CHECK_STEP)

    def _show_recon(self) -> None:
        """The summary and the whole table (a new reconciliation, or its rows matched again)."""
        from app.services import reconcile

        recon = self.recon
        self._show_recon_summary()
        self.recon_table.setHorizontalHeaderLabels([_("Result"), _("Row"), _("Case"), _("Form"), _("CAS reference"),
                                                   _("Entry in Anupalan"), _("Decision")])
        self.recon_table.setRowCount(len(recon.items))
        labels: dict = {}
        for i, item in enumerate(recon.items):
            row, entry = item.row, item.entry
            shown, what, decision = self._recon_choice(item, labels)
            cells = [_(reconcile.CATEGORY_LABELS.get(item.category, item.category)), row.row if row else "",
                     (row.case_text if row else shown.case_label if shown else ""), row.form_text if row else
                     (entry.form if entry else ""), row.cas_ref if row else "", what, decision]
            for c, value in enumerate(cells):
                cell = _cell(value)
                if c == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item.key)
                    cell.setToolTip(item.reason + ("\n" + "\n".join(
                        "{}: {} ≠ {}".format(_(reconcile.FIELD_LABELS.get(d.field, d.field)), d.here or "—",
                                             d.there or "—") for d in item.differences) if item.differences else ""))
                self.recon_table.setItem(i, c, cell)
        self.recon_table.resizeColumnsToContents()
        self._show_recon_detail(self.recon_table.currentRow())

    def _show_recon_summary(self) -> None:
        recon = self.recon
        s = recon.summary()
        self.summary_label.setText(_(
            "Matched: {matched}. Only in Anupalan (still owed): {only_here}. Only in CAS: {only_there}. Matched but "
            "differing: {differ}. To review: {review}. Entries to mark entered in CAS: {to_mark}.").format(**_counts(**s))
            + "".join(" " + w for w in recon.warnings)
            + ((" " + _("The first {shown} of {total} rows not read are listed.").format(
                shown=format_number(SHOWN_PROBLEMS), total=format_number(len(recon.errors))))
               if len(recon.errors) > SHOWN_PROBLEMS else ""))

    def _recon_choice(self, item, labels: dict):
        """The entry a row shows (the one chosen, else its own, else the best candidate), that entry as text, and
        the row's decision as text. ``labels`` keeps the status texts already translated."""
        from app.services import obligations, reconcile

        entry, chosen = item.entry, None
        if item.decision == "accept":
            chosen = next((c.entry for c in item.candidates if c.entry.obligation_id == item.chosen), entry)
        shown = chosen or entry or (item.best.entry if item.best else None)
        what = ""
        if shown is not None:
            status = labels.get(shown.status)
            if status is None:
                status = labels[shown.status] = _(obligations.STATUS_LABELS.get(shown.status, shown.status))
            what = "{} {} — {}".format(shown.case_label, shown.form or "", status)
            if item.best is not None and shown is item.best.entry and item.category == reconcile.REVIEW:
                what += " " + _("(score {score})").format(score=round(item.best.score))
        decision = {"accept": _("accepted"), "reject": _("rejected")}.get(item.decision or "", "")
        if not decision and item.marks() is not None:
            decision = _("will be marked")
        return shown, what, decision

    def _update_recon(self) -> None:
        """After accept / reject: the summary and each row's entry and decision, changed in place (re-making a
        5,000-row list's table took 1-2 s of the window per click)."""
        self._show_recon_summary()
        labels: dict = {}
        for i, item in enumerate(self.recon.items):
            _shown, what, decision = self._recon_choice(item, labels)
            for c, text in ((5, what), (6, decision)):
                cell = self.recon_table.item(i, c)
                if cell is not None and cell.text() != text:
                    cell.setText(text)
        self._show_recon_detail(self.recon_table.currentRow())

    def _show_recon_detail(self, row: int) -> None:
        cell = self.recon_table.item(row, 0) if row >= 0 else None
        self.recon_detail.setText(cell.toolTip().replace("\n", " · ") if cell is not None else "")

    def _decide(self, decision: str) -> None:
        if self.recon is None:
            return
        rows = sorted({i.row() for i in self.recon_table.selectionModel().selectedRows()})
        refused = []
        for r in rows:
            key = self.recon_table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            try:
                (self.recon.accept if decision == "accept" else self.recon.reject)(key)
            except Exception as exc:  # noqa: BLE001 - the service says why a row cannot be accepted
                refused.append(getattr(exc, "message", str(exc)))
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(refused[0] if refused else "")
        self._update_recon()

    def add_missing_case(self) -> None:
        """Register the case of the chosen "only in CAS" row (its number and dates from the list; the usual checks)
        and match that case's rows again."""
        from app.services import reconcile

        if self.recon is None:
            return
        rows = sorted({i.row() for i in self.recon_table.selectionModel().selectedRows()})
        keys = [self.recon_table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]
        items = [self.recon.items[k] for k in keys if 0 <= k < len(self.recon.items)]
        item = next((i for i in items if i.case_missing), None)
        if item is None:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(_("Choose a row that is only in CAS because the register has no such case."))
            return
        recon = self.recon

        def added(result) -> None:
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(_("{case} registered from the CAS list.").format(case=result.label)
                                 + "".join(" " + w for w in result.warnings))
            self._show_recon()

        self._run(Op(self, lambda db, actor: reconcile.add_missing_case(db, recon, item.key, actor=actor),
                     changes=Changes(cases=True, obligations=True)), added)

    def accept_all_best(self) -> None:
        if self.recon is None:
            return
        n = self.recon.accept_all_best()
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(ngettext("{n} row accepted with its best candidate.",
                                      "{n} rows accepted with their best candidates.", n).format(n=format_number(n)))
        self._update_recon()

    # --- step 4: done -----------------------------------------------------------------------------------
    def _build_done_step(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setObjectName("doneText")
        self.done_label.setWordWrap(True)
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addStretch()
        return page

    def _import(self) -> None:
        from app.services import imports, reconcile

        if self.kind() == "cas_list":
            recon = self.recon
            n = recon.summary()["to_mark"]
            if not n:
                self.message.setText(_("Nothing to mark: accept rows first, or close the assistant."))
                return
            answer = QMessageBox.question(self, _("Mark entries entered"), ngettext(
                "Mark {n} entry as entered in CAS, with the list's reference and date?",
                "Mark {n} entries as entered in CAS, with the list's references and dates?", n).format(n=n))
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._run(Op(self, lambda db, actor: reconcile.apply(db, recon, actor=actor),
                         changes=Changes(obligations=True)), self._applied)
            return
        source, skip = self.source, self.skip_errors.isChecked()
        watch = self._watch(_("Importing the rows…"), len(source.rows) >= BIG)
        self._run(Op(self, lambda db, actor: imports.import_rows(db, source, skip_errors=skip, actor=actor,
                                                                 progress=watch.progress, cancelled=watch.cancelled),
                     changes=lambda r: Changes(cases=True, obligations=True) if r.imported else Changes()),
                  self._imported, watch=watch)

    def _imported(self, r) -> None:
        if r.refused:
            self.message.setText(_(
                "Nothing was imported: no row without a problem is new or changed; correct the rows with problems.")
                if self.skip_errors.isChecked() else  # the box was ticked: asking to tick it again is no answer
                _("Nothing was imported: correct the rows, or tick the box to leave them out."))
            self._dry_run_done((self.source, r))
            return
        if r.already is not None:
            self._dry_run_done((self.source, r))
            return
        lines = [_("Rows read: {rows}. Created: {created}, updated: {updated}, unchanged: {unchanged}.").format(
            **_counts(rows=r.rows, created=r.created, updated=r.updated, unchanged=r.unchanged))]
        if r.left_out:
            lines.append(ngettext("{n} row with problems was left out.", "{n} rows with problems were left out.",
                                  r.left_out).format(n=format_number(r.left_out)))
        if r.imported:
            lines.append(_("Imported as batch {id}; a backup was made first. The whole batch can be voided later.")
                         .format(id=r.batch_id))
        elif r.batch_id is not None:
            lines.append(_("Everything in the file is already in the register; the file is recorded as batch {id}.")
                         .format(id=r.batch_id))
        self.done_label.setText("\n\n".join(lines))
        self._enter(DONE_STEP)

    def _applied(self, result) -> None:
        self.done_label.setText(ngettext("{n} entry marked entered in CAS.", "{n} entries marked entered in CAS.",
                                         len(result.marked)).format(n=format_number(len(result.marked))))
        self._enter(DONE_STEP)

    # --- moving between the steps -----------------------------------------------------------------------
    def _watch(self, label: str, big: bool | None) -> Watch:
        """The progress dialog and stop flag of the next stoppable request (the last one's is stopped)."""
        if self._stoppable is not None:
            self._stoppable.stop.set()
        self._stoppable = Watch(self, label, big)
        return self._stoppable

    def _run(self, operation, done, *, watch: Watch | None = None) -> None:
        """Run ``operation`` on the worker with the busy bar; ``done(result)`` unless another request came. With
        ``watch``, its progress dialog shows the work and its Cancel stops it (the failure says so; the assistant
        stays on its step)."""
        self._generation += 1
        generation = self._generation
        self._writing = isinstance(operation, Op)
        self._set_busy(True)

        def ended():
            if watch is not None:
                watch.close()
                if self._stoppable is watch:
                    self._stoppable = None

        def finished(result):
            self._writing = False
            ended()
            if generation != self._generation:
                return
            self._set_busy(False)
            done(result)

        def failed(exc):
            self._writing = False
            ended()
            if generation != self._generation:
                return
            self._set_busy(False)
            from app.ui.tasks import explain

            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(getattr(exc, "message", None) or explain(exc))

        self.message.setText("")
        operation.success(finished).failure(failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.next_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not (busy and self._writing))
        self.back_button.setEnabled(not busy and self.stack.currentIndex() not in (FILE_STEP, DONE_STEP))

    def next(self) -> None:
        step = self.stack.currentIndex()
        if step == FILE_STEP:
            text = self.path_edit.text().strip().strip('"').strip("'")  # Windows' "Copy as path" adds quotes
            if not text:
                self.message.setText(_("Choose the spreadsheet first."))
                return
            path, kind = Path(text).expanduser(), self.kind()
            profile, sheet = self.profile_combo.currentData(), self.sheet_combo.currentData()
            watch = self._watch(_("Reading the sheet…"), None)  # its size is known once read: shown if big
            self._run(Query(self, lambda db: read_file(db, path, kind, profile, sheet, watch.progress,
                                                       watch.cancelled)), self._file_read, watch=watch)
        elif step == COLUMNS_STEP:
            self._check()
        elif step == CHECK_STEP:
            self._import()
        else:
            self.accept()

    def _file_read(self, loaded: Loaded) -> None:
        self.loaded = loaded
        table = loaded.table
        if len(table.sheets) > 1 and self.sheet_combo.count() != len(table.sheets):
            self.sheet_combo.clear()
            for name in table.sheets:
                self.sheet_combo.addItem(name, name)
            self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(table.sheet)))
        self.profile_name.setText("" if loaded.profile.builtin else loaded.profile.name)
        self._show_mapping()
        self._enter(COLUMNS_STEP)
        if table.krutidev:
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(_("Some columns were typed in the Kruti Dev font; they are shown converted to Unicode."))

    def back(self) -> None:
        step = self.stack.currentIndex()
        if step > FILE_STEP and step != DONE_STEP:
            self._generation += 1  # an answer still coming for this step is dropped (a stoppable one stopped)
            if self._stoppable is not None:
                self._stoppable.stop.set()
            self._set_busy(False)
            self._enter(step - 1)

    def _enter(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self._set_busy(self._busy)
        if step == COLUMNS_STEP:
            self.next_button.setEnabled(not self.loaded.mapped.missing)
        self.retranslate()

    def reject(self) -> None:
        if self._writing:  # Cancel, Esc or the title bar's close while the import is written: it goes on regardless
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(_("The changes are being written and cannot be stopped now; wait a moment."))
            return
        self._generation += 1  # a result still coming is dropped; a stoppable step is told to stop
        if self._stoppable is not None:
            self._stoppable.stop.set()
        super().reject()

    # --- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        step = self.stack.currentIndex()
        self.setWindowTitle(_("Import a spreadsheet"))
        self.heading.setText([
            _("Step 1 of 4: the file"), _("Step 2 of 4: which column holds what"),
            _("Step 3 of 4: check before anything is changed"), _("Step 4 of 4: done")][step])
        self.back_button.setText(_("< &Back"))
        is_cas = self.kind() == "cas_list"
        self.next_button.setText([_("&Read the file >"), _("&Check >"),
                                  _("&Mark entered") if is_cas else _("&Import"), _("&Close")][step])
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setVisible(step != DONE_STEP)
        self.path_label.setText(_("&File:"))
        self.choose_button.setText(_("C&hoose…"))
        self.kind_label.setText(_("&What it holds:"))
        kind = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for code, label in KIND_LABELS.items():
            self.kind_combo.addItem(_(label), code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.kind_combo.blockSignals(False)
        self.profile_label.setText(_("&Profile:"))
        self.sheet_label.setText(_("&Sheet:"))
        self.file_note.setText(_(
            "Any Excel (.xlsx, .xls), LibreOffice (.ods) or CSV file, or a web page saved as .xls; the kind is told "
            "from the file's content. Hindi typed in the Kruti Dev font is converted. Nothing is changed until the "
            "last step."))
        self.date_label.setText(_("&Dates are written as:"))
        self.header_label.setText(_("&Header row:"))
        self.footer_label.setText(_("&Rows to skip at the end:"))
        self.apply_button.setText(_("Read &again"))
        self.columns_heading.setText(_("Each header of the sheet, the field it holds, and its first value:"))
        self.columns_table.setHorizontalHeaderLabels([_("Header in the sheet"), _("Field"), _("First value")])
        self.errors_table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.profile_name_label.setText(_("Save these choices as a &profile named:"))
        self.save_profile_button.setText(_("&Save profile"))
        self.export_errors_button.setText(_("&Export the problems…"))
        self.skip_errors.setText(_("Import the good rows and &leave out the rows with problems"))
        self.accept_button.setText(_("&Accept"))
        self.reject_button.setText(_("&Reject"))
        self.accept_all_button.setText(_("Accept all be&st"))
        self.add_case_button.setText(_("A&dd the case"))
