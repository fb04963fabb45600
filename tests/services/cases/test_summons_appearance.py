"""Summons and warrants with the court's appearance date: the SHO gets the process served (A-7) and the court
pairokar enters it (E-2) before the day the person must appear; the flat 7 days / 24 hours of station policy
stand only when the appearance is further off."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up

RECEIVED = dt.datetime(2025, 3, 10, 10, 0)


def _fir(db):
    set_up(db)
    clock.pin(NOW)
    return cases.add_case(db, "fir", registered_at="2025-01-05 10:00", act="BNS", sections="303(2)").case.id


made, db_path = starting_from("fir", lambda made_once: made_once(build_with_db(_fir)))


@pytest.fixture
def fir(db, made):
    clock.pin(NOW)  # as set_up left it
    case_id = made.value
    return db, case_id


def owed(result):
    return {r.duty_code: r for r in result.obligations}


def test_appearance_in_three_days_brings_a7_before_it(fir):
    db, case_id = fir
    made = owed(cases.add_event(db, case_id, "summons", occurred_at=RECEIVED,
                                details={"kind": "summons", "appearance": "2025-03-13"}))
    assert made["A-7"].due_at == dt.datetime(2025, 3, 12, 23, 59, 59)  # not 17 March (7 days)
    assert "appearance date 13.03.2025" in made["A-7"].basis_en and "13.03.2025" in made["A-7"].basis_hi
    assert made["E-2"].due_at == RECEIVED + dt.timedelta(hours=24)  # 24 hours is earlier still
    assert made["E-2"].due_at < dt.datetime(2025, 3, 13)


def test_appearance_next_day_brings_both_forward(fir):
    db, case_id = fir
    made = owed(cases.add_event(db, case_id, "summons", occurred_at=RECEIVED, details={"appearance": "2025-03-11"}))
    assert made["A-7"].due_at == made["E-2"].due_at == dt.datetime(2025, 3, 10, 23, 59, 59)


def test_a_distant_appearance_leaves_the_usual_terms(fir):
    db, case_id = fir
    made = owed(cases.add_event(db, case_id, "summons", occurred_at=RECEIVED, details={"appearance": "2025-04-30"}))
    assert made["A-7"].due_at == RECEIVED + dt.timedelta(days=7) and "appearance" not in made["A-7"].basis_en
    no_date = owed(cases.add_event(db, case_id, "summons", occurred_at=RECEIVED))
    assert no_date["A-7"].due_at == RECEIVED + dt.timedelta(days=7)


def test_an_appearance_before_the_summons_is_refused(fir):
    db, case_id = fir
    with pytest.raises(UserError, match="before the summons was received"):
        cases.add_event(db, case_id, "summons", occurred_at=RECEIVED, details={"appearance": "2025-03-09"})
    with pytest.raises(UserError, match="summons or warrant only"):
        cases.add_event(db, case_id, "hearing", occurred_at=RECEIVED, details={"appearance": "2025-03-12"})


def test_correcting_the_summons_date_keeps_the_appearance_limit(fir):
    db, case_id = fir
    r = cases.add_event(db, case_id, "summons", occurred_at=RECEIVED, details={"appearance": "2025-03-13"})
    cases.edit_event(db, r.event_id, occurred_at=RECEIVED - dt.timedelta(days=3), reason="received on the 7th")
    rows = {o.duty_code: o for o in cases.get_case(db, case_id).obligations if o.event_id == r.event_id}
    assert rows["A-7"].due_at == dt.datetime(2025, 3, 12, 23, 59, 59)  # 7 days from the 7th = 14th: later
    assert rows["E-2"].due_at == RECEIVED - dt.timedelta(days=2)


def test_a_changed_rule_applied_to_open_entries_keeps_the_appearance_limit(fir):
    from app.services import obligations

    db, case_id = fir
    r = cases.add_event(db, case_id, "summons", occurred_at=RECEIVED, details={"appearance": "2025-03-13"})
    a7 = owed(r)["A-7"].id
    obligations.update_rule(db, "summons.serve", days=3)  # 13 March 10:00: still after the day before appearance
    obligations.recompute(db)
    row = obligations.get(db, a7)
    assert row.due_at == dt.datetime(2025, 3, 12, 23, 59, 59) and "appearance" in row.basis_en
    obligations.update_rule(db, "summons.serve", days=1)  # 11 March 10:00: the rule is earlier now
    assert [i.new_due for i in obligations.preview_recompute(db) if i.obligation_id == a7] == [RECEIVED + dt.timedelta(days=1)]
    obligations.recompute(db)
    row = obligations.get(db, a7)
    assert row.due_at == RECEIVED + dt.timedelta(days=1) and "appearance" not in row.basis_en
