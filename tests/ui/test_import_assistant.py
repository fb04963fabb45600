"""File → Import…: the assistant from a small sample register through the mapping and the dry run to the import,
a changed mapping saved as a profile, errors listed by row and column, and a CAS list reconciled."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services import cases, sheets, staff
from app.services.core import clock
from app.ui.dialogs.import_assistant import CHECK_STEP, COLUMNS_STEP, DONE_STEP, ImportAssistant
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 3, 10, 11, 0)


def _register(path: Path, rows) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Registration date", "FIR No.", "Act", "Sections", "IO", "Remarks"])  # columns in an unusual order
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def assistant(qtbot, ctx):
    clock.pin(NOW)
    io = staff.add_person(ctx.db, "Ram Kumar", "SI", "102345678")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    dialog = ImportAssistant(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    wait_idle(qtbot, ctx)
    yield dialog
    dialog.close()
    clock.pin(None)


def _next(qtbot, dialog, ctx):
    dialog.next_button.click()
    wait_idle(qtbot, ctx)


def _choose(table, row: int) -> None:
    """Choose exactly this row (``selectRow`` follows the keyboard modifiers a previous test may have left)."""
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(table.model().index(row, 0), flags)


def _field_combo(dialog, header: str):
    for i in range(dialog.columns_table.rowCount()):
        if dialog.columns_table.item(i, 0).text() == header:
            return dialog.columns_table.cellWidget(i, 1)
    raise AssertionError(header)


def test_a_register_through_mapping_and_dry_run_to_the_import(qtbot, assistant, ctx, tmp_path):
    path = _register(tmp_path / "register.xlsx", [
        ["05/03/2026", "12/2026", "BNS", "303(2)", "Ram Kumar", "x"],
        ["06/03/2026", "13/2026", "BNS", "115(2)", "102345678", ""],
    ])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
    assert _field_combo(assistant, "FIR No.").currentData() == "case_number"
    assert _field_combo(assistant, "Registration date").currentData() == "registered_on"
    assert _field_combo(assistant, "Remarks").currentData() in ("remarks", "")
    assert assistant.preview_table.rowCount() == 2
    shown = [assistant.preview_table.item(0, c).text() for c in range(assistant.preview_table.columnCount())]
    assert any("2026" in t and "→" in t for t in shown) or any("Mar" in t for t in shown)  # a date as understood

    _next(qtbot, assistant, ctx)  # the dry run
    assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
    assert assistant.report.created == 2 and not assistant.report.errors
    assert "Dry run" in assistant.summary_label.text()
    assert cases.list_cases(ctx.db) == []  # nothing written yet

    _next(qtbot, assistant, ctx)  # import
    assert assistant.stack.currentIndex() == DONE_STEP, assistant.message.text()
    assert sorted(c.label for c in cases.list_cases(ctx.db)) == ["FIR 12/2026", "FIR 13/2026"]
    assert "batch" in assistant.done_label.text()


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_imported(qtbot, assistant, ctx, tmp_path, monkeypatch):
    path = _register(tmp_path / "bad.xlsx", [
        ["05/03/2026", "12/2026", "BNS", "303(2)", "Ram Kumar", ""],
        ["31/02/2026", "not a number", "BNS", "303(2)", "Ram Kumar", ""],
    ])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == CHECK_STEP
    rows = {(assistant.errors_table.item(i, 0).text(), assistant.errors_table.item(i, 1).text())
            for i in range(assistant.errors_table.rowCount())}
    assert ("3", "FIR No.") in rows or ("3", "Registration date") in rows
    assert assistant.skip_errors.isVisibleTo(assistant) and assistant.export_errors_button.isVisibleTo(assistant)

    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "problems.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    assistant.export_errors_button.click()
    wait_idle(qtbot, ctx)
    assert out.exists()

    _next(qtbot, assistant, ctx)  # import without leaving the bad row out: refused, nothing written
    assert assistant.stack.currentIndex() == CHECK_STEP
    assert cases.list_cases(ctx.db) == []
    assistant.skip_errors.setChecked(True)
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == DONE_STEP
    assert [c.label for c in cases.list_cases(ctx.db)] == ["FIR 12/2026"]


def test_a_mapping_changed_by_hand_is_saved_as_a_profile_and_found_again(qtbot, assistant, ctx, tmp_path):
    path = tmp_path / "odd.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Crime no", "Reg on", "Kanoon", "Dhara"])  # headers no alias knows
    ws.append(["12/2026", "05/03/2026", "BNS", "303(2)"])
    wb.save(path)
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP
    _field_combo(assistant, "Crime no").setCurrentIndex(_field_combo(assistant, "Crime no").findData("case_number"))
    wait_idle(qtbot, ctx)
    _field_combo(assistant, "Reg on").setCurrentIndex(_field_combo(assistant, "Reg on").findData("registered_on"))
    wait_idle(qtbot, ctx)
    assert assistant.next_button.isEnabled() and not assistant.loaded.mapped.missing
    assistant.profile_name.setText("Thana register")
    assistant.save_profile_button.click()
    wait_idle(qtbot, ctx)
    with ctx.db.session() as s:
        saved = sheets.get_profile(s, "Thana register")
        assert saved.columns == {"case_number": "Crime no", "registered_on": "Reg on"}
        assert sheets.match_profile(s, ["Dhara", "Reg on", "Crime no"], "cases").name == "Thana register"


def test_a_file_that_is_no_spreadsheet_is_refused_in_the_first_step(qtbot, assistant, ctx, tmp_path):
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assistant.path_edit.setText(str(bad))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == 0 and assistant.message.text()


def test_a_cas_list_is_reconciled_with_accept_all_best(qtbot, assistant, ctx, tmp_path):
    cases.add_case(ctx.db, "fir", registered_at="2026-03-05 10:00", number="12/2026", act="BNS", sections="303(2)")
    path = tmp_path / "cas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "CAS Reference", "Entry Date"])
    ws.append(["12/2026", "IIF-1", "CAS-0001", "06/03/2026"])
    ws.append(["99/2026", "IIF-1", "CAS-0002", "06/03/2026"])
    wb.save(path)
    assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData("cas_list"))
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
    summary = assistant.recon.summary()
    assert summary["only_there"] >= 1 and assistant.recon_table.rowCount() == len(assistant.recon.items)
    assistant.accept_all_button.click()
    assert "accepted" in assistant.message.text()

    _choose(assistant.recon_table, 0)
    assistant.add_case_button.click()  # not a row of a missing case: said, nothing done
    wait_idle(qtbot, ctx)
    assert "Choose a row" in assistant.message.text() and len(cases.list_cases(ctx.db)) == 1
    row = next(i for i in range(assistant.recon_table.rowCount()) if assistant.recon_table.item(i, 2).text() == "99/2026")
    _choose(assistant.recon_table, row)
    assistant.add_case_button.click()
    wait_idle(qtbot, ctx)
    assert "registered" in assistant.message.text(), assistant.message.text()
    assert sorted(c.label for c in cases.list_cases(ctx.db)) == ["FIR 12/2026", "FIR 99/2026"]


def test_matched_cas_rows_are_marked_entered_after_the_confirmation(qtbot, assistant, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services import obligations

    cases.add_case(ctx.db, "fir", registered_at="2026-03-05 10:00", number="12/2026", act="BNS", sections="303(2)")
    path = tmp_path / "cas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "CAS Reference", "Entry Date"])
    ws.append(["12/2026", "IIF-1", "CAS-0001", "06/03/2026"])
    wb.save(path)
    assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData("cas_list"))
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    assert assistant.recon.summary()["to_mark"] == 1, assistant.recon.summary()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes))
    _next(qtbot, assistant, ctx)
    assert asked and assistant.stack.currentIndex() == DONE_STEP, assistant.message.text()
    entered = obligations.query(ctx.db, obligations.ObligationFilter(statuses=("entered",), form="IIF-1"))
    assert [o.cas_ref for o in entered] == ["CAS-0001"]


def test_a_cas_list_without_a_reference_column_is_not_compared(qtbot, assistant, ctx, tmp_path):
    path = tmp_path / "cas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "Entry Date"])
    ws.append(["12/2026", "IIF-1", "06/03/2026"])
    wb.save(path)
    assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData("cas_list"))
    assistant.path_edit.setText(f'"{path}"')  # as Windows' "Copy as path" gives it
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP and assistant.recon is None
    assert "CAS" in assistant.message.text()


def test_cancel_while_the_import_is_written_does_not_hide_it(qtbot, assistant, ctx, tmp_path):
    """Esc, Cancel or closing the assistant while the import is being written cannot stop it: the assistant stays
    open, says so, and then shows the batch (it closed before, and the import was done unseen)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    path = _register(tmp_path / "register.xlsx", [["05/03/2026", "12/2026", "BNS", "303(2)", "Ram Kumar", ""]])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == CHECK_STEP
    assistant.next_button.click()  # the import starts on the worker
    assert not assistant.cancel_button.isEnabled()
    QTest.keyClick(assistant, Qt.Key.Key_Escape)
    assistant.close()
    assert assistant.isVisible()
    assert "cannot be stopped" in assistant.message.text()
    wait_idle(qtbot, ctx)
    assert assistant.stack.currentIndex() == DONE_STEP
    assert "batch" in assistant.done_label.text()
    assert [c.label for c in cases.list_cases(ctx.db)] == ["FIR 12/2026"]


