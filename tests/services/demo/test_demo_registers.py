"""The demo station fills every register a screen shows: equipment and faults, handholding staff,
trainings, user ids, campaigns, inspections and an account for each role (one documented password)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import accounts, audit, handholding, inspections
from app.services.access import roles_on
from app.services.core import clock
from app.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_sign_in
from app.services.station import open_database

NOW = dt.datetime(2026, 3, 10, 11, 0)
pytestmark = pytest.mark.sqlite_only("built on the demo station, an SQLite file")


@pytest.fixture(scope="module")
def demo(one_year_demo):
    result, _seen = one_year_demo.build(7, NOW)  # the one-year demo the other demo tests read (built once)
    clock.pin(NOW)
    try:
        db = open_database(one_year_demo(7, NOW))
        yield db, result
        db.close()
    finally:
        clock.pin(None)


@pytest.fixture(autouse=True)
def _at_build_time():
    clock.pin(NOW)  # the station as it stood when built
    yield
    clock.pin(None)


def test_equipment_and_cctv_with_open_and_fixed_faults(demo):
    db, result = demo
    kinds = {e.kind for e in handholding.list_equipment(db)}
    assert {"computer", "printer", "ups", "connectivity", "cctv_camera", "cctv_recorder"} <= kinds
    faults = handholding.list_faults(db)
    fixed = [f for f in faults if f.resolved_at is not None]
    still_open = [f for f in faults if f.resolved_at is None]
    assert len(fixed) >= 10 and len(still_open) == result.registers["open_faults"] >= 3
    assert any(f.equipment_kind == "cctv_camera" for f in still_open)
    assert any(f.flagged for f in still_open) and not all(f.flagged for f in still_open)
    assert any(f.escalations for f in fixed) and all(f.resolved_at >= f.reported_at for f in fixed)


def test_handholding_staff_attendance_visits_trainings_user_ids(demo):
    db, _result = demo
    staff = handholding.list_support_staff(db)
    assert len(staff) == 2 and sum(1 for s in staff if s.active) == 1
    month = handholding.month_attendance(db, (NOW.year, NOW.month - 1))
    row = next(r for r in month.staff if r.staff.active)
    assert row.present >= 15 and row.present + row.absent + row.leave == len(row.entries)
    assert len(handholding.list_visits(db)) >= 10
    assert len(handholding.list_trainings(db)) == 4
    assert handholding.untrained_staff(db)  # the IO who came last has had none
    states = [r.status for r in handholding.user_id_register(db)]
    assert states.count("requested") == 2 and states.count("missing") >= 1 and states.count("has_id") >= 8


def test_campaigns_one_finished_one_under_way(demo):
    db, _result = demo
    by_status = {c.name: c for c in handholding.list_campaigns(db)}
    assert len(by_status) == 2
    finished, running = sorted(by_status.values(), key=lambda c: c.deadline)
    assert finished.status == "done" and finished.done >= finished.target
    assert running.status != "done" and 0 < running.done < running.target


def test_two_past_inspections_with_instructions_complied_and_not(demo):
    db, _result = demo
    visits = inspections.list_inspections(db)
    assert len(visits) == 2 and all(v.visit_date < NOW.date() for v in visits)
    older = inspections.get_inspection(db, visits[-1].id)
    assert older.findings and len(older.instructions) >= 3
    complied = [i for i in older.instructions if i.complied]
    overdue = [i for i in older.instructions if i.overdue]
    assert complied and overdue  # some complied with, some not and now past their date
    newer = inspections.get_inspection(db, visits[0].id)
    assert newer.previous_instructions and any(not i.complied and not i.overdue for i in newer.instructions)


def test_every_demo_account_signs_in_with_the_documented_password(demo):
    db, _result = demo
    shown = demo_sign_in(db)
    assert shown.password == DEMO_PASSWORD
    assert shown.usernames == tuple(u for u, _r, _a in DEMO_ACCOUNTS)
    for username, role, admin in DEMO_ACCOUNTS:
        signed = accounts.sign_in(db, username, DEMO_PASSWORD)
        assert signed.account.admin is admin
        with db.session() as s:
            assert role in roles_on(s, NOW.date()).get(signed.actor.person_id, []), username
    # the SHO is not the operator, and the trail (accounts included) verifies
    report = audit.verify(db)
    assert report.intact, report.problems


def test_a_real_station_is_not_a_demo(tmp_path):
    db = open_database(tmp_path / "real.sqlite3")
    try:
        assert demo_sign_in(db) is None
    finally:
        db.close()
