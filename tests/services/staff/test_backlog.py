"""Vacancies and transfers: a role's unassigned backlog handed to a new holder only when asked (preview
first), a transfer that takes missed periods along, ending a role, and reassigning with the role checked."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import insert, select

from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import cases, obligations, staff
from app.services.core import clock
from app.services.core.errors import UserError

from tests.conftest import build_with_db, starting_from
from tests.pg_store import raw_sql

NOW = dt.datetime(2025, 3, 5, 12, 0)


def _station(db):
    """SHO, one IO, and a mohrir who left on 28 Feb: the mohrir's role is vacant."""
    from app.services.station import init_station

    clock.pin(NOW)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for key, role, end in (("sho", "sho", None), ("io", "io", None), ("old", "mohrir", dt.date(2025, 2, 28))):
        p = staff.add_person(db, key.title(), "SI")
        staff.assign_role(db, p.id, role, dt.date(2025, 1, 1), end)
        people[key] = p.id
    people["new"] = staff.add_person(db, "New Mohrir", "HC").id
    return people


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(NOW)  # as the set-up left it
    return db, dict(made.value)


def _firs(db, io, n, start=1):
    return [cases.add_case(db, "fir", registered_at=NOW - dt.timedelta(days=3, hours=i), number=f"{start + i}/2025",
                           act="BNS", sections="303(2)", io_person_id=io) for i in range(n)]


def _backups(db, monkeypatch) -> list[str]:
    """Records each backup asked for, with how many audit rows existed then (a store's class is patched:
    a server's storage object is frozen)."""
    calls: list[str] = []
    kind = type(db.storage)
    real = kind.before_bulk_change

    def spy(self, what=""):
        calls.append((what, raw_sql(db, "select count(*) from audit_entries")[0][0]))
        return real(self, what)

    monkeypatch.setattr(kind, "before_bulk_change", spy)
    return calls


def _owners(db, ids) -> dict[int, int | None]:
    return {r.id: r.person_id for r in obligations.rows(db, list(ids))}


def test_a_vacant_role_s_backlog_is_offered_then_taken(station, monkeypatch):
    db, p = station
    _firs(db, p["io"], 3)
    waiting = staff.role_backlog(db, "mohrir")
    assert waiting.count == 3 and waiting.by_form == {"IIF-1": 3} and waiting.overdue == 3
    # assigning the role moves nothing by itself
    staff.assign_role(db, p["new"], "mohrir", dt.date(2025, 3, 5))
    assert set(_owners(db, waiting.ids).values()) == {None}
    assert staff.role_backlog(db, "mohrir").ids == waiting.ids
    _firs(db, p["io"], 1, start=10)  # a new FIR: the new holder owes it at once
    assert staff.role_backlog(db, "mohrir").ids == waiting.ids
    backups = _backups(db, monkeypatch)
    audits = raw_sql(db, "select count(*) from audit_entries")[0][0]
    moved = staff.take_backlog(db, p["new"], "mohrir", ids=waiting.ids)
    assert moved == list(waiting.ids) and set(_owners(db, moved).values()) == {p["new"]}
    assert staff.role_backlog(db, "mohrir").count == 0
    assert backups == [("backlog", audits)]  # a verified copy before anything was written
    (after,) = raw_sql(db, "select after from audit_entries where action = 'staff.take_backlog'")
    assert json.loads(after[0]) == {"obligations": moved, "role": "mohrir", "to": p["new"]}
    assert staff.take_backlog(db, p["new"], "mohrir") == []  # nothing left: no backup, no audit
    assert len(backups) == 1


def test_taking_a_backlog_is_refused_without_the_role_or_when_it_changed(station):
    db, p = station
    _firs(db, p["io"], 2)
    waiting = staff.role_backlog(db, "mohrir")
    audits = raw_sql(db, "select count(*) from audit_entries")[0][0]
    with pytest.raises(UserError, match="does not hold the role mohrir"):
        staff.take_backlog(db, p["new"], "mohrir")
    with pytest.raises(UserError, match="does not hold the role mohrir"):
        staff.take_backlog(db, p["old"], "mohrir")  # his holding ended
    staff.assign_role(db, p["new"], "mohrir", dt.date(2025, 3, 10))  # named in advance: may take it
    obligations.reassign(db, [waiting.ids[0]], p["new"])
    with pytest.raises(UserError, match="changed while you were deciding"):
        staff.take_backlog(db, p["new"], "mohrir", ids=waiting.ids)
    assert _owners(db, waiting.ids[1:]) == {waiting.ids[1]: None}
    assert raw_sql(db, "select count(*) from audit_entries")[0][0] == audits + 2  # the assignment, the reassign


