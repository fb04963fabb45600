"""The figures every document prints, for one moment: one definition each, so that the checklist, the
slips, the compliance and pendency reports and ``pending --as-of`` say the same thing about the same moment.

The moment (``obligations.as_of_moment``): a day D means the end of day D; nothing, or today, means now.
At that moment, per role and in total:

- **pending**: entries owed then (``obligations.history.open_at``: arisen and not yet entered, marked not
  applicable or missed) — the very clause ``pending --as-of`` lists; missed periods are not in it;
- **overdue**: pending entries whose due time was before the moment;
- **missed**: recurring periods gone by without their entry, still to be entered;
- **awaiting verification**: entered in CAS, not yet verified by the SHO (duty A-2);
- **unassigned**: pending entries nobody owed — nobody owes them now, or (at a past moment) nobody held their
  role that day (``obligations.owners_at``);
- **age bands** of the pending stock: the whole days from the day an entry arose (its anchor: the FIR, the
  event, the end of a recurring period) to the moment's day — 0–7, 8–30, 31–90, over 90 days;
- **holders**: the people whose role assignment covers the moment's day — staff transferred since, or now
  inactive, included for a past day; at the present, active people only.

A period (``period_figures``) adds: everyone who held each role on any day of it, with their dates, and the
days nobody did; the stock at its end compared with the end of the day before it began; the entries that
fell due in it, each with its status at the period's moment (made on time, made late, pending, missed, not
applicable — the columns add up to the entries due); the entries made and verified within it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.models.catalogue import Role
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment, Station
from app.services import obligations
from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.obligations import CLOSED_ENTERED, in_status_at, open_at, overdue_at, status_at
from app.services.storage import Database

BANDS = ("0-7", "8-30", "31-90", "over-90")


@dataclass(frozen=True)
class HolderSpan:
    """One person's hold of a role: from ``from_date`` to ``to_date`` (inclusive; None: still holds it)."""
    person_id: int
    name: str
    rank: str
    pno: str | None
    from_date: dt.date
    to_date: dt.date | None
    active: bool

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "rank": self.rank, "pno": self.pno,
                "from": self.from_date.isoformat(), "to": self.to_date.isoformat() if self.to_date else None,
                "active": self.active}


@dataclass
class AgeBands:
    """The pending stock by age (days since the entry arose): 0–7, 8–30, 31–90, over 90."""
    d0_7: int = 0
    d8_30: int = 0
    d31_90: int = 0
    over_90: int = 0

    @property
    def total(self) -> int:
        return self.d0_7 + self.d8_30 + self.d31_90 + self.over_90

    def values(self) -> tuple[int, int, int, int]:
        return self.d0_7, self.d8_30, self.d31_90, self.over_90

    def add(self, other: AgeBands) -> None:
        self.d0_7 += other.d0_7
        self.d8_30 += other.d8_30
        self.d31_90 += other.d31_90
        self.over_90 += other.over_90

    def as_dict(self) -> dict:
        return dict(zip(BANDS, self.values()))


@dataclass
class RoleFigures:
    role: str  # "" for the totals
    section: str = ""
    name_hi: str = ""
    name_en: str = ""
    holders: list[HolderSpan] = field(default_factory=list)
    pending: int = 0
    overdue: int = 0
    missed: int = 0
    awaiting_verification: int = 0
    unassigned: int = 0
    bands: AgeBands = field(default_factory=AgeBands)

    def counts(self) -> dict:
        return {"pending": self.pending, "overdue": self.overdue, "missed": self.missed,
                "awaiting_verification": self.awaiting_verification, "unassigned": self.unassigned,
                "bands": self.bands.as_dict()}

    def as_dict(self) -> dict:
        return {"role": self.role, "section": self.section, "name_hi": self.name_hi, "name_en": self.name_en,
                "holders": [h.name for h in self.holders], "holder_details": [h.as_dict() for h in self.holders],
                **self.counts()}


@dataclass
class Figures:
    moment: dt.datetime  # the instant the stock figures describe
    live: bool  # the present (the live state) rather than a reconstructed past moment
    totals: RoleFigures
    roles: list[RoleFigures]

    def role(self, code: str) -> RoleFigures:
        for r in self.roles:
            if r.role == code:
                return r
        return RoleFigures(code)

    def as_dict(self) -> dict:
        return {"moment": self.moment.isoformat(), "live": self.live, "totals": self.totals.counts(),
                "roles": [r.as_dict() for r in self.roles]}


