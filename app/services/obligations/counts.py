"""Counts over obligations: the dashboard (pending, due soon, overdue, unassigned per role, person and
form), scores (share entered on time) and the weekly history. Each is one grouped query in portable
SQL that the indexes answer (``ix_obligations_dashboard`` covers the dashboard), summed in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import DateTime, and_, bindparam, case, func, literal_column, or_, select

from app.models.obligations import Obligation
from app.models.staff import Person
from app.services.obligations.statuses import OPEN_STATUSES
from app.services.storage import Database
from app.services.core.formatting import natural_key

ON_TIME_STATUSES = ("entered", "verified")
COUNTED_STATUSES = (*OPEN_STATUSES, *ON_TIME_STATUSES)  # all but n/a, listed so that the
# (status, due_at) index serves the due-date range


@dataclass
class Counts:
    pending: int = 0
    due_soon: int = 0
    overdue: int = 0
    unassigned: int = 0

    def add(self, pending: int, due_soon: int, overdue: int, unassigned: int) -> None:
        self.pending += pending
        self.due_soon += due_soon
        self.overdue += overdue
        self.unassigned += unassigned

    def as_dict(self) -> dict:
        return {"pending": self.pending, "due_soon": self.due_soon, "overdue": self.overdue,
                "unassigned": self.unassigned}


@dataclass
class DashboardCounts:
    as_of: dt.datetime
    due_soon_days: int
    total: Counts = field(default_factory=Counts)
    by_role: dict[str, Counts] = field(default_factory=dict)
    by_person: dict[int | None, Counts] = field(default_factory=dict)  # None = unassigned
    by_form: dict[str | None, Counts] = field(default_factory=dict)  # None = duties without a form
    person_names: dict[int, str] = field(default_factory=dict)
    missed: int = 0  # recurring periods that passed while the app was closed, not yet entered

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of, "due_soon_days": self.due_soon_days, "total": self.total.as_dict(),
            "missed": self.missed,
            "by_role": {k: v.as_dict() for k, v in self.by_role.items()},
            "by_person": [{"person_id": k, "person": self.person_names.get(k) if k is not None else None,
                           **v.as_dict()} for k, v in self.by_person.items()],
            "by_form": {(k or ""): v.as_dict() for k, v in self.by_form.items()},
        }


def _with_names(grouped):
    """The grouped counts with each person's name beside their id (NULL for the unassigned): the names
    looked up for the few groups after grouping, in the same statement (no second query for the staff)."""
    g = grouped.subquery()
    return select(g, Person.name).outerjoin(Person, Person.id == g.c.person_id)


def _build_dashboard_statement():
    o = Obligation
    now, soon = bindparam("now", type_=DateTime), bindparam("soon", type_=DateTime)
    # The open statuses written into the SQL (constants of the code, not input): no list to expand per call.
    statuses = [literal_column(f"'{status}'") for status in OPEN_STATUSES]
    counts = (  # grouped in the index's own order (status first): no sorting step
        select(o.status, o.role_code, o.form, o.person_id, func.count(),
               func.sum(case((o.due_at < now, 1), else_=0)),
               func.sum(case((and_(o.due_at >= now, o.due_at < soon), 1), else_=0)))
        .where(o.status.in_(statuses))
        .group_by(o.status, o.role_code, o.form, o.person_id)
    )
    return _with_names(counts)


# Built once: the dashboard refreshes often, and building a statement costs more than running it here.
DASHBOARD_COUNTS = _build_dashboard_statement()


def _past_counts(t: dt.datetime):
    """The dashboard's grouped counts as they stood at the past moment ``t`` (the end of an as-of day):
    the same columns, each entry with the status it had then (``history.status_at``)."""
    from app.services.obligations.history import in_status_at, status_at

    o = Obligation
    now, soon = bindparam("now", type_=DateTime), bindparam("soon", type_=DateTime)
    then = status_at(t).label("status_then")
    inner = (select(then, o.role_code, o.form, o.person_id, o.due_at)
             .where(or_(in_status_at(t, "pending"), in_status_at(t, "missed"))).subquery())
    c = inner.c
    return _with_names(select(c.status_then, c.role_code, c.form, c.person_id, func.count(),
                              func.sum(case((c.due_at < now, 1), else_=0)),
                              func.sum(case((and_(c.due_at >= now, c.due_at < soon), 1), else_=0)))
                       .group_by(c.status_then, c.role_code, c.form, c.person_id))


def dashboard_statements() -> tuple:
    """The statements the dashboard runs with ``{"now": …, "soon": …}`` (the benchmark runs the very
    same SQL through sqlite3): the grouped counts of open entries — one pass over the covering index
    ``ix_obligations_dashboard`` for both the pending and the missed ones — with the names of the staff
    they fall to. (The due-soon window is read before, from the settings.)"""
    return (DASHBOARD_COUNTS,)


def dashboard_counts(db: Database, *, as_of: dt.datetime | dt.date | None = None,
                     due_soon_days: int | None = None) -> DashboardCounts:
    from app.services.obligations import moments

    now = moments.as_of_moment(as_of)
    with db.engine.connect() as conn:  # a plain Core connection: no ORM session needed to count
        days = moments.due_soon_days(conn) if due_soon_days is None else due_soon_days
        statement = _past_counts(now) if moments.is_past(as_of) else DASHBOARD_COUNTS
        grouped = conn.execute(statement, {"now": now, "soon": now + dt.timedelta(days=days)}).all()
    out = DashboardCounts(now, days)
    _add_up(out, grouped)
    return out


def _add_up(out: DashboardCounts, grouped) -> None:
    """The grouped rows summed per role, person and form, and in all (plain lists while summing)."""
    total = [0, 0, 0, 0]
    by_role: dict[str, list[int]] = {}
    by_person: dict[int | None, list[int]] = {}
    by_form: dict[str | None, list[int]] = {}
    names = out.person_names
    for status, role, form, pid, n, overdue, due_soon, name in grouped:
        if status != "pending":
            out.missed += n
            continue
        overdue, due_soon = int(overdue or 0), int(due_soon or 0)
        unassigned = n if pid is None else 0
        if name is not None:
            names[pid] = name
        for c in (total, by_role.get(role) or by_role.setdefault(role, [0, 0, 0, 0]),
                  by_person.get(pid) or by_person.setdefault(pid, [0, 0, 0, 0]),
                  by_form.get(form) or by_form.setdefault(form, [0, 0, 0, 0])):
            c[0] += n
            c[1] += due_soon
            c[2] += overdue
            c[3] += unassigned
    out.total = Counts(*total)
    out.by_role = {k: Counts(*v) for k, v in by_role.items()}
    out.by_person = {k: Counts(*v) for k, v in by_person.items()}
    out.by_form = {k: Counts(*v) for k, v in by_form.items()}


@dataclass(frozen=True)
class ScoreRow:
    key: str | None  # the role code or form
    total: int  # obligations due in the period (not applicable ones left out)
    on_time: int
    late: int  # entered after the due time
    open: int  # not entered (pending or missed)

    @property
    def share(self) -> float | None:
        """Share entered on time, 0..1; None when nothing was due."""
        return self.on_time / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"key": self.key, "total": self.total, "on_time": self.on_time, "late": self.late,
                "open": self.open, "share": self.share}


@dataclass(frozen=True)
class Scores:
    date_from: dt.date
    date_to: dt.date
    total: ScoreRow
    by_role: list[ScoreRow]
    by_form: list[ScoreRow]

    def as_dict(self) -> dict:
        return {"from": self.date_from, "to": self.date_to, "total": self.total.as_dict(),
                "by_role": [r.as_dict() for r in self.by_role], "by_form": [r.as_dict() for r in self.by_form]}


def scores(db: Database, date_from: dt.date, date_to: dt.date) -> Scores:
    """For obligations due in [date_from, date_to]: how many were entered on time, late, or not at all."""
    o = Obligation
    start = dt.datetime.combine(date_from, dt.time())
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time())
    done = o.status.in_(ON_TIME_STATUSES)
    q = (select(o.role_code, o.form, func.count(),
                func.sum(case((and_(done, o.entered_at <= o.due_at), 1), else_=0)),
                func.sum(case((and_(done, o.entered_at > o.due_at), 1), else_=0)))
         .where(o.due_at >= start, o.due_at < end, o.status.in_(COUNTED_STATUSES))
         .group_by(o.role_code, o.form))
    by_role: dict[str, list[int]] = {}
    by_form: dict[str | None, list[int]] = {}
    total = [0, 0, 0]
    with db.session() as s:
        for role, form, n, on_time, late in s.execute(q):
            vals = (int(n), int(on_time or 0), int(late or 0))
            for bucket in (by_role.setdefault(role, [0, 0, 0]), by_form.setdefault(form, [0, 0, 0]), total):
                for i, v in enumerate(vals):
                    bucket[i] += v

    def row(key, v):
        return ScoreRow(key, v[0], v[1], v[2], v[0] - v[1] - v[2])

    return Scores(date_from, date_to, row(None, total),
                  [row(k, v) for k, v in sorted(by_role.items())],
                  [row(k, v) for k, v in sorted(by_form.items(), key=lambda kv: natural_key(kv[0]))])


@dataclass(frozen=True)
class WeekRow:
    week_start: dt.date  # a Monday
    on_time: int
    late: int
    open: int

    def as_dict(self) -> dict:
        return {"week_start": self.week_start, "on_time": self.on_time, "late": self.late, "open": self.open}


def weekly_history(db: Database, weeks: int = 12, as_of: dt.datetime | dt.date | None = None) -> list[WeekRow]:
    """Per week (Monday to Sunday, by due date), the last ``weeks`` weeks up to the one holding ``as_of``:
    entries made on time, made late, and not made (pending or missed)."""
    from app.services.obligations.moments import as_of_moment

    weeks = max(1, min(int(weeks), 260))
    now = as_of_moment(as_of)
    this_monday = now.date() - dt.timedelta(days=now.weekday())
    mondays = [this_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    bounds = [dt.datetime.combine(m, dt.time()) for m in mondays] + [
        dt.datetime.combine(this_monday + dt.timedelta(weeks=1), dt.time())]
    o = Obligation
    bucket = case(*[(o.due_at < bounds[i + 1], i) for i in range(weeks)], else_=weeks)
    done = o.status.in_(ON_TIME_STATUSES)
    q = (select(bucket, func.sum(case((and_(done, o.entered_at <= o.due_at), 1), else_=0)),
                func.sum(case((and_(done, o.entered_at > o.due_at), 1), else_=0)),
                func.sum(case((o.status.in_(OPEN_STATUSES), 1), else_=0)))
         .where(o.due_at >= bounds[0], o.due_at < bounds[-1], o.status.in_(COUNTED_STATUSES))
         .group_by(bucket))
    found: dict[int, tuple[int, int, int]] = {}
    with db.session() as s:
        for b, on_time, late, open_ in s.execute(q):
            found[int(b)] = (int(on_time or 0), int(late or 0), int(open_ or 0))
    return [WeekRow(m, *found.get(i, (0, 0, 0))) for i, m in enumerate(mondays)]