def test_assign_with_the_backlog(station, monkeypatch):
    db, p = station
    _firs(db, p["io"], 2)
    waiting = staff.role_backlog(db, "mohrir")
    info, moved = staff.assign_role_with_backlog(db, p["new"], "mohrir", "2025-03-05")
    assert info.role == "mohrir" and moved == list(waiting.ids)
    assert set(_owners(db, moved).values()) == {p["new"]}
    with pytest.raises(UserError):  # an assignment already over cannot take a backlog; nothing is assigned
        staff.assign_role_with_backlog(db, p["sho"], "mohrir", "2025-01-01", "2025-02-01")
    assert [a.person_id for a in staff.list_assignments(db, person_id=p["sho"]) if a.role == "mohrir"] == []


def test_a_transfer_hands_over_missed_periods_too(station):
    db, p = station
    staff.assign_role(db, p["new"], "mohrir", dt.date(2025, 3, 1))
    (fir,) = _firs(db, p["io"], 1)
    with db.session() as s:
        duty = s.scalar(select(Duty.id).where(Duty.code == "B-1"))
        s.execute(insert(Obligation), [dict(
            duty_id=duty, role_code="mohrir", form=None, person_id=p["new"], period_key=f"2025-03-0{d}",
            anchor_at=dt.datetime(2025, 3, d, 23, 59, 59), due_at=dt.datetime(2025, 3, d, 23, 59, 59),
            status="missed", basis="", rule_key="t", created_at=NOW) for d in (2, 3)])
    other = staff.add_person(db, "Successor", "HC").id
    preview = staff.preview_transfer(db, p["new"], other, "2025-03-06")
    assert (preview.missed, preview.obligations) == (2, 3)
    assert staff.transfer(db, p["new"], other, "2025-03-06") == 3
    left = obligations.query(db, obligations.ObligationFilter(person_id=p["new"], statuses=("pending", "missed")))
    assert left == []
    assert len(obligations.query(db, obligations.ObligationFilter(person_id=other, statuses=("missed",)))) == 2
    assert fir.case.id


def test_ending_a_role_and_what_becomes_of_its_entries(station, monkeypatch):
    db, p = station
    staff.assign_role(db, p["new"], "mohrir", dt.date(2025, 3, 1))
    _firs(db, p["io"], 2)
    mine = staff.preview_end_role(db, p["new"], "mohrir", "2025-03-05").owed
    assert mine.count == 2
    with pytest.raises(UserError, match="does not hold the role io"):
        staff.end_role(db, p["new"], "io", "2025-03-05")
    with pytest.raises(UserError, match="does not hold the role mohrir"):
        staff.end_role(db, p["new"], "mohrir", "2025-03-05", hand_to=p["io"])
    assert staff.preview_end_role(db, p["new"], "mohrir", "2025-03-05").assignment_id  # still held: nothing ended
    backups = _backups(db, monkeypatch)
    preview, moved = staff.end_role(db, p["new"], "mohrir", "2025-03-05", release=True)
    assert moved == list(mine.ids) and set(_owners(db, moved).values()) == {None}
    assert backups and backups[0][0] == "end-role"
    (a,) = [a for a in staff.list_assignments(db, person_id=p["new"]) if a.role == "mohrir"]
    assert a.to_date == dt.date(2025, 3, 5)
    assert staff.role_backlog(db, "mohrir").ids == mine.ids  # the next holder's backlog


