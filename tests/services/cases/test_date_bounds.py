"""Date bounds, from the statutes: nothing happens before the offence; an arrest or seizure may precede the FIR
by hours (arrest without warrant, BNSS 35; seizure, BNSS 106) but not by days without confirmation, and never
by more than a week (BNSS 58: a Magistrate within 24 hours); an entry is not made in CAS before what it records."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models.cases import Event
from app.services import cases, obligations
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up

FIR_AT = dt.datetime(2025, 3, 8, 11, 0)


def _fir(db):
    people = set_up(db)
    return cases.add_case(db, "fir", registered_at=FIR_AT, offence_date="2025-03-07", act="BNS",
                          sections="303(2)", io_person_id=people["io"]).case.id


made, db_path = starting_from("fir", lambda made_once: made_once(build_with_db(_fir)))


@pytest.fixture
def fir(db, made):
    clock.pin(NOW)  # as set_up left it
    return db, made.value


def events(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Event))


def test_an_arrest_a_year_before_the_offence_is_refused(fir):
    db, case_id = fir
    with pytest.raises(UserError) as info:
        cases.add_event(db, case_id, "arrest", occurred_at="2024-03-08 10:00", confirm=True)
    assert "before the offence" in info.value.message
    assert events(db) == 0


def test_an_arrest_on_the_offence_day_hours_before_the_fir_is_accepted(fir):
    db, case_id = fir
    r = cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT - dt.timedelta(hours=3))
    (iif3,) = r.obligations
    assert iif3.duty_code == "C-2" and iif3.due_at == FIR_AT + dt.timedelta(hours=21)


def test_an_arrest_two_days_before_the_fir_needs_confirmation(db):
    people = set_up(db)
    case_id = cases.add_case(db, "fir", registered_at=FIR_AT, offence_date="2025-03-05", act="BNS",
                             sections="303(2)", io_person_id=people["io"]).case.id
    two_days = FIR_AT - dt.timedelta(days=2)
    with pytest.raises(cases.NeedsConfirmation) as info:
        cases.add_event(db, case_id, "arrest", occurred_at=two_days)
    assert "48 hours before" in info.value.message and events(db) == 0
    cases.add_event(db, case_id, "arrest", occurred_at=two_days, confirm=True)
    assert events(db) == 1


def test_an_arrest_a_year_before_the_fir_is_refused_even_when_confirmed(db):
    set_up(db)
    case_id = cases.add_case(db, "fir", registered_at=FIR_AT, act="BNS", sections="303(2)").case.id  # no offence date
    with pytest.raises(UserError) as info:
        cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT - dt.timedelta(days=365), confirm=True)
    assert not isinstance(info.value, cases.NeedsConfirmation) and "BNSS 58" in info.value.message
    assert events(db) == 0


@pytest.mark.parametrize("kind", ["first-remand", "surrender", "case-diary", "interrogation"])
def test_other_events_cannot_precede_the_fir_beyond_clock_slack(fir, kind):
    db, case_id = fir
    with pytest.raises(UserError, match="before FIR"):
        cases.add_event(db, case_id, kind, occurred_at=FIR_AT - dt.timedelta(hours=2), confirm=True)
    cases.add_event(db, case_id, kind, occurred_at=FIR_AT - dt.timedelta(minutes=10))  # two PCs' clocks


def test_correcting_the_offence_date_to_after_an_event_is_refused(db):
    set_up(db)
    registered = dt.datetime(2025, 3, 10, 9, 0)
    case_id = cases.add_case(db, "fir", registered_at=registered, act="BNS", sections="303(2)").case.id
    cases.add_event(db, case_id, "arrest", occurred_at=registered - dt.timedelta(hours=10), confirm=True)  # 9 March, 23:00
    with pytest.raises(UserError, match="before the offence"):
        cases.update_case(db, case_id, offence_date="2025-03-10", reason="GD says 10 March")
    assert cases.get_case(db, case_id).info.offence_date is None
    assert cases.update_case(db, case_id, offence_date="2025-03-09", reason="GD says 9 March").offence_date == dt.date(2025, 3, 9)


def test_an_entry_cannot_be_made_in_cas_the_evening_before_the_arrest_it_records(fir):
    db, case_id = fir
    arrest_at = FIR_AT + dt.timedelta(days=1, hours=10)  # 9 March 21:00
    (iif3,) = cases.add_event(db, case_id, "arrest", occurred_at=arrest_at).obligations
    with pytest.raises(UserError, match="before the event it records"):
        obligations.mark_entered(db, [iif3.id], "IIF3-1", at=arrest_at - dt.timedelta(hours=3))
    assert obligations.get(db, iif3.id).status == "pending"
    assert obligations.mark_entered(db, [iif3.id], "IIF3-1", at=arrest_at + dt.timedelta(hours=1)) == 1


def test_an_fir_entry_cannot_be_made_before_the_fir(fir):
    db, case_id = fir
    iif1 = next(r for r in cases.get_case(db, case_id).obligations if r.duty_code == "B-2")
    with pytest.raises(UserError, match="before the event it records"):
        obligations.mark_entered(db, [iif1.id], "FIR-1", at=FIR_AT - dt.timedelta(hours=1))
    assert obligations.mark_entered(db, [iif1.id], "FIR-1", at=FIR_AT - dt.timedelta(minutes=5)) == 1