def test_a_sheet_of_many_bad_rows_lists_the_first_problems_only(qtbot, assistant, ctx, tmp_path, monkeypatch):
    """A register whose every row is bad: the table lists the first problems (filling it with 100,000 took the
    window 17 s, frozen) and says how many there are in all; the exported sheet has every one."""
    from app.ui.dialogs import import_assistant

    monkeypatch.setattr(import_assistant, "SHOWN_PROBLEMS", 5)
    path = _register(tmp_path / "bad.xlsx", [["31/02/2026", f"{n}/2026", "BNS", "303(2)", "Ram Kumar", ""]
                                             for n in range(1, 13)])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == CHECK_STEP
    assert len(assistant.report.errors) == 12
    assert assistant.errors_table.rowCount() == 5
    assert "The first 5 of 12 problems" in assistant.summary_label.text()


def test_what_differs_is_named_in_the_users_language(qtbot, assistant, ctx, tmp_path):
    """A row matched but differing says which field differs by its name ('CAS reference'), not the program's key
    ('cas_reference'), in Hindi as in English."""
    from app.i18n import set_language
    from app.services import obligations

    cases.add_case(ctx.db, "fir", registered_at="2026-03-05 10:00", number="12/2026", act="BNS", sections="303(2)")
    owed = obligations.query(ctx.db, obligations.ObligationFilter(form="IIF-1"))
    obligations.mark_entered(ctx.db, [owed[0].id], "CAS-OTHER", at="2026-03-06 10:00")
    path = tmp_path / "cas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "CAS Reference", "Entry Date"])
    ws.append(["12/2026", "IIF-1", "CAS-0001", "06/03/2026"])
    wb.save(path)
    set_language("hi")
    try:
        assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData("cas_list"))
        assistant.path_edit.setText(str(path))
        _next(qtbot, assistant, ctx)
        _next(qtbot, assistant, ctx)
        assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
        tips = [assistant.recon_table.item(i, 0).toolTip() for i in range(assistant.recon_table.rowCount())]
        differing = [t for t in tips if "≠" in t]
        assert differing, tips
        assert all("cas_reference" not in t for t in differing) and any("CAS संदर्भ" in t for t in differing), differing
        row = next(i for i, t in enumerate(tips) if "≠" in t)  # with the keyboard: the current row's line says it
        assistant.recon_table.setCurrentCell(row, 0)
        assert "CAS-OTHER ≠ CAS-0001" in assistant.recon_detail.text()
        assert assistant.recon_detail.isVisibleTo(assistant)
    finally:
        set_language("en")


