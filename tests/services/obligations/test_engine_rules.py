"""Rules as data, recurring duties, status changes, and rows that cannot be read."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.pg_store import raw_sql
from tests.conftest import build_with_db, starting_from
from app.services import cases, obligations, staff
from app.services.core import clock
from app.services import obligations
from app.services import obligations
from app.services.catalogue import load_allocation_file
from app.services.core.errors import UserError
from app.services import catalogue

DAY = dt.datetime(2025, 3, 3, 9, 0)


def _station(db):
    from app.services.station import init_station

    clock.pin(DAY)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for role, name in (("sho", "Vikram Singh"), ("mohrir", "Ram Prakash Yadav"), ("io", "Sunita Yadav"),
                       ("operator", "Amit Kumar"), ("court", "Shyam Lal")):
        people[role] = staff.add_person(db, name, "SI").id
        staff.assign_role(db, people[role], role, dt.date(2024, 1, 1))
    return people


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(DAY + dt.timedelta(hours=10))
    return db, dict(made.value)


def sql(db, query, *params):
    return raw_sql(db, query, *params)


def test_every_event_and_recurring_duty_of_the_catalogue_has_a_rule():
    data = load_allocation_file()
    rule_list = obligations.load_default_rules()
    covered = {r["duty"] for r in rule_list}
    event_duties = {d["code"] for d in data["duties"] if d["kind"] == "event"}
    recurring_duties = {d["code"] for d in data["duties"] if d["kind"] == "recurring"}
    assert event_duties - covered == set()
    assert recurring_duties <= {r["duty"] for r in rule_list if r["trigger"] == "recurring"}
    codes = {d["code"] for d in data["duties"]}
    for r in rule_list:  # every default rule reads, and cites its source in both languages
        obligations.parse_rule(r, duty_codes=codes)
        assert all(t["basis_en"] and t["basis_hi"] for t in r["due"])
    triggers = {r["trigger"].split(":", 1)[1] for r in rule_list if r["trigger"] != "recurring"}
    assert {t for t in triggers} <= set(catalogue.CASE_KINDS) | set(catalogue.EVENT_KINDS)
    assert set(catalogue.CASE_KINDS) <= triggers  # every case kind owes something


def test_rule_change_applies_to_new_obligations_and_recompute_is_previewed(station):
    db, p = station
    old = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    assert old.due_at == DAY + dt.timedelta(hours=24)
    audit_before = sql(db, "select count(*) from audit_entries")[0][0]
    info = obligations.update_rule(db, "mlc.entry", hours=48)
    assert info.version == 2 and info.terms[0].hours == 48
    assert sql(db, "select count(*) from audit_entries")[0][0] == audit_before + 1
    new = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    assert new.due_at == DAY + dt.timedelta(hours=48)
    assert obligations.get(db, old.id).due_at == DAY + dt.timedelta(hours=24)  # open ones keep theirs …
    preview = obligations.preview_recompute(db)
    assert [(i.obligation_id, i.new_due) for i in preview] == [(old.id, DAY + dt.timedelta(hours=48))]
    assert obligations.get(db, old.id).due_at == DAY + dt.timedelta(hours=24)  # … a preview changes nothing
    assert obligations.recompute(db) == 1
    assert obligations.get(db, old.id).due_at == DAY + dt.timedelta(hours=48)
    assert obligations.preview_recompute(db) == []
    versions = sql(db, "select version, active from rules where key='mlc.entry' order by version")
    assert versions == [(1, 0), (2, 1)]  # the old version is kept


def test_rule_owner_change_and_disable(station):
    db, p = station
    obligations.update_rule(db, "fire.entry", owner="operator")
    assert cases.add_case(db, "fire", registered_at=DAY).obligations[0].person_id == p["operator"]
    obligations.update_rule(db, "fire.entry", enabled=False)
    assert cases.add_case(db, "fire", registered_at=DAY).obligations == []


@pytest.mark.parametrize("kwargs, needle", [
    (dict(days=-1), "cannot be negative"),
    (dict(owner="dsp"), "owner must be one of"),
    (dict(days=5000), "not plausible"),
    (dict(due=[{"anchor": "first_remand", "days": 3, "basis_en": "x"}]), "last term"),
    (dict(due=[{"anchor": "event", "days": 3}]), "basis_en"),
])
def test_bad_rule_change_is_refused_and_writes_nothing(station, kwargs, needle):
    db, _p = station
    before = sql(db, "select count(*) from rules"), sql(db, "select count(*) from audit_entries")
    with pytest.raises(UserError, match=needle):
        obligations.update_rule(db, "mlc.entry", **kwargs)
    assert (sql(db, "select count(*) from rules"), sql(db, "select count(*) from audit_entries")) == before


def test_unknown_rule_key(station):
    with pytest.raises(UserError, match="no rule"):
        obligations.update_rule(station[0], "nope", days=1)


def test_a_rule_that_cannot_be_read_never_hides_the_others(station):
    db, p = station
    cases.add_case(db, "ncr", registered_at=DAY)  # seeds the rules
    sql(db, "update rules set data='{not json' where key='fir.iif2'")
    sql(db, "update rules set data=? where key='fir.iif1'",
        json.dumps({"key": "fir.iif1", "trigger": "case:fir", "duty": "Z-9", "owner": "mohrir",
                    "due": [{"anchor": "event", "hours": 1, "basis_en": "x"}]}))
    result = cases.add_case(db, "fir", registered_at=DAY, act="BNS", sections="303(2)", io_person_id=p["io"])
    assert {r.duty_code for r in result.obligations} == {"C-4"}
    assert any("fir.iif2" in w for w in result.warnings) and any("Z-9" in w for w in result.warnings)
    assert any("fir.iif2" in prob for prob in obligations.rule_problems(db))
    assert "fir.iif2" not in {r.key for r in obligations.list_rules(db)}


@pytest.mark.sqlite_only("stores text in a DATETIME column, which only SQLite's type affinity allows")
def test_a_row_that_cannot_be_read_never_hides_the_rest(station):
    db, p = station
    made = [cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id for _ in range(3)]
    sql(db, "update obligations set due_at='garbage' where id=?", made[1])
    found = obligations.query(db, obligations.ObligationFilter())
    assert {r.id for r in found} == set(made)
    bad = next(r for r in found if r.id == made[1])
    assert bad.problem and bad.due_at is None and not bad.overdue
    assert obligations.dashboard_counts(db).total.pending == 3


def test_recurring_catch_up_after_days_closed(station):
    db, p = station
    first = obligations.catch_up(db)
    daily = ("A-1", "A-6", "B-1", "B-14", "B-15", "D-18")
    assert first.missed == 0 and first.pending == 8  # 6 daily + 2 weekly duties for this week
    # the PC stayed off Tuesday to Friday; opened Saturday morning
    clock.pin(dt.datetime(2025, 3, 8, 10, 0))
    result = obligations.catch_up(db)
    assert result.missed == 6 * 4 and result.pending == 6
    assert all(result.by_duty[d] == 5 for d in daily)
    assert obligations.catch_up(db).created == 0  # no duplicates
    missed = obligations.query(db, obligations.ObligationFilter(statuses=("missed",)))
    assert len(missed) == 24 and {r.period_key for r in missed} == {"2025-03-04", "2025-03-05", "2025-03-06",
                                                                    "2025-03-07"}
    gd = next(r for r in missed if r.duty_code == "B-1")
    assert gd.person_id == p["mohrir"] and "19 Nov 2018" in gd.basis_en
    # a missed day can still be marked as entered
    assert obligations.mark_entered(db, [gd.id], "GD-2025-03-04") == 1
    counts = obligations.dashboard_counts(db)
    assert counts.missed == 23


def test_status_changes_are_guarded_and_audited(station):
    db, p = station
    a, b = (cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id for _ in range(2))
    with pytest.raises(UserError, match="required"):
        obligations.mark_entered(db, [a], "  ")
    with pytest.raises(UserError, match="no entry with id"):
        obligations.mark_entered(db, [a, 999], "X")
    assert obligations.get(db, a).status == "pending"  # the good id in a bad batch was not touched
    with pytest.raises(UserError, match="only entries made in CAS"):
        obligations.verify(db, [a], by_person_id=p["sho"])
    obligations.mark_entered(db, [a], "NCR-1", by_person_id=p["mohrir"])
    with pytest.raises(UserError, match="already"):
        obligations.mark_entered(db, [a], "NCR-1b")
    with pytest.raises(UserError, match="SHO"):
        obligations.verify(db, [a], by_person_id=p["mohrir"])
    assert obligations.verify(db, [a], by_person_id=p["sho"]) == 1
    obligations.mark_na(db, b, "Registered twice by mistake")
    assert obligations.get(db, b).status == "na"
    obligations.reopen(db, b, "It was not a duplicate")
    assert obligations.get(db, b).status == "pending"
    actions = [r[0] for r in sql(db, "select action from audit_entries order by seq")]
    assert actions[-4:] == ["obligation.enter", "obligation.verify", "obligation.na", "obligation.reopen"]
    with pytest.raises(UserError, match="future"):
        obligations.mark_entered(db, [b], "X", at=DAY + dt.timedelta(days=3))


def test_weekly_history_and_scores_add_up(station):
    db, p = station
    ids = [cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id for _ in range(4)]
    obligations.mark_entered(db, ids[:2], "A", at=DAY + dt.timedelta(hours=1))  # on time (14 days)
    clock.pin(DAY + dt.timedelta(days=20))
    obligations.mark_entered(db, [ids[2]], "B")  # late
    weeks = obligations.weekly_history(db, weeks=4)
    assert len(weeks) == 4 and all(w.week_start.weekday() == 0 for w in weeks)
    due_week = next(w for w in weeks if w.week_start == dt.date(2025, 3, 17))
    assert (due_week.on_time, due_week.late, due_week.open) == (2, 1, 1)
    s = obligations.scores(db, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert (s.total.on_time, s.total.late, s.total.open) == (2, 1, 1) and s.total.share == 0.5


def test_search_and_order(station):
    db, p = station
    fir = cases.add_case(db, "fir", registered_at=DAY, number="77/2025", act="BNS", sections="303(2)",
                         io_person_id=p["io"])
    cases.add_case(db, "ncr", registered_at=DAY)
    found = obligations.query(db, obligations.ObligationFilter(search="77/2025"))
    assert {r.case_id for r in found} == {fir.case.id} and len(found) == 3
    assert {r.duty_code for r in obligations.query(db, obligations.ObligationFilter(search="Sunita"))} == {"C-1", "C-4"}
    ids_by_person = obligations.ids(db, obligations.ObligationFilter(), order="person")
    assert sorted(ids_by_person) == sorted(obligations.ids(db, obligations.ObligationFilter()))
    with pytest.raises(UserError, match="Unknown order"):
        obligations.ids(db, obligations.ObligationFilter(), order="bogus")


def test_first_ids_are_the_start_of_the_whole_list_in_every_order(station):
    db, p = station
    for n in range(4):
        cases.add_case(db, "fir", registered_at=DAY + dt.timedelta(hours=n), number=f"{n + 1}/2025", act="BNS",
                       sections="303(2)", io_person_id=p["io"] if n % 2 else None)
    cases.add_case(db, "ncr", registered_at=DAY)
    every = obligations.ObligationFilter(statuses=())
    for order in obligations.ORDERS:
        full = obligations.ids(db, every, order)
        assert len(full) > 6
        # descending is the ascending list backwards, for LIMIT and without
        assert obligations.ids(db, every, order, descending=True) == full[::-1]
        assert obligations.ids(db, every, order, descending=True, limit=5) == full[::-1][:5]
        first = obligations.first_ids(db, every, order, limit=5)
        assert first.ids == full[:5] and first.page == full[:5] and not first.complete
        assert first.total == len(full) == obligations.count(db, every)
        assert [r.id for r in first.rows] == full[:5]
    few = obligations.first_ids(db, obligations.ObligationFilter(search="3/2025"), limit=50)
    assert few.complete and few.ids == obligations.ids(db, obligations.ObligationFilter(search="3/2025")) and few.total == len(few.ids)
    full = obligations.ids(db, every)
    deep = obligations.first_ids(db, every, limit=3, around=full[-2])  # an entry to keep in view, past the first ids
    assert deep.complete and deep.ids == full and full[-2] in deep.page and len(deep.page) == 3
    near = obligations.first_ids(db, every, limit=3, around=full[1])
    assert near.ids == full[:3] and not near.complete
    assert obligations.count(db, obligations.ObligationFilter(role="io")) == len(obligations.ids(db, obligations.ObligationFilter(role="io")))
