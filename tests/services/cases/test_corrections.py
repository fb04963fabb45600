"""Corrections, as a station makes them: a wrong FIR time, a mistaken arrest, a case registered twice. The
entries follow (re-dated, or closed with the reason); nothing is deleted; each correction is audited with the
values before and after and the reason; only the SHO corrects."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.services import cases, obligations
from app.services.access import Actor
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up

TYPED = dt.datetime(2025, 3, 8, 11, 0)  # the FIR time as typed
REAL = dt.datetime(2025, 3, 7, 11, 0)  # as it stands in the GD


def _fir(db):
    people = set_up(db)
    made = cases.add_case(db, "fir", registered_at=TYPED, offence_date="2025-03-06", act="BNS", sections="303(2)",
                          io_person_id=people["io"])
    return people, made.case.id


made, db_path = starting_from("fir", lambda made_once: made_once(build_with_db(_fir)))


@pytest.fixture
def fir(db, made):
    clock.pin(NOW)  # as set_up left it
    people, case_id = made.value
    return db, dict(people), case_id


def by_duty(db, case_id) -> dict[str, obligations.ObligationRow]:
    return {r.duty_code: r for r in cases.get_case(db, case_id).obligations}


def last_audit(db, action):
    with db.session() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq.desc())).first()
        return json.loads(row.before or "null"), json.loads(row.after or "null")


def table_rows(db) -> tuple:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Case, Event, Obligation))


def test_correcting_the_fir_time_re_dates_its_entries_and_is_audited(fir):
    db, p, case_id = fir
    iif2_id = by_duty(db, case_id)["C-1"].id
    obligations.mark_entered(db, [iif2_id], "IIF2-1", at=TYPED + dt.timedelta(hours=1))
    result = cases.edit_case(db, case_id, registered_at=REAL, reason="GD entry no. 21 says 7 March 11:00")
    owed = by_duty(db, case_id)
    assert owed["B-2"].due_at == REAL + dt.timedelta(hours=24)  # Youth Bar: 24 hours from the FIR
    assert owed["C-4"].due_at == REAL + dt.timedelta(days=90)
    assert owed["C-1"].due_at == TYPED + dt.timedelta(days=3) and result.kept == [iif2_id]  # made in CAS: as judged
    assert {r["id"] for r in result.redated} == {owed["B-2"].id, owed["C-4"].id}
    assert cases.get_case(db, case_id).info.registered_at == REAL
    before, after = last_audit(db, "case.correct")
    assert before["registered_at"].startswith("2025-03-08") and after["registered_at"].startswith("2025-03-07")
    assert after["reason"] == "GD entry no. 21 says 7 March 11:00"


def test_a_correction_needs_a_reason_and_a_change(fir):
    db, p, case_id = fir
    before = table_rows(db)
    with pytest.raises(UserError, match="Reason"):
        cases.edit_case(db, case_id, registered_at=REAL, reason="  ")
    with pytest.raises(UserError, match="Nothing to correct"):
        cases.edit_case(db, case_id, registered_at=TYPED, reason="same")
    assert table_rows(db) == before and cases.get_case(db, case_id).info.registered_at == TYPED


def test_moving_the_fir_later_than_an_arrest_by_a_day_needs_confirmation(fir):
    db, p, case_id = fir
    cases.add_event(db, case_id, "arrest", occurred_at=TYPED - dt.timedelta(hours=2))
    later = TYPED + dt.timedelta(hours=22)
    with pytest.raises(cases.NeedsConfirmation):
        cases.edit_case(db, case_id, registered_at=later, reason="typed a day early")
    cases.edit_case(db, case_id, registered_at=later, reason="typed a day early", confirm=True)
    with pytest.raises(UserError, match="before the offence"):
        cases.edit_case(db, case_id, offence_date="2025-03-09", reason="offence on the 9th")


def test_voiding_a_case_closes_its_entries_with_the_reason_and_keeps_the_made_ones(fir):
    db, p, case_id = fir
    iif1 = by_duty(db, case_id)["B-2"]
    obligations.mark_entered(db, [iif1.id], "FIR-88", at=TYPED + dt.timedelta(hours=2))
    (iif3,) = cases.add_event(db, case_id, "arrest", occurred_at=TYPED + dt.timedelta(hours=3)).obligations
    pending_before = obligations.dashboard_counts(db).total.pending
    rows_before = table_rows(db)

    result = cases.void_case(db, case_id, reason="registered twice: the same FIR is case 45/2025")

    assert iif1.id in result.kept and iif3.id in result.closed
    assert table_rows(db) == rows_before  # nothing deleted
    assert obligations.count(db, obligations.ObligationFilter(case_id=case_id)) == 0  # not pending any more
    assert obligations.dashboard_counts(db).total.pending == pending_before - len(result.closed)
    with db.session() as s:
        closed = s.get(Obligation, iif3.id)
        assert closed.status == "na" and closed.na_reason == "Voided: registered twice: the same FIR is case 45/2025"
    assert obligations.get(db, iif1.id).status == "entered"  # made in CAS: stays as history
    assert cases.get_case(db, case_id).info.status == "void"
    with pytest.raises(UserError, match="voided"):
        cases.add_event(db, case_id, "arrest", occurred_at=TYPED + dt.timedelta(hours=4))
    with pytest.raises(UserError, match="voided"):
        cases.edit_case(db, case_id, registered_at=REAL, reason="too late")
    before, after = last_audit(db, "case.void")
    assert before == {"status": "open"} and after["closed"] == result.closed and after["kept"] == result.kept


def test_correcting_an_arrest_time_re_dates_its_iif3(fir):
    db, p, case_id = fir
    r = cases.add_event(db, case_id, "arrest", occurred_at=TYPED + dt.timedelta(days=1))
    (iif3,) = r.obligations
    real = TYPED + dt.timedelta(hours=5)
    result = cases.edit_event(db, r.event_id, occurred_at=real, reason="arrest memo says 16:00")
    assert [x["id"] for x in result.redated] == [iif3.id]
    assert obligations.get(db, iif3.id).due_at == real + dt.timedelta(hours=24)
    with pytest.raises(UserError, match="before the offence"):
        cases.edit_event(db, r.event_id, occurred_at="2025-03-01 10:00", reason="x", confirm=True)
    before, after = last_audit(db, "event.correct")
    assert before["occurred_at"].startswith("2025-03-09") and after["reason"] == "arrest memo says 16:00"


def last_day(remand: dt.datetime, days: int) -> dt.datetime:
    """The end of the last day of a period counted with the remand day as day 1."""
    return dt.datetime.combine(remand.date() + dt.timedelta(days=days - 1), dt.time(23, 59, 59))


def test_correcting_the_first_remand_moves_the_chargesheet_clock(fir):
    db, p, case_id = fir
    cases.add_event(db, case_id, "arrest", occurred_at=TYPED + dt.timedelta(hours=2))
    remand = cases.add_event(db, case_id, "first-remand", occurred_at=TYPED + dt.timedelta(days=1))
    real = TYPED + dt.timedelta(hours=20)
    cases.edit_event(db, remand.event_id, occurred_at=real, reason="remand order dated the 8th")
    # BNSS 187(3), under 10 years: 60 days, the remand day being day 1 (Kapil Wadhawan, SC 2023)
    assert by_duty(db, case_id)["C-4"].due_at == last_day(real, 60)


def test_voiding_a_first_remand_closes_its_entry_and_gives_the_clock_back(fir):
    db, p, case_id = fir
    remand = cases.add_event(db, case_id, "first-remand", occurred_at=TYPED + dt.timedelta(days=1))
    (e1,) = remand.obligations
    assert by_duty(db, case_id)["C-4"].due_at == last_day(TYPED + dt.timedelta(days=1), 60)
    result = cases.void_event(db, remand.event_id, reason="no remand: the accused was bailed at the station")
    assert result.closed == [e1.id] and obligations.get(db, e1.id).status == "na"
    assert by_duty(db, case_id)["C-4"].due_at == TYPED + dt.timedelta(days=90)  # nobody remanded: FIR + 90 days
    shown = {e.id: e for e in cases.get_case(db, case_id).events}[remand.event_id]
    assert shown.kind == "first-remand" and shown.voided["reason"].startswith("no remand")
    # the once-per-case check no longer sees it: the real first remand can be recorded
    again = cases.add_event(db, case_id, "first-remand", occurred_at=TYPED + dt.timedelta(days=2))
    assert by_duty(db, case_id)["C-4"].due_at == last_day(TYPED + dt.timedelta(days=2), 60)
    with pytest.raises(UserError, match="voided"):
        cases.edit_event(db, remand.event_id, occurred_at=TYPED, reason="x")
    assert again.event_id != remand.event_id


def test_voiding_a_final_report_reopens_the_case(fir):
    db, p, case_id = fir
    r = cases.add_event(db, case_id, "final-report", occurred_at=TYPED + dt.timedelta(days=1))
    assert cases.get_case(db, case_id).info.status == "charge-sheeted"
    cases.void_event(db, r.event_id, reason="recorded on the wrong FIR")
    assert cases.get_case(db, case_id).info.status == "open"


def test_an_io_change_is_not_voided_but_put_right_by_a_new_one(fir):
    db, p, case_id = fir
    r = cases.add_event(db, case_id, "io-change", occurred_at=TYPED + dt.timedelta(days=1), person_id=p["sho"])
    with pytest.raises(UserError, match="new event"):
        cases.void_event(db, r.event_id, reason="wrong IO")


def test_only_the_sho_corrects(fir):
    db, p, case_id = fir
    io, sho = Actor(person_id=p["io"], label="IO"), Actor(person_id=p["sho"], label="SHO")
    mohrir = Actor(person_id=p["mohrir"], label="Mohrir")
    for actor in (io, mohrir):
        with pytest.raises(UserError):
            cases.void_case(db, case_id, reason="mistake", actor=actor)
        with pytest.raises(UserError):
            cases.edit_case(db, case_id, registered_at=REAL, reason="GD", actor=actor)
    assert cases.get_case(db, case_id).info.status == "open"
    cases.edit_case(db, case_id, registered_at=REAL, reason="GD", actor=sho)


def test_correcting_the_sections_re_derives_the_punishment_class(fir):
    db, p, case_id = fir
    assert cases.get_case(db, case_id).info.punishment_class == "lt10"
    cases.edit_case(db, case_id, sections="103(1)", reason="the victim died: murder, not theft")
    assert cases.get_case(db, case_id).info.punishment_class == "ge10"  # BNS 103(1): death or life
    before, after = last_audit(db, "case.correct")
    assert before["punishment_class"] == "lt10" and after["punishment_class"] == "ge10"
