"""Inspection visits: snapshot frozen at the visit, findings, instructions as obligations, follow-up,
permissions and audit; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.models.obligations import Obligation
from app.services import audit
from app.services.core import clock
from app.services import inspections
from app.services.access import Actor
from app.services.core.errors import NotFound, UserError

from tests.services.report_seed import TODAY, seeded_once
from tests.conftest import starting_from


made, db_path = starting_from("seeded", lambda made_once: seeded_once(made_once, obligations=300))


@pytest.fixture
def seeded(db, made):
    return made.on(db)


def _audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def _obligations(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Obligation))


def test_visit_freezes_the_pending_snapshot(db, seeded):
    v = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="Kshama Tripathi", officer_rank="co",
                              surprise=True)
    detail = inspections.get_inspection(db, v.id)
    snap = detail.snapshot
    with db.session() as s:
        pending = s.scalar(select(func.count()).select_from(Obligation).where(Obligation.status == "pending"))
    assert snap["total_pending"] == pending > 0
    assert sum(r["pending"] for r in snap["roles"].values()) == pending
    # Later work does not change what the officer saw.
    with db.session() as s:
        for ob in s.scalars(select(Obligation).where(Obligation.status == "pending").limit(20)):
            ob.status, ob.entered_at = "entered", TODAY
    assert inspections.get_inspection(db, v.id).snapshot == snap
    assert detail.info.surprise and detail.info.officer() == "Kshama Tripathi, CO"


def test_instruction_becomes_an_obligation_and_follow_up_shows_its_status(db, seeded):
    first = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="A. Singh", officer_rank="asp")
    finding = inspections.add_finding(db, first.id, text="GD not commented for 3 days", duty_code="A-1")
    sho = seeded.ids["Rajesh Kumar Tripathi"]
    mohrir = seeded.ids["Shyam Lal"]
    a = inspections.add_instruction(db, first.id, person_id=sho, text="Comment on the GD daily", due="2026-10-20",
                            finding_id=finding.id)
    b = inspections.add_instruction(db, first.id, person_id=mohrir, text="Write up the crime register", due="2026-12-01")
    assert (a.duty_code, b.duty_code) == ("A-1", "B-18")  # the finding's duty; the mohrir's catch-all
    with db.session() as s:
        ob = s.get(Obligation, a.obligation_id)
        assert ob.person_id == sho and ob.role_code == "sho" and ob.status == "pending"
        assert ob.due_at == dt.datetime(2026, 10, 20, 23, 59)
        assert ob.basis == "Inspection instruction by A. Singh (ASP) on 15.10.2026"
        ob.status, ob.entered_at = "entered", dt.datetime(2026, 10, 19, 11, 0)
    second = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="B. Rao", officer_rank="sp")
    detail = inspections.get_inspection(db, second.id)
    assert detail.previous.id == first.id
    status = {i.id: (i.status, i.overdue, i.complied) for i in detail.previous_instructions}
    assert status[a.id] == ("entered", False, True)
    assert status[b.id] == ("pending", False, False)
    listed = {i.id: i for i in inspections.list_inspections(db)}
    assert (listed[first.id].instructions, listed[first.id].instructions_open) == (2, 1)


def test_every_change_is_audited(db, seeded):
    before = _audit_count(db)
    v = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="C. Das", officer_rank="other",
                              officer_rank_other="DIG")
    inspections.add_finding(db, v.id, text="Registers kept well", role="mohrir", satisfactory=True)
    inspections.add_instruction(db, v.id, person_id=seeded.ids["Amit Verma"], text="Fix the CCTV", due="2026-11-25",
                        duty_code="D-21")
    inspections.update_inspection(db, v.id, notes="Visited with the CO")
    with db.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.seq > before)
                                           .order_by(AuditEntry.seq))]
        assert audit.verify_chain(s) == []
    assert actions == ["inspection.add", "inspection.finding", "obligation.add", "inspection.instruction",
                       "inspection.update"]


@pytest.mark.parametrize("kwargs, field", [
    ({"visit_date": "2030-01-01"}, "visit_date"),
    ({"visit_date": "31-02-2026"}, None),
    ({"officer_name": "  "}, None),
    ({"officer_rank": "dgp"}, "officer_rank"),
    ({"officer_rank": "other", "officer_rank_other": ""}, "officer_rank_other"),
])
def test_bad_visit_is_refused_and_writes_nothing(db, seeded, kwargs, field):
    args = {"visit_date": "2026-11-01", "officer_name": "K", "officer_rank": "co"} | kwargs
    before = _audit_count(db)
    with pytest.raises(UserError) as info:
        inspections.record_inspection(db, **args)
    assert info.value.message
    if field:
        assert info.value.field == field
    assert _audit_count(db) == before and inspections.list_inspections(db) == []


def test_bad_instruction_is_refused_and_writes_nothing(db, seeded):
    v = inspections.record_inspection(db, visit_date="2026-11-01", officer_name="K", officer_rank="co")
    io = seeded.ids["Priya Mishra"]
    before, obligations = _audit_count(db), _obligations(db)
    cases = [
        dict(person_id=io, text="Finish IIF-2", due="2026-11-10"),  # the IO has no catch-all duty
        dict(person_id=io, text="x", due="2026-10-01", duty_code="C-1"),  # due before the visit
        dict(person_id=io, text="x", due="2026-11-10", duty_code="B-2"),  # not the IO's duty
        dict(person_id=io, text="x", due="2026-11-10", duty_code="Z-9"),
        dict(person_id=9999, text="x", due="2026-11-10", duty_code="C-1"),
        dict(person_id=io, text="", due="2026-11-10", duty_code="C-1"),
    ]
    for kwargs in cases:
        with pytest.raises(UserError):
            inspections.add_instruction(db, v.id, **kwargs)
    # a finding about a role without a catch-all duty (the IO's), and no duty named: a message, not a KeyError
    io_finding = inspections.add_finding(db, v.id, text="IIF-2 late", role="io")
    before = _audit_count(db)
    with pytest.raises(UserError):
        inspections.add_instruction(db, v.id, person_id=io, text="x", due="2026-11-10", finding_id=io_finding.id)
    with pytest.raises(NotFound):
        inspections.add_instruction(db, 999, person_id=io, text="x", due="2026-11-10", duty_code="C-1")
    assert (_audit_count(db), _obligations(db)) == (before, obligations)
    ok = inspections.add_instruction(db, v.id, person_id=io, text="Finish IIF-2 of FIR 12", due="2026-11-10",
                             duty_code="c-1")
    assert ok.duty_code == "C-1" and ok.role == "io"


def test_permission_is_checked(db, seeded):
    mohrir = Actor(person_id=seeded.ids["Shyam Lal"], label="Shyam Lal")
    with pytest.raises(UserError) as info:
        inspections.record_inspection(db, visit_date="2026-11-01", officer_name="K", officer_rank="co", actor=mohrir)
    assert "not allowed" in info.value.message
    inspector = Actor(person_id=None, label="CO", inspector=True)
    sho = Actor(person_id=seeded.ids["Rajesh Kumar Tripathi"], label="SHO")
    v = inspections.record_inspection(db, visit_date="2026-11-01", officer_name="K", officer_rank="co", actor=sho)
    with pytest.raises(UserError):
        inspections.add_finding(db, v.id, text="x", role="io", actor=mohrir)
    assert inspector.inspector  # an inspector account is allowed by the matrix
    inspections.add_finding(db, v.id, text="x", role="io",
                    actor=Actor(person_id=seeded.ids["Priya Mishra"], label="IO", inspector=True))
    with db.session() as s:
        snap = json.loads(s.execute(select(AuditEntry.after).where(AuditEntry.action == "inspection.add")).scalar())
    assert snap["officer_name"] == "K"
    clock.pin(None)
