"""Each accused's own default-bail clock, written from the statutes (not from our rules file):

- BNSS 187(3) (CrPC 167(2)): 60 days (90 for death, life or 10 years or more) of custody counted from HIS
  first remand; the remand day is day 1 (Enforcement Directorate v. Kapil Wadhawan, SC, 27 March 2023):
  the chargesheet must be filed by the end of the 60th day; default bail accrues on the 61st.
- BNSS 193(2): rape / POCSO investigation within two months of the information, which does not displace an
  earlier default-bail day.
- NDPS 36A(4): 180 days, extendable by the Special Court up to one year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases, obligations, staff
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.pg_store import raw_sql


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def _station(db):
    from app.services.station import init_station

    clock.pin(dt.datetime(2024, 12, 1, 9))
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for key, name, role in (("sho", "Vikram Singh", "sho"), ("io", "Sunita Yadav", "io"),
                            ("court", "श्याम लाल", "court"), ("mohrir", "राम प्रकाश यादव", "mohrir")):
        p = staff.add_person(db, name, "SI")
        staff.assign_role(db, p.id, role, dt.date(2024, 1, 1))
        people[key] = p.id
    return people


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(dt.datetime(2024, 12, 1, 9))  # as the set-up left it
    return db, dict(made.value)


def c4(db, case_id) -> obligations.ObligationRow:
    return next(r for r in cases.get_case(db, case_id).obligations if r.duty_code == "C-4")


def murder(db, p, at=dt.datetime(2025, 1, 1, 10)):
    return cases.add_case(db, "fir", registered_at=at, act="BNS", sections="103(1)", io_person_id=p["io"],
                          punishment_class="ge10").case


def test_each_accused_has_his_own_90_day_clock_from_his_first_remand(station):
    db, p = station
    clock.pin(dt.datetime(2025, 3, 1, 9))
    case = murder(db, p)
    a, arrest = cases.add_accused(db, case.id, "Raju", arrested_at="2025-01-01 06:00")
    assert [r.duty_code for r in arrest.obligations] == ["C-2"]  # his arrest memo (IIF-3)
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 15:00", accused=a.id)
    # day 1 = 1 January; day 90 = 31 March (31 + 28 + 31); default bail on 1 April
    raju = cases.get_accused(db, a.id)
    assert raju.default_bail_at == end_of(dt.date(2025, 3, 31)) and raju.period_days == 90
    assert raju.custody == "in-custody" and raju.first_remand_at == dt.datetime(2025, 1, 1, 15)
    row = c4(db, case.id)
    assert row.due_at == end_of(dt.date(2025, 3, 31))
    assert "Kapil Wadhawan" in row.basis_en and "कपिल वधावन" in row.basis_hi

    # B arrested and remanded a month later: his own clock, the case keeps the earlier day
    b, _r = cases.add_accused(db, case.id, "Mohan", arrested_at="2025-02-01 07:00")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-02-02 12:00", accused=b.id)
    mohan = cases.get_accused(db, b.id)
    assert mohan.default_bail_at == end_of(dt.date(2025, 5, 2))  # 2 Feb + 89 days
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 3, 31))
    # Raju bailed (regular bail) before his day: his default bail is no longer at stake; Mohan's day rules
    cases.bail_accused(db, a.id, "2025-02-10 16:00")
    assert cases.get_accused(db, a.id).custody == "bailed"
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 5, 2))


def test_sixty_days_counted_with_the_remand_day_as_day_one(station):
    db, p = station
    clock.pin(dt.datetime(2025, 3, 5, 9))
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                          io_person_id=p["io"], punishment_class="lt10").case
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 14:00")
    # 1 Jan is day 1 … 1 Mar is day 60 (31 + 28 + 1): due by the end of 1 March, default bail on 2 March
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 3, 1))
    (only,) = cases.list_accused(db, case.id)  # a first remand on a case with no accused: one not named yet
    assert only.name == "" and only.default_bail_at == end_of(dt.date(2025, 3, 1))


def test_a_remand_recorded_as_remand_starts_the_clock(station):
    db, p = station
    clock.pin(dt.datetime(2025, 3, 20, 9))
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                          io_person_id=p["io"], punishment_class="lt10").case
    assert "nobody remanded" in c4(db, case.id).basis_en.lower()
    cases.add_event(db, case.id, "arrest", occurred_at="2025-01-01 12:00")
    result = cases.add_event(db, case.id, "remand", occurred_at="2025-01-02 11:00")
    row = c4(db, case.id)
    assert result.redated == [row.id]
    assert row.due_at == end_of(dt.date(2025, 3, 2)) and row.overdue  # default bail accrued on 3 March
    assert "187(3)" in row.basis_en
    # a further remand of the same accused does not move it
    cases.add_event(db, case.id, "remand", occurred_at="2025-01-16 11:00")
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 3, 2))
    (a,) = cases.list_accused(db, case.id)
    assert a.first_remand_at == dt.datetime(2025, 1, 2, 11) and a.arrested_at == dt.datetime(2025, 1, 1, 12)


def test_a_second_first_remand_of_the_same_accused_is_refused_and_writes_nothing(station):
    db, p = station
    clock.pin(dt.datetime(2025, 2, 1, 9))
    case = murder(db, p)
    a, _r = cases.add_accused(db, case.id, "Raju", arrested_at="2025-01-01 06:00")
    cases.add_event(db, case.id, "remand", occurred_at="2025-01-01 15:00", accused="Raju")
    before = raw_sql(db, "select count(*) from events")[0][0], raw_sql(db, "select count(*) from audit_entries")[0][0]
    with pytest.raises(UserError, match="already has his first remand"):
        cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-03 15:00", accused=a.id)
    with pytest.raises(UserError, match="already has his first remand"):
        cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-03 15:00")  # the only accused: implied
    after = raw_sql(db, "select count(*) from events")[0][0], raw_sql(db, "select count(*) from audit_entries")[0][0]
    assert after == before
    # another accused's first remand is his own
    cases.add_event(db, case.id, "arrest", occurred_at="2025-01-05 09:00", accused="Mohan")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-05 15:00", accused="Mohan")
    assert {x.name: x.first_remand_at.date() for x in cases.list_accused(db, case.id)} == {
        "Raju": dt.date(2025, 1, 1), "Mohan": dt.date(2025, 1, 5)}
    # with two accused, a remand must say whose
    with pytest.raises(UserError, match="say which one"):
        cases.add_event(db, case.id, "remand", occurred_at="2025-01-10 15:00")


def test_pocso_due_at_the_earlier_of_two_months_and_the_default_bail_day(station):
    db, p = station
    clock.pin(dt.datetime(2025, 8, 10, 9))
    # POCSO s. 8 (3-5 years): FIR 1 July; July and August have 31 days, so two months are 62 days
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 7, 1, 10), offence_date="2025-06-30",
                          act="POCSO", sections="8", io_person_id=p["io"], sensitive=True).case
    assert case.punishment_class == "sexual"
    assert c4(db, case.id).due_at == dt.datetime(2025, 9, 1, 10)  # two months from the information (193(2))
    cases.add_accused(db, case.id, "Kallu", arrested_at="2025-07-01 18:00")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-07-02 12:00")
    # 2 July day 1 → day 60 = 30 August: before 1 September, so the default-bail day rules
    row = c4(db, case.id)
    assert row.due_at == end_of(dt.date(2025, 8, 30))
    assert "187(3)" in row.basis_en


def test_rape_punishable_with_ten_years_runs_90_days_so_two_months_come_first(station):
    db, p = station
    clock.pin(dt.datetime(2025, 8, 10, 9))
    # the same dates as the POCSO s. 8 case above, but BNS 64 (10 years to life): 90 days from 2 July is
    # 29 September, after the two months of 193(2) (1 September 10:00)
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 7, 1, 10), offence_date="2025-06-30",
                          act="BNS", sections="64", io_person_id=p["io"], sensitive=True).case
    cases.add_accused(db, case.id, "Kallu", arrested_at="2025-07-01 18:00")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-07-02 12:00")
    assert c4(db, case.id).due_at == dt.datetime(2025, 9, 1, 10)
    (a,) = cases.list_accused(db, case.id)
    assert a.period_days == 90 and a.default_bail_at == end_of(dt.date(2025, 9, 29))


def test_pocso_two_months_rule_when_it_comes_first(station):
    db, p = station
    clock.pin(dt.datetime(2025, 2, 10, 9))
    case = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 10, 10), act="POCSO", sections="8",
                          io_person_id=p["io"], sensitive=True).case
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-20 12:00")
    row = c4(db, case.id)
    assert row.due_at == dt.datetime(2025, 3, 10, 10) and "193(2)" in row.basis_en  # 20 Mar would be later


def ndps_case(db, p):
    return cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="NDPS", sections="21(c)",
                          io_person_id=p["io"], punishment_class="ndps").case


def test_ndps_180_days_and_the_courts_extension_moves_the_clock(station):
    db, p = station
    clock.pin(dt.datetime(2025, 6, 20, 9))
    case = ndps_case(db, p)
    a, _r = cases.add_accused(db, case.id, "Bablu", arrested_at="2025-01-01 05:00")
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 14:00", accused=a.id)
    # day 180 = 29 June 2025 (1 Jan + 179 days)
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 6, 29))
    info = cases.extend_period(db, a.id, 365, ordered_on="2025-06-20")
    assert info.period_days == 365 and info.default_bail_at == end_of(dt.date(2025, 12, 31))
    row = c4(db, case.id)
    assert row.due_at == end_of(dt.date(2025, 12, 31))
    assert "36A(4)" in row.basis_en
    with pytest.raises(UserError, match="at most 365"):
        cases.extend_period(db, a.id, 400, ordered_on="2025-06-20")


def test_an_extension_is_refused_outside_ndps(station):
    db, p = station
    clock.pin(dt.datetime(2025, 2, 1, 9))
    case = murder(db, p)
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 15:00")
    (a,) = cases.list_accused(db, case.id)
    with pytest.raises(UserError, match="cannot be extended"):
        cases.extend_period(db, a.id, 180, ordered_on="2025-01-20")


def test_clocks_list_the_accused_in_custody_due_within_the_days(station):
    db, p = station
    clock.pin(dt.datetime(2025, 2, 20, 9))
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                           io_person_id=p["io"], punishment_class="lt10").case
    near, _r = cases.add_accused(db, theft.id, "Near", arrested_at="2025-01-01 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-02 11:00", accused=near.id)  # last day 2 Mar
    bailed, _r = cases.add_accused(db, theft.id, "Bailed", arrested_at="2025-01-01 13:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-02 11:00", accused=bailed.id)
    cases.bail_accused(db, bailed.id, "2025-01-20 15:00")
    far_case = murder(db, p, at=dt.datetime(2025, 1, 5, 10))
    far, _r = cases.add_accused(db, far_case.id, "Far", arrested_at="2025-01-05 12:00")
    cases.add_event(db, far_case.id, "first-remand", occurred_at="2025-01-06 11:00", accused=far.id)  # 5 April
    done = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 11), act="BNS", sections="303(2)",
                          io_person_id=p["io"], punishment_class="lt10").case
    cases.add_event(db, done.id, "first-remand", occurred_at="2025-01-02 11:00")
    cases.add_event(db, done.id, "final-report", occurred_at="2025-02-01 11:00")  # chargesheet filed: no clock

    rows = cases.statutory_clocks(db, within_days=15)
    assert [(r.accused, r.default_bail_at.date(), r.days_left) for r in rows] == [("Near", dt.date(2025, 3, 2), 10)]
    row = rows[0]
    assert row.io == "Sunita Yadav" and row.case_id == theft.id
    assert "C-4" in [o.duty_code for o in row.owed]
    assert [r.accused for r in cases.statutory_clocks(db, within_days=60)] == ["Near", "Far"]
    assert [r.accused for r in cases.statutory_clocks(db, within_days=9)] == []
    clock.pin(dt.datetime(2025, 3, 3, 9))  # 3 March is his 61st day: default bail has accrued
    rows = cases.statutory_clocks(db, within_days=0)
    assert [(r.accused, r.days_left, r.accrued) for r in rows] == [("Near", -1, True)]
    with pytest.raises(UserError):
        cases.statutory_clocks(db, within_days="-1")


def test_an_older_first_remand_without_an_accused_still_runs_a_clock(station):
    """Rows recorded before accused existed: a first-remand event with no accused is one clock."""
    db, p = station
    clock.pin(dt.datetime(2025, 2, 1, 9))
    case = murder(db, p)
    cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 15:00")
    raw_sql(db, "update events set accused_id = null")
    raw_sql(db, "delete from accused")
    assert [(r.accused_id, r.default_bail_at.date()) for r in cases.statutory_clocks(db)] == [
        (None, dt.date(2025, 3, 31))]
    # and the case's chargesheet entry still runs from it when worked out again
    cases.add_event(db, case.id, "remand", occurred_at="2025-01-15 15:00")
    assert c4(db, case.id).due_at == end_of(dt.date(2025, 3, 31))


def test_bad_accused_input_is_refused(station):
    db, p = station
    clock.pin(dt.datetime(2025, 2, 1, 9))
    case = murder(db, p)
    other = murder(db, p, at=dt.datetime(2025, 1, 2, 10))
    a, _r = cases.add_accused(db, other.id, "Raju")
    with pytest.raises(UserError, match="no accused with id"):
        cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-03 10:00", accused=a.id)
    with pytest.raises(UserError, match="either arrested or surrenders"):
        cases.add_accused(db, case.id, "X", arrested_at="2025-01-01 10:00", surrendered_at="2025-01-01 11:00")
    with pytest.raises(UserError, match="no arrest, surrender or remand"):
        cases.bail_accused(db, a.id, "2025-01-20 10:00")
    b, _r = cases.add_accused(db, case.id, "Mohan", arrested_at="2025-01-02 10:00")
    with pytest.raises(UserError, match="before"):
        cases.bail_accused(db, b.id, "2025-01-01 10:00")
    with pytest.raises(UserError, match="before"):
        cases.add_event(db, case.id, "first-remand", occurred_at="2025-01-01 12:00", accused=b.id)


@pytest.mark.parametrize("change, needle", [
    ({"pick": "latest"}, "'pick' is one of"),
    ({"due": [{"anchor": "first_remand", "days": 60, "inclusive": "yes", "basis_en": "x"},
              {"anchor": "event", "days": 90, "basis_en": "y"}]}, "'inclusive' is true or false"),
    ({"due": [{"anchor": "first_remand", "hours": 5, "inclusive": True, "basis_en": "x"},
              {"anchor": "event", "days": 90, "basis_en": "y"}]}, "no hours"),
    ({"due": [{"anchor": "event", "days": 60, "extendable_days": 365, "basis_en": "x"}]}, "extendable"),
    ({"due": [{"anchor": "first_remand", "days": 180, "extendable_days": 100, "basis_en": "x"},
              {"anchor": "event", "days": 90, "basis_en": "y"}]}, "extendable"),
])
def test_rule_data_for_clocks_is_checked(change, needle):
    rule = {"key": "fir.iif5.test", "trigger": "case:fir", "duty": "C-4", "owner": "case_io",
            "due": [{"anchor": "first_remand", "days": 60, "inclusive": True, "basis_en": "x"},
                    {"anchor": "event", "days": 90, "basis_en": "y"}]}
    obligations.parse_rule(rule)  # the shape the shipped rules use
    with pytest.raises(ValueError, match=needle):
        obligations.parse_rule({**rule, **change})


def test_inclusive_days_fall_due_at_the_end_of_the_last_day():
    from app.services.obligations.rules import Term

    t = Term("first_remand", days=60, inclusive=True, basis_en="x")
    assert t.due_from(dt.datetime(2025, 1, 1, 15, 0)) == end_of(dt.date(2025, 3, 1))  # 31 + 28 + 1 = 60 days
    assert t.due_from(dt.datetime(2024, 1, 1, 15, 0)) == end_of(dt.date(2024, 2, 29))  # a leap year
    assert t.due_from(dt.datetime(2025, 1, 1, 15, 0), 90) == end_of(dt.date(2025, 3, 31))
    assert Term("event", months=2, inclusive=True, basis_en="x").due_from(dt.datetime(2025, 7, 1, 9)) == \
        end_of(dt.date(2025, 8, 31))


def test_a_chargesheet_made_in_cas_stops_the_clock_even_without_its_event(station):
    """The IIF-5 entered in CAS means the final report is filed: no default bail is at stake any more, now or
    for a date after it was made; before it was made the clock still shows."""
    db, p = station
    clock.pin(dt.datetime(2025, 2, 20, 9))
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                           io_person_id=p["io"], punishment_class="lt10").case
    a, _r = cases.add_accused(db, theft.id, "Raju", arrested_at="2025-01-01 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-02 11:00", accused=a.id)
    assert [r.accused for r in cases.statutory_clocks(db, within_days=30)] == ["Raju"]
    clock.pin(dt.datetime(2025, 2, 21, 9))
    obligations.mark_entered(db, [c4(db, theft.id).id], "IIF5/2025/1", by_person_id=p["io"])
    assert cases.statutory_clocks(db, within_days=30) == []
    assert [r.accused for r in cases.statutory_clocks(db, within_days=30,
                                                        as_of=dt.datetime(2025, 2, 20, 23))] == ["Raju"]


def test_a_re_arrest_after_bail_puts_him_back_in_custody_counted_from_his_first_remand(station):
    """Bail cancelled, re-arrested and remanded: he is in custody again (clocks, the case's chargesheet
    entry); his 187(3) period still counts from his FIRST remand (day 1 stays that day)."""
    db, p = station
    clock.pin(dt.datetime(2025, 1, 30, 9))
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                           io_person_id=p["io"], punishment_class="lt10").case
    a, _r = cases.add_accused(db, theft.id, "A", arrested_at="2025-01-01 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-01 15:00", accused=a.id)  # day 60: 1 Mar
    b, _r = cases.add_accused(db, theft.id, "B", arrested_at="2025-01-19 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-20 11:00", accused=b.id)  # day 60: 20 Mar
    assert c4(db, theft.id).due_at == end_of(dt.date(2025, 3, 1))
    cases.bail_accused(db, a.id, "2025-01-10 10:00")
    assert c4(db, theft.id).due_at == end_of(dt.date(2025, 3, 20))
    assert [r.accused for r in cases.statutory_clocks(db)] == ["B"]
    cases.add_event(db, theft.id, "arrest", occurred_at="2025-01-25 12:00", accused="a")  # bail cancelled
    assert cases.get_accused(db, a.id).custody == "in-custody"
    assert c4(db, theft.id).due_at == end_of(dt.date(2025, 3, 1))  # the arrest alone re-dates the entry
    cases.add_event(db, theft.id, "remand", occurred_at="2025-01-26 12:00", accused=a.id)
    ai = cases.get_accused(db, a.id)
    assert ai.custody == "in-custody" and ai.first_remand_at == dt.datetime(2025, 1, 1, 15)
    assert ai.default_bail_at == end_of(dt.date(2025, 3, 1))
    assert c4(db, theft.id).due_at == end_of(dt.date(2025, 3, 1))
    assert [(r.accused, r.default_bail_at.date()) for r in cases.statutory_clocks(db)] == [
        ("A", dt.date(2025, 3, 1)), ("B", dt.date(2025, 3, 20))]
    # as things stood while he was out on bail, he was not in custody
    assert [r.accused for r in cases.statutory_clocks(db, as_of=dt.datetime(2025, 1, 20, 12))] == ["B"]
    # bailed again later: recorded, and out again
    cases.bail_accused(db, a.id, "2025-01-28 10:00")
    assert cases.get_accused(db, a.id).custody == "bailed"
    assert [r.accused for r in cases.statutory_clocks(db)] == ["B"]
    assert c4(db, theft.id).due_at == end_of(dt.date(2025, 3, 20))


def test_arrested_not_yet_remanded_must_be_produced_within_24_hours(station):
    """BNSS 58 (CrPC 57): an arrested person is produced before a Magistrate within 24 hours of the arrest
    (the journey excluded). Listed until his remand (or bail, release) is recorded; an arrest older than a
    week with nothing recorded since is not listed (a record not kept)."""
    db, p = station
    clock.pin(dt.datetime(2025, 1, 10, 9))
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                           io_person_id=p["io"], punishment_class="lt10").case
    a, _r = cases.add_accused(db, theft.id, "A", arrested_at="2025-01-09 12:00")
    b, _r = cases.add_accused(db, theft.id, "B", arrested_at="2025-01-10 07:30")
    old, _r = cases.add_accused(db, theft.id, "Old", arrested_at="2025-01-02 12:00")
    rows = cases.awaiting_production(db)
    assert [(r.accused, r.produce_by, r.hours_left, r.passed) for r in rows] == [
        ("A", dt.datetime(2025, 1, 10, 12), 3, False), ("B", dt.datetime(2025, 1, 11, 7, 30), 22, False)]
    assert rows[0].io == "Sunita Yadav" and rows[0].case_id == theft.id
    clock.pin(dt.datetime(2025, 1, 10, 13))
    assert [(r.accused, r.hours_left, r.passed) for r in cases.awaiting_production(db)] == [
        ("A", -1, True), ("B", 18, False)]
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-10 12:30", accused=a.id)
    cases.bail_accused(db, b.id, "2025-01-10 12:45")  # police bail
    assert cases.awaiting_production(db) == []
    assert [r.accused for r in cases.statutory_clocks(db)] == ["A"]
    assert old.id not in [r.accused_id for r in cases.awaiting_production(db)]
