"""File → Open rollup…: the rollup window's pages over a small circle rollup, in both languages."""

from __future__ import annotations

import sqlite3

import pytest

from app.i18n import set_language
from app.services import rollup
from app.services.core import clock
from tests.services.report_seed import TODAY
from tests.services.rollup.test_views import _make_station


@pytest.fixture(scope="module")
def built_rollup(tmp_path_factory):
    """The circle rollup of three stations, built once for the module (three stations seeded, enrolled and
    imported: most of a second); each test gets its own copy (``circle_rollup``)."""
    folder = tmp_path_factory.mktemp("stations")
    clock.pin(TODAY)
    try:
        for spec in (("ST-01", "Chhatta", 90, 21, 2), ("ST-02", "Chhatta", 120, 22, 0), ("ST-03", "Sadar", 60, 23, 0)):
            _make_station(folder, *spec)
    finally:
        clock.pin(None)
    location = str(folder.parent / "rollup.sqlite3")
    rollup.init_store(location, "Circle office")
    with rollup.open_rollup(location) as store:
        for code in ("ST-01", "ST-02", "ST-03"):
            rollup.enrol_station(store, folder / f"{code}.enrol.json")
        rollup.import_paths(store, [folder / "bundles"])
    return location


@pytest.fixture
def circle_rollup(tmp_path, built_rollup):
    """A copy of the built rollup (SQLite's backup API: whole, whatever its journal holds)."""
    location = str(tmp_path / "rollup.sqlite3")
    source, copy = sqlite3.connect(built_rollup), sqlite3.connect(location)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return location


@pytest.fixture
def window(qtbot, ctx, circle_rollup):
    from app.ui.rollup.window import open_with_places, RollupWindow

    store, places = open_with_places(circle_rollup)
    win = RollupWindow(ctx, store, places)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: win.stations.table.rowCount() == 3, timeout=10000)
    yield win  # qtbot closes it (its store with it)


def _texts(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_stations_ranked_and_a_circle_chosen(qtbot, window):
    assert window.stations.rows[0].rank == 1
    assert "3" in window.stations.summary.text()
    index = next(i for i in range(window.scope_box.count()) if window.scope_box.itemData(i)[1] == "Chhatta")
    window.scope_box.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.stations.table.rowCount() == 2, timeout=10000)
    assert set(_texts(window.stations.table, 1)) == {"ST-01", "ST-02"}


def test_drill_down_from_the_list(qtbot, window):
    window.open_station("ST-01")
    qtbot.waitUntil(lambda: window.station.detail is not None and window.station.detail.row.code == "ST-01",
                    timeout=10000)
    d = window.station.detail
    assert window.station.roles.rowCount() == len(d.roles) == 5
    assert window.station.persons.rowCount() == len(d.persons)
    assert window.station.entries.rowCount() == min(200, d.entries_total)
    assert len(window.station.chart.weeks()) == 12


def test_planner_and_the_visit_checklist(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "_preview", lambda pdf, title, name: shown.append((pdf, name)))
    window.nav.setCurrentRow(2)
    qtbot.waitUntil(lambda: window.planner.table.rowCount() == 3, timeout=10000)
    window.planner.table.selectRow(0)
    window.planner._checklist()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    pdf, name = shown[0]
    assert pdf.startswith(b"%PDF") and name == f"checklist-{window.planner.lines[0].row.code}.pdf"


def test_report_preview_and_hindi(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "_preview", lambda pdf, title, name: shown.append((pdf, title)))
    window.nav.setCurrentRow(3)
    window.report.doc_lang.setCurrentIndex(2)
    window.report._preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert shown[0][0].startswith(b"%PDF")
    window._switch_language("hi")
    try:
        assert window.nav.item(0).text() == "थाने"
        assert window.stations.table.horizontalHeaderItem(4).text() == "लंबित"
        assert window.report.preview.text() != "Preview the report…"
    finally:
        set_language("en")


