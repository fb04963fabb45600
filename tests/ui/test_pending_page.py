"""The pending workbench driven like a user would: filters, search, mark entered (one and many), verify,
not applicable, keyboard shortcuts; and a dashboard number opening it filtered."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.models.obligations import Obligation
from app.services.core import clock
from app.services import obligations
from app.services.access import Actor
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.item_models.obligation_columns import COL_CODE, COL_STATUS
from app.ui.pages.pending import PendingPage

from .obligation_seed import NOW, add_case, add_obligations, bulk, people


@pytest.fixture
def setup(qtbot, station_db, tmp_path):
    clock.pin(NOW)
    db = station_db
    who = people(db)
    case = add_case(db, 41)
    other = add_case(db, 7)
    ids = add_obligations(db, [
        dict(code="B-2", due=NOW - dt.timedelta(days=3), person_id=who["mohrir"], case_id=case),
        dict(code="C-1", due=NOW + dt.timedelta(hours=20), person_id=who["io"], case_id=case),
        dict(code="C-2", due=NOW + dt.timedelta(days=20), person_id=None, case_id=other),
        dict(code="C-3", due=NOW - dt.timedelta(days=1), person_id=who["io"], case_id=other, status="entered",
             cas_ref="CAS-1"),
    ])
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    page = PendingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1160, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    qtbot.waitUntil(lambda: page.filters.role.count() == 6, timeout=5000)
    yield page, ctx, db, who, ids
    ctx.close()


def status_of(db, oid):
    with db.session() as s:
        return s.get(Obligation, oid).status


def codes(page):
    return [page.model.data(page.model.index(r, COL_CODE)) for r in range(page.model.rowCount())]


def wait_rows(qtbot, page, n):
    qtbot.waitUntil(lambda: page.model.rowCount() == n and not page._reload_timer.isActive()
                    and page.ctx.tasks.pending == 0, timeout=5000)


def test_filters_narrow_the_list(qtbot, setup):
    page, ctx, db, who, ids = setup
    assert codes(page) == ["B-2", "C-1", "C-2"]  # by due date
    page.filters.role.setCurrentIndex(page.filters.role.findData("io"))
    wait_rows(qtbot, page, 2)
    assert codes(page) == ["C-1", "C-2"]  # C-2 is the IO's too, though nobody holds it
    page.filters.person.setCurrentIndex(page.filters.person.findData(who["io"]))
    wait_rows(qtbot, page, 1)
    assert codes(page) == ["C-1"]
    page.filters.person.setCurrentIndex(0)
    page.filters.role.setCurrentIndex(0)
    wait_rows(qtbot, page, 3)
    page.filters.overdue.setChecked(True)
    wait_rows(qtbot, page, 1)
    assert codes(page) == ["B-2"]
    page.filters.overdue.setChecked(False)
    page.filters.unassigned.setChecked(True)
    wait_rows(qtbot, page, 1)
    assert codes(page) == ["C-2"]
    page.filters.clear()
    wait_rows(qtbot, page, 3)
    page.filters.status.setCurrentIndex(page.filters.status.findData("entered"))
    wait_rows(qtbot, page, 1)
    assert codes(page) == ["C-3"]
    assert page.count_label.text() == "1 entry"


def test_search_is_debounced_and_finds_a_case_number(qtbot, setup):
    page, ctx, db, who, ids = setup
    before = page._generation
    qtbot.keyClicks(page.filters.search, "41/2026")
    assert page._generation == before  # nothing asked while typing
    wait_rows(qtbot, page, 2)
    assert codes(page) == ["B-2", "C-1"]
    assert page._generation == before + 1  # one query for the whole word


def test_bad_date_range_shows_a_message_and_keeps_the_list(qtbot, setup):
    page, ctx, db, who, ids = setup
    page.filters.due_from.setText("32.13.2026")
    page.filters.due_from.editingFinished.emit()
    assert page.filters.error.isVisible() and page.filters.error.text()
    assert page.model.rowCount() == 3
    page.filters.due_from.setText("09.03.2026")
    page.filters.due_from.editingFinished.emit()
    assert not page.filters.error.isVisible()
    wait_rows(qtbot, page, 2)
    assert codes(page) == ["C-1", "C-2"]


def test_mark_one_entered_with_the_keyboard(qtbot, setup):
    page, ctx, db, who, ids = setup
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog.isVisible() and dialog.ids == [ids[0]]
    assert "B-2" in dialog.intro.text()
    dialog.submit()  # empty reference: refused beside the field, nothing written
    assert dialog.form.error_text("cas_ref")
    assert dialog.isVisible() and status_of(db, ids[0]) == "pending"
    qtbot.keyClicks(dialog.cas_ref, "CAS/KTW/2026/00041")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert not dialog.isVisible()
    assert status_of(db, ids[0]) == "entered"
    wait_rows(qtbot, page, 2)
    assert codes(page) == ["C-1", "C-2"]


def test_mark_many_entered_at_once(qtbot, setup):
    page, ctx, db, who, ids = setup
    page.table.selectAll()
    assert page.count_label.text() == "3 entries, 3 selected"
    page.mark_entered()
    dialog = page.dialog
    assert dialog.ids == ids[:3]
    assert "3 entries" in dialog.intro.text()
    dialog.by.setCurrentIndex(dialog.by.findData(who["operator"]))
    dialog.cas_ref.setText("GD 12/2026")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert [status_of(db, i) for i in ids[:3]] == ["entered"] * 3
    wait_rows(qtbot, page, 0)
    row = obligations.rows(db, [ids[1]])[0]
    assert row.cas_ref == "GD 12/2026"


def test_a_refused_action_changes_nothing_and_says_why(qtbot, setup):
    page, ctx, db, who, ids = setup
    ctx.actor = Actor(person_id=who["io"], label="Sunita Yadav")  # an IO may not mark the mohrir's entry
    page.table.selectRow(0)
    page.mark_entered()
    dialog = page.dialog
    dialog.cas_ref.setText("X-1")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.error_text()), timeout=5000)
    assert dialog.isVisible()
    assert status_of(db, ids[0]) == "pending"


def test_the_sho_verifies_entered_entries(qtbot, setup):
    page, ctx, db, who, ids = setup
    page.filters.status.setCurrentIndex(page.filters.status.findData("entered"))
    wait_rows(qtbot, page, 1)
    page.table.selectAll()
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.dialog
    assert dialog.by.currentData() == who["sho"]
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert status_of(db, ids[3]) == "verified"
    wait_rows(qtbot, page, 0)


def test_not_applicable_needs_a_reason(qtbot, setup):
    page, ctx, db, who, ids = setup
    page.table.selectRow(2)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog.obligation_id == ids[2]
    dialog.submit()
    assert dialog.form.error_text("reason") and status_of(db, ids[2]) == "pending"
    dialog.reason.setPlainText("Arrest memo made at the other station; the case was transferred.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert status_of(db, ids[2]) == "na"
    wait_rows(qtbot, page, 2)


def test_ctrl_f_goes_to_the_search_box(qtbot, setup):
    page, *_rest = setup
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filters.search.hasFocus()
    assert "Ctrl+E" in page.enter_button.toolTip()


def test_sorting_by_person_asks_the_engine_again(qtbot, setup):
    page, ctx, db, who, ids = setup
    from app.ui.item_models.obligation_columns import COL_PERSON

    page.table.horizontalHeader().setSortIndicator(COL_PERSON, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page._order == ("person", True) and ctx.tasks.pending == 0, timeout=5000)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, COL_STATUS)) is not None, timeout=5000)
    expected = list(reversed(obligations.ids(db, page.current_filter(), order="person")))
    qtbot.waitUntil(lambda: page.model.ids() == expected, timeout=5000)


def test_a_new_filter_arrives_with_its_rows(qtbot, setup):
    page, ctx, db, who, ids = setup
    before = page.model.fetch_count
    page.filters.role.setCurrentIndex(page.filters.role.findData("io"))
    wait_rows(qtbot, page, 2)
    assert page.model.is_cached(0) and page.model.is_cached(1)  # read on the worker with the ids
    assert page.model.fetch_count == before  # nothing read afterwards, on either thread
    assert codes(page) == ["C-1", "C-2"]
    assert page.last_load_ms is not None


def test_rows_further_down_load_on_the_worker_and_a_reload_keeps_the_current_entry(qtbot, setup):
    page, ctx, db, who, ids = setup
    bulk(db, 600, who["operator"])
    page.refresh()
    wait_rows(qtbot, page, 603)
    model, view = page.model, page.table
    assert not model.is_cached(100)
    view.scrollTo(model.index(100, 0))
    view.viewport().repaint()  # paints "Loading…" and asks the worker; nothing is read here
    assert model.is_loading(100) and model.data(model.index(100, 3)) == "Loading…"
    qtbot.waitUntil(lambda: not model.loading and ctx.tasks.pending == 0, timeout=5000)
    assert model.data(model.index(100, COL_CODE)) == "D-18"
    view.setCurrentIndex(model.index(100, 0))
    current = model.id_at(100)
    page.refresh()  # same filter: the current entry stays current and in sight, its rows come with the ids
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and not page._reload_timer.isActive(), timeout=5000)
    row = view.currentIndex().row()
    assert model.id_at(row) == current and model.is_cached(row)
    assert view.rowAt(0) <= row <= view.rowAt(view.viewport().height() - 1)
    view.clearSelection()
    page.filters.person.setCurrentIndex(page.filters.person.findData(who["operator"]))
    wait_rows(qtbot, page, 600)  # a new filter starts at the top, though the current entry is listed
    assert view.currentIndex().row() == 0 and view.rowAt(0) == 0 and model.is_cached(0)


@pytest.fixture
def gated_ids(monkeypatch, request):
    """``obligations.ids`` (the page's second task: the whole list) waits until the test opens the gate."""
    import threading

    started, gate = threading.Event(), threading.Event()
    request.addfinalizer(gate.set)  # never leave the worker waiting
    real = obligations.ids

    def gated(*args, **kwargs):
        started.set()
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(obligations, "ids", gated)
    return started, gate


def test_a_long_list_shows_its_first_page_then_the_rest_is_appended(qtbot, setup, gated_ids):
    from app.ui.item_models.page_cache import PAGE_SIZE

    page, ctx, db, who, ids = setup
    started, gate = gated_ids
    bulk(db, 600, who["operator"])
    page.filters.person.setCurrentIndex(page.filters.person.findData(who["operator"]))
    qtbot.waitUntil(lambda: started.is_set() and page.model.rowCount() == PAGE_SIZE, timeout=5000)
    model, view = page.model, page.table
    assert page.count_label.text() == "600 entries"  # the whole list's count, before its ids are read
    assert not model.complete and page.last_load_ms is not None and page.last_complete_ms is None
    assert model.is_cached(0) and model.data(model.index(0, COL_CODE)) == "D-18"
    view.selectRow(5)
    events = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda _p, first, last: events.append((first, last)))
    gate.set()
    wait_rows(qtbot, page, 600)
    assert events == [(PAGE_SIZE, 599)]  # appended below the rows shown, not a reset
    assert model.ids() == obligations.ids(db, page.current_filter())
    assert [i.row() for i in view.selectionModel().selectedRows()] == [5] and view.currentIndex().row() == 5
    assert page.count_label.text() == "600 entries" and page.last_complete_ms is not None