def figures_json(f: Figures) -> dict:
    """The figures every document's ``--json`` carries: ``{"moment", "live", "totals", "roles"}``."""
    return f.as_dict()


# --- holders ------------------------------------------------------------------------------------


def _spans(session: Session, start: dt.date, end: dt.date, *, active_only: bool) -> dict[str, list[HolderSpan]]:
    q = (select(RoleAssignment.role_code, Person.id, Person.name, Person.rank, Person.pno, RoleAssignment.from_date,
                RoleAssignment.to_date, Person.active)
         .join(Person, Person.id == RoleAssignment.person_id)
         .where(RoleAssignment.from_date <= end,
                or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= start))
         .order_by(RoleAssignment.from_date, RoleAssignment.id))
    if active_only:
        q = q.where(Person.active.is_(True))
    out: dict[str, list[HolderSpan]] = {}
    for role, pid, name, rank, pno, since, until, active in session.execute(q):
        out.setdefault(role, []).append(HolderSpan(pid, name, rank, pno, since, until, bool(active)))
    return out


def holders_at(session: Session, moment: dt.datetime, *, live: bool) -> dict[str, list[HolderSpan]]:
    """role → the people holding it on the moment's day (at the present: active people only)."""
    day = moment.date()
    return _spans(session, day, day, active_only=live)


def holders_in_period(session: Session, start: dt.date, end: dt.date) -> dict[str, list[HolderSpan]]:
    """role → everyone who held it on any day of [start, end], with the dates of their hold."""
    return _spans(session, start, end, active_only=False)


def vacant_days(spans: list[HolderSpan], start: dt.date, end: dt.date) -> int:
    """The days of [start, end] on which none of ``spans`` held the role."""
    covered: set[int] = set()
    for h in spans:
        a = max(start, h.from_date)
        b = min(end, h.to_date or end)
        covered.update(range((a - start).days, (b - start).days + 1))
    return (end - start).days + 1 - len(covered)


# --- the figures at a moment --------------------------------------------------------------------


def _roles(session: Session) -> list[RoleFigures]:
    return [RoleFigures(code, section, hi, en) for code, section, hi, en in session.execute(
        select(Role.code, Role.section, Role.name_hi, Role.name_en).order_by(Role.sort))]


def _count_if(cond):
    return func.sum(case((cond, 1), else_=0))


