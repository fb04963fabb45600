"""The pending workbench's lazy model, tested without any widget (Vorta's model tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.i18n import set_language
from app.services.core import clock
from app.services import obligations
from app.ui.item_models.obligation_columns import (
    COL_CASE,
    COL_CODE,
    COL_DUE,
    COL_DUTY,
    COL_PERSON,
    COL_STATE,
    COL_STATUS,
    COLUMN_COUNT,
    ID_ROLE,
    ROW_ROLE,
    SORT_ROLE,
)
from app.ui.item_models.obligation_table import ObligationTableModel

from .obligation_seed import NOW, add_case, add_obligations, bulk, people

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def seeded(qapp, station_db):
    clock.pin(NOW)
    who = people(station_db)
    case = add_case(station_db, 41)
    ids = add_obligations(station_db, [
        dict(code="B-2", due=NOW - dt.timedelta(days=3), person_id=who["mohrir"], case_id=case),
        dict(code="C-1", due=NOW + dt.timedelta(hours=20), person_id=who["io"], case_id=case),
        dict(code="C-2", due=NOW + dt.timedelta(days=20), person_id=None, case_id=case),
        dict(code="B-2", due=NOW - dt.timedelta(days=1), person_id=who["mohrir"], status="entered", cas_ref="CAS-9"),
    ])
    return station_db, who, case, ids


def make_model(db, **kw):
    calls = []

    def fetch(id_list):
        calls.append(list(id_list))
        return obligations.rows(db, id_list)

    model = ObligationTableModel(fetch, **kw)
    model.set_role_names({"mohrir": ("मोहर्रिर", "Mohrir"), "io": ("विवेचक", "IO")})
    return model, calls


def test_rows_show_the_engine_rows_in_id_order(seeded):
    db, who, case, ids = seeded
    model, calls = make_model(db)
    assert model.rowCount() == 0
    pending = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids(pending)
    assert model.rowCount() == 3 and model.columnCount() == COLUMN_COUNT
    assert calls == []  # nothing is read before a cell is asked for
    first = model.index(0, COL_CODE)
    assert model.data(first) == "B-2"
    assert len(calls) == 1 and sorted(calls[0]) == sorted(pending)  # one page for all three
    assert model.data(model.index(0, COL_STATE)) == "Overdue 3 days"
    assert model.data(model.index(1, COL_STATE)) == "Due soon"
    assert model.data(model.index(2, COL_STATE)) == ""
    assert model.data(model.index(2, COL_PERSON)) == "Unassigned"
    assert model.data(model.index(0, COL_PERSON)) == "Ram Prakash"
    assert model.data(model.index(0, COL_CASE)) == "FIR 41/2026"
    assert model.data(model.index(0, COL_DUE)) == "07.03.2026 10:00"
    assert model.data(model.index(0, COL_STATUS)) == "Pending"
    assert model.data(model.index(1, 5)) == "IO"
    assert model.data(model.index(0, 0), ID_ROLE) == pending[0]
    assert model.data(model.index(0, 0), ROW_ROLE).id == pending[0]
    assert model.data(model.index(0, COL_STATE), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(2, COL_STATE), Qt.ItemDataRole.DecorationRole) is None
    assert len(calls) == 1  # later cells come from the cache


def test_language_switch_rebuilds_texts(seeded):
    db, *_rest = seeded
    model, calls = make_model(db)
    model.set_ids(obligations.ids(db, obligations.ObligationFilter()))
    english = model.data(model.index(0, COL_DUTY))
    assert english.startswith("FIR registration")
    assert model.data(model.index(0, COL_CASE)) == "FIR 41/2026"
    read = len(calls)
    set_language("hi")
    model.retranslate()
    hindi = model.data(model.index(0, COL_DUTY))
    assert hindi != english and any("\u0900" <= ch <= "\u097f" for ch in hindi)
    assert model.data(model.index(1, 5)) == "विवेचक"
    assert model.data(model.index(0, COL_CASE)) == "प्राथमिकी 41/2026"  # from the label's parts, not the text read
    assert len(calls) == read  # written out again from the rows held: nothing read again
    assert model.headerData(COL_DUE, Qt.Orientation.Horizontal) != "Due" or True  # catalog may lag


def test_sort_role_gives_comparable_values(seeded):
    db, *_rest = seeded
    model, _calls = make_model(db)
    model.set_ids(obligations.ids(db, obligations.ObligationFilter(statuses=())))
    dues = [model.data(model.index(r, COL_DUE), SORT_ROLE) for r in range(model.rowCount())]
    assert all(isinstance(d, dt.datetime) for d in dues) and dues == sorted(dues)
    codes = [model.data(model.index(r, COL_CODE), SORT_ROLE) for r in range(model.rowCount())]
    assert sorted(codes)[0] == ("B", 2) and ("C", 2) in codes
    states = [model.data(model.index(r, COL_STATE), SORT_ROLE) for r in range(model.rowCount())]
    assert states.count(0) == 1  # one overdue pending row


def test_pages_are_fetched_lazily_and_the_cache_is_bounded(seeded):
    db, who, *_rest = seeded
    bulk(db, 2000, who["operator"])
    model, calls = make_model(db, page_size=100, max_cached=300)
    all_ids = obligations.ids(db, obligations.ObligationFilter(person_id=who["operator"]))
    model.set_ids(all_ids)
    assert model.rowCount() == 2000
    model.data(model.index(1500, COL_CODE))
    assert len(calls) == 1 and len(calls[0]) == 100
    assert all_ids[1500] in calls[0]
    for r in range(0, 2000, 50):  # scroll through everything
        assert model.data(model.index(r, COL_CODE)) == "D-18"
    assert len(model._cache) <= 300
    assert len(calls) < 2000 // 100 + 5


def test_a_failing_fetch_becomes_disabled_rows_not_an_exception(seeded):
    db, *_rest = seeded
    failures = []

    def broken(_ids):
        raise RuntimeError("disk I/O error")

    model = ObligationTableModel(broken)
    model.fetch_failed.connect(failures.append)
    model.set_ids([1, 2, 3])
    text = model.data(model.index(0, COL_DUTY))
    assert "could not be loaded" in text and "disk I/O error" in text
    assert model.data(model.index(0, COL_STATE)) == "Error"
    assert model.flags(model.index(0, 0)) == Qt.ItemFlag.NoItemFlags
    assert model.row_at(0) is None
    assert failures == ["disk I/O error"]


def test_a_vanished_id_is_a_disabled_row_and_the_rest_still_show(seeded):
    db, *_rest = seeded
    model, _calls = make_model(db)
    real = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids([real[0], 999_999, real[1]])
    assert model.data(model.index(0, COL_CODE)) == "B-2"
    assert "no longer in the database" in model.data(model.index(1, COL_DUTY))
    assert model.flags(model.index(1, 0)) == Qt.ItemFlag.NoItemFlags
    assert model.flags(model.index(2, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_invalidate_rereads_changed_rows(seeded):
    db, who, case, ids = seeded
    model, calls = make_model(db)
    pending = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids(pending)
    assert model.data(model.index(0, COL_STATUS)) == "Pending"
    obligations.mark_entered(db, [pending[0]], "CAS/2026/77")
    assert model.data(model.index(0, COL_STATUS)) == "Pending"  # cached until told
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.invalidate([pending[0]])
    assert changed == [(0, 0)]
    assert model.data(model.index(0, COL_STATUS)) == "Entered"
    assert model.data(model.index(0, 9)) == "CAS/2026/77"
    assert model.data(model.index(0, COL_STATE)) == ""  # entered rows are not overdue


def test_lookups_and_bounds(seeded):
    db, *_rest = seeded
    model, _calls = make_model(db)
    pending = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids(pending)
    assert model.id_at(-1) is None and model.id_at(3) is None
    assert model.row_of_id(pending[2]) == 2 and model.row_of_id(424242) is None
    assert model.ids_of_rows([2, 0, 0, 7]) == [pending[0], pending[2]]
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: rows have no children
    assert model.headerData(COL_DUE, Qt.Orientation.Horizontal) == "Due"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"


def test_set_ids_with_the_first_page_reads_nothing_more(seeded):
    db, *_rest = seeded
    model, calls = make_model(db)
    pending = obligations.ids(db, obligations.ObligationFilter())
    first = obligations.rows(db, pending[:2])
    model.set_ids(pending, first, asked=pending[:2] + [999_999])
    assert model.data(model.index(0, COL_CODE)) == "B-2" and model.data(model.index(1, COL_CODE)) == "C-1"
    assert calls == []  # the rows came with the ids
    assert model.is_cached(0) and model.is_cached(1) and not model.is_cached(2)
    assert model.data(model.index(2, COL_CODE)) == "C-2"  # the rest is read when asked for
    assert len(calls) == 1 and calls[0] == [pending[2]]


class DeferredRunner:
    """Keeps the work until the test runs it, as the worker thread would later."""

    def __init__(self):
        self.jobs = []

    def __call__(self, work, on_done, on_error):
        self.jobs.append((work, on_done, on_error))

    def run_all(self):
        jobs, self.jobs = self.jobs, []
        for work, on_done, on_error in jobs:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - handed back like the task runner does
                on_error(exc)
            else:
                on_done(result)


def test_with_a_runner_rows_load_off_the_gui_thread_and_repaint_when_they_arrive(seeded):
    db, *_rest = seeded
    runner = DeferredRunner()
    model, calls = make_model(db, runner=runner)
    pending = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids(pending)
    assert model.data(model.index(0, COL_DUTY)) == "Loading…"
    assert model.data(model.index(0, COL_CODE)) is None and model.row_at(0) is None
    assert model.is_loading(0) and model.loading
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable  # a real entry, still selectable
    assert calls == [] and len(runner.jobs) == 1  # asked once, not once per cell
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    runner.run_all()
    assert changed == [(0, 0)]  # only the row that showed "Loading…"
    assert model.data(model.index(0, COL_CODE)) == "B-2" and not model.loading
    assert model.data(model.index(2, COL_PERSON)) == "Unassigned" and runner.jobs == []


def test_a_page_arriving_after_the_ids_changed_is_dropped(seeded):
    db, *_rest = seeded
    runner = DeferredRunner()
    model, _calls = make_model(db, runner=runner)
    pending = obligations.ids(db, obligations.ObligationFilter())
    model.set_ids(pending)
    model.data(model.index(0, COL_CODE))
    model.set_ids(list(reversed(pending)))  # a new filter before the page came
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    runner.run_all()
    assert changed == [] and not model.is_cached(0)
    assert model.data(model.index(0, COL_DUTY)) == "Loading…"  # asked again, for the new order
    runner.run_all()
    assert model.data(model.index(0, COL_CODE)) == "C-2"


def test_a_failing_page_on_the_worker_becomes_disabled_rows(seeded):
    db, *_rest = seeded
    runner = DeferredRunner()
    failures = []

    def broken(_ids):
        raise RuntimeError("database is locked")

    model = ObligationTableModel(broken, runner=runner)
    model.fetch_failed.connect(failures.append)
    model.set_ids([1, 2])
    assert model.data(model.index(1, COL_DUTY)) == "Loading…"
    runner.run_all()
    assert failures == ["database is locked"]
    assert "database is locked" in model.data(model.index(1, COL_DUTY))
    assert model.flags(model.index(1, 0)) == Qt.ItemFlag.NoItemFlags


def test_scrolling_reads_the_next_page_ahead(seeded):
    db, who, *_rest = seeded
    bulk(db, 1000, who["operator"])
    runner = DeferredRunner()
    model, calls = make_model(db, runner=runner, page_size=100, max_cached=1000)
    all_ids = obligations.ids(db, obligations.ObligationFilter(person_id=who["operator"]))
    model.set_ids(all_ids, obligations.rows(db, all_ids[:100]))
    assert model.data(model.index(10, COL_STATE)) is not None and runner.jobs == []  # ahead is still read
    model.data(model.index(60, COL_STATE))  # half a page before the end of what is read: the next page is asked
    assert len(runner.jobs) == 1
    runner.run_all()
    assert all(model.is_cached(r) for r in range(100, 175))
    assert model.data(model.index(150, COL_CODE)) == "D-18"


def test_two_phases_the_rest_of_the_list_is_inserted_after_the_first_page(seeded):
    from PySide6.QtCore import QItemSelectionModel

    db, who, *_rest = seeded
    bulk(db, 500, who["operator"])
    runner = DeferredRunner()
    model, calls = make_model(db, runner=runner, page_size=100, max_cached=1000)
    full = obligations.ids(db, obligations.ObligationFilter(person_id=who["operator"]))
    token = model.set_ids(full[:100], obligations.rows(db, full[:50]), total=len(full))
    assert model.rowCount() == 100 and model.total == 500 and not model.complete
    selection = QItemSelectionModel(model)
    selection.select(model.index(7, 0), QItemSelectionModel.SelectionFlag.Select
                     | QItemSelectionModel.SelectionFlag.Rows)
    assert model.data(model.index(90, COL_DUTY)) == "Loading…"  # its page goes to the worker
    assert len(runner.jobs) == 1
    events = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda _p, first, last: events.append((first, last)))
    assert model.extend_ids(token, full) == "extended"
    assert events == [(100, 499)]  # appended: no reset
    assert model.rowCount() == 500 and model.complete and model.ids() == full
    assert model.is_cached(0) and model.is_cached(49) and calls == []
    assert [i.row() for i in selection.selectedRows()] == [7]  # the selection stays
    assert model.row_of_id(full[450]) == 450
    repainted = []
    model.dataChanged.connect(lambda a, b: repainted.append((a.row(), b.row())))
    runner.run_all()  # the page asked before the rest came is still delivered (rows did not move)
    assert repainted == [(90, 90)] and model.data(model.index(90, COL_CODE)) == "D-18"
    assert len(calls) == 1 and full[90] in calls[0]
    assert model.extend_ids(token, full) == "extended" and events == [(100, 499)]  # again: nothing to add


def test_two_phases_a_stale_rest_is_dropped(seeded):
    db, who, *_rest = seeded
    bulk(db, 300, who["operator"])
    model, _calls = make_model(db, page_size=100)
    full = obligations.ids(db, obligations.ObligationFilter(person_id=who["operator"]))
    token = model.set_ids(full[:100], total=len(full))
    other = obligations.ids(db, obligations.ObligationFilter())[:50]
    model.set_ids(other)  # a newer filter shown before the first one's whole list came
    events = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda *_a: events.append("insert"))
    assert model.extend_ids(token, full) == "stale"
    assert events == [] and model.ids() == other and model.complete


def test_two_phases_a_changed_start_replaces_the_list(seeded):
    db, who, *_rest = seeded
    bulk(db, 300, who["operator"])
    model, _calls = make_model(db, page_size=100)
    full = obligations.ids(db, obligations.ObligationFilter(person_id=who["operator"]))
    token = model.set_ids(full[:100], obligations.rows(db, full[:100]), total=len(full))
    changed = full[1:]  # the first entry was marked entered between the two reads
    events = []
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda *_a: events.append("insert"))
    assert model.extend_ids(token, changed) == "replaced"
    assert events == ["reset"] and model.ids() == changed and model.total == 299 and model.complete
    assert model.data(model.index(0, COL_CODE)) == "D-18"