def test_another_file_after_going_back_is_not_read_with_the_last_files_sheet(qtbot, assistant, ctx, tmp_path):
    """Back to the first step, another path typed or pasted: the sheet chosen in the last workbook is forgotten
    (the new file was refused: 'the workbook has no sheet named FIR 2025', its own sheets not offered)."""
    first = Workbook()
    first.active.title = "Notes"
    first.active.append(["nothing here"])
    sheet = first.create_sheet("FIR 2025")
    sheet.append(["FIR No.", "Registration date", "Act", "Sections", "IO"])
    sheet.append(["12/2026", "05/03/2026", "BNS", "303(2)", "Ram Kumar"])
    first.save(tmp_path / "two-sheets.xlsx")
    other = _register(tmp_path / "register.xlsx", [["05/03/2026", "13/2026", "BNS", "303(2)", "Ram Kumar", ""]])
    assistant.path_edit.setText(str(tmp_path / "two-sheets.xlsx"))
    _next(qtbot, assistant, ctx)
    assistant.sheet_combo.setCurrentIndex(assistant.sheet_combo.findData("FIR 2025"))
    assistant.back_button.click()
    assistant.path_edit.setText(str(other))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
    assert len(assistant.loaded.mapped.rows) == 1


def test_accept_and_reject_change_the_rows_in_place(qtbot, assistant, ctx, tmp_path):
    """A decision updates the rows' entry and decision texts and the summary in place: the whole table was made
    again on every click (1-2 s of the window for a 5,000-row CAS list)."""
    import shiboken6

    cases.add_case(ctx.db, "fir", registered_at="2026-03-05 10:00", number="12/2026", act="BNS", sections="303(2)")
    path = tmp_path / "cas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Form", "CAS Reference", "Entry Date"])
    ws.append(["12/2026", "IIF-1", "CAS-0001", "06/03/2026"])
    wb.save(path)
    assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData("cas_list"))
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    table = assistant.recon_table
    row = next(i for i in range(table.rowCount()) if table.item(i, 6).text() == "will be marked")
    cells = [shiboken6.getCppPointer(table.item(i, c))[0] for i in range(table.rowCount()) for c in range(7)]
    assert "Entries to mark entered in CAS: 1" in assistant.summary_label.text()
    _choose(table, row)
    assistant.reject_button.click()
    assert table.item(row, 6).text() == "rejected"
    assert "Entries to mark entered in CAS: 0" in assistant.summary_label.text()
    assert [shiboken6.getCppPointer(table.item(i, c))[0] for i in range(table.rowCount()) for c in range(7)] == cells
    assistant.accept_button.click()
    assert table.item(row, 6).text() == "accepted" and "mark entered in CAS: 1" in assistant.summary_label.text()