def _band_limits(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """The anchors at which an entry turns 8, 31 and 91 days old at ``moment`` (whole days, by date)."""
    day = moment.date()
    return tuple(dt.datetime.combine(day - dt.timedelta(days=n), dt.time()) for n in (7, 30, 90))


def _live_counts(session: Session, moment: dt.datetime) -> dict[str, list[int]]:
    """role → [pending, overdue, unassigned, 4 bands, missed, awaiting] now: ranges on the status indexes."""
    o = Obligation
    t7, t30, t90 = _band_limits(moment)
    out: dict[str, list[int]] = {}
    for role, *row in session.execute(
            select(o.role_code, func.count(), _count_if(overdue_at(moment)), _count_if(o.person_id.is_(None)),
                   _count_if(o.anchor_at >= t7), _count_if(and_(o.anchor_at >= t30, o.anchor_at < t7)),
                   _count_if(and_(o.anchor_at >= t90, o.anchor_at < t30)), _count_if(o.anchor_at < t90))
            .where(open_at(None)).group_by(o.role_code)):
        out.setdefault(role, [0] * 9)[:7] = [int(v or 0) for v in row]
    for status, col in (("missed", 7), ("entered", 8)):
        for role, n in session.execute(select(o.role_code, func.count()).where(o.status == status)
                                       .group_by(o.role_code)):
            out.setdefault(role, [0] * 9)[col] = int(n)
    return out


def _past_counts(session: Session, moments: list[dt.datetime]) -> dict[dt.datetime, dict[str, list[int]]]:
    """moment → role → [pending, overdue, unassigned, 4 bands, missed, awaiting] at past moments, in ONE pass
    over the entries: each entry is read with the status it had at every moment (``status_at``, the reading
    ``pending --as-of`` lists by: its pending are ``in_status_at(t, "pending")``, the same entries), grouped by
    role and those statuses; each moment's counts are summed from the groups. Entries that were verified or
    n.a. before the first moment, or arose after the last, had none of the counted statuses at any of them:
    a cheap test leaves them out before their statuses are worked out (a compliance report's two moments
    cost one pass instead of two, and most of a station's entries are long verified)."""
    o = Obligation
    wanted = ("pending", "missed", "entered")
    first, last = min(moments), max(moments)
    maybe = and_(o.anchor_at <= last,
                 or_(o.status != "verified", o.entered_at.is_(None), o.entered_at > first,
                     func.coalesce(o.verified_at, o.entered_at) > first),
                 or_(o.status != "na", o.na_at.is_(None), o.na_at > first))
    inner = select(o.role_code, o.due_at, o.anchor_at, o.person_id,
                   *(status_at(m).label(f"st{k}") for k, m in enumerate(moments))).where(maybe).subquery()
    c = inner.c
    sts = [c[f"st{k}"] for k in range(len(moments))]
    columns = []
    for k, m in enumerate(moments):
        t7, t30, t90 = _band_limits(m)
        columns += [_count_if(c.due_at < m), _count_if(c.anchor_at >= t7),
                    _count_if(and_(c.anchor_at >= t30, c.anchor_at < t7)),
                    _count_if(and_(c.anchor_at >= t90, c.anchor_at < t30)), _count_if(c.anchor_at < t90)]
    out: dict[dt.datetime, dict[str, list[int]]] = {m: {} for m in moments}
    for role, *row in session.execute(
            select(c.role_code, *sts, func.count(), _count_if(c.person_id.is_(None)), *columns)
            .where(or_(*(st.in_(wanted) for st in sts))).group_by(c.role_code, *sts)):
        states, (n, orphan), rest = row[:len(moments)], row[len(moments):len(moments) + 2], row[len(moments) + 2:]
        for k, (m, st) in enumerate(zip(moments, states)):
            if st not in wanted:
                continue
            counts = out[m].setdefault(role, [0] * 9)
            if st == "pending":
                late, b1, b2, b3, b4 = rest[5 * k:5 * k + 5]
                for i, v in enumerate((n, late, orphan, b1, b2, b3, b4)):
                    counts[i] += int(v or 0)
            else:
                counts[7 if st == "missed" else 8] += int(n)
    return out


def figures_many(session: Session, as_ofs: list) -> list[Figures]:
    """``figures_at`` for several moments."""
    for as_of in as_ofs:
        obligations.check_not_future(as_of)
    moments = [obligations.as_of_moment(a) for a in as_ofs]
    lives = [not obligations.is_past(a) for a in as_ofs]
    past = sorted({m for m, live in zip(moments, lives) if not live})
    counts = _past_counts(session, past) if past else {}
    roles_then = _roles(session)
    out = []
    for moment, live in zip(moments, lives):
        found = _live_counts(session, moment) if live else counts[moment]
        holders = holders_at(session, moment, live=live)
        roles = [RoleFigures(r.role, r.section, r.name_hi, r.name_en) for r in roles_then]
        known = {r.role for r in roles}
        roles += [RoleFigures(code) for code in sorted(found) if code not in known]
        totals = RoleFigures("")
        for r in roles:
            n, late, orphan, b1, b2, b3, b4, missed, waiting = found.get(r.role, [0] * 9)
            r.holders = holders.get(r.role, [])
            if not live and not r.holders:
                orphan = n  # nobody held the role then: its entries were nobody's (``obligations.owners_at``)
            r.pending, r.overdue, r.unassigned, r.missed, r.awaiting_verification = n, late, orphan, missed, waiting
            r.bands = AgeBands(b1, b2, b3, b4)
            totals.pending += n
            totals.overdue += late
            totals.unassigned += orphan
            totals.missed += missed
            totals.awaiting_verification += waiting
            totals.bands.add(r.bands)
        out.append(Figures(moment, live, totals, roles))
    return out


def records_begin(session: Session, before: dt.date | None = None) -> dt.date | None:
    """The first day the station's records speak for: the day the station was set up, or the day its
    earliest entry arose if cases were registered back-dated (None: no station row). With ``before``, a
    day on or after the set-up day is answered without reading the entries (only whether a day is covered
    is wanted then)."""
    created = session.scalar(select(func.min(Station.created_at)))
    if created is None:
        return None
    first = created.date()
    if before is not None and before >= first:
        return first
    earlier = session.scalar(select(func.min(Obligation.anchor_at)).where(
        Obligation.anchor_at < dt.datetime.combine(first, dt.time())))
    return min(first, earlier.date()) if earlier is not None else first


def check_records_cover(session: Session, day: dt.datetime | dt.date | None) -> None:
    """Refuse a moment (or a period's last day) before the station's records begin: nothing was recorded
    then, so a document would report a station with no holders and no entries as failing its duties."""
    if day is None:
        return
    day = day.date() if isinstance(day, dt.datetime) else day
    start = records_begin(session, before=day)
    if start is not None and day < start:
        raise UserError(_("{day} is before the station's records begin ({start}): there is nothing to report "
                          "for it. Give {start} or a later day.").format(day=day.isoformat(),
                                                                        start=start.isoformat()))


def figures_at(session: Session, as_of: dt.datetime | dt.date | None = None) -> Figures:
    """The station's figures at ``as_of`` (a day: its end; None or today: now), per role in the letter's
    order and in total. A day after today, or before the station's records begin, is refused."""
    check_records_cover(session, as_of)
    return figures_many(session, [as_of])[0]


def station_figures(db: Database, as_of: dt.datetime | dt.date | None = None) -> Figures:
    """``figures_at`` in a unit of work of its own."""
    with db.session() as s:
        return figures_at(s, as_of)


@dataclass
class PersonFigures:
    """What one person owed at the moment (``obligations.owners_at``: who owed each entry then)."""
    person_id: int | None  # None: entries nobody owed (a role with no holder)
    name: str
    rank: str
    pno: str | None
    pending: int = 0
    overdue: int = 0
    missed: int = 0

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "rank": self.rank, "pno": self.pno,
                "pending": self.pending, "overdue": self.overdue, "missed": self.missed}


