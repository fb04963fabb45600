"""The pending workbench's lazy model, tested without any widget (Vorta's model tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.i18n import set_language
from app.services import clock, obligations
from app.ui.models.obligation_table import (
    COL_CASE, COL_CODE, COL_DUE, COL_DUTY, COL_PERSON, COL_STATE, COL_STATUS, COLUMN_COUNT, ID_ROLE, ROW_ROLE,
    SORT_ROLE, ObligationTableModel,
)

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
    model, _calls = make_model(db)
    model.set_ids(obligations.ids(db, obligations.ObligationFilter()))
    english = model.data(model.index(0, COL_DUTY))
    assert english.startswith("FIR registration")
    set_language("hi")
    model.retranslate()
    hindi = model.data(model.index(0, COL_DUTY))
    assert hindi != english and any("\u0900" <= ch <= "\u097f" for ch in hindi)
    assert model.data(model.index(1, 5)) == "विवेचक"
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