def test_every_row_bad_with_the_box_ticked_says_why_nothing_was_imported(qtbot, assistant, ctx, tmp_path):
    """Rows with problems left out, and none left to import: it said "tick the box to leave them out" — the box
    that was ticked."""
    path = _register(tmp_path / "bad.xlsx", [["31/02/2026", "12/2026", "BNS", "303(2)", "Ram Kumar", ""]])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    _next(qtbot, assistant, ctx)
    assistant.skip_errors.setChecked(True)
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == CHECK_STEP and cases.list_cases(ctx.db) == []
    text = assistant.message.text()
    assert "Nothing was imported" in text and "tick the box" not in text, text



def _shown_progress(assistant):
    """The progress dialog the user sees, if any (a closed one may still wait for its deletion in the event loop,
    so looking it up by name alone finds it)."""
    from PySide6.QtWidgets import QProgressDialog

    shown = [d for d in assistant.findChildren(QProgressDialog, "importProgress") if d.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


# The window's threshold for a "big" file, lowered for the two tests below: what they check (the dialog shown at
# once, Cancel or Esc stopping the work at the service's next check, every 200 rows: app/services/core/progress.py,
# nothing written) is the same at 400 rows as at 2000, where making, reading, checking and importing the file
# cost 10 s of CPU.
SMALLER_BIG = 400


def test_cancel_during_a_big_dry_run_stops_it_and_stays_on_the_step(qtbot, assistant, ctx, tmp_path, monkeypatch):
    """A file of BIG rows or more: the check shows a progress dialog whose Cancel stops the dry run part-way; the
    assistant stays on the columns step and says nothing was imported; the check can then be run again whole."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from app.ui.dialogs import import_assistant

    monkeypatch.setattr(import_assistant, "BIG", SMALLER_BIG)
    n = import_assistant.BIG
    path = _register(tmp_path / "big.xlsx", [["05/03/2026", f"{i}/2026", "BNS", "303(2)", "Ram Kumar", ""]
                                             for i in range(1, n + 1)])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
    assert _shown_progress(assistant) is None  # closed once the reading ended
    assistant.next_button.click()  # the dry run starts on the worker
    progress = _shown_progress(assistant)
    assert progress is not None and progress.isVisible()
    progress.findChild(QPushButton).click()  # its Cancel, as the user clicks it
    wait_idle(qtbot, ctx)
    assert assistant.stack.currentIndex() == COLUMNS_STEP
    assert assistant.report is None
    assert "nothing was imported" in assistant.message.text()
    assert _shown_progress(assistant) is None and assistant.next_button.isEnabled()
    assert cases.list_cases(ctx.db) == []

    assistant.next_button.click()  # not stopped this time: the whole file checked
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=120000)
    assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
    assert assistant.report.created == n


def test_esc_on_the_progress_dialog_stops_a_big_import_and_nothing_is_written(qtbot, assistant, ctx, tmp_path,
                                                                              monkeypatch):
    """Esc hides a progress dialog without its "canceled" signal: it stops the work all the same. The import
    stopped part-way is rolled back whole: no case, no batch; the assistant stays on the check step."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QProgressDialog

    from app.services import imports
    from app.ui.dialogs import import_assistant

    monkeypatch.setattr(import_assistant, "BIG", SMALLER_BIG)
    n = import_assistant.BIG
    path = _register(tmp_path / "big.xlsx", [["05/03/2026", f"{i}/2026", "BNS", "303(2)", "Ram Kumar", ""]
                                             for i in range(1, n + 1)])
    assistant.path_edit.setText(str(path))
    _next(qtbot, assistant, ctx)
    assistant.next_button.click()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=120000)
    assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
    assistant.next_button.click()  # the import starts on the worker
    progress = _shown_progress(assistant)
    assert progress is not None and progress.isVisible()
    QTest.keyClick(progress, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=120000)
    assert assistant.stack.currentIndex() == CHECK_STEP
    assert "nothing was imported" in assistant.message.text()
    assert cases.list_cases(ctx.db) == [] and imports.list_batches(ctx.db) == []


