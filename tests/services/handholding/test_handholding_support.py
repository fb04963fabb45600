"""Handholding staff, visits and attendance; training (D-19); CCTNS user ids (D-22); campaigns (D-24)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.services.core import clock
from app.services import staff
from app.services.core.errors import UserError
from app.services import handholding
from app.services.handholding import dashboard_summary
from app.services import handholding
from app.services import handholding

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday


@pytest.fixture
def station(station_db):
    clock.pin(NOW)
    return station_db


def _audit_count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def _person(db, name, role=None, uid=None):
    p = staff.add_person(db, name, "HC", cctns_user_id=uid)
    if role:
        staff.assign_role(db, p.id, role, "2026-01-01")
    return p


# --- support staff, visits, attendance -------------------------------------------------------------

def test_attendance_register_monday_to_saturday(station):
    st = handholding.add_support_staff(station, "Rahul Verma", "circle", "Circle Office Kotwali", vendor="NIIT",
                              from_date="2026-11-03")
    handholding.mark_attendance(station, st.id, "2026-11-03", "present", time_in="10:05", time_out="17:30")
    handholding.mark_attendance(station, st.id, "2026-11-04", "leave", note="casual leave")
    handholding.mark_attendance(station, st.id, "2026-11-05", "absent")
    # a correction: the day is marked again, the audit trail keeps the old mark
    before = _audit_count(station)
    handholding.mark_attendance(station, st.id, "2026-11-05", "present", time_in="11:00")
    assert _audit_count(station) == before + 1

    month = handholding.month_attendance(station, "2026-11")
    assert len(month.days) == 30
    m = month.staff[0]
    # November 2026: 30 days, 5 Sundays (1, 8, 15, 22, 29); posted from the 3rd (a Tuesday) → 28 days less 4 Sundays = 24 working days
    assert m.working_days == 24
    assert (m.present, m.absent, m.leave) == (2, 0, 1)
    assert m.entries[dt.date(2026, 11, 5)].time_in == dt.time(11, 0)
    # 3rd..20th: 16 working days up to today, 3 marked
    assert m.not_marked == 13


def test_attendance_bad_input_changes_nothing(station):
    st = handholding.add_support_staff(station, "Rahul Verma", "district_hq", "District HQ Lucknow", from_date="2026-11-03")
    before = _audit_count(station)
    cases = {
        "sunday": lambda: handholding.mark_attendance(station, st.id, "2026-11-08", "present"),
        "future": lambda: handholding.mark_attendance(station, st.id, "2026-11-21", "present"),
        "before posting": lambda: handholding.mark_attendance(station, st.id, "2026-11-02", "present"),
        "status": lambda: handholding.mark_attendance(station, st.id, "2026-11-04", "holiday"),
        "time on absence": lambda: handholding.mark_attendance(station, st.id, "2026-11-04", "absent", time_in="10:00"),
        "time order": lambda: handholding.mark_attendance(station, st.id, "2026-11-04", "present", time_in="17:00",
                                                 time_out="10:00"),
        "bad time": lambda: handholding.mark_attendance(station, st.id, "2026-11-04", "present", time_in="25:99"),
        "no staff": lambda: handholding.mark_attendance(station, 999, "2026-11-04", "present"),
        "office": lambda: handholding.add_support_staff(station, "X", "thana", "Y"),
        "no name": lambda: handholding.add_support_staff(station, " ", "circle", "Y"),
        "bad month": lambda: handholding.month_attendance(station, "2026-13"),
    }
    for name, call in cases.items():
        with pytest.raises(UserError) as info:
            call()
        assert info.value.message, name
    assert "Sunday" in pytest.raises(UserError, cases["sunday"]).value.message
    assert _audit_count(station) == before


def test_visits_and_end_of_service(station):
    st = handholding.add_support_staff(station, "Rahul Verma", "circle", "CO Kotwali", from_date="2026-10-01")
    v = handholding.record_visit(station, st.id, "2026-11-19 11:00", left_at="2026-11-19 13:00", purpose="Printer",
                        work_done="Driver reinstalled")
    assert handholding.list_visits(station)[0] == v
    with pytest.raises(UserError):
        handholding.record_visit(station, st.id, "2026-11-19 11:00", left_at="2026-11-19 10:00", purpose="x")
    with pytest.raises(UserError):
        handholding.record_visit(station, st.id, "2026-11-19 11:00", purpose="")
    handholding.end_support_staff(station, st.id, "2026-11-19")
    assert handholding.list_support_staff(station, include_inactive=False) == []
    with pytest.raises(UserError):
        handholding.mark_attendance(station, st.id, "2026-11-20", "present")
    # still on the November register (served part of the month)
    assert [m.staff.id for m in handholding.month_attendance(station, "2026-11").staff] == [st.id]
    assert handholding.month_attendance(station, "2026-12").staff == []


# --- training -----------------------------------------------------------------------------------------

def test_staff_without_cctns_training(station):
    a = _person(station, "Amit")
    b = _person(station, "Bina")
    c = _person(station, "Chandra")
    assert {p.id for p in handholding.untrained_staff(station)} == {a.id, b.id, c.id}
    t = handholding.add_training(station, "2026-11-10", "Rahul Verma (handholding)", "CAS login, IIF-1 entry",
                              [a.id, b.id, a.id])
    assert [pid for pid, _n in t.attendees] == [a.id, b.id]
    handholding.add_training(station, "2026-11-11", "MS Office trainer", "Excel", [c.id], cctns=False)
    assert [p.id for p in handholding.untrained_staff(station)] == [c.id]  # non-CCTNS training does not count
    assert [p.id for p in handholding.untrained_staff(station, as_of=dt.date(2026, 11, 9))] == [a.id, b.id, c.id]
    assert len(handholding.list_trainings(station)) == 2
    before = _audit_count(station)
    for call in (lambda: handholding.add_training(station, "2026-11-10", "T", "topics", []),
                 lambda: handholding.add_training(station, "2026-11-10", "T", "", [a.id]),
                 lambda: handholding.add_training(station, "2026-11-10", "T", "x", [999]),
                 lambda: handholding.add_training(station, "2026-12-10", "T", "x", [a.id])):
        with pytest.raises(UserError):
            call()
    assert _audit_count(station) == before


# --- CCTNS user ids -----------------------------------------------------------------------------------

def test_user_id_requested_then_created(station):
    new = _person(station, "New Constable")
    old = _person(station, "Old HC", uid="UPHC0101")
    rows = {r.person_id: r for r in handholding.user_id_register(station)}
    assert rows[new.id].status == "missing" and rows[old.id].status == "has_id"

    req = handholding.request_user_id(station, new.id, requested_on="2026-11-15", reference="Letter 12/2026")
    assert req.status == "requested"
    with pytest.raises(UserError):
        handholding.request_user_id(station, new.id)  # already requested
    assert [r.status for r in handholding.without_user_id(station)] == ["requested"]
    assert dashboard_summary(station).user_ids_requested == 1

    before = _audit_count(station)
    with pytest.raises(UserError) as info:  # someone else's id
        handholding.record_user_id(station, new.id, "uphc0101")
    assert "Old HC" in info.value.message
    with pytest.raises(UserError):
        handholding.record_user_id(station, new.id, "UP 123")
    with pytest.raises(UserError):
        handholding.record_user_id(station, new.id, "UPC0202", created_on="2026-11-14")  # before the request
    assert _audit_count(station) == before

    done = handholding.record_user_id(station, new.id, "UPC0202", created_on="2026-11-18")
    assert done.id == req.id and done.status == "created" and done.user_id == "UPC0202"
    person = next(p for p in staff.list_persons(station) if p.id == new.id)
    assert person.cctns_user_id == "UPC0202"  # written onto the person
    assert handholding.without_user_id(station) == []
    with pytest.raises(UserError):
        handholding.request_user_id(station, new.id)


def test_a_request_made_in_error_is_cancelled_and_kept(station):
    new = _person(station, "New Constable")
    req = handholding.request_user_id(station, new.id, requested_on="2026-11-15")
    before = _audit_count(station)
    with pytest.raises(UserError, match="Reason is required"):
        handholding.cancel_request(station, new.id, " ")
    assert _audit_count(station) == before
    done = handholding.cancel_request(station, new.id, "requested for the wrong person")
    assert (done.id, done.status) == (req.id, "cancelled") and _audit_count(station) == before + 1
    assert dashboard_summary(station).user_ids_requested == 0
    assert [r.status for r in handholding.without_user_id(station)] == ["missing"]
    with pytest.raises(UserError, match="No CCTNS user id has been requested"):
        handholding.cancel_request(station, new.id, "again")
    assert handholding.request_user_id(station, new.id).status == "requested"  # a new request can be made


def test_shared_ids_are_shown(station):
    # ids typed on the staff list directly are not checked there; the register shows the clash
    a = _person(station, "A", uid="SHARED1")
    b = _person(station, "B", uid="shared1")
    rows = {r.person_id: r for r in handholding.user_id_register(station)}
    assert rows[a.id].shared_with == ("B",) and rows[b.id].shared_with == ("A",)
    assert dashboard_summary(station).shared_user_ids == 2


# --- campaigns ----------------------------------------------------------------------------------------

def test_count_campaign_progress_and_schedule(station):
    c = handholding.add_campaign(station, "Missing persons back-log", "2026-11-30", started_on="2026-11-01",
                         target_count=100)
    # day 20 of 30: 66 expected by now
    assert (c.target, c.done, c.expected, c.status) == (100, 0, 66, "behind")
    c = handholding.record_progress(station, c.id, 70, on="2026-11-19", note="week 1-3")
    assert (c.done, c.status) == (70, "on_track")
    assert dashboard_summary(station).campaigns_behind == ()
    c = handholding.record_progress(station, c.id, 30)
    assert c.status == "done"
    late = handholding.add_campaign(station, "Arms licences", "2026-11-10", started_on="2026-11-01", target_count=5)
    assert late.status == "overdue"
    assert [x.name for x in dashboard_summary(station).campaigns_behind] == ["Arms licences"]
    before = _audit_count(station)
    for call in (lambda: handholding.add_campaign(station, "X", "2026-10-01", started_on="2026-11-01", target_count=3),
                 lambda: handholding.add_campaign(station, "X", "2026-12-01"),  # no target
                 lambda: handholding.add_campaign(station, "X", "2026-12-01", target_count=3, form="IIF-1"),  # two
                 lambda: handholding.add_campaign(station, "", "2026-12-01", target_count=3),
                 lambda: handholding.add_campaign(station, "X", "2026-12-01", target_count=0),
                 lambda: handholding.add_campaign(station, "X", "2026-12-01", obligation_ids=[12345]),
                 lambda: handholding.add_campaign(station, "X", "2026-12-01", form="IIF-99"),  # matches nothing
                 lambda: handholding.record_progress(station, c.id, -4),
                 lambda: handholding.record_progress(station, 999, 4)):
        with pytest.raises(UserError):
            call()
    assert _audit_count(station) == before


def test_entries_campaign_follows_the_obligations(station):
    from app.services import cases, obligations

    _person(station, "Mohrir", "mohrir")
    _person(station, "IO", "io")
    _person(station, "Operator", "operator")
    made = []
    for n in (1, 2, 3):
        made += cases.add_case(station, "fir", registered_at=dt.datetime(2026, 11, 18, 9 + n), number=n,
                               year=2026, act="BNS", sections="303(2)").obligations
    iif1 = [o.id for o in made if o.form == "IIF-1"]
    assert len(iif1) == 3
    c = handholding.add_campaign(station, "FIRs of November", "2026-11-25", started_on="2026-11-19", form="IIF-1")
    assert c.target_kind == "entries" and c.target == 3 and c.done == 0 and "IIF-1" in c.selection
    assert sorted(handholding.campaign_entries(station, c.id)) == sorted(iif1)
    obligations.mark_entered(station, iif1[:2], "CAS-1")
    c = next(x for x in handholding.list_campaigns(station) if x.id == c.id)
    assert c.done == 2 and c.status == "on_track"
    with pytest.raises(UserError):
        handholding.record_progress(station, c.id, 1)  # progress comes from the entries
    by_ids = handholding.add_campaign(station, "Two entries", "2026-11-30", obligation_ids=[iif1[2], iif1[2]])
    assert by_ids.target == 1


def test_marking_many_days_is_one_call_that_skips_and_says_the_refused_days(station):
    st = handholding.add_support_staff(station, "Rahul Verma", "district_hq", "District HQ Lucknow", from_date="2026-11-03")
    before = _audit_count(station)
    result = handholding.mark_days(station, [(st.id, "2026-11-04"), (st.id, "2026-11-08"), (st.id, "2026-11-05"),
                                             (st.id, "2026-11-02")], "present")
    assert result.done == 2 and len(result.problems) == 2  # a Sunday and a day before the posting
    assert any("Sunday" in p for p in result.problems) and any("not serving" in p for p in result.problems)
    assert _audit_count(station) == before + 2
    entries = handholding.month_attendance(station, "2026-11").staff[0].entries
    assert {(str(d), e.status) for d, e in entries.items()} == {("2026-11-04", "present"), ("2026-11-05", "present")}