def test_a_reload_selects_entries_past_the_first_page_when_the_rest_arrives(qtbot, setup, gated_ids):
    from PySide6.QtCore import QItemSelectionModel

    page, ctx, db, who, ids = setup
    started, gate = gated_ids
    bulk(db, 600, who["operator"])
    gate.set()
    page.refresh()
    wait_rows(qtbot, page, 603)
    model, view = page.model, page.table
    view.selectRow(0)
    view.selectionModel().select(model.index(500, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
    chosen = page.selected_ids()
    assert len(chosen) == 2
    gate.clear()
    started.clear()
    page.refresh()
    qtbot.waitUntil(lambda: started.is_set() and ctx.tasks.pending == 1, timeout=5000)
    assert page.selected_ids() == chosen[:1]  # the first page's entry now, the other when its row comes
    gate.set()
    wait_rows(qtbot, page, 603)
    assert page.selected_ids() == chosen and page.count_label.text() == "603 entries, 2 selected"


def test_a_filter_change_drops_the_rest_of_the_list_before(qtbot, setup, gated_ids):
    page, ctx, db, who, ids = setup
    started, gate = gated_ids
    bulk(db, 600, who["operator"])
    page.filters.person.setCurrentIndex(page.filters.person.findData(who["operator"]))
    qtbot.waitUntil(lambda: started.is_set() and page.model.rowCount() == 200, timeout=5000)
    generation = page._generation
    page.filters.person.setCurrentIndex(page.filters.person.findData(who["io"]))  # while the whole list is read
    qtbot.waitUntil(lambda: page._generation > generation, timeout=5000)
    events = []
    page.model.rowsInserted.connect(lambda *_a: events.append("insert"))
    gate.set()
    wait_rows(qtbot, page, 1)
    assert events == []  # the stale list was never appended
    assert codes(page) == ["C-1"] and page.model.complete and page.count_label.text() == "1 entry"
