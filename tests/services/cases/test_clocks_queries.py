"""The statutory clocks read a fixed number of statements, whatever the number of cases: no query per case
(the checklist and the dashboard list every accused in custody on every open FIR)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from app.services import cases, staff
from app.services.core import clock


def _station(db):
    from app.services.station import init_station

    clock.pin(dt.datetime(2025, 3, 1, 9))
    init_station(db, "Kotwali Nagar", "Sitapur")
    io = staff.add_person(db, "Sunita Yadav", "SI")
    staff.assign_role(db, io.id, "io", dt.date(2024, 1, 1))
    other = staff.add_person(db, "Ram Singh", "SI")
    staff.assign_role(db, other.id, "io", dt.date(2024, 1, 1))
    return io.id, other.id


def _remanded_case(db, io_id: int, n: int) -> None:
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10) + dt.timedelta(days=n), act="BNS",
                          sections="103(1)", io_person_id=io_id, punishment_class="ge10").case
    a, _arrest = cases.add_accused(db, case.id, f"Accused {n}", arrested_at=f"2025-01-{n + 1:02d} 06:00")
    cases.add_event(db, case.id, "first-remand", occurred_at=f"2025-01-{n + 1:02d} 15:00", accused=a.id)


def _statements(db) -> tuple[int, list]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = cases.statutory_clocks(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen), rows


def test_the_clocks_read_as_many_statements_for_six_cases_as_for_two(db):
    io, other = _station(db)
    for n in range(2):
        _remanded_case(db, io if n % 2 else other, n)
    few, rows = _statements(db)
    assert len(rows) == 2
    for n in range(2, 6):
        _remanded_case(db, io if n % 2 else other, n)
    many, rows = _statements(db)
    assert len(rows) == 6
    assert many == few
    # each row still names its accused and its IO, as read for all the cases at once
    assert {r.accused for r in rows} == {f"Accused {n}" for n in range(6)}
    assert {r.io for r in rows} == {"Sunita Yadav", "Ram Singh"}
