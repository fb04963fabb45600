"""The aggregate queries behind the printed documents (SQLAlchemy Core, portable SQL).

"Pending at a moment T" is reconstructed from the obligation's own timestamps (``open_at.py``), so
a checklist or a pendency report can be made for a past date: an obligation is open at T when it arose
before T (``anchor_at``) and was not closed before T. It is closed when entered (``entered_at``; verified
entries were entered first), marked not applicable (``na_at``) or missed (at its due time). For T
at or after the present the query is simply ``status = 'pending'``, which the obligation indexes
serve directly.

Every function takes an open ``Session`` (the caller's unit of work) and returns plain dataclasses.
Window functions (``row_number() over (...)``) are used for "the oldest item per group": SQLite
3.25+ and PostgreSQL both have them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Collection

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.models.cases import Case
from app.models.catalogue import Duty, Role
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment
from app.services.core import clock
from app.services.catalogue import active_circular
from app.services.catalogue import case_label
from app.services.obligations.history import (
    CLOSED_ENTERED,
    closed_at,
    in_status_at,
    not_closed_before,
    open_at,
    overdue_at,
)
from app.services.obligations.moments import as_of_moment, is_past
from app.services.core.sql_text import binary


# --- shapes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OldestItem:
    obligation_id: int
    due_at: dt.datetime
    anchor_at: dt.datetime
    case_label: str
    person: str | None  # None: nobody holds the role

    def as_dict(self) -> dict:
        return {"obligation_id": self.obligation_id, "due_at": self.due_at.isoformat(),
                "anchor_at": self.anchor_at.isoformat(), "case": self.case_label, "person": self.person}


@dataclass(frozen=True)
class DutyPendency:
    duty_id: int
    code: str
    role: str
    number: int
    name_hi: str
    name_en: str
    form: str | None
    pending: int
    overdue: int
    unassigned: int
    oldest: OldestItem | None


@dataclass(frozen=True)
class OverdueItem:
    obligation_id: int
    duty_code: str
    duty_name_hi: str
    duty_name_en: str
    role: str
    case_label: str
    due_at: dt.datetime
    days_overdue: int


@dataclass(frozen=True)
class PersonOverdue:
    person_id: int | None  # None: owed by a role nobody holds
    name: str
    rank: str
    overdue: int
    items: tuple[OverdueItem, ...]  # the oldest first; at most the limit asked for


@dataclass(frozen=True)
class PersonPending:
    obligation_id: int
    duty_code: str
    duty_name_hi: str
    duty_name_en: str
    role: str
    form: str | None
    case_label: str
    due_at: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class FormStats:
    role: str
    form: str | None  # None: duties that are not a CAS form (registers, monitoring...)
    due: int
    on_time: int
    late: int
    pending: int
    overdue: int
    not_applicable: int

    @property
    def on_time_share(self) -> float | None:
        done = self.on_time + self.late + self.pending
        return None if done == 0 else self.on_time / done


@dataclass(frozen=True)
class DutyFlow:
    duty_id: int
    code: str
    role: str
    number: int
    name_hi: str
    name_en: str
    opening: int  # open at the start of the period
    arisen: int  # arose within the period
    disposed: int  # closed within the period: made in CAS or not applicable (a missed period is in ``missed``)
    closing: int  # open at the end of the period
    closing_overdue: int
    missed: int = 0  # recurring periods that lapsed in the period, not made: opening + arisen - disposed - missed


@dataclass(frozen=True)
class Holder:
    person_id: int
    name: str
    rank: str
    since: dt.date


@dataclass
class RoleHolders:
    role: str
    section: str
    name_hi: str
    name_en: str
    holders: list[Holder] = field(default_factory=list)


# --- building blocks ----------------------------------------------------------------------------


def _moment(as_of: dt.datetime | None) -> dt.datetime:
    return clock.now() if as_of is None else as_of


def _active_duties(session: Session):
    circ = active_circular(session)
    if circ is None:
        return []
    return session.execute(
        select(Duty.id, Duty.code, Duty.role_code, Duty.number,
               func.coalesce(Duty.label_hi, Duty.text_hi), func.coalesce(Duty.label_en, Duty.name_en),
               Duty.form)
        .join(Role, Role.code == Duty.role_code)
        .where(Duty.circular_id == circ.id)
        .order_by(Role.sort, Duty.number)
    ).all()


# --- per duty -----------------------------------------------------------------------------------


def _owner_names_then(session: Session, as_of: dt.datetime | None, rows) -> dict[int, str | None]:
    """At a past moment, obligation id → the name of whoever owed it then (``owners.owners_at``); empty now."""
    if not is_past(as_of):
        return {}
    from app.services.obligations.owners import owners_at

    owner = owners_at(session, as_of, rows)
    ids = sorted({p for p in owner.values() if p is not None})
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all()) if ids else {}
    return {oid: names.get(pid) if pid is not None else None for oid, pid in owner.items()}



def duty_pendency(session: Session, as_of: dt.datetime | None = None, *, with_oldest: bool = True
                  ) -> list[DutyPendency]:
    """Every duty of the active allocation, in the letter's order, with its pending and overdue
    counts at ``as_of`` and its oldest pending item (the earliest due; None for every duty when not
    ``with_oldest``, which saves a pass over the pending entries)."""
    moment = _moment(as_of)
    o = Obligation
    pending = open_at(as_of)
    counts = {
        duty_id: (n, late or 0, orphan or 0)
        for duty_id, n, late, orphan in session.execute(
            select(o.duty_id, func.count(),
                   func.sum(case((overdue_at(moment), 1), else_=0)),
                   func.sum(case((o.person_id.is_(None), 1), else_=0)))
            .where(pending).group_by(o.duty_id)
        )
    }
    ranked = (
        select(o.id, o.duty_id, o.due_at, o.anchor_at, o.case_id, o.person_id,
               func.row_number().over(partition_by=o.duty_id, order_by=(o.due_at, o.id)).label("rn"))
        .where(pending)
        .subquery()
    )
    oldest: dict[int, OldestItem] = {}
    firsts = [] if not with_oldest else session.execute(
        select(ranked.c.id, ranked.c.duty_id, ranked.c.due_at, ranked.c.anchor_at, ranked.c.case_id,
               Case.kind, Case.number, Case.year, Person.name, ranked.c.person_id, Duty.role_code,
               Case.act, Case.sections)
        .select_from(ranked)
        .join(Duty, Duty.id == ranked.c.duty_id)
        .outerjoin(Case, Case.id == ranked.c.case_id)
        .outerjoin(Person, Person.id == ranked.c.person_id)
        .where(ranked.c.rn == 1)
    ).all()
    then = _owner_names_then(session, as_of, [(r[0], r[10], r[9], r[4]) for r in firsts])
    for oid, duty_id, due_at, anchor_at, case_id, kind, number, year, person, _pid, _role, act, sections in firsts:
        oldest[duty_id] = OldestItem(oid, due_at, anchor_at, case_label(kind, number, year, case_id, act, sections),
                                     then.get(oid, person))
    held_then = None
    if is_past(as_of):
        from app.services.obligations.owners import roles_held_on

        held_then = roles_held_on(session, moment.date())
    out = []
    for duty_id, code, role, number, name_hi, name_en, form in _active_duties(session):
        n, late, orphan = counts.get(duty_id, (0, 0, 0))
        if held_then is not None and role not in held_then:
            orphan = n  # nobody held the role then: its entries were nobody's (``owners.owners_at``)
        out.append(DutyPendency(duty_id, code, role, number, name_hi, name_en, form, n, late, orphan,
                                oldest.get(duty_id)))
    return out


# --- per person ---------------------------------------------------------------------------------


def overdue_by_person(session: Session, as_of: dt.datetime | None = None, *,
                      per_person_limit: int | None = 15) -> list[PersonOverdue]:
    """Who owes overdue entries at ``as_of``: the most overdue person first, each with their oldest
    items (at most ``per_person_limit``; None for all). Items owed by a role nobody holds come
    last, under ``person_id`` None."""
    moment = _moment(as_of)
    o = Obligation
    where = and_(open_at(as_of), overdue_at(moment))
    if is_past(as_of):
        return _overdue_by_owner_then(session, moment, where, per_person_limit)
    totals = session.execute(
        select(o.person_id, func.count()).where(where).group_by(o.person_id)
    ).all()
    if not totals:
        return []
    ranked = (
        select(o.id, o.person_id, o.duty_id, o.case_id, o.due_at, o.role_code,
               func.row_number().over(partition_by=o.person_id, order_by=(o.due_at, o.id)).label("rn"))
        .where(where)
        .subquery()
    )
    q = (
        select(ranked.c.id, ranked.c.person_id, Duty.code, func.coalesce(Duty.label_hi, Duty.text_hi),
               func.coalesce(Duty.label_en, Duty.name_en), ranked.c.role_code, ranked.c.case_id,
               Case.kind, Case.number, Case.year, ranked.c.due_at, Case.act, Case.sections)
        .select_from(ranked)
        .join(Duty, Duty.id == ranked.c.duty_id)
        .outerjoin(Case, Case.id == ranked.c.case_id)
        .order_by(ranked.c.person_id, ranked.c.rn)
    )
    if per_person_limit is not None:
        q = q.where(ranked.c.rn <= per_person_limit)
    items: dict[int | None, list[OverdueItem]] = {}
    for oid, pid, code, name_hi, name_en, role, case_id, kind, number, year, due_at, act, sections in session.execute(q):
        days = (moment.date() - due_at.date()).days
        items.setdefault(pid, []).append(OverdueItem(
            oid, code, name_hi, name_en, role, case_label(kind, number, year, case_id, act, sections), due_at,
            max(days, 0)))
    people = {pid: (name, rank) for pid, name, rank in session.execute(
        select(Person.id, Person.name, Person.rank).where(Person.id.in_([p for p, _ in totals if p is not None]))
    )}
    out = [PersonOverdue(pid, *people.get(pid, ("", "")), n, tuple(items.get(pid, ())))
           for pid, n in totals if pid is not None]
    out.sort(key=lambda p: (-p.overdue, p.name))
    out += [PersonOverdue(None, "", "", n, tuple(items.get(None, ()))) for pid, n in totals if pid is None]
    return out


def _overdue_by_owner_then(session: Session, moment: dt.datetime, where, limit: int | None) -> list[PersonOverdue]:
    """``overdue_by_person`` at a past moment: each entry under whoever owed it then (``owners.owners_at``)."""
    from app.services.obligations.owners import owners_at

    o = Obligation
    found = session.execute(
        select(o.id, o.person_id, Duty.code, func.coalesce(Duty.label_hi, Duty.text_hi),
               func.coalesce(Duty.label_en, Duty.name_en), o.role_code, o.case_id, Case.kind, Case.number, Case.year,
               o.due_at, Case.act, Case.sections)
        .join(Duty, Duty.id == o.duty_id)
        .outerjoin(Case, Case.id == o.case_id)
        .where(where)
        .order_by(o.due_at, o.id)).all()
    if not found:
        return []
    owner = owners_at(session, moment, [(r[0], r[5], r[1], r[6]) for r in found])
    items: dict[int | None, list[OverdueItem]] = {}
    totals: dict[int | None, int] = {}
    for oid, _pid, code, name_hi, name_en, role, case_id, kind, number, year, due_at, act, sections in found:
        pid = owner[oid]
        totals[pid] = totals.get(pid, 0) + 1
        if limit is None or len(items.get(pid, ())) < limit:
            items.setdefault(pid, []).append(OverdueItem(
                oid, code, name_hi, name_en, role, case_label(kind, number, year, case_id, act, sections), due_at,
                max((moment.date() - due_at.date()).days, 0)))
    people = {pid: (name, rank) for pid, name, rank in session.execute(
        select(Person.id, Person.name, Person.rank).where(Person.id.in_([p for p in totals if p is not None])))}
    out = [PersonOverdue(pid, *people.get(pid, ("", "")), n, tuple(items.get(pid, ())))
           for pid, n in totals.items() if pid is not None]
    out.sort(key=lambda p: (-p.overdue, p.name))
    if None in totals:
        out.append(PersonOverdue(None, "", "", totals[None], tuple(items.get(None, ()))))
    return out


def pending_for_person(session: Session, person_id: int, as_of: dt.datetime | None = None, *,
                       limit: int | None = None, owed: Collection[int] | None = None
                       ) -> tuple[int, list[PersonPending]]:
    """(total, items) of what ``person_id`` owes at ``as_of``: overdue first, then by due time. ``owed``: the
    ids he owed then (``owners_at`` of a past moment), read instead of the stored owner."""
    moment = _moment(as_of)
    o = Obligation
    where = and_(open_at(as_of), o.person_id == person_id if owed is None else o.id.in_(list(owed)))
    total = session.scalar(select(func.count()).select_from(o).where(where)) or 0
    q = (
        select(o.id, Duty.code, func.coalesce(Duty.label_hi, Duty.text_hi),
               func.coalesce(Duty.label_en, Duty.name_en), o.role_code, o.form, o.case_id,
               Case.kind, Case.number, Case.year, o.due_at, Case.act, Case.sections)
        .join(Duty, Duty.id == o.duty_id)
        .outerjoin(Case, Case.id == o.case_id)
        .where(where)
        .order_by(o.due_at, o.id)
    )
    if limit is not None:
        q = q.limit(limit)
    items = [PersonPending(oid, code, hi, en, role, form, case_label(kind, number, year, cid, act, sections), due_at,
                           due_at < moment)
             for oid, code, hi, en, role, form, cid, kind, number, year, due_at, act, sections in session.execute(q)]
    return total, items


# --- per role and form over a period ------------------------------------------------------------


def _period(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the inclusive date range."""
    return (dt.datetime.combine(date_from, dt.time()),
            dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))