def test_the_summaries_write_counts_as_the_window_does(qtbot, assistant, ctx, tmp_path):
    """The steps' summaries wrote counts bare ("100000" where the window writes "1,00,000", Latin digits when the
    Hindi window shows Devanagari ones): they go through the app's number formatter."""
    from app.i18n import set_language
    from app.services.core.formatting import set_devanagari_digits
    from app.ui.dialogs.import_assistant import _counts

    assert _counts(rows=100000, created=1234567) == {"rows": "1,00,000", "created": "12,34,567"}
    path = _register(tmp_path / "register.xlsx", [
        ["05/03/2026", "12/2026", "BNS", "303(2)", "Ram Kumar", "x"],
        ["06/03/2026", "13/2026", "BNS", "115(2)", "102345678", ""],
    ])
    set_language("hi")
    set_devanagari_digits(True)
    try:
        assistant.path_edit.setText(str(path))
        _next(qtbot, assistant, ctx)
        assert assistant.stack.currentIndex() == COLUMNS_STEP, assistant.message.text()
        assert "२" in assistant.preview_label.text() and "2" not in assistant.preview_label.text()
        _next(qtbot, assistant, ctx)  # the dry run
        assert assistant.stack.currentIndex() == CHECK_STEP, assistant.message.text()
        assert "२" in assistant.summary_label.text() and not any(c.isdigit() and c.isascii()
                                                                  for c in assistant.summary_label.text())
        _next(qtbot, assistant, ctx)  # import
        assert assistant.stack.currentIndex() == DONE_STEP, assistant.message.text()
        first = assistant.done_label.text().split("\n\n")[0]
        assert "२" in first and not any(c.isdigit() and c.isascii() for c in first), first
    finally:
        set_devanagari_digits(False)
        set_language("en")


def test_the_shipped_profiles_are_named_in_the_users_language(qtbot, assistant, ctx):
    """The shipped profiles stayed English in the Hindi window ("FIR register (साथ में दिया गया)"): their names are
    shown translated, while the choice keeps the English name (the profile's key, as the CLI's --profile takes it)."""
    from app.i18n import set_language
    from app.services.sheets.profiles import SHIPPED_NAMES

    assert {p.name for p in sheets.builtin_profiles()} <= set(SHIPPED_NAMES)  # a new shipped profile gets marked too
    set_language("hi")
    try:
        combo = assistant.profile_combo
        for kind, name, words in (("cases", "FIR register", "FIR रजिस्टर (साथ में दिया गया)"),
                                  ("cas_list", "CAS entry list", "CAS प्रविष्टि सूची (साथ में दिया गया)")):
            assistant.kind_combo.setCurrentIndex(assistant.kind_combo.findData(kind))
            assistant._load_profiles()
            wait_idle(qtbot, ctx)
            shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)}
            assert shown[name] == words, shown
    finally:
        set_language("en")
