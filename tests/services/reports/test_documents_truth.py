"""Documents tell the truth at their edges (issue 17, found by a hostile reading): a period before the
station's records begin is refused, not reported as "not followed"; the SP's earlier instructions still not
complied with are in the next compliance report; the A-2 table reconciles (previous backlog + made -
verified = backlog at the end); a slip is not printed for a person who has left and owes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.models.obligations import Obligation
from app.services import inspections, staff
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.reports import build_compliance, checklist_data, compliance_data, pendency_data, slip_data
from app.services.station import init_station
from tests.services.report_seed import TODAY, backdate_station, seed_station


def test_a_period_before_the_station_was_set_up_is_refused(db):
    clock.pin(TODAY)
    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")  # set up today, 2026-11-20, no cases yet
    for read in (compliance_data, pendency_data):
        with pytest.raises(UserError, match="before the station's records begin \\(2026-11-20\\)"):
            read(db, "2026-10-01", "2026-10-31")
    with pytest.raises(UserError, match="2026-11-19 is before"):
        checklist_data(db, as_of=dt.date(2026, 11, 19))
    # a period that reaches the set-up day is the station's to report
    assert compliance_data(db, "2026-11-01", "2026-11-20").period.end.totals.pending == 0
    backdate_station(db, dt.date(2026, 1, 1))
    assert compliance_data(db, "2026-10-01", "2026-10-31").date_to == dt.date(2026, 10, 31)


def test_back_dated_cases_move_the_records_start_back(db):
    seeded = seed_station(db, obligations=200)
    backdate_station(db, TODAY.date())  # set up today, but the seeded cases go back months
    with db.session() as s:
        first = s.scalar(select(Obligation.anchor_at).order_by(Obligation.anchor_at).limit(1)).date()
    assert seeded.obligations and first < TODAY.date()
    assert compliance_data(db, first.isoformat(), first.isoformat()).date_to == first
    day_before = first - dt.timedelta(days=1)
    with pytest.raises(UserError, match=f"records begin \\({first.isoformat()}\\)"):
        compliance_data(db, day_before.isoformat(), day_before.isoformat())


def test_earlier_instructions_still_open_are_reported_with_the_text(db, tmp_path):
    seeded = seed_station(db, obligations=50)
    v = inspections.record_inspection(db, visit_date="2026-09-15", officer_name="Kshama Tripathi",
                                      officer_rank="co", surprise=True)
    person = seeded.ids["Rajesh Kumar Tripathi"]
    late = inspections.add_instruction(db, v.id, person_id=person, text="Comment on every GD", due="2026-09-20")
    done = inspections.add_instruction(db, v.id, person_id=person, text="Register the lost phones", due="2026-09-25")
    with db.session() as s:  # the second was complied with in September, before the period
        s.execute(update(Obligation).where(Obligation.id == done.obligation_id)
                  .values(status="entered", entered_at=dt.datetime(2026, 9, 24, 11)))
    data = compliance_data(db, "2026-10-01", "2026-10-31")
    assert not data.inspections and [i.text for i in data.earlier_instructions] == ["Comment on every GD"]
    assert data.instruction_status[late.id] == "overdue"
    out = tmp_path / "c.pdf"
    build_compliance(db, out, date_from="2026-10-01", date_to="2026-10-31", lang="en", data=data)
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "No inspection was recorded in the period." in text
    assert "Instructions of earlier inspections not yet complied with when the period began" in text
    assert "Comment on every GD" in text and "Register the lost phones" not in text
    assert "0 of 1 instructions complied with." in text
    # in September's own report the visit is in the period: the instruction is listed once, not as earlier
    sept = compliance_data(db, "2026-09-01", "2026-09-30")
    assert [i.text for i in sept.instructions] == ["Comment on every GD", "Register the lost phones"]
    assert sept.earlier_instructions == []


def test_verification_table_reconciles(db):
    seed_station(db, obligations=400)
    with db.session() as s:  # entries made ahead of the day they arose, and one verified: the edge cases
        ids = s.scalars(select(Obligation.id).where(Obligation.anchor_at > dt.datetime(2026, 10, 10))
                        .order_by(Obligation.id).limit(3)).all()
        for n, oid in enumerate(ids):
            o = s.get(Obligation, oid)
            o.status = "verified" if n == 0 else "entered"
            o.entered_at = o.anchor_at - dt.timedelta(days=3)
            o.verified_at = o.anchor_at + dt.timedelta(hours=1) if n == 0 else None
    for start, end in (("2026-10-01", "2026-10-31"), ("2026-10-11", "2026-11-20"), ("2026-06-01", "2026-11-19"),
                       ("2026-11-01", "2026-11-20")):
        p = compliance_data(db, start, end).period
        assert p.previous.totals.awaiting_verification + p.made - p.verified == p.end.totals.awaiting_verification, \
            (start, end, p.previous.totals.awaiting_verification, p.made, p.verified)


def test_no_slip_for_a_person_who_left_and_owes_nothing(db):
    seeded = seed_station(db, obligations=20)
    gone = staff.add_person(db, "Gone Constable", "Constable", pno=None)
    staff.update_person(db, gone.id, active=False)
    with pytest.raises(UserError, match="Gone Constable .* no longer on the station's active staff"):
        slip_data(db, [seeded.ids["Rajesh Kumar Tripathi"], gone.id])
    assert slip_data(db, [seeded.ids["Rajesh Kumar Tripathi"]])[2][0].name == "Rajesh Kumar Tripathi"
