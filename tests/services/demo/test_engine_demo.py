"""The demo station: realistic, consistent with the rules, and never written over an existing file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from app.services.core import clock
from app.services import obligations
from app.services import obligations
from app.services.station import open_database
from app.services.demo import build_demo
from app.services.core.errors import UserError

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture(scope="module")
def demo(one_year_demo):
    """The session's one-year demo of seed 7 (shared with the report tests: built once per run), a copy of it."""
    result, seen = one_year_demo.build(7, NOW)
    return one_year_demo(7, NOW), result, seen


def q(path, sql, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_a_busy_station_year(demo):
    path, result, seen = demo
    assert 2500 <= q(path, "select count(*) from cases where kind='fir'")[0][0] <= 3500
    assert result.obligations == q(path, "select count(*) from obligations")[0][0] > 35_000
    assert result.events == q(path, "select count(*) from events")[0][0]
    statuses = dict(q(path, "select status, count(*) from obligations group by status"))
    assert set(statuses) == {"pending", "entered", "verified", "na", "missed"}
    assert statuses["verified"] > statuses["entered"] > statuses["pending"] > statuses["na"]
    kinds = {k for (k,) in q(path, "select distinct kind from events")}
    assert {"arrest", "first-remand", "seizure", "case-diary", "final-report", "court-number", "io-change"} <= kinds
    names = [n for (n,) in q(path, "select name from persons")]
    assert any("\u0900" <= ch <= "\u097f" for n in names for ch in n)  # some written in Devanagari
    assert any(n.isascii() for n in names)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_demo_follows_the_rules_and_owners(demo):
    path, _result, _seen = demo
    # FIR entry due 24 h after registration (Youth Bar), for every FIR
    bad = q(path, """select count(*) from obligations o join cases c on c.id=o.case_id
                     where o.rule_key like 'fir.iif1%' and o.due_at != datetime(c.registered_at, '+1 day') || '.000000'""")
    assert bad == [(0,)]
    # open work belongs to people still in post, or is unassigned (never to someone who left)
    assert q(path, """select count(*) from obligations o join persons p on p.id=o.person_id
                      where o.status='pending' and not p.active""") == [(0,)]
    # in an open investigation, the IO's open entries are the case's current IO's
    assert q(path, """select count(*) from obligations o join cases c on c.id=o.case_id
                      where o.status='pending' and o.role_code='io' and c.status='open'
                      and o.person_id is not c.io_person_id""") == [(0,)]
    # entries made are stamped; verified ones by an SHO
    assert q(path, "select count(*) from obligations where status in ('entered','verified') and "
                   "(cas_ref is null or entered_at is null)") == [(0,)]


def test_demo_counts_match_brute_force(demo):
    path, _result, _seen = demo
    clock.pin(NOW)
    db = open_database(path)
    try:
        counts = obligations.dashboard_counts(db)
        rows = q(path, "select person_id, due_at from obligations where status='pending'")
        now = NOW.isoformat(sep=" ")
        soon = (NOW + dt.timedelta(days=counts.due_soon_days)).isoformat(sep=" ")
        assert counts.total.pending == len(rows)
        assert counts.total.overdue == sum(1 for _p, due in rows if due < now)
        assert counts.total.due_soon == sum(1 for _p, due in rows if now <= due < soon)
        assert counts.total.unassigned == sum(1 for p, _d in rows if p is None)
        listed = obligations.ids(db, obligations.ObligationFilter(overdue=True))
        assert len(listed) == counts.total.overdue
        assert obligations.catch_up(db).created == 0  # the demo is complete up to today
        scores = obligations.scores(db, dt.date(2025, 6, 1), dt.date(2025, 12, 31))
        assert 0.6 < scores.total.share < 0.95
        assert len(obligations.weekly_history(db, 12)) == 12
    finally:
        db.close()
        clock.pin(None)


def test_demo_never_overwrites(demo, tmp_path):
    path, _result, _seen = demo
    before = path.stat().st_size
    with pytest.raises(UserError, match="already exists"):
        build_demo(path, years=1)
    assert path.stat().st_size == before
    with pytest.raises(UserError):
        build_demo(tmp_path / "x.sqlite3", years=11)
    assert not (tmp_path / "x.sqlite3").exists()


def test_demo_firs_carry_the_class_their_sections_give(demo):
    from app.services.cases import classify_punishment

    path, _result, _seen = demo
    rows = q(path, "select distinct act, sections, punishment_class, punishment_basis from cases where kind='fir'")
    assert len(rows) >= 10
    for act, sections, cls, basis in rows:
        assert cls == classify_punishment(act, sections).punishment_class, (act, sections)
        assert json.loads(basis)["class"] == cls


def test_demo_accused_have_names_custody_and_the_clock_the_engine_gives(demo):
    """Each arrest names an accused of its case, each accused's first remand is linked to him, some are out on
    bail; the chargesheet entry of a case under investigation falls due on the earliest default-bail day
    among its accused still in custody, as the statutory-clocks view says."""
    from app.services import cases

    path, _result, _seen = demo
    assert q(path, "select count(*) from events where kind = 'arrest' and accused_id is null")[0][0] == 0
    assert q(path, """select count(*) from events e join accused a on a.id = e.accused_id
                      where a.case_id != e.case_id""")[0][0] == 0
    accused, bailed, named = q(path, "select count(*), count(bailed_at), sum(name != '') from accused")[0]
    assert accused > 1000 and 0 < bailed < accused and named == accused
    # every accused whose arrest has happened has exactly one first remand of his own (first-remand or remand)
    assert q(path, """select count(*) from accused a where (select count(*) from events e where e.accused_id = a.id
                      and e.kind in ('first-remand', 'remand')) > 1""")[0][0] == 0
    clock.pin(NOW)
    db = open_database(path)
    try:
        rows = cases.statutory_clocks(db)
        by_case: dict[int, list] = {}
        for r in rows:
            if r.punishment_class in ("lt10", "ge10"):
                by_case.setdefault(r.case_id, []).append(r.default_bail_at)
        assert len(by_case) > 20
        for case_id, days in by_case.items():
            c4 = [o for o in cases.get_case(db, case_id).obligations if o.duty_code == "C-4"]
            assert c4 and all(o.due_at == min(days) for o in c4), (case_id, [o.due_at for o in c4], min(days))
    finally:
        db.close()
        clock.pin(None)
