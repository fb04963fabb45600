"""Issue 17 on a demo station: for many moments, the checklist, the pendency and compliance reports, the slips and
``pending --as-of`` print the same figures (their ``--json``), and a past period names the people who held its
roles (the 5-year demo's "63 of 69 duties had no holder" for a month whose holders were transferred since)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.cli import main
from app.services import obligations, reports
from app.services.core import clock
from app.services.station import open_database

pytestmark = [pytest.mark.sqlite_only("the demo station is built as an SQLite file"), pytest.mark.slow]

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture(scope="module")
def demo(one_year_demo):
    return one_year_demo(7, NOW)


@pytest.fixture
def db(demo):
    clock.pin(NOW)
    database = open_database(demo)
    yield database
    database.close()


def _dates():
    """A day in every month of the demo's year, the 15th and the last day in turn (a month in progress, a month
    closed), and yesterday and today."""
    out, first, closed = [], dt.date(2025, 4, 1), False
    while first <= NOW.date():
        following = (first + dt.timedelta(days=32)).replace(day=1)
        out.append(following - dt.timedelta(days=1) if closed else first.replace(day=15))
        first, closed = following, not closed
    return [d for d in out if d <= NOW.date()] + [NOW.date() - dt.timedelta(days=1), NOW.date()]


def test_every_reader_counts_the_same_stock_on_many_days(db):
    dates = _dates()
    assert len(dates) >= 13 and {d.day for d in dates} >= {15, 31, 30}
    for day in dates:
        f = reports.station_figures(db, day)
        t = f.totals
        assert t.bands.total == t.pending and t.overdue <= t.pending, day
        flt = obligations.ObligationFilter(as_of=day)
        listed = obligations.ids(db, flt)
        assert len(listed) == t.pending, day  # ``pending --as-of`` lists exactly the figures' pending
        assert obligations.count(db, obligations.ObligationFilter(as_of=day, overdue=True)) == t.overdue, day
        assert obligations.count(db, obligations.ObligationFilter(as_of=day, statuses=("missed",))) == t.missed, day
        assert obligations.count(db, obligations.ObligationFilter(as_of=day, statuses=("entered",))) == \
            t.awaiting_verification, day
        checklist = reports.checklist_data(db, as_of=day)
        assert checklist.figures.totals.counts() == t.counts(), day
        assert sum(d.pending for d in checklist.duties) == t.pending, day
        assert sum(d.overdue for d in checklist.duties) == t.overdue, day
        for r in f.roles:  # the checklist's per-duty rows add up to the role's figures
            assert sum(d.pending for d in checklist.duties if d.role == r.role) == r.pending, (day, r.role)
        flows = reports.pendency_data(db, day.replace(day=1), day)
        assert sum(x.closing for x in flows.flows) == t.pending and sum(x.closing_overdue for x in flows.flows) == \
            t.overdue, day
        with db.session() as s:
            people = reports.persons_at(s, day)
        assert sum(p.pending for p in people) == t.pending and sum(p.missed for p in people) == t.missed, day
        nobody = next((p.pending for p in people if p.person_id is None), 0)
        assert nobody == t.unassigned == sum(d.unassigned for d in checklist.duties), day
        assert obligations.count(db, obligations.ObligationFilter(as_of=day, unassigned=True)) == t.unassigned, day


def test_each_person_s_figures_are_his_pending_as_of_list(db):
    """``pending --as-of D --person P`` lists exactly what the figures count for P at the end of D (the same
    owner then), and what nobody owed is the figures' unassigned."""
    for day in (dt.date(2025, 6, 30), dt.date(2025, 12, 15)):
        with db.session() as s:
            people = reports.persons_at(s, day)
        assert len(people) > 5
        for p in people[:8]:
            flt = obligations.ObligationFilter(as_of=day, person_id=p.person_id, unassigned=p.person_id is None)
            rows = obligations.query(db, flt)
            assert len(rows) == p.pending and sum(r.overdue for r in rows) == p.overdue, (day, p.name)
            assert {r.person_id for r in rows} <= {p.person_id}


def test_a_past_month_names_the_people_who_held_its_roles(db):
    """Every role of the demo is held all year, by people many of whom have been transferred since."""
    for month_end in (dt.date(2025, 4, 30), dt.date(2025, 8, 31), dt.date(2025, 12, 31)):
        data = reports.compliance_data(db, month_end.replace(day=1), month_end)
        assert all(data.period.holders.get(r.role) for r in data.period.end.roles), month_end
        assert all(r.holders for r in data.roles), month_end  # the holders at the period's end
        assert data.allocation_answer != "no"
        t = data.period.due_total
        assert t.due == t.on_time + t.late + t.pending + t.missed + t.na
        assert sum(r.due for r in data.period.fell_due) == t.due
        checklist = reports.checklist_data(db, as_of=month_end)
        assert all(r.holders for r in checklist.roles), month_end


def _json(capsys, *argv):
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_the_documents_json_agree_with_pending_as_of(capsys, demo, tmp_path):
    clock.pin(NOW)
    d = ("--db", str(demo))
    for day in (dt.date(2025, 5, 31), dt.date(2025, 11, 15), dt.date(2026, 2, 28)):
        iso = day.isoformat()
        checklist = _json(capsys, "checklist", "--as-of", iso, *d)
        pendency = _json(capsys, "report", "pendency", "--from", day.replace(day=1).isoformat(), "--to", iso, *d)
        compliance = _json(capsys, "report", "compliance", "--from", day.replace(day=1).isoformat(), "--to", iso,
                           "--out", str(tmp_path / "c.pdf"), *d)
        listed = _json(capsys, "pending", "--as-of", iso, "--limit", "1000000", *d)
        assert compliance["path"] == str(tmp_path / "c.pdf") and (tmp_path / "c.pdf").exists()
        assert checklist["moment"] == pendency["moment"] == compliance["moment"] == f"{iso}T23:59:59.999999"
        assert checklist["totals"] == pendency["totals"] == compliance["totals"], day
        assert [(r["role"], r["holders"], r["pending"], r["overdue"]) for r in checklist["roles"]] == \
            [(r["role"], r["holders"], r["pending"], r["overdue"]) for r in compliance["roles"]]
        assert len(listed) == checklist["totals"]["pending"]
        assert sum(i["overdue"] for i in listed) == checklist["totals"]["overdue"]
        by_role: dict[str, int] = {}
        for i in listed:
            by_role[i["role"]] = by_role.get(i["role"], 0) + 1
        assert {r["role"]: r["pending"] for r in checklist["roles"] if r["pending"]} == by_role
    now_checklist = _json(capsys, "checklist", *d)
    slip = _json(capsys, "slip", "--all", *d)
    assert now_checklist["live"] and slip["live"] and now_checklist["totals"] == slip["totals"]
    assert sum(s["pending"] for s in slip["slips"]) == now_checklist["totals"]["pending"] - \
        now_checklist["totals"]["unassigned"]
