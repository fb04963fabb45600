"""Equipment register and fault log: report, escalate, resolve, flag old faults, time to fix."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.models.handholding import EquipmentFault
from app.services.core import clock
from app.services.access import Actor
from app.services.core.errors import UserError
from app.services.handholding import dashboard_summary
from app.services import handholding
from app.services.staff import add_person, assign_role

NOW = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def station(station_db):
    clock.pin(NOW)
    return station_db


def _audit_count(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_fault_flow_report_escalate_resolve(station):
    cam = handholding.add_equipment(station, "cctv_camera", "Camera at the gate", serial_no="CAM-1", location="Gate")
    nvr = handholding.add_equipment(station, "cctv_recorder", "NVR")
    assert [e.kind for e in handholding.list_equipment(station)] == ["cctv_camera", "cctv_recorder"]

    f = handholding.report_fault(station, cam.id, "No picture", reported_at="2026-11-15 09:00", reported_by="HC Ram")
    assert f.open and f.age_days == 5 and f.flagged  # older than the default 3 days
    f = handholding.escalate_fault(station, f.id, "District nodal officer", escalated_at="2026-11-17 11:00",
                          ticket_no="HD-501", note="no reply from helpdesk")
    assert f.ticket_no == "HD-501" and f.escalations[0].escalated_to == "District nodal officer"
    summary = dashboard_summary(station)
    assert summary.cctv_working is False and summary.cctv_faulty == 1 and summary.cctv_items == 2
    assert summary.open_faults == 1 and summary.flagged_faults == 1 and summary.oldest_open_fault_days == 5

    f = handholding.resolve_fault(station, f.id, "Cable replaced", resolved_at="2026-11-18 09:00", resolved_by="Vendor")
    assert not f.open and f.hours_to_fix == 72 and not f.flagged
    assert handholding.list_faults(station, open_only=True) == []
    assert dashboard_summary(station).cctv_working is True
    # Seen from before the fix, the fault was open.
    past = handholding.list_faults(station, open_only=True, as_of=dt.datetime(2026, 11, 16, 12))
    assert [r.id for r in past] == [f.id] and past[0].escalations == ()
    assert nvr.open_faults == 0


def test_threshold_is_configurable(station):
    pc = handholding.add_equipment(station, "computer", "CCTNS PC 1")
    handholding.report_fault(station, pc.id, "Does not boot", reported_at="2026-11-18 09:00", reported_by="Operator")
    assert handholding.list_faults(station, open_only=True)[0].flagged is False  # 2 days < 3
    assert handholding.set_fault_threshold(station, "1") == 1
    assert handholding.list_faults(station, open_only=True)[0].flagged is True
    before = _audit_count(station)
    with pytest.raises(UserError):
        handholding.set_fault_threshold(station, 0)
    with pytest.raises(UserError):
        handholding.set_fault_threshold(station, "three")
    assert handholding.get_fault_threshold(station) == 1 and _audit_count(station) == before


def test_fix_times_per_kind(station):
    pc = handholding.add_equipment(station, "computer", "PC 1")
    ups = handholding.add_equipment(station, "ups", "UPS 1")
    for start, hours in (("2026-11-01 10:00", 2), ("2026-11-02 10:00", 10), ("2026-11-03 10:00", 30)):
        f = handholding.report_fault(station, pc.id, "fault", reported_at=start, reported_by="Operator")
        handholding.resolve_fault(station, f.id, "fixed",
                         resolved_at=dt.datetime.fromisoformat(start) + dt.timedelta(hours=hours))
    handholding.report_fault(station, ups.id, "battery dead", reported_at="2026-11-19 10:00", reported_by="Operator")
    times = {t.kind: t for t in handholding.fix_times(station)}
    assert times["computer"].resolved == 3 and times["computer"].median_hours == 10
    assert times["computer"].max_hours == 30 and times["computer"].open == 0
    assert times["ups"].resolved == 0 and times["ups"].median_hours is None and times["ups"].open == 1


def test_bad_input_changes_nothing(station):
    pc = handholding.add_equipment(station, "computer", "PC 1", serial_no="SN1")
    f = handholding.report_fault(station, pc.id, "slow", reported_at="2026-11-19 10:00", reported_by="Op", ticket_no="T1")
    before = _audit_count(station)
    bad = [
        lambda: handholding.add_equipment(station, "toaster", "x"),
        lambda: handholding.add_equipment(station, "computer", ""),
        lambda: handholding.add_equipment(station, "computer", "PC 2", serial_no="SN1"),
        lambda: handholding.report_fault(station, 999, "x", reported_by="Op"),
        lambda: handholding.report_fault(station, pc.id, "", reported_by="Op"),
        lambda: handholding.report_fault(station, pc.id, "x"),  # nobody named
        lambda: handholding.report_fault(station, pc.id, "x", reported_by="Op", reported_at="2026-12-01 10:00"),
        lambda: handholding.report_fault(station, pc.id, "x", reported_by="Op", ticket_no="T1"),
        lambda: handholding.resolve_fault(station, f.id, "fixed", resolved_at="2026-11-18 10:00"),  # before the report
        lambda: handholding.resolve_fault(station, f.id, ""),
        lambda: handholding.escalate_fault(station, f.id, ""),
        lambda: handholding.retire_equipment(station, pc.id, "2026-11-20", "condemned"),  # open fault
    ]
    for call in bad:
        with pytest.raises(UserError) as info:
            call()
        assert info.value.message
    assert _audit_count(station) == before
    handholding.resolve_fault(station, f.id, "restarted")
    with pytest.raises(UserError):
        handholding.resolve_fault(station, f.id, "again")
    with pytest.raises(UserError):
        handholding.escalate_fault(station, f.id, "helpdesk")


def test_retired_equipment_leaves_the_register_but_is_kept(station):
    pc = handholding.add_equipment(station, "computer", "Old PC")
    handholding.retire_equipment(station, pc.id, "2026-11-19", "condemned")
    assert handholding.list_equipment(station) == []
    assert [e.id for e in handholding.list_equipment(station, include_retired=True)] == [pc.id]
    with pytest.raises(UserError):
        handholding.report_fault(station, pc.id, "x", reported_by="Op")


def test_permissions_and_audit(station):
    court = add_person(station, "Court Pairokar", "HC")
    assign_role(station, court.id, "court", "2026-01-01")
    op = add_person(station, "Operator", "CO")
    assign_role(station, op.id, "operator", "2026-01-01")
    with pytest.raises(UserError):
        handholding.add_equipment(station, "printer", "Printer", actor=Actor(court.id, "Court Pairokar"))
    item = handholding.add_equipment(station, "printer", "Printer", actor=Actor(op.id, "Operator"))
    f = handholding.report_fault(station, item.id, "paper jam", actor=Actor(op.id, "Operator"))
    assert f.reported_by == "Operator"  # the acting person, by name
    with station.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).order_by(AuditEntry.seq))]
        assert actions[-2:] == ["equipment.add", "fault.report"]
        assert s.get(EquipmentFault, f.id).reported_by_id == op.id
