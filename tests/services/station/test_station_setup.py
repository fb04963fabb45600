"""Setting up a station in one transaction (``station.set_up_station``, the first-run wizard's one call):
everything is written and audited as the separate services would, or nothing is written at all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.services import audit, staff, station
from app.services.access import Actor
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.station import NewPerson, set_up_station

TODAY = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture(autouse=True)
def _pinned_clock():
    clock.pin(TODAY)
    yield
    clock.pin(None)


def _audit_rows(db) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(e.action, e.entity) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def _counts(db) -> tuple[int, int, int, int]:
    with db.session() as s:
        rows = s.scalar(select(func.count()).select_from(AuditEntry))
    return (0 if station.get_station(db) is None else 1, len(staff.list_persons(db)),
            len(staff.list_assignments(db)), rows)


PEOPLE = [NewPerson("Ram Prakash", "Inspector", "9001"), NewPerson("Shyam Lal", "Head Constable", "9002")]


def test_station_staff_and_roles_in_one_call(db):
    result = set_up_station(db, " Kotwali Nagar ", "Lucknow", "", people=PEOPLE,
                            assignments=[(0, "sho"), (0, "io"), (1, "mohrir"), (0, "io")])
    assert (result.station.name, result.station.district, result.station.code) == ("Kotwali Nagar", "Lucknow", None)
    assert station.get_station(db) == result.station
    assert [p.name for p in result.people] == ["Ram Prakash", "Shyam Lal"]
    assert result.people[0].roles == ("sho", "io")
    roles = {p.name: set(p.roles) for p in staff.list_persons(db)}
    assert roles == {"Ram Prakash": {"sho", "io"}, "Shyam Lal": {"mohrir"}}  # the repeated tick is one role
    assert {a.from_date for a in staff.list_assignments(db)} == {TODAY.date()}  # start defaults to today
    assert len(result.assignments) == 3


def test_audited_like_the_separate_services(db):
    actor = Actor(person_id=None, label="system")
    set_up_station(db, "Kotwali", "Lucknow", people=PEOPLE, assignments=[(0, "io"), (1, "mohrir")],
                   start="2026-03-01", actor=actor)
    rows = _audit_rows(db)
    assert rows == [("station.init", "station"), ("person.add", "person"), ("person.add", "person"),
                    ("role.assign", "role_assignment"), ("role.assign", "role_assignment")]
    with db.session() as s:
        person = s.scalars(select(AuditEntry).where(AuditEntry.action == "person.add")).first()
        role = s.scalars(select(AuditEntry).where(AuditEntry.action == "role.assign")).first()
        # the same shape as staff.add_person's and staff.assign_role's rows
        assert set(json.loads(person.after)) == {"name", "rank", "pno", "cctns_user_id", "active"}
        assert json.loads(role.after)["from"] == "2026-03-01"
    assert audit.verify(db).intact


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="  "), "Station name is required."),
    (dict(district=""), "District is required."),
    (dict(people=[NewPerson("", "SI")]), "Name is required."),
    (dict(people=[NewPerson("A", "SI", "77"), NewPerson("B", "HC", "77")]), "77"),
    (dict(assignments=[(0, "darogha")]), "darogha"),
    (dict(start="31-02-2026"), "From date"),
])
def test_bad_input_writes_nothing(db, kwargs, message):
    args = dict(name="Kotwali", district="Lucknow", people=PEOPLE, assignments=[(0, "io")])
    args.update(kwargs)
    before = _counts(db)
    with pytest.raises(UserError) as err:
        set_up_station(db, args.pop("name"), args.pop("district"), **args)
    assert message in err.value.message
    assert _counts(db) == before


def test_a_refusal_in_a_late_step_rolls_back_the_earlier_ones(db):
    staff.add_person(db, "Other", "HC", "9002")  # e.g. typed on the command line meanwhile
    before = _counts(db)
    with pytest.raises(UserError, match="9002"):
        set_up_station(db, "Kotwali", "Lucknow", people=PEOPLE, assignments=[(0, "io")])
    assert _counts(db) == before  # no station, no Ram Prakash, no role, no audit row
    assert station.get_station(db) is None
    result = set_up_station(db, "Kotwali", "Lucknow", people=[PEOPLE[0]], assignments=[(0, "io")])
    assert result.station.name == "Kotwali"  # a retry starts from a clean database and succeeds


def test_a_database_with_a_station_is_refused(station_db):
    before = _counts(station_db)
    with pytest.raises(UserError, match="already belongs"):
        set_up_station(station_db, "Hazratganj", "Lucknow", people=PEOPLE)
    assert _counts(station_db) == before


def test_a_refused_permission_writes_nothing(db):
    someone = staff.add_person(db, "Constable", "Constable")
    before = _counts(db)
    with pytest.raises(UserError, match="not allowed"):
        set_up_station(db, "Kotwali", "Lucknow", people=PEOPLE, actor=Actor(person_id=someone.id, label="Constable"))
    assert _counts(db) == before


def test_two_shos_ticked_in_the_first_run_are_refused(db):
    """Issue 16 #1: one SHO at a time holds from the station's first day, set-up included."""
    with pytest.raises(UserError, match="one SHO at a time"):
        set_up_station(db, "Kotwali", "Lucknow", people=PEOPLE, assignments=[(0, "sho"), (1, "sho")])
    assert staff.list_assignments(db) == []
    set_up_station(db, "Kotwali", "Lucknow", people=PEOPLE, assignments=[(0, "sho"), (1, "io")])
