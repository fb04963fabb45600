"""A station's week: who owes what, by when, and what becomes overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pg_store import raw_sql
from tests.conftest import build_with_db, starting_from
from app.services import cases, staff
from app.services.core import clock
from app.services import obligations
from app.services.core.errors import UserError
from app.services import staff

MON = dt.datetime(2025, 3, 3, 9, 0)  # a Monday


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return MON.replace(hour=hour, minute=minute) + dt.timedelta(days=day)


def _station(db):
    """Kotwali Nagar with its SHO, head mohrir, two IOs, an operator and a court pairokar; the PC's
    clock says Monday 3 March 2025, 09:00 and moves on with the story (``clock.pin``)."""
    from app.services.station import init_station

    clock.pin(at(0, 7))
    init_station(db, "Kotwali Nagar", "Sitapur")
    station_db = db
    people = {}
    for key, name, rank, role in (("sho", "Vikram Singh", "Inspector", "sho"),
                                  ("mohrir", "राम प्रकाश यादव", "Head Constable", "mohrir"),
                                  ("sunita", "Sunita Yadav", "Sub-Inspector", "io"),
                                  ("ravi", "Ravi Kumar Maurya", "Sub-Inspector", "io"),
                                  ("operator", "Amit Kumar", "Constable", "operator"),
                                  ("court", "श्याम लाल", "Head Constable", "court")):
        p = staff.add_person(station_db, name, rank)
        staff.assign_role(station_db, p.id, role, dt.date(2024, 1, 1))
        people[key] = p.id
    return people


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(at(0, 23))  # the day's events below happen before 'now'
    return db, dict(made.value)


def owed(db, **flt) -> dict[str, obligations.ObligationRow]:
    return {r.duty_code: r for r in obligations.query(db, obligations.ObligationFilter(**flt))}


def audit_rows(db) -> int:
    return raw_sql(db, "select count(*) from audit_entries")[0][0]


def test_fir_with_arrest_seizure_and_chargesheet(station):
    db, p = station
    # Monday 10:00: theft FIR, IO Sunita
    fir = cases.add_case(db, "fir", registered_at=at(0, 10), number="45/2025", act="BNS", sections="303(2)",
                         io_person_id=p["sunita"])
    made = {r.duty_code: r for r in fir.obligations}
    assert set(made) == {"B-2", "C-1", "C-4"}
    assert made["B-2"].person_id == p["mohrir"] and made["B-2"].due_at == at(1, 10)
    assert made["B-2"].due_soon and not made["B-2"].overdue
    assert "Youth Bar" in made["B-2"].basis_en
    assert made["C-1"].person_id == p["sunita"] and made["C-1"].due_at == at(3, 10)
    assert made["C-4"].due_at == at(90, 10) and "policy" in made["C-4"].basis_en.lower()
    assert fir.case.label == "FIR 45/2025"

    # Monday 18:00 an arrest; Tuesday noon the first remand; Tuesday 14:00 a seizure
    arrest = cases.add_event(db, fir.case.id, "arrest", occurred_at=at(0, 18), details={"accused": "Raju"})
    assert [(r.duty_code, r.person_id, r.due_at) for r in arrest.obligations] == [("C-2", p["sunita"], at(1, 18))]
    clock.pin(at(1, 13))
    remand = cases.add_event(db, fir.case.id, "first-remand", occurred_at=at(1, 12))
    assert [(r.duty_code, r.person_id) for r in remand.obligations] == [("E-1", p["court"])]
    assert remand.redated == [made["C-4"].id]
    c4 = obligations.get(db, made["C-4"].id)
    # BNSS 187(3): 60 days from the first remand, the remand day being day 1 (Kapil Wadhawan, SC 2023)
    assert c4.due_at == dt.datetime.combine(at(1, 12).date() + dt.timedelta(days=59), dt.time(23, 59, 59))
    assert "187(3)" in c4.basis_en and "187(3)" in c4.basis_hi
    clock.pin(at(1, 15))
    cases.add_event(db, fir.case.id, "seizure", occurred_at=at(1, 14))

    # the mohrir entered the FIR on Tuesday morning, in time
    assert obligations.mark_entered(db, [made["B-2"].id], "IIF1-2025-0045", by_person_id=p["mohrir"], at=at(1, 9, 30)) == 1

    # Wednesday 09:00: what is overdue?
    clock.pin(at(2, 9))
    overdue = owed(db, overdue=True)
    assert set(overdue) == {"C-2"}  # the arrest memo was due Tuesday 18:00
    assert overdue["C-2"].person == "Sunita Yadav"
    sunita = owed(db, person_id=p["sunita"])
    assert set(sunita) == {"C-1", "C-2", "C-3", "C-4"}
    assert sunita["C-3"].due_soon and sunita["C-1"].due_soon and not sunita["C-4"].due_soon
    counts = obligations.dashboard_counts(db)
    assert counts.by_person[p["sunita"]].overdue == 1 and counts.by_person[p["sunita"]].pending == 4
    assert counts.by_role["court"].pending == 1 and counts.total.unassigned == 0

    # Friday: chargesheet filed and entered as IIF-5, on time
    clock.pin(at(4, 17))
    final = cases.add_event(db, fir.case.id, "final-report", occurred_at=at(4, 16), details={"outcome": "chargesheet"})
    assert final.obligations == []
    assert cases.get_case(db, fir.case.id).info.status == "charge-sheeted"
    obligations.mark_entered(db, [made["C-4"].id], "IIF5-2025-0045", by_person_id=p["sunita"])
    score = obligations.scores(db, dt.date(2025, 3, 1), dt.date(2025, 6, 30))
    by_form = {r.key: r for r in score.by_form}
    assert by_form["IIF-5"].on_time == 1 and by_form["IIF-1"].on_time == 1
    assert by_form["IIF-3"].open == 1  # the arrest memo is still not made

    # the SHO verifies the FIR entry (duty A-2)
    assert obligations.verify(db, [made["B-2"].id], by_person_id=p["sho"]) == 1
    assert obligations.get(db, made["B-2"].id).status == "verified"


def test_first_remand_is_recorded_once(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=at(0, 8), act="BNS", sections="109", io_person_id=p["sunita"])
    cases.add_event(db, fir.case.id, "first-remand", occurred_at=at(0, 8, 30))
    with pytest.raises(UserError, match="already has his first remand"):
        cases.add_event(db, fir.case.id, "first-remand", occurred_at=at(0, 8, 40))


def test_attempt_to_murder_runs_the_90_day_clock(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=at(0, 8), act="BNS", sections="109", io_person_id=p["sunita"],
                         punishment_class="ge10")
    cases.add_event(db, fir.case.id, "first-remand", occurred_at=at(0, 8, 30))
    c4 = owed(db, case_id=fir.case.id)["C-4"]
    assert c4.due_at == dt.datetime.combine(at(0, 8, 30).date() + dt.timedelta(days=89), dt.time(23, 59, 59))


def test_rape_case_two_months_from_the_fir_and_not_for_upload(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=at(0, 11), act="BNS", sections="64", io_person_id=p["ravi"],
                         sensitive=True)
    assert fir.case.punishment_class == "sexual"  # inferred from BNS 64
    made = {r.duty_code: r for r in fir.obligations}
    assert made["C-4"].due_at == dt.datetime(2025, 5, 3, 11, 0)  # two months (BNSS 193(2))
    assert "193(2)" in made["C-4"].basis_en
    assert "not uploaded" in made["B-2"].basis_en  # the website rule does not apply to a sensitive FIR
    clock.pin(at(1, 11))
    cases.add_event(db, fir.case.id, "first-remand", occurred_at=at(1, 10))
    # the earlier of two months from the information (3 May 11:00) and the accused's default-bail day: BNS 64
    # is punishable with 10 years or more, so his period is 90 days (1 June): two months come first
    c4 = obligations.get(db, made["C-4"].id)
    assert c4.due_at == dt.datetime(2025, 5, 3, 11, 0) and "193(2)" in c4.basis_en


def test_missing_person_and_unidentified_body(station):
    db, p = station
    missing = cases.add_case(db, "missing", registered_at=at(0, 12), description="Pooja, 14, from Mohalla Qazipura")
    got = {r.duty_code: r for r in missing.obligations}
    assert set(got) == {"B-5", "B-12"} and {r.person_id for r in got.values()} == {p["mohrir"]}
    assert got["B-5"].form == "IIF-8" and got["B-5"].due_at == at(1, 12)
    assert missing.case.label.startswith("Missing") and missing.case.number == 1
    body = cases.add_case(db, "unidentified-body", registered_at=at(0, 15))
    got = {r.duty_code: r for r in body.obligations}
    assert got["D-1"].person_id == p["operator"] and got["D-1"].due_at == at(1, 15)
    assert "194(2)" in got["D-1"].basis_en
    assert got["B-12"].person_id == p["mohrir"]
    clock.pin(at(2, 9))
    assert {r.duty_code for r in obligations.query(db, obligations.ObligationFilter(overdue=True))} == {"B-5", "D-1"}


def test_io_transferred_mid_case(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=at(0, 10), act="BNS", sections="318(4)", io_person_id=p["sunita"])
    made = {r.duty_code: r for r in fir.obligations}
    clock.pin(at(1, 12))
    obligations.mark_entered(db, [made["C-1"].id], "IIF2-77", by_person_id=p["sunita"])
    cases.add_event(db, fir.case.id, "case-diary", occurred_at=at(1, 11))
    change = cases.add_event(db, fir.case.id, "io-change", occurred_at=at(1, 11, 30), person_id=p["ravi"])
    assert set(change.reassigned) == {made["C-4"].id} | {o.id for o in obligations.query(db, obligations.ObligationFilter(case_id=fir.case.id))
                                                         if o.duty_code == "C-5"}
    now_owed = owed(db, case_id=fir.case.id)
    assert now_owed["C-4"].person_id == p["ravi"] and now_owed["C-5"].person_id == p["ravi"]
    done = obligations.get(db, made["C-1"].id)
    assert done.status == "entered" and done.person_id == p["sunita"]  # history stays with who did it
    assert cases.get_case(db, fir.case.id).info.io_person_id == p["ravi"]
    later = cases.add_event(db, fir.case.id, "arrest", occurred_at=at(1, 12))
    assert later.obligations[0].person_id == p["ravi"]
    with pytest.raises(UserError, match="already the IO"):
        cases.add_event(db, fir.case.id, "io-change", occurred_at=at(1, 12), person_id=p["ravi"])


def test_mohrir_transferred_hands_over_everything(station):
    db, p = station
    for n in range(3):
        cases.add_case(db, "ncr", registered_at=at(0, 10 + n))
    new_mohrir = staff.add_person(db, "Brijesh Pal", "Head Constable").id
    preview = staff.preview_transfer(db, p["mohrir"], new_mohrir, dt.date(2025, 3, 4))
    assert preview.obligations == 3 and preview.roles_ending == ("mohrir",) and preview.roles_starting == ("mohrir",)
    assert staff.transfer(db, p["mohrir"], new_mohrir, dt.date(2025, 3, 4)) == 3
    assert obligations.query(db, obligations.ObligationFilter(person_id=p["mohrir"])) == []
    assert len(obligations.query(db, obligations.ObligationFilter(person_id=new_mohrir))) == 3
    assignments = {(a.person_id, a.role): a for a in staff.list_assignments(db)}
    assert assignments[(p["mohrir"], "mohrir")].to_date == dt.date(2025, 3, 3)
    assert assignments[(new_mohrir, "mohrir")].from_date == dt.date(2025, 3, 4)
    clock.pin(at(1, 12))
    later = cases.add_case(db, "mlc", registered_at=at(1, 11))
    assert later.obligations[0].person_id == new_mohrir
    with pytest.raises(UserError, match="themselves"):
        staff.transfer(db, new_mohrir, new_mohrir, dt.date(2025, 3, 5))


def test_no_holder_means_unassigned_never_dropped(station_db):
    clock.pin(at(0, 9))  # (station_db was made on the real clock)
    body = cases.add_case(station_db, "unidentified-body", registered_at=at(0, 8))
    assert {r.duty_code for r in body.obligations} == {"D-1", "B-12"}
    assert all(r.unassigned and r.person_id is None for r in body.obligations)
    counts = obligations.dashboard_counts(station_db)
    assert counts.total.unassigned == 2 and counts.by_person[None].pending == 2
    assert len(obligations.query(station_db, obligations.ObligationFilter(unassigned=True))) == 2


def test_fir_transferred_out_closes_its_open_entries(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=at(0, 10), act="BNS", sections="303(2)", io_person_id=p["sunita"])
    result = cases.add_event(db, fir.case.id, "transfer-out", occurred_at=at(0, 12))
    assert [r.duty_code for r in result.obligations] == ["A-3"]
    assert len(result.closed) == 3
    closed = obligations.rows(db, result.closed)
    assert all(r.status == "na" for r in closed)
    with pytest.raises(UserError, match="transferred"):
        cases.add_event(db, fir.case.id, "arrest", occurred_at=at(0, 13))


@pytest.mark.parametrize("kwargs, needle", [
    (dict(act="IPC", sections="379"), "BNS replaced the IPC"),
    (dict(act="BNS", sections="303(2)", offence_date="2024-06-20"), "the IPC applies"),
    (dict(act="", sections="379"), "Say which act"),
    (dict(number="12/20x5"), "not valid"),
    (dict(io_person_id=99), "no person with id 99"),
    (dict(offence_date="2025-03-05"), "after the registration date"),
    (dict(punishment_class="big"), "Unknown punishment class"),
])
def test_bad_case_input_is_refused_and_writes_nothing(station, kwargs, needle):
    db, _p = station
    before = audit_rows(db)
    with pytest.raises(UserError, match=needle):
        cases.add_case(db, "fir", registered_at=at(0, 8), **kwargs)
    assert audit_rows(db) == before
    assert cases.list_cases(db) == []


def test_correcting_a_case_s_particulars_is_audited_and_checked(station):
    db, p = station
    made = cases.add_case(db, "fir", registered_at=at(0, 8), act="BNS", sections="303(2)", io_person_id=p["sunita"])
    case_id, owed_before = made.case.id, [(r.id, r.due_at, r.person_id) for r in made.obligations]
    before = audit_rows(db)
    info = cases.update_case(db, case_id, offence_date="2024-06-20", act="ipc", sections="379", sensitive=True,
                             punishment_class="lt10", description="  Theft of a bicycle  ",
                             reason="offence before July 2024")
    assert (info.offence_date, info.act, info.sections, info.sensitive, info.punishment_class, info.description) == (
        dt.date(2024, 6, 20), "IPC", "379", True, "lt10", "Theft of a bicycle")
    assert audit_rows(db) == before + 1
    detail = cases.get_case(db, case_id)
    assert detail.info == info and detail.info.io_person_id == p["sunita"]  # the IO changes only by an event
    assert [(r.id, r.due_at, r.person_id) for r in detail.obligations] == owed_before  # due dates: only recompute
    # a particular not given stays as it is; the law is checked against the corrected offence date
    assert cases.update_case(db, case_id, description="").act == "IPC"
    for kwargs, needle in ((dict(offence_date="2024-07-02"), "BNS replaced the IPC"),
                           (dict(offence_date="2025-03-04"), "after the registration date"),
                           (dict(act="BNS"), "the IPC applies"),
                           (dict(punishment_class="big"), "Unknown punishment class"),
                           (dict(offence_date="2025-02-30"), "not a valid date"),
                           (dict(), "Say what to change"),
                           (dict(offence_date=""), "Say what to change")):
        before = audit_rows(db)
        with pytest.raises(UserError, match=needle):
            cases.update_case(db, case_id, reason="as in the GD", **kwargs)
        assert audit_rows(db) == before and cases.get_case(db, case_id).info.act == "IPC"
    with pytest.raises(UserError, match="no case with id 99"):
        cases.update_case(db, 99, act="BNS", reason="as in the GD")


def test_reassigning_open_entries_and_the_due_soon_window(station):
    db, p = station
    made = cases.add_case(db, "fir", registered_at=at(0, 8), io_person_id=p["sunita"])
    c1 = next(r.id for r in made.obligations if r.duty_code == "C-1")
    before = audit_rows(db)
    assert obligations.reassign(db, [c1], p["ravi"]) == 1
    assert obligations.get(db, c1).person_id == p["ravi"] and audit_rows(db) == before + 1
    assert obligations.reassign(db, [c1], None) == 1 and obligations.get(db, c1).unassigned
    obligations.mark_entered(db, [c1], "CAS-1", by_person_id=p["sunita"])
    before = audit_rows(db)
    for ids, person, needle in (([c1], p["ravi"], "only open entries"), ([999], p["ravi"], "no entry with id 999"),
                                ([c1], 999, "no person with id 999")):
        with pytest.raises(UserError, match=needle):
            obligations.reassign(db, ids, person)
    assert audit_rows(db) == before and obligations.get(db, c1).person_id is None

    with db.session() as s:
        assert obligations.due_soon_days(s) == 2
    assert obligations.set_due_soon_days(db, 0) == 0
    for bad in (61, -1, True, "3"):
        with pytest.raises(UserError, match="between 0 and 60"):
            obligations.set_due_soon_days(db, bad)
    with db.session() as s:
        assert obligations.due_soon_days(s) == 0
    assert audit_rows(db) == before + 1


def test_ipc_for_an_old_offence_registered_after_july_2024(station):
    db, _p = station
    result = cases.add_case(db, "fir", registered_at=at(0, 8), offence_date="2024-06-20", act="ipc", sections="420")
    assert result.case.act == "IPC"


def test_future_and_duplicate_and_wrong_kind(station):
    db, p = station
    with pytest.raises(UserError, match="in the future"):
        cases.add_case(db, "fir", registered_at=at(1, 8))
    cases.add_case(db, "fir", registered_at=at(0, 8), number="7/2025")
    with pytest.raises(UserError, match="already registered"):
        cases.add_case(db, "fir", registered_at=at(0, 8), number="7/2025")
    ncr = cases.add_case(db, "ncr", registered_at=at(0, 8))
    with pytest.raises(UserError, match="only on an FIR"):
        cases.add_event(db, ncr.case.id, "arrest", occurred_at=at(0, 8))
    with pytest.raises(UserError, match="Unknown case kind"):
        cases.add_case(db, "murder", registered_at=at(0, 8))


def test_clock_warning_when_pc_date_went_back(station):
    db, p = station
    cases.add_case(db, "ncr", registered_at=at(0, 8))
    assert obligations.clock_warning(db) is None
    clock.pin(dt.datetime(2020, 1, 1, 0, 0))  # CMOS battery died
    warning = obligations.clock_warning(db)
    assert warning and "2020-01-01" in warning and "2025-03-03" in warning
