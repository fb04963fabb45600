"""The main window's status bar (station, signed-in person, last backup, clock warning) and the
remembered layout of the pages (splitters, table columns)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases
from app.services.core import clock
from app.services.core.preferences import Preferences
from app.ui.main_window import MainWindow
from app.ui.changes import Changes


def open_window(qtbot, make_ctx, db, prefs):
    ctx = make_ctx(db, prefs)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    return ctx, window


@pytest.fixture
def prefs(tmp_path):
    return Preferences(tmp_path / "prefs.json")


def test_status_bar_texts_and_clock_warning(qtbot, make_ctx, station_db, prefs):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    cases.add_case(station_db, "missing", registered_at=dt.datetime(2026, 3, 10, 10, 0))
    clock.pin(dt.datetime(2019, 1, 1, 9, 0))  # the CMOS battery died
    ctx, window = open_window(qtbot, make_ctx, station_db, prefs)
    try:
        assert window.station_label.text() == "Station: Kotwali Nagar, Lucknow"
        assert window.person_label.text() == "Not signed in"
        assert window.backup_label.text() == "Last backup: none yet"
        assert window.clock_button.isVisible()
        assert "2019-01-01" in window.clock_button.toolTip()
        window.set_signed_in("Ram Prakash")
        window.set_last_backup(dt.datetime(2026, 3, 9, 18, 30))
        assert window.person_label.text() == "Signed in: Ram Prakash"
        assert window.backup_label.text().startswith("Last backup: 9 Mar 2026")
        clock.pin(None)  # the clock set right: the warning goes at the next change
        ctx.emit_changes(Changes.everything())
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
        assert not window.clock_button.isVisible()
    finally:
        window.close()
        ctx.close()


def test_splitter_and_columns_remembered(qtbot, make_ctx, station_db, prefs, tmp_path):
    ctx, window = open_window(qtbot, make_ctx, station_db, prefs)
    page = window.show_page("staff")
    page.splitter.setSizes([300, 900])
    from app.ui.widgets.column_fit import fitter_of

    fitter_of(page.table).user_sized = True  # as a drag on the column's edge does (fitted widths are not stored)
    page.table.horizontalHeader().resizeSection(1, 211)
    sizes = page.splitter.sizes()
    window.close()
    ctx.close()
    saved = Preferences(tmp_path / "prefs.json")
    assert "staff/staffSplitter" in saved.get("page_layouts")
    ctx2, window2 = open_window(qtbot, make_ctx, station_db, saved)
    try:
        page2 = window2.show_page("staff")
        assert page2.splitter.sizes() == sizes
        assert page2.table.horizontalHeader().sectionSize(1) == 211
    finally:
        window2.close()
        ctx2.close()


def test_damaged_layout_preference_is_ignored(qtbot, make_ctx, station_db, prefs):
    prefs.set("page_layouts", {"staff/staffSplitter": "not base64 !!", "cases/caseTable": 12})
    ctx, window = open_window(qtbot, make_ctx, station_db, prefs)
    try:
        assert window.show_page("staff") is not None
    finally:
        window.close()
        ctx.close()
