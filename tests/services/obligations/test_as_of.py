"""One meaning of "as of day D" (``obligations.moments``): what was owed at the end of D. The pending list
(``pending --as-of``), the inspection checklist, the pendency report and the dashboard for a past date must
agree with each other and with the definition, entry by entry, for many dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import insert, select

from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import obligations, reports
from app.services.core import clock

from tests.services.report_seed import TODAY, seed_station

pytestmark = pytest.mark.slow

CLOSED_ENTERED = ("entered", "verified")


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max)


def _add_daily_duties(db, days: int = 120) -> None:
    """Recurring-duty rows as the catch-up makes them (anchor and due at 23:59:59 of the day), in every
    status, some entered exactly at 23:59:59 or just after midnight; and entries arising at 00:00:00."""
    with db.session() as s:
        duty_id, role, form = s.execute(select(Duty.id, Duty.role_code, Duty.form)
                                        .where(Duty.code == "A-1")).one()
        other = s.execute(select(Duty.id, Duty.role_code, Duty.form).where(Duty.code == "B-2")).one()
        rows = []
        for i in range(days):
            day = TODAY.date() - dt.timedelta(days=i + 1)
            due = dt.datetime.combine(day, dt.time(23, 59, 59))
            status, entered_at = ("pending", None)
            if i % 5 == 1:
                status, entered_at = "entered", due  # made in the last second: closed at the end of the day
            elif i % 5 == 2:
                status, entered_at = "verified", due + dt.timedelta(seconds=1)  # made just after midnight
            elif i % 5 == 3:
                status = "missed"
            rows.append(dict(duty_id=duty_id, role_code=role, form=form, person_id=None, period_key=day.isoformat(),
                             anchor_at=due, due_at=due, status=status, entered_at=entered_at, basis="",
                             rule_key="seed", created_at=due))
            midnight = dt.datetime.combine(day, dt.time())
            rows.append(dict(duty_id=other[0], role_code=other[1], form=other[2], person_id=None,
                             anchor_at=midnight, due_at=midnight + dt.timedelta(days=1), status="pending",
                             basis="", rule_key="seed", created_at=midnight))
        s.execute(insert(Obligation), rows)


def _definition(rows, t: dt.datetime) -> tuple[set[int], set[int]]:
    """(open, overdue) at ``t`` straight from the definition, in Python."""
    open_, overdue = set(), set()
    for r in rows:
        closed = (r.entered_at if r.status in CLOSED_ENTERED else r.na_at if r.status == "na"
                  else r.due_at if r.status == "missed" else None)
        if r.anchor_at <= t and (closed is None or closed > t):
            open_.add(r.id)
            if r.due_at < t:
                overdue.add(r.id)
    return open_, overdue


def test_the_four_readers_of_as_of_agree_for_many_dates(db):
    seed_station(db, obligations=700, seed=11)
    _add_daily_duties(db)
    clock.pin(TODAY)
    with db.session() as s:
        all_rows = s.execute(select(Obligation.id, Obligation.duty_id, Obligation.role_code, Obligation.anchor_at,
                                    Obligation.due_at, Obligation.status, Obligation.entered_at,
                                    Obligation.na_at)).all()
    duty_of = {r.id: r.duty_id for r in all_rows}
    role_of = {r.id: r.role_code for r in all_rows}
    days = [TODAY.date() - dt.timedelta(days=n) for n in range(1, 245, 7)] + [TODAY.date() - dt.timedelta(days=2)]
    nonzero = 0
    for day in days:
        want_open, want_overdue = _definition(all_rows, _end(day))
        nonzero += bool(want_overdue)
        # pending --as-of: the list, its status column and its overdue flags
        listed = obligations.query(db, obligations.ObligationFilter(as_of=day), order="id")
        assert {r.id for r in listed} == want_open, day
        assert {r.id for r in listed if r.overdue} == want_overdue, day
        assert {r.status for r in listed} <= {"pending"}, day
        assert set(obligations.ids(db, obligations.ObligationFilter(as_of=day, overdue=True))) == want_overdue, day
        by_duty = Counter(duty_of[i] for i in want_open)
        late_by_duty = Counter(duty_of[i] for i in want_overdue)
        # the inspection checklist
        data = reports.checklist_data(db, as_of=day, per_person_limit=None)
        assert {d.duty_id: (d.pending, d.overdue) for d in data.duties if d.pending} == {
            k: (n, late_by_duty.get(k, 0)) for k, n in by_duty.items()}, day
        assert {i.obligation_id for p in data.overdue for i in p.items} == want_overdue, day
        # the pendency report, for the day alone and for the month ending with it
        with db.session() as s:
            for start in (day, day - dt.timedelta(days=29)):
                flows = obligations.pendency(s, start, day)
                assert {f.duty_id: (f.closing, f.closing_overdue) for f in flows if f.closing} == {
                    k: (n, late_by_duty.get(k, 0)) for k, n in by_duty.items()}, (start, day)
                assert all(f.opening + f.arisen - f.disposed - f.missed == f.closing for f in flows)
            next_day = obligations.pendency(s, day + dt.timedelta(days=1), day + dt.timedelta(days=1))
            assert sum(f.opening for f in next_day) == len(want_open), day
        # the dashboard for a past date
        counts = obligations.dashboard_counts(db, as_of=day)
        assert (counts.total.pending, counts.total.overdue) == (len(want_open), len(want_overdue)), day
        assert {k: c.pending for k, c in counts.by_role.items() if c.pending} == dict(
            Counter(role_of[i] for i in want_open)), day
    assert nonzero > 30


def test_the_end_of_the_day_boundary(db):
    """Due at 23:59:59 of D: overdue at the end of D, not at the end of D-1; made at 23:59:59 of D: no longer
    owed at the end of D; arising at 00:00:00 of D+1: not yet owed at the end of D."""
    seed_station(db, obligations=0)
    clock.pin(TODAY)
    day = TODAY.date() - dt.timedelta(days=10)
    last_second = dt.datetime.combine(day, dt.time(23, 59, 59))
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    with db.session() as s:
        duty_id = s.scalar(select(Duty.id).where(Duty.code == "A-1"))
        base = dict(duty_id=duty_id, role_code="sho", form=None, person_id=None, basis="", rule_key="t")
        ids = {}
        for name, extra in {
            "due_last_second": dict(anchor_at=last_second - dt.timedelta(days=1), due_at=last_second),
            "made_last_second": dict(anchor_at=last_second - dt.timedelta(days=1), due_at=midnight,
                                     status="entered", entered_at=last_second),
            "made_after_midnight": dict(anchor_at=last_second - dt.timedelta(days=1), due_at=midnight,
                                        status="entered", entered_at=midnight),
            "arises_at_midnight": dict(anchor_at=midnight, due_at=midnight + dt.timedelta(hours=1)),
        }.items():
            ids[name] = s.execute(insert(Obligation).values(**base, created_at=TODAY, **extra)
                                  .returning(Obligation.id)).scalar_one()

    def seen(as_of):
        rows = obligations.query(db, obligations.ObligationFilter(as_of=as_of), order="id")
        data = reports.checklist_data(db, as_of=as_of, per_person_limit=None)
        with db.session() as s:
            flows = obligations.pendency(s, as_of, as_of)
        counts = obligations.dashboard_counts(db, as_of=as_of)
        pending = {n for n, i in ids.items() if i in {r.id for r in rows}}
        overdue = {n for n, i in ids.items() if i in {r.id for r in rows if r.overdue}}
        assert sum(d.pending for d in data.duties) == sum(f.closing for f in flows) == counts.total.pending == len(rows)
        assert (sum(d.overdue for d in data.duties) == sum(f.closing_overdue for f in flows) == counts.total.overdue
                == len(overdue))
        return pending, overdue

    assert seen(day) == ({"due_last_second", "made_after_midnight"}, {"due_last_second"})
    assert seen(day - dt.timedelta(days=1)) == ({"due_last_second", "made_last_second", "made_after_midnight"},
                                                set())  # arisen at 23:59:59 of D-1, nothing made yet, nothing late
    assert seen(day + dt.timedelta(days=1)) == ({"due_last_second", "arises_at_midnight"},
                                                {"due_last_second", "arises_at_midnight"})
    assert obligations.as_of_moment(day) == dt.datetime.combine(day, dt.time.max)
    assert obligations.as_of_moment(TODAY.date() + dt.timedelta(days=3)) == TODAY  # the future is now


def test_an_entry_made_later_shows_as_pending_then(db):
    seed_station(db, obligations=0)
    clock.pin(TODAY)
    with db.session() as s:
        duty_id = s.scalar(select(Duty.id).where(Duty.code == "B-2"))
        made = s.execute(insert(Obligation).values(
            duty_id=duty_id, role_code="mohrir", form="IIF-1", person_id=None, basis="", rule_key="t",
            anchor_at=TODAY - dt.timedelta(days=5), due_at=TODAY - dt.timedelta(days=4), status="verified",
            entered_at=TODAY - dt.timedelta(days=2), verified_at=TODAY - dt.timedelta(days=1), cas_ref="X",
            created_at=TODAY - dt.timedelta(days=5)).returning(Obligation.id)).scalar_one()
    flt = obligations.ObligationFilter
    day = (TODAY - dt.timedelta(days=3)).date()
    (row,) = obligations.query(db, flt(as_of=day))
    assert (row.id, row.status, row.overdue) == (made, "pending", True)
    assert obligations.query(db, flt(as_of=day, statuses=("entered", "verified"))) == []
    assert [r.status for r in obligations.query(db, flt(as_of=TODAY.date() - dt.timedelta(days=2),
                                                        statuses=("entered", "verified")))] == ["entered"]
    assert obligations.query(db, flt(as_of=TODAY.date() - dt.timedelta(days=6))) == []  # not arisen yet
    assert obligations.query(db, flt()) == []  # today it is verified


def test_as_of_today_is_now_for_every_reader(db):
    """As of today is the present, everywhere: every entry pending now — the current period of a recurring
    duty too, whose anchor is later today or tomorrow — and overdue when due before now. The list, the
    checklist, the pendency report (the day alone and the month to date) and the dashboard agree."""
    seed_station(db, obligations=300, seed=5)
    _add_daily_duties(db, days=20)
    clock.pin(TODAY)
    with db.session() as s:
        duty_id, role, form = s.execute(select(Duty.id, Duty.role_code, Duty.form).where(Duty.code == "A-1")).one()
        tonight = dt.datetime.combine(TODAY.date(), dt.time(23, 59, 59))
        for anchor in (tonight, tonight + dt.timedelta(days=1)):  # today's daily period, this week's period
            s.execute(insert(Obligation).values(duty_id=duty_id, role_code=role, form=form, person_id=None,
                                                period_key="p" + anchor.isoformat(), anchor_at=anchor, due_at=anchor,
                                                status="pending", basis="", rule_key="seed", created_at=TODAY))
        live = s.execute(select(Obligation.id, Obligation.duty_id, Obligation.due_at)
                         .where(Obligation.status == "pending")).all()
    want_open = {r.id for r in live}
    want_overdue = {r.id for r in live if r.due_at < TODAY}
    by_duty = Counter(r.duty_id for r in live)
    late_by_duty = Counter(r.duty_id for r in live if r.due_at < TODAY)
    today = TODAY.date()
    for as_of in (today, None):
        listed = obligations.query(db, obligations.ObligationFilter(as_of=as_of), order="id")
        assert ({r.id for r in listed}, {r.id for r in listed if r.overdue}) == (want_open, want_overdue), as_of
        data = reports.checklist_data(db, as_of=as_of, per_person_limit=None)
        assert {d.duty_id: (d.pending, d.overdue) for d in data.duties if d.pending} == {
            k: (n, late_by_duty.get(k, 0)) for k, n in by_duty.items()}, as_of
        counts = obligations.dashboard_counts(db, as_of=as_of)
        assert (counts.total.pending, counts.total.overdue) == (len(want_open), len(want_overdue)), as_of
    with db.session() as s:
        for start in (today, today - dt.timedelta(days=29)):
            flows = obligations.pendency(s, start, today)
            assert {f.duty_id: (f.closing, f.closing_overdue) for f in flows if f.closing} == {
                k: (n, late_by_duty.get(k, 0)) for k, n in by_duty.items()}, start
            assert all(f.opening + f.arisen - f.disposed - f.missed == f.closing for f in flows), start