def persons_at(session: Session, as_of: dt.datetime | dt.date | None = None) -> list[PersonFigures]:
    """Per person, what he owed at ``as_of`` (pending, overdue, missed), each entry counted for whoever owed
    it then; the most overdue first, entries nobody owed last. The sums equal ``figures_at``'s totals."""
    obligations.check_not_future(as_of)
    moment = obligations.as_of_moment(as_of)
    live = not obligations.is_past(as_of)
    o = Obligation
    pending = open_at(None if live else moment)
    missed = o.status == "missed" if live else in_status_at(moment, "missed")
    rows = session.execute(select(o.id, o.role_code, o.person_id, o.case_id,
                                  case((pending, 1), else_=0), case((overdue_at(moment), 1), else_=0))
                           .where(or_(pending, missed))).all()
    owner = obligations.owners_at(session, None if live else moment,
                                  [(oid, role, pid, cid) for oid, role, pid, cid, _p, _o in rows])
    counts: dict[int | None, list[int]] = {}
    for oid, _role, _pid, _cid, is_pending, late in rows:
        c = counts.setdefault(owner[oid], [0, 0, 0])
        if is_pending:
            c[0] += 1
            c[1] += late
        else:
            c[2] += 1
    people = {pid: (name, rank, pno) for pid, name, rank, pno in session.execute(
        select(Person.id, Person.name, Person.rank, Person.pno).where(
            Person.id.in_([k for k in counts if k is not None])))}
    out = [PersonFigures(pid, *people.get(pid, ("", "", None)), *c) for pid, c in counts.items() if pid is not None]
    out.sort(key=lambda p: (-p.overdue, -p.pending, p.name, p.person_id))
    if None in counts:
        out.append(PersonFigures(None, "", "", None, *counts[None]))
    return out


# --- a period -----------------------------------------------------------------------------------


@dataclass
class DueRow:
    """Entries whose due time fell in the period, by their status at the period's moment."""
    role: str  # "" for the total
    due: int = 0
    on_time: int = 0  # entered in CAS by the due time
    late: int = 0  # entered after the due time (by the period's moment)
    pending: int = 0  # not entered at the period's moment
    overdue: int = 0  # of the pending, past their due time then
    missed: int = 0  # recurring periods gone by without their entry
    na: int = 0  # marked not applicable

    def add(self, other: DueRow) -> None:
        for k in ("due", "on_time", "late", "pending", "overdue", "missed", "na"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def on_time_share(self) -> float | None:
        """Of the entries due and owed (not applicable left out), the share made on time."""
        owed = self.due - self.na
        return self.on_time / owed if owed else None

    def as_dict(self) -> dict:
        return {"role": self.role, "due": self.due, "on_time": self.on_time, "late": self.late,
                "pending": self.pending, "overdue": self.overdue, "missed": self.missed,
                "not_applicable": self.na, "on_time_share": self.on_time_share}


@dataclass
class PeriodFigures:
    date_from: dt.date
    date_to: dt.date
    end: Figures  # at the period's moment: the end of its last day (now, if that is today)
    previous: Figures  # at the end of the day before the period began
    holders: dict[str, list[HolderSpan]]  # everyone who held each role on some day of the period
    vacant_days: dict[str, int]  # role → days of the period nobody held it
    fell_due: list[DueRow]  # per role, in the letter's order
    due_total: DueRow
    made: int  # entries that came to await verification within the period (entered in CAS; one made ahead of
    # the day it arose counts from that day), so that previous backlog + made - verified = the backlog at the end
    verified: int  # entries verified by the SHO within the period (that had awaited verification)

    def as_dict(self) -> dict:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
                **self.end.as_dict(), "previous": self.previous.as_dict(),
                "period_holders": {role: [h.as_dict() for h in spans] for role, spans in self.holders.items()},
                "vacant_days": self.vacant_days,
                "fell_due": [r.as_dict() for r in self.fell_due], "fell_due_total": self.due_total.as_dict(),
                "made": self.made, "verified": self.verified}


