"""A small station for the reconciliation tests: four FIRs with arrests, some entries already marked."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases, obligations, staff
from app.services.core import clock
from app.services.reconcile import CasRow

NOW = dt.datetime(2025, 3, 5, 12, 0)


def owed(db, case_id, form, status=None):
    """The obligation ids of ``form`` on the case (by id)."""
    detail = cases.get_case(db, case_id)
    return [o.id for o in detail.obligations if o.form == form and (status is None or o.status == status)]


def made_station(made_once):
    """``build`` run once (``made_once``): (what each test's database is made from, people, firs)."""
    from app.services.station import open_database

    built = {}

    def set_up(path):
        db = open_database(path)
        try:
            built["people"], built["firs"] = build(db)
        finally:
            db.close()
            clock.pin(None)

    made = made_once(set_up)
    return made, built["people"], built["firs"]


@pytest.fixture(scope="package")
def made(made_once):
    return made_station(made_once)


@pytest.fixture
def db_path(tmp_path, made):
    return made[0].fresh(tmp_path)


@pytest.fixture
def station(db, made):
    clock.pin(NOW)
    return (db, made[1], made[2])


def build(db):
    """Four FIRs of March 2025 (the fourth with two arrests); FIRs 2 and 3's IIF-1 marked with CAS-21, CAS-31."""
    from app.services.station import init_station

    clock.pin(NOW)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for role in ("sho", "mohrir", "io", "operator"):
        p = staff.add_person(db, role.title(), "SI")
        staff.assign_role(db, p.id, role, dt.date(2025, 1, 1))
        people[role] = p.id
    firs = {}
    for n, day in ((1, 1), (2, 2), (3, 3), (4, 3)):
        c = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 3, day, 10, 0), number=f"{n}/2025", act="BNS",
                           sections="303(2)", io_person_id=people["io"])
        firs[n] = c.case.id
    cases.add_event(db, firs[1], "arrest", occurred_at=dt.datetime(2025, 3, 2, 15, 0), person_id=people["io"])
    for hour in (11, 16):
        cases.add_event(db, firs[4], "arrest", occurred_at=dt.datetime(2025, 3, 4, hour, 0), person_id=people["io"])
    obligations.mark_entered(db, owed(db, firs[2], "IIF-1"), "CAS-21", at="2025-03-02 12:00")
    obligations.mark_entered(db, owed(db, firs[3], "IIF-1"), "CAS-31", at="2025-03-03 12:00")
    return people, firs


def row(n, case, form, ref, day=None, **kw):
    number, _, year = case.partition("/")
    return CasRow(n, case, int(number), int(year) if year else None, form, ref,
                  dt.date(2025, 3, day) if day else None, **kw)


ROWS = [
    row(2, "1/2025", "IIF-1", "CAS-11", 1),  # matched: the one IIF-1 owed
    row(3, "1/2025", "IIF 3", "CAS-13", 3),  # matched: the one arrest's IIF-3 (form written loosely)
    row(4, "2/2025", "IIF-1", "CAS-21", 2),  # matched, already marked with this reference
    row(5, "3/2025", "IIF-1", "CAS-99", 3),  # differs: marked with another reference
    row(6, "9/2025", "IIF-1", "CAS-91", 4),  # only in CAS: no such case
    row(7, "4/2025", "IIF-3", "CAS-41", 4),  # review: two arrests, which one?
    row(8, "1/2025", "IIF-4", "CAS-14", 4),  # only in CAS: no seizure recorded
]
