"""A database opened read-only refuses every change with a clear message before SQLite does, and reads."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pg_store import raw_sql
from app.models.staff import Person
from app.services import cases, obligations, staff
from app.services.core import clock
from app.services import obligations
from app.services.core.errors import ReadOnlyDatabaseError
from app.services.station import open_database
from app.services.core.errors import UserError


@pytest.fixture
def readonly(db):
    from app.services.station import init_station

    clock.pin(dt.datetime(2025, 3, 3, 9))
    init_station(db, "Kotwali Nagar", "Sitapur")
    p = staff.add_person(db, "Ram", "Head Constable")
    staff.assign_role(db, p.id, "mohrir", dt.date(2024, 1, 1))
    made = cases.add_case(db, "mlc", registered_at=dt.datetime(2025, 3, 3, 8)).obligations[0]
    path = db.path
    db.close()
    ro = open_database(path, readonly=True)
    yield ro, p.id, made.id
    ro.close()


def _fingerprint(path) -> tuple:
    return tuple(raw_sql(path, f"select count(*) from {t}")[0][0]
                 for t in ("persons", "cases", "obligations", "audit_entries", "rules"))


@pytest.mark.parametrize("change", [
    lambda db, pid, oid: staff.add_person(db, "Shyam", "Constable"),
    lambda db, pid, oid: staff.update_person(db, pid, name="Ram Prakash"),
    lambda db, pid, oid: cases.add_case(db, "mlc", registered_at=dt.datetime(2025, 3, 3, 8, 30)),
    lambda db, pid, oid: obligations.mark_entered(db, [oid], "12345678"),
    lambda db, pid, oid: obligations.update_rule(db, "mlc.entry", hours=48),
    lambda db, pid, oid: obligations.recompute(db),
])
def test_every_change_is_refused_with_the_read_only_message(readonly, change):
    db, pid, oid = readonly
    before = _fingerprint(db.path)
    with pytest.raises(ReadOnlyDatabaseError, match="read-only") as info:
        change(db, pid, oid)
    assert isinstance(info.value, UserError)  # the window and the CLI show it as is
    assert _fingerprint(db.path) == before


def test_a_write_that_skips_the_permission_check_is_still_refused_before_sqlite(readonly):
    db, _pid, _oid = readonly
    with pytest.raises(ReadOnlyDatabaseError):
        with db.session() as s:
            s.add(Person(name="x", rank="y", active=True, created_at=clock.now()))
            s.flush()


def test_reading_works(readonly):
    db, pid, oid = readonly
    assert [p.name for p in staff.list_persons(db)] == ["Ram"]
    assert obligations.get(db, oid).person_id == pid
    assert obligations.dashboard_counts(db).total.pending >= 1
    assert obligations.preview_recompute(db) == []