def role_form_stats(session: Session, date_from: dt.date, date_to: dt.date,
                    as_of: dt.datetime | None = None) -> list[FormStats]:
    """Obligations that fell due within the period, per role and form: entered on time, late,
    still pending (and of those overdue at ``as_of``, default now), not applicable."""
    start, end = _period(date_from, date_to)
    moment = _moment(as_of)
    o = Obligation
    entered = o.status.in_(CLOSED_ENTERED)
    rows = session.execute(
        select(
            o.role_code, o.form, func.count(),
            func.sum(case((and_(entered, o.entered_at <= o.due_at), 1), else_=0)),
            func.sum(case((and_(entered, o.entered_at > o.due_at), 1), else_=0)),
            func.sum(case((o.status == "pending", 1), else_=0)),
            func.sum(case((and_(o.status == "pending", o.due_at < moment), 1), else_=0)),
            func.sum(case((o.status == "na", 1), else_=0)),
        )
        .join(Role, Role.code == o.role_code)
        .where(o.due_at >= start, o.due_at < end)
        .group_by(Role.sort, o.role_code, o.form)
        .order_by(Role.sort, binary(o.form))
    ).all()
    return [FormStats(role, form, n, on or 0, late or 0, pend or 0, over or 0, na or 0)
            for role, form, n, on, late, pend, over, na in rows]


