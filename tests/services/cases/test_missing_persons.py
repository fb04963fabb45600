"""Missing persons and bodies, as a station handles them: a missing person traced closes the case (no more
matching owed); a missing person matched with an unidentified body links both cases; an inquest owes its entry
within the 24 hours BNSS 194(2) gives the inquest report."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models.obligations import Obligation
from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up

REPORTED = dt.datetime(2025, 3, 1, 9, 0)


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(set_up)))


@pytest.fixture
def station(db, made):
    """The station (tests/services/cases/station_for_dates.py) set up once for the module, each test its own copy;
    the clock at NOW as set_up left it."""
    clock.pin(NOW)
    return db, dict(made.value)


def missing(db, at=REPORTED):
    return cases.add_case(db, "missing", registered_at=at, description="Seema, 14, left for school")


def by_duty(db, case_id):
    return {r.duty_code: r for r in cases.get_case(db, case_id).obligations}


def test_traced_closes_the_missing_case_and_its_matching(station):
    db, p = station
    case = missing(db)
    b12 = by_duty(db, case.case.id)["B-12"]
    r = cases.add_event(db, case.case.id, "traced", occurred_at=REPORTED + dt.timedelta(days=2))
    assert [o.duty_code for o in r.obligations] == ["B-5"]  # IIF-8 updated
    assert r.obligations[0].due_at == REPORTED + dt.timedelta(days=3)
    assert r.closed == [b12.id]
    with db.session() as s:
        ob = s.get(Obligation, b12.id)
        assert ob.status == "na" and "traced" in ob.na_reason
    assert cases.get_case(db, case.case.id).info.status == "traced"
    with pytest.raises(UserError, match="already closed"):
        cases.add_event(db, case.case.id, "recovered", occurred_at=REPORTED + dt.timedelta(days=3))
    # traced by mistake: voided, the matching is owed again and the case is open
    cases.void_event(db, r.event_id, reason="another girl of the same name")
    with db.session() as s:
        assert s.get(Obligation, b12.id).status == "pending"
    assert cases.get_case(db, case.case.id).info.status == "open"


def test_traced_only_on_a_missing_person(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=REPORTED, act="BNS", sections="303(2)")
    with pytest.raises(UserError, match="not recorded on"):
        cases.add_event(db, fir.case.id, "traced", occurred_at=REPORTED + dt.timedelta(days=1))
    assert "traced" in cases.event_kinds_for("missing") and "traced" not in cases.event_kinds_for("fir")
    assert "arrest" not in cases.event_kinds_for("missing") and "arrest" in cases.event_kinds_for("fir")


def test_a_match_links_both_cases(station):
    db, p = station
    seema = missing(db).case.id
    body = cases.add_case(db, "unidentified-body", registered_at=REPORTED + dt.timedelta(days=4)).case.id
    on_missing, on_body = cases.match_cases(db, seema, body, occurred_at=REPORTED + dt.timedelta(days=5),
                                            note="identified by her father from clothes")
    shown = cases.get_case(db, seema)
    assert [(x["case_id"], x["event_id"]) for x in shown.links] == [(body, on_missing)]
    assert [(x["case_id"], x["event_id"]) for x in cases.get_case(db, body).links] == [(seema, on_body)]
    assert shown.info.status == "matched" and cases.get_case(db, body).info.status == "identified"
    assert "B-12" in {o.duty_code for o in shown.obligations if o.status == "pending"}  # the match goes into CAS
    with pytest.raises(UserError, match="already"):
        cases.match_cases(db, missing(db).case.id, body, occurred_at=REPORTED + dt.timedelta(days=6))
    # a wrong match voided: both cases lose it
    cases.void_event(db, on_body, reason="DNA did not match")
    assert cases.get_case(db, seema).links == [] and cases.get_case(db, body).links == []
    assert cases.get_case(db, seema).info.status == "open" and cases.get_case(db, body).info.status == "open"


@pytest.mark.parametrize("kinds", [("missing", "missing"), ("fir", "unidentified-body"), ("missing", "mlc")])
def test_only_a_missing_person_and_a_found_person_or_body_match(station, kinds):
    db, p = station
    a, b = (cases.add_case(db, k, registered_at=REPORTED, **({"act": "BNS", "sections": "303(2)"} if k == "fir" else {}))
            .case.id for k in kinds)
    with pytest.raises(UserError):
        cases.match_cases(db, a, b, occurred_at=REPORTED + dt.timedelta(days=1))
    with pytest.raises(UserError, match="match command"):
        cases.add_event(db, a, "matched", occurred_at=REPORTED + dt.timedelta(days=1))


def test_a_match_before_either_case_existed_is_refused(station):
    db, p = station
    seema = missing(db).case.id
    body = cases.add_case(db, "unidentified-body", registered_at=REPORTED + dt.timedelta(days=4)).case.id
    with pytest.raises(UserError, match="before"):
        cases.match_cases(db, seema, body, occurred_at=REPORTED + dt.timedelta(days=2))


def test_inquest_owes_its_entry_within_24_hours(station):
    db, p = station
    body = cases.add_case(db, "unidentified-body", registered_at=REPORTED).case.id
    r = cases.add_event(db, body, "inquest", occurred_at=REPORTED + dt.timedelta(hours=3))
    (entry,) = r.obligations
    assert entry.duty_code == "D-1" and entry.person_id == p["operator"]
    assert entry.due_at == REPORTED + dt.timedelta(hours=27)  # BNSS 194(2): 24 hours
    assert "194(2)" in entry.basis_en and "194(2)" in entry.basis_hi
    with db.session() as s:
        assert s.scalar(select(Obligation.rule_key).where(Obligation.id == entry.id)) == "inquest.report"
    missing_case = missing(db).case.id
    with pytest.raises(UserError, match="not recorded on"):
        cases.add_event(db, missing_case, "inquest", occurred_at=REPORTED + dt.timedelta(hours=3))
