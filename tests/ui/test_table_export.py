"""Export from the window's tables: Ctrl+Shift+X or the context menu, a Save dialog in Documents, the workbook
written on the worker (the pending list whole, with the page's filter; other tables as shown), cancel."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.i18n import set_language
from app.services import cases, staff
from app.services.core import clock
from app.ui import table_export
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture
def window(qtbot, ctx):
    from app.ui.station_switch import build_window

    clock.pin(NOW)
    io = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    mohrir = staff.add_person(ctx.db, "श्याम लाल", "HC", "9002")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    staff.assign_role(ctx.db, mohrir.id, "mohrir", "2026-01-01")
    for n in range(1, 4):
        cases.add_case(ctx.db, "fir", registered_at=f"2026-03-0{n} 10:00", io_person_id=io.id, act="BNS",
                       sections="303(2)")
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, ctx)
    yield win
    win.close()
    set_language("en")


def _save_to(monkeypatch, path, asked):
    def fake(parent, caption, start, filters):
        asked.append((caption, start, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


def _rows(path):
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


def test_ctrl_shift_x_on_the_pending_table_writes_the_whole_filtered_list(qtbot, window, ctx, tmp_path, monkeypatch):
    page = window.host.show("pending")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    out = tmp_path / "pending.xlsx"
    asked = []
    _save_to(monkeypatch, out, asked)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: out.exists(), timeout=10000)
    wait_idle(qtbot, ctx)
    caption, start, filters = asked[0]
    assert start.endswith(".xlsx") and "xlsx" in filters
    from app.ui.save_place import documents_folder

    assert start.startswith(str(documents_folder()))
    ws, rows = _rows(out)
    assert rows[0][:3] == ["Id", "Due", "State"] and ws.freeze_panes == "A2"
    assert len(rows) - 1 == page.model.total
    assert all(isinstance(r[1], dt.datetime) for r in rows[1:])
    assert "rows written" in window.statusBar().currentMessage()


def test_a_plain_table_is_written_as_shown_from_its_context_menu_action(qtbot, window, ctx, tmp_path, monkeypatch):
    page = window.host.show("staff")
    wait_idle(qtbot, ctx)
    out = tmp_path / "staff.xlsx"
    _save_to(monkeypatch, out, [])
    action = table_export.export_action(page.table)
    assert action is not None and "Excel" in action.text() and action.shortcut().toString() == "Ctrl+Shift+X"
    action.trigger()
    qtbot.waitUntil(lambda: out.exists(), timeout=10000)
    wait_idle(qtbot, ctx)
    _ws, rows = _rows(out)
    shown = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())
             if not page.table.isColumnHidden(c)]
    assert rows[0] == shown
    assert len(rows) - 1 == page.table.rowCount()
    assert any("श्याम लाल" in str(v) for r in rows for v in r)


def test_the_cases_register_exports_every_case_in_hindi(qtbot, window, ctx, tmp_path, monkeypatch):
    window.switch_language("hi")
    page = window.host.show("cases")
    wait_idle(qtbot, ctx)
    out = tmp_path / "cases.xlsx"
    _save_to(monkeypatch, out, [])
    table_export.export_view(page, page.table)
    qtbot.waitUntil(lambda: out.exists(), timeout=10000)
    wait_idle(qtbot, ctx)
    _ws, rows = _rows(out)
    assert len(rows) == 4 and any("\u0900" <= ch <= "\u097f" for ch in "".join(rows[0]))
    assert all(isinstance(r[5], dt.datetime) for r in rows[1:])


def test_cancel_leaves_no_file(qtbot, window, ctx, tmp_path):
    from app.services import export

    page = window.host.show("staff")
    out = tmp_path / "big.xlsx"
    sheet_rows = ([i, "x"] for i in range(20000))

    def write(_db, _actor, path, progress, cancelled):
        sheet = export.Sheet("t", [export.Column("n", "int"), export.Column("x")], sheet_rows)
        return export.write_xlsx(path, [sheet], progress=progress, cancelled=cancelled)

    table_export.run_export(page, table_export.ExportSource("t", write, 20000), str(out))
    dialog = page.findChild(table_export.QProgressDialog, "exportProgress")
    assert dialog is not None
    from PySide6.QtWidgets import QPushButton

    dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    wait_idle(qtbot, ctx)
    assert not out.exists()
    assert "cancelled" in window.statusBar().currentMessage()


def test_shown_cells_become_dates_and_numbers_only_where_the_whole_column_is():
    assert table_export.cell_value("05.01.2026") == dt.date(2026, 1, 5)
    assert table_export.cell_value("०५.०१.२०२६ १४:३०") == dt.datetime(2026, 1, 5, 14, 30)
    assert table_export.cell_value("31.02.2026") == "31.02.2026"
    assert table_export.cell_value("0012") == "0012" and table_export.cell_value("12") == 12
    assert table_export.cell_value("12/2025") == "12/2025"
    assert table_export.cell_value("2 Dec 2026") == dt.date(2026, 12, 2)
    assert table_export.cell_value("2 Dec 2026, 14:05") == dt.datetime(2026, 12, 2, 14, 5)
    assert table_export.cell_value("⚠ 3,198") == 3198 and table_export.cell_value("12,34,567") == 1234567
    assert table_export.cell_value("1,2") == "1,2" and table_export.cell_value("Dec 2026") == "Dec 2026"
    assert table_export.cell_value("68%") == pytest.approx(0.68)
    set_language("hi")
    assert table_export.cell_value("2 दिस॰ 2026") == dt.date(2026, 12, 2)
    assert table_export.cell_value("2 मई 2026") == dt.date(2026, 5, 2)