def test_reassign_checks_the_role_and_changes_nothing_when_refused(station):
    db, p = station
    (fir,) = _firs(db, p["io"], 1)
    by_duty = {r.duty_code: r.id for r in fir.obligations}
    audits = raw_sql(db, "select count(*) from audit_entries")[0][0]
    with pytest.raises(UserError, match="role Constable / head constable mohrir, which"):
        obligations.reassign(db, [by_duty["B-2"]], p["io"])  # the IO does not hold the mohrir's role
    with pytest.raises(UserError, match="role Investigating officer"):
        obligations.reassign(db, [by_duty["C-1"], by_duty["B-2"]], p["sho"])
    obligations.mark_entered(db, [by_duty["C-1"]], "REF1", at=NOW)
    staff.assign_role(db, p["new"], "io", dt.date(2025, 3, 1))
    with pytest.raises(UserError, match="only open entries"):
        obligations.reassign(db, [by_duty["C-4"], by_duty["C-1"]], p["new"])
    assert _owners(db, [by_duty["C-4"], by_duty["B-2"]]) == {by_duty["C-4"]: p["io"], by_duty["B-2"]: None}
    assert raw_sql(db, "select count(*) from audit_entries")[0][0] == audits + 2  # the entry, the assignment
    assert obligations.reassign(db, [by_duty["C-4"]], p["new"]) == 1
    assert obligations.reassign(db, [by_duty["B-2"]], p["sho"], outside_role=True) == 1  # a cover, said so
    (after,) = raw_sql(db, "select after from audit_entries where action = 'obligation.reassign' "
                           "order by id desc limit 1")
    assert "outside_role" in after[0]


def _io_of(db, case_ids) -> dict[int, int | None]:
    from app.models.cases import Case

    with db.session() as s:
        return dict(s.execute(select(Case.id, Case.io_person_id).where(Case.id.in_(list(case_ids)))).all())


@pytest.mark.parametrize("to_successor", [True, False])
def test_ending_the_io_role_takes_his_open_cases_along(station, to_successor):
    """F15: after `staff end IO io --release/--to`, his open cases no longer name him as IO, so their new
    entries go to the successor (or to nobody, loudly), not to the man who left; audited."""
    db, p = station
    successor = staff.add_person(db, "New IO", "SI").id
    staff.assign_role(db, successor, "io", dt.date(2025, 3, 1))
    firs = _firs(db, p["io"], 2)
    preview = staff.preview_end_role(db, p["io"], "io", "2025-03-05")
    assert set(preview.cases_as_io) == {c.case.id for c in firs}
    kw = dict(hand_to=successor) if to_successor else dict(release=True)
    done, _moved = staff.end_role(db, p["io"], "io", "2025-03-05", **kw)
    assert done.to_person == ("New IO" if to_successor else None)
    want = successor if to_successor else None
    assert set(_io_of(db, [c.case.id for c in firs]).values()) == {want}
    result = cases.add_event(db, firs[0].case.id, "case-diary", occurred_at=NOW - dt.timedelta(hours=1))
    owners = {r.person_id for r in obligations.rows(db, [o.id for o in result.obligations])}
    assert p["io"] not in owners and owners <= {want}
    entry = json.loads(raw_sql(db, "select after from audit_entries where action = 'staff.end_role_handover'")[0][0])
    assert sorted(entry["cases_io"]) == sorted(c.case.id for c in firs)


def test_ending_an_ended_assignment_is_refused_and_changes_nothing(station, monkeypatch):
    """F26: a second `staff end` (same day or earlier) neither hands entries over again nor moves the end."""
    db, p = station
    staff.assign_role(db, p["new"], "mohrir", dt.date(2025, 3, 1))
    staff.end_role(db, p["new"], "mohrir", "2025-03-04", release=True)
    _firs(db, p["io"], 1)  # backdated: the entries of 3 March go to him (he held the role then)
    audits = raw_sql(db, "select count(*) from audit_entries")[0][0]
    backups = _backups(db, monkeypatch)
    for day in ("2025-03-04", "2025-03-02"):
        with pytest.raises(UserError, match="already ends on 04.03.2025"):
            staff.end_role(db, p["new"], "mohrir", day, release=True)
        with pytest.raises(UserError, match="already ends on 04.03.2025"):
            staff.preview_end_role(db, p["new"], "mohrir", day)
    assert raw_sql(db, "select count(*) from audit_entries")[0][0] == audits and not backups
    (a,) = [a for a in staff.list_assignments(db, person_id=p["new"]) if a.role == "mohrir"]
    assert a.to_date == dt.date(2025, 3, 4)
    # a planned end in the future can still be brought forward, once
    staff.assign_role(db, p["io"], "mohrir", dt.date(2025, 3, 5), dt.date(2025, 3, 31))
    staff.end_role(db, p["io"], "mohrir", "2025-03-10")
    with pytest.raises(UserError, match="already ends on 10.03.2025"):
        staff.end_role(db, p["io"], "mohrir", "2025-03-10")