def verification_moves(session: Session, prev: dt.datetime, moment: dt.datetime, *, live: bool) -> tuple[int, int]:
    """(made, verified): the entries that joined the verification backlog (``awaiting_verification``) after
    ``prev`` and by ``moment``, and those that left it. An entry is in the backlog from the moment it was both
    entered and arisen (``joined``: one made ahead of its anchor waits from the anchor) until it is verified, so
    the backlog at ``prev`` + made - verified = the backlog at ``moment`` (the A-2 rows of the compliance and
    pendency reports)."""
    o = Obligation
    joined = case((o.anchor_at > o.entered_at, o.anchor_at), else_=o.entered_at)
    left = func.coalesce(o.verified_at, o.entered_at)
    # ``joined > prev`` and ``left > prev`` said first in cheap terms, so that entries long verified are passed
    # over before the expressions are worked out
    made = session.scalar(select(func.count()).select_from(o).where(
        or_(o.entered_at > prev, o.anchor_at > prev),
        o.status.in_(CLOSED_ENTERED), o.entered_at.is_not(None), joined > prev,
        # the live backlog is every entry entered and not verified, one made ahead of its day included
        *(() if live else (joined <= moment,)), or_(o.status == "entered", left > joined))) or 0
    verified = session.scalar(select(func.count()).select_from(o).where(
        or_(o.verified_at > prev, o.entered_at > prev),
        o.status == "verified", o.entered_at.is_not(None), left > prev, left <= moment, joined < left)) or 0
    return int(made), int(verified)


def period_figures(session: Session, date_from: dt.date, date_to: dt.date) -> PeriodFigures:
    """The figures of the period [date_from, date_to] (see the module's text). The period must not end
    after today (``check_not_future``)."""
    obligations.check_not_future(date_to)
    check_records_cover(session, date_to)
    end, previous = figures_many(session, [date_to, date_from - dt.timedelta(days=1)])
    moment = end.moment
    start_at = dt.datetime.combine(date_from, dt.time())
    end_at = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time())
    o = Obligation
    then = o.status if end.live else status_at(moment)
    entered_then = then.in_(CLOSED_ENTERED)

    def count_if(cond):
        return func.sum(case((cond, 1), else_=0))

    rows = {role: [int(v or 0) for v in vals] for role, *vals in session.execute(
        select(o.role_code, func.count(),
               count_if(and_(entered_then, o.entered_at <= o.due_at)),
               count_if(and_(entered_then, o.entered_at > o.due_at)),
               count_if(then == "pending"),
               count_if(and_(then == "pending", o.due_at < moment)),
               count_if(then == "missed"),
               count_if(then == "na"))
        .where(o.due_at >= start_at, o.due_at < end_at, *(() if end.live else (o.anchor_at <= moment,)))
        .group_by(o.role_code))}
    fell_due = []
    total = DueRow("")
    for r in end.roles:
        v = rows.get(r.role)
        if v is None:
            continue
        row = DueRow(r.role, *v)
        fell_due.append(row)
        total.add(row)
    # The verification backlog (awaiting_verification) holds an entry from the moment it was both entered and
    # arisen (``joined``: an entry made ahead of its anchor waits from the anchor) until it is verified. "Made"
    # and "verified" count the entries joining and leaving it between the two moments, so that the previous
    # backlog + made - verified = the backlog at the end, as the A-2 table prints them one under the other.
    made, verified = verification_moves(session, previous.moment, moment, live=end.live)
    holders = holders_in_period(session, date_from, min(date_to, clock.today()))
    last = min(date_to, moment.date())
    vacant = {r.role: vacant_days(holders.get(r.role, []), date_from, last) for r in end.roles if date_from <= last}
    return PeriodFigures(date_from, date_to, end, previous, holders, vacant, fell_due, total, int(made),
                         int(verified))