def pendency(session: Session, date_from: dt.date, date_to: dt.date) -> list[DutyFlow]:
    """Per duty over the period: open at the start, arisen, disposed (made or n.a.), missed (a recurring
    period that lapsed), open at the end (and overdue then). opening + arisen - disposed - missed == closing
    for every duty."""
    # the end of the day before the period and the end of its last day: the same moments, and the same
    # reading of "open then" and "overdue then", as every other "as of" (``moments``, ``history``)
    # A period ending today ends now, in the live state (``moments``): what is pending now — the current
    # period of a recurring duty too, anchored later today or tomorrow — as the list and the checklist show.
    start = as_of_moment(date_from - dt.timedelta(days=1))
    end = as_of_moment(date_to)
    o = Obligation
    closed = closed_at()

    def count_if(cond):
        return func.sum(case((cond, 1), else_=0))

    if is_past(date_to):
        relevant = and_(o.anchor_at <= end, not_closed_before(start, inclusive=False))
        arisen = and_(o.anchor_at > start, o.anchor_at <= end)
        disposed = and_(closed > start, closed <= end, o.anchor_at <= end)
        open_end = in_status_at(end, "pending")
    else:
        relevant = not_closed_before(start, inclusive=False)
        arisen, disposed, open_end = o.anchor_at > start, closed > start, open_at(None)
    rows = {
        duty_id: (a or 0, b or 0, (c or 0) - (m or 0), d or 0, e or 0, m or 0)
        for duty_id, a, b, c, d, e, m in session.execute(
            select(
                o.duty_id,
                count_if(in_status_at(start, "pending")),
                count_if(arisen),
                count_if(disposed),
                count_if(open_end),
                count_if(and_(open_end, overdue_at(end))),
                count_if(and_(disposed, o.status == "missed")),
            ).where(relevant).group_by(o.duty_id)
        )
    }
    out = []
    for duty_id, code, role, number, name_hi, name_en, _form in _active_duties(session):
        a, b, c, d, e, m = rows.get(duty_id, (0, 0, 0, 0, 0, 0))
        out.append(DutyFlow(duty_id, code, role, number, name_hi, name_en, a, b, c, d, e, m))
    return out


