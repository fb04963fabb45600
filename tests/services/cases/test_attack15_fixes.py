"""Findings of a hostile test (issue 15): corrections through the back door, voided entries reopened, sexual-offence
FIRs offered for upload, late NDPS extensions, events out of order, bad names and ids."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases
from app.services.access import Actor
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up

FIR_AT = dt.datetime(2025, 1, 10, 10, 0)


def _murder(db):
    people = set_up(db)
    made = cases.add_case(db, "fir", registered_at=FIR_AT, offence_date="2025-01-09", act="BNS", sections="103(1)",
                          io_person_id=people["io"])
    return people, made.case.id


made, db_path = starting_from("murder", lambda made_once: made_once(build_with_db(_murder)))


@pytest.fixture
def murder(db, made):
    clock.pin(NOW)  # as set_up left it
    people, case_id = made.value
    return db, dict(people), case_id


def test_f13_sections_change_through_update_needs_the_sho_and_a_reason(murder):
    db, p, case_id = murder
    operator, sho = Actor(person_id=p["operator"], label="Operator"), Actor(person_id=p["sho"], label="SHO")
    with pytest.raises(UserError, match="not allowed"):
        cases.update_case(db, case_id, sections="115(2)", reason="victim survived", actor=operator)
    with pytest.raises(UserError, match="say why"):
        cases.update_case(db, case_id, sections="115(2)", actor=sho)
    with pytest.raises(UserError, match="at least 5"):
        cases.update_case(db, case_id, punishment_class="lt10", punishment_reason=" . ", actor=sho)
    assert cases.get_case(db, case_id).info.punishment_class == "ge10"
    # what is not a correction stays the desk's
    assert cases.update_case(db, case_id, description="Body found near canal", actor=operator).description
    info = cases.update_case(db, case_id, sections="115(2)", reason="victim survived: hurt", actor=sho)
    assert info.punishment_class == "lt10"


def test_f4_entries_of_a_voided_case_or_event_stay_closed(murder):
    from app.services import obligations

    db, p, case_id = murder
    arrest = cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT + dt.timedelta(hours=2), accused="Raju")
    cases.void_event(db, arrest.event_id, reason="recorded on the wrong case")
    ev_entry = arrest.obligations[0].id
    fir_entry = cases.get_case(db, case_id).obligations[0].id

    def refused(oid, needle):
        from app.services import obligations

        status = {r.id: r.status for r in cases.get_case(db, case_id).obligations}[oid]
        for call in (lambda: obligations.reopen(db, oid, "test"), lambda: obligations.mark_entered(db, [oid], "CAS-1"),
                     lambda: obligations.mark_na(db, oid, "not needed"),
                     lambda: obligations.verify(db, [oid], by_person_id=p["sho"])):
            with pytest.raises(UserError, match=needle):
                call()
        assert {r.id: r.status for r in cases.get_case(db, case_id).obligations}[oid] == status == "na"

    refused(ev_entry, "voided event")
    cases.void_case(db, case_id, reason="registered twice")
    refused(fir_entry, "voided case")


def test_f24_a_rape_or_pocso_fir_is_sensitive_whatever_the_form_said(db):
    p = set_up(db)
    made = cases.add_case(db, "fir", registered_at=FIR_AT, offence_date="2025-01-09", act="POCSO", sections="7/8",
                          io_person_id=p["io"])
    assert made.case.sensitive and any("Nipun Saxena" in w for w in made.warnings)
    b2 = [r for r in made.obligations if r.duty_code == "B-2"]
    assert b2 and all("not uploaded" in r.basis for r in b2)
    with pytest.raises(UserError, match="stays sensitive"):
        cases.update_case(db, made.case.id, sensitive=False)
    theft = cases.add_case(db, "fir", registered_at=FIR_AT, offence_date="2025-01-09", act="BNS", sections="303(2)")
    assert not theft.case.sensitive
    info = cases.update_case(db, theft.case.id, sections="64(1)", reason="the complaint is of rape")
    assert info.sensitive and info.punishment_class == "sexual"


def test_f16_an_ndps_extension_ordered_after_the_last_day_is_refused(db):
    from app.services.core import clock

    p = set_up(db)
    clock.pin(dt.datetime(2025, 8, 1, 9))
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="NDPS", sections="21(c)",
                          io_person_id=p["io"], punishment_class="ndps").case
    a, _r = cases.add_accused(db, case.id, "Bablu", arrested_at="2025-01-01 05:00")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 14:00", accused=a.id)
    # day 180 = 29 June 2025: an order of 30 June comes after his right to default bail accrued
    with pytest.raises(UserError, match="had accrued"):
        cases.extend_period(db, a.id, 365, ordered_on="2025-06-30")
    assert cases.get_accused(db, a.id).period_days == 180
    assert cases.extend_period(db, a.id, 365, ordered_on="2025-06-29").period_days == 365


def test_f6_f5_f9_event_edit_keeps_the_order_of_events_and_court_events_need_a_chargesheet(murder):
    from app.services.cases.bounds import NeedsConfirmation  # noqa: F401  (the same bounds as on adding)

    db, p, case_id = murder
    arrest = cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT + dt.timedelta(hours=2), accused="Raju")
    remand = cases.add_event(db, case_id, "first-remand", occurred_at=FIR_AT + dt.timedelta(days=1), accused="Raju")
    with pytest.raises(UserError, match="before Raju was arrested"):
        cases.edit_event(db, remand.event_id, occurred_at=FIR_AT + dt.timedelta(hours=1), reason="typed wrong")
    with pytest.raises(UserError, match="before Raju was arrested"):
        cases.edit_event(db, arrest.event_id, occurred_at=FIR_AT + dt.timedelta(days=2), reason="typed wrong")
    assert [e.occurred_at for e in cases.get_case(db, case_id).events] == [
        FIR_AT + dt.timedelta(hours=2), FIR_AT + dt.timedelta(days=1)]
    # F5: a court's disposal or an appeal's result before any chargesheet
    with pytest.raises(UserError, match="before any chargesheet"):
        cases.add_event(db, case_id, "disposal", occurred_at=FIR_AT + dt.timedelta(days=3))
    with pytest.raises(UserError, match="before the disposal"):
        cases.add_event(db, case_id, "appeal", occurred_at=FIR_AT + dt.timedelta(days=3))
    fr = cases.add_event(db, case_id, "final-report", occurred_at=FIR_AT + dt.timedelta(days=20),
                         details={"outcome": "chargesheet"})
    with pytest.raises(UserError, match="before any chargesheet"):
        cases.add_event(db, case_id, "disposal", occurred_at=FIR_AT + dt.timedelta(days=19))
    disposal = cases.add_event(db, case_id, "disposal", occurred_at=FIR_AT + dt.timedelta(days=40))
    with pytest.raises(UserError, match="before any chargesheet"):
        cases.edit_event(db, fr.event_id, occurred_at=FIR_AT + dt.timedelta(days=41), reason="typed wrong")
    assert cases.add_event(db, case_id, "appeal", occurred_at=FIR_AT + dt.timedelta(days=50)).event_id > disposal.event_id
    # F9: a summons re-dated after its appearance date
    summons = cases.add_event(db, case_id, "summons", occurred_at=FIR_AT + dt.timedelta(days=30),
                              details={"appearance": "2025-02-15"})
    with pytest.raises(UserError, match="appearance date"):
        cases.edit_event(db, summons.event_id, occurred_at=dt.datetime(2025, 2, 16, 10), reason="typed wrong")


@pytest.mark.parametrize("name", ["Ram\nSingh", "\u202eevil", "Ram\u2066 Singh", "Ram\tSingh", "-5"])
def test_f23_names_with_line_breaks_bidi_controls_or_no_letters_are_refused(murder, name):
    db, p, case_id = murder
    with pytest.raises(UserError):
        cases.add_accused(db, case_id, name)
    with pytest.raises(UserError):
        cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT + dt.timedelta(hours=2), accused=name)
    assert cases.list_accused(db, case_id) == []


def test_f23_hindi_names_with_zwj_zwnj_and_a_huge_accused_id(murder):
    db, p, case_id = murder
    a, _r = cases.add_accused(db, case_id, "श्री\u200dराम कृष्\u200cण")
    assert a.name == "श्री\u200dराम कृष्\u200cण"
    with pytest.raises(UserError, match="between 1 and"):
        cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT + dt.timedelta(hours=2),
                        accused="99999999999999999999999")


def test_f17_a_remand_naming_nobody_arrested_is_refused(murder):
    db, p, case_id = murder
    cases.add_event(db, case_id, "arrest", occurred_at=FIR_AT + dt.timedelta(hours=2), accused="Raju")
    with pytest.raises(UserError, match="Record his arrest or surrender first"):
        cases.add_event(db, case_id, "first-remand", occurred_at=FIR_AT + dt.timedelta(days=1), accused="Ghost")
    with pytest.raises(UserError, match="Record his arrest or surrender first"):
        cases.add_event(db, case_id, "remand", occurred_at=FIR_AT + dt.timedelta(days=1), accused="Rajoo")
    assert [a.name for a in cases.list_accused(db, case_id)] == ["Raju"]
    cases.add_event(db, case_id, "first-remand", occurred_at=FIR_AT + dt.timedelta(days=1), accused="raju ")


def test_f11_a_second_inquest_on_the_same_body_is_refused(db):
    set_up(db)
    body = cases.add_case(db, "unidentified-body", registered_at=FIR_AT, description="male body").case.id
    cases.add_event(db, body, "inquest", occurred_at=FIR_AT + dt.timedelta(hours=2))
    owed = [r.id for r in cases.get_case(db, body).obligations]
    with pytest.raises(UserError, match="already has"):
        cases.add_event(db, body, "inquest", occurred_at=FIR_AT + dt.timedelta(hours=3))
    assert [r.id for r in cases.get_case(db, body).obligations] == owed
    assert len([e for e in cases.get_case(db, body).events if e.kind == "inquest"]) == 1


def test_f17_f20_duplicate_names_release_while_on_bail_and_changes_on_a_voided_case(murder):
    db, p, case_id = murder
    raju, _r = cases.add_accused(db, case_id, "Raju", arrested_at=FIR_AT + dt.timedelta(hours=1))
    mohan, _r = cases.add_accused(db, case_id, "Mohan")
    with pytest.raises(UserError, match="already has an accused named"):
        cases.add_accused(db, case_id, "raju")
    with pytest.raises(UserError, match="already has an accused named"):
        cases.name_accused(db, mohan.id, "RAJU")
    cases.bail_accused(db, raju.id, FIR_AT + dt.timedelta(days=1))
    with pytest.raises(UserError, match="already recorded as"):
        cases.release_accused(db, raju.id, FIR_AT + dt.timedelta(days=2))
    cases.void_case(db, case_id, reason="registered twice")
    with pytest.raises(UserError, match="voided"):
        cases.name_accused(db, mohan.id, "Mohan Lal")
    assert [a.name for a in cases.list_accused(db, case_id)] == ["Raju", "Mohan"]


def test_f13_case_edit_of_the_sections_needs_a_real_reason_too(murder):
    db, p, case_id = murder
    with pytest.raises(UserError, match="at least 5"):
        cases.edit_case(db, case_id, sections="115(2)", reason="x")
    assert cases.get_case(db, case_id).info.punishment_class == "ge10"
    cases.edit_case(db, case_id, sections="115(2)", reason="victim survived")
    assert cases.get_case(db, case_id).info.punishment_class == "lt10"