def test_open_rollup_refuses_what_is_not_a_rollup(tmp_path):
    from app.services.core.errors import UserError
    from app.ui.rollup.window import open_with_places

    with pytest.raises(UserError):
        open_with_places(str(tmp_path / "missing.sqlite3"))
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(UserError, match="not a rollup file"):
        open_with_places(str(text))
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="rollup init"):
        open_with_places(str(empty))


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_open_rollup_dialog_browse_has_its_key_and_an_empty_open_says_why(qtbot, lang):
    """File → Open rollup…: Browse… has an Alt key of its own, and Open with nothing typed stays open and says, in
    the user's language, that a rollup file or address is needed (it did nothing, silently)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox

    from app.ui.rollup.open_dialog import OpenRollupDialog

    set_language(lang)
    try:
        dialog = OpenRollupDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        found = re.search(r"&(\w)", dialog.browse.text())
        assert found, dialog.browse.text()
        others = [re.search(r"&(\w)", b.text()) for b in dialog.findChildren(QAbstractButton) if b is not dialog.browse]
        assert found.group(1).lower() not in {m.group(1).lower() for m in others if m}
        assert not dialog.problem.isVisible()
        dialog.location.setText("   ")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
        assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
        assert dialog.problem.isVisible()
        words = dialog.problem.text()
        assert "postgresql://" in words
        assert (re.search("[\u0900-\u097f]", words) is not None) == (lang == "hi"), words
        dialog.location.setText("/tmp/x.sqlite3")
        assert not dialog.problem.isVisible()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
        assert dialog.result() == dialog.DialogCode.Accepted and dialog.value() == "/tmp/x.sqlite3"
    finally:
        set_language("en")


def test_closing_while_a_read_runs_drops_its_result(qtbot, ctx, circle_rollup, caplog):
    """The window closed while its worker reads: the result is dropped quietly (no error in the event loop)."""
    from app.ui.rollup.window import open_with_places, RollupWindow

    store, places = open_with_places(circle_rollup)
    win = RollupWindow(ctx, store, places)
    win.show()
    win.refresh()
    win.close()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=20000)
    qtbot.wait(50)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_control_has_its_key_and_tab_leaves_the_tables(qtbot, window, lang):
    """Keyboard only: each label names its field with an Alt key, each button has one, no two visible controls of
    a page share one (the window's menus included), and Tab leaves a table for the next control."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget

    window._switch_language(lang)
    try:
        menus = {re.search(r"&(\w)", a.text()).group(1).lower() for a in window.menuBar().actions()}
        for row in range(len(window.pages)):
            window.nav.setCurrentRow(row)
            keys = list(menus)
            for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
                if not w.isVisibleTo(window) or not w.text() or w.parent() is window.nav:
                    continue
                if isinstance(w, QLabel) and w.buddy() is None:
                    continue  # a note, not a field's name
                found = re.search(r"&(\w)", w.text())
                assert found, (row, w.text())
                keys.append(found.group(1).lower())
            assert len(keys) == len(set(keys)), (row, keys)
        for table in window.findChildren(QTableWidget):
            assert not table.tabKeyNavigation(), table.objectName()
    finally:
        set_language("en")


def test_export_on_the_rollup_tables(qtbot, window, ctx, tmp_path):
    """Export on every table (issue 20) holds in the rollup window too: the stations ranked, as shown, to xlsx."""
    from openpyxl import load_workbook

    from app.ui.table_export import export_action, export_view
    from tests.ui.waiting import wait_idle

    for table in (window.stations.table, window.station.roles, window.planner.table):
        assert export_action(table) is not None, table.objectName()
    out = tmp_path / "stations.xlsx"
    export_view(window.stations, window.stations.table, path=str(out))
    wait_idle(qtbot, ctx)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][1] == "Code" and sorted(r[1] for r in rows[1:]) == ["ST-01", "ST-02", "ST-03"]
    assert "3 rows written" in window.statusBar().currentMessage()


def test_the_rollup_window_closes_cleanly_with_the_station_window(qtbot, ctx, circle_rollup):
    """Opened from the station's window, it is its child: closing that window (quitting, or another station
    opened) closed nothing and deleted it with its parent — its store never closed. Now it is closed first."""
    from app.ui.main_window import MainWindow
    from app.ui.rollup.window import open_with_places, RollupWindow
    from tests.ui.waiting import wait_idle

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    store, places = open_with_places(circle_rollup)
    closed = []
    dispose = store.close
    store.close = lambda: (closed.append(True), dispose())
    win = RollupWindow(ctx, store, places, main)
    win.show()
    wait_idle(qtbot, ctx)
    main.close()
    assert closed == [True] and not win.isVisible()