# --- roles --------------------------------------------------------------------------------------


def role_holders(session: Session, on: dt.date) -> list[RoleHolders]:
    """The five roles in the letter's order, each with the people holding it on ``on``: on a past day
    everyone whose assignment covered it (staff transferred since, or now inactive, included); today the
    active people."""
    out = {code: RoleHolders(code, section, hi, en) for code, section, hi, en in session.execute(
        select(Role.code, Role.section, Role.name_hi, Role.name_en).order_by(Role.sort))}
    q = (select(RoleAssignment.role_code, Person.id, Person.name, Person.rank, RoleAssignment.from_date)
         .join(Person, Person.id == RoleAssignment.person_id)
         .where(RoleAssignment.from_date <= on,
                or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on))
         .order_by(RoleAssignment.from_date, RoleAssignment.id))
    if on >= clock.today():
        q = q.where(Person.active.is_(True))
    for role, pid, name, rank, since in session.execute(q):
        if role in out:
            out[role].holders.append(Holder(pid, name, rank, since))
    return list(out.values())


def snapshot(session: Session, as_of: dt.datetime | None = None) -> dict:
    """The station's pending state at ``as_of`` as a JSON-ready dict (stored with an inspection)."""
    moment = _moment(as_of)
    duties = duty_pendency(session, as_of)
    people = overdue_by_person(session, as_of, per_person_limit=0)
    roles: dict[str, dict[str, int]] = {}
    for d in duties:
        r = roles.setdefault(d.role, {"pending": 0, "overdue": 0, "unassigned": 0})
        r["pending"] += d.pending
        r["overdue"] += d.overdue
        r["unassigned"] += d.unassigned
    return {
        "as_of": moment.isoformat(),
        "total_pending": sum(d.pending for d in duties),
        "total_overdue": sum(d.overdue for d in duties),
        "roles": roles,
        "duties": {d.code: {"pending": d.pending, "overdue": d.overdue, "unassigned": d.unassigned,
                            "oldest_due": d.oldest.due_at.isoformat() if d.oldest else None}
                   for d in duties if d.pending},
        "persons": [{"person_id": p.person_id, "name": p.name, "rank": p.rank, "overdue": p.overdue}
                    for p in people],
    }


