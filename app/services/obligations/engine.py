"""The obligation engine's core: from a trigger (a case registered, an event on it, a recurring period)
and the rules, the obligations it creates — each owed by a person (or unassigned), due at a time, with
the source of that time in words. Used inside the caller's unit of work; no commits here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.audit import AuditEntry
from app.models.cases import Case, Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment
from app.services.core import clock
from app.services.catalogue import active_circular
from app.services.obligations.custody import accused_clocks, case_bail_days
from app.services.storage import Database
from app.services.obligations.rules import RuleInfo, RuleSet, Term, pick_due
from app.services.obligations.statuses import OPEN_STATUSES

FIRST_REMAND = "first-remand"
END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class DutyRef:
    id: int
    code: str
    role: str
    form: str | None
    kind: str


class DutyCache:
    """The active circular's duties by code."""

    def __init__(self, session: Session):
        # the five columns of the active circular's duties as rows, not ORM objects (read for every case or
        # event added: 69 duties made as objects cost more than the query)
        circ = active_circular(session)
        rows = () if circ is None else session.execute(
            select(Duty.id, Duty.code, Duty.role_code, Duty.form, Duty.kind).where(Duty.circular_id == circ.id))
        self.by_code: dict[str, DutyRef] = {code: DutyRef(i, code, role, form, kind)
                                            for i, code, role, form, kind in rows}

    def get(self, code: str) -> DutyRef | None:
        return self.by_code.get(code)


class HolderCache:
    """Who holds a role on a date (the longest-serving active holder), read once per unit of work."""

    def __init__(self, session: Session):
        rows = session.execute(
            select(RoleAssignment.role_code, RoleAssignment.person_id, RoleAssignment.from_date,
                   RoleAssignment.to_date, RoleAssignment.id)
            .join(Person, Person.id == RoleAssignment.person_id)
            .where(Person.active.is_(True))
            .order_by(RoleAssignment.from_date, RoleAssignment.id)
        ).all()
        self._by_role: dict[str, list[tuple[dt.date, dt.date | None, int]]] = {}
        for role, pid, start, end, _id in rows:
            self._by_role.setdefault(role, []).append((start, end, pid))
        self._memo: dict[tuple[str, dt.date], int | None] = {}

    def first(self, role: str, on: dt.date) -> int | None:
        key = (role, on)
        if key not in self._memo:
            self._memo[key] = next(
                (pid for start, end, pid in self._by_role.get(role, ())
                 if start <= on and (end is None or end >= on)), None)
        return self._memo[key]


def resolve_owner(rule: RuleInfo, case: Case | None, on: dt.date, holders: HolderCache) -> tuple[str, int | None]:
    """(role, person id or None for unassigned) for an obligation of ``rule`` anchored on ``on``."""
    if rule.owner == "case_io":
        return "io", (case.io_person_id if case is not None else None)
    return rule.owner, holders.first(rule.owner, on)


# --- periods of recurring duties ----------------------------------------------------------------

def period_of(every: str, day: dt.date) -> tuple[str, dt.date, dt.date]:
    """(period key, first day, last day) of the period holding ``day``."""
    if every == "daily":
        return day.isoformat(), day, day
    if every == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}", start, start + dt.timedelta(days=6)
    if every == "fortnightly":
        if day.day <= 15:
            return f"{day:%Y-%m}-F1", day.replace(day=1), day.replace(day=15)
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return f"{day:%Y-%m}-F2", day.replace(day=16), nxt - dt.timedelta(days=1)
    if every == "monthly":
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return f"{day:%Y-%m}", day.replace(day=1), nxt - dt.timedelta(days=1)
    raise ValueError(every)


def period_from_key(every: str, key: str) -> tuple[dt.date, dt.date]:
    if every == "daily":
        day = dt.date.fromisoformat(key)
    elif every == "weekly":
        year, week = key.split("-W")
        day = dt.date.fromisocalendar(int(year), int(week), 1)
    elif every == "fortnightly":
        day = dt.date.fromisoformat(key[:7] + ("-01" if key.endswith("F1") else "-16"))
    else:
        day = dt.date.fromisoformat(key + "-01")
    _key, start, end = period_of(every, day)
    return start, end


def period_start_from_key(key: str) -> dt.date:
    """The first day of a recurring period, from its key alone (the key's shape names the period:
    2026-11-22 daily, 2026-W47 weekly, 2026-11-F1 fortnightly, 2026-11 monthly)."""
    if "-W" in key:
        every = "weekly"
    elif key.endswith(("-F1", "-F2")):
        every = "fortnightly"
    elif len(key) == 7:
        every = "monthly"
    else:
        every = "daily"
    return period_from_key(every, key)[0]


def period_end_moment(last_day: dt.date) -> dt.datetime:
    return dt.datetime.combine(last_day, END_OF_DAY)


# --- anchors ------------------------------------------------------------------------------------

def first_remand_at(session: Session, case_id: int) -> dt.datetime | None:
    return session.scalar(select(func.min(Event.occurred_at))
                          .where(Event.case_id == case_id, Event.kind == FIRST_REMAND))


def anchors_for(session: Session, case: Case | None, event: Event | None, *, period_key: str | None = None,
                every: str | None = None) -> dict[str, dt.datetime | None]:
    anchors: dict[str, dt.datetime | None] = {}
    if case is not None:
        anchors["fir"] = case.registered_at
        anchors["event"] = event.occurred_at if event is not None else case.registered_at
        # each accused's own clock from his first remand (custody.py)
        anchors["first_remand"] = (accused_clocks(session, case.id) or None) if case.id else None
        anchors["case_bail_days"] = case_bail_days(case)  # not an anchor: the period its sections give
    elif event is not None:
        anchors["event"] = event.occurred_at
    if period_key and every:
        try:
            anchors["period_end"] = period_end_moment(period_from_key(every, period_key)[1])
        except ValueError:
            anchors["period_end"] = None
    return anchors


# --- creating obligations -----------------------------------------------------------------------

@dataclass
class EngineContext:
    """What one unit of work needs to create obligations: the rules, duties and role holders."""

    session: Session
    rules: RuleSet
    duties: DutyCache
    holders: HolderCache
    problems: list[str]

    @classmethod
    def open(cls, session: Session) -> EngineContext:
        from app.services.obligations.rules import load_rules

        rules = load_rules(session)
        return cls(session, rules, DutyCache(session), HolderCache(session), list(rules.problems))


def build_obligation(ctx: EngineContext, rule: RuleInfo, term: Term, anchor_at: dt.datetime, *,
                     case: Case | None, event: Event | None, period_key: str | None = None,
                     status: str = "pending", owner_on: dt.date | None = None,
                     due_at: dt.datetime | None = None) -> Obligation | None:
    duty = ctx.duties.get(rule.duty_code)
    if duty is None:
        ctx.problems.append(_("Rule {key} names duty {duty}, which the active allocation does not have; skipped.")
                            .format(key=rule.key, duty=rule.duty_code))
        return None
    role, person = resolve_owner(rule, case, owner_on or anchor_at.date(), ctx.holders)
    if person is None and rule.owner != "case_io" and status in OPEN_STATUSES:
        # nobody (still serving) held the role on the anchor date — e.g. an old event recorded late, its
        # holder since gone: the entry is still to be made, so today's holder owes it rather than nobody
        person = ctx.holders.first(rule.owner, clock.today())
    return Obligation(
        duty_id=duty.id, role_code=role, form=duty.form, person_id=person,
        case_id=case.id if case is not None else None, event_id=event.id if event is not None else None,
        rule_key=rule.key, rule_id=rule.id, basis="", basis_hi="", basis_term=rule.terms.index(term),
        period_key=period_key,
        anchor_at=anchor_at, due_at=due_at or term.due_from(anchor_at), status=status, created_at=clock.now(),
    )


def create_for(ctx: EngineContext, trigger: str, *, case: Case | None, event: Event | None) -> list[Obligation]:
    """Add the obligations ``trigger`` creates for ``case``/``event`` to the session; return them."""
    anchors = anchors_for(ctx.session, case, event)
    made: list[Obligation] = []
    for rule in ctx.rules.for_trigger(trigger):
        if not rule.matches(case):
            continue
        picked = pick_due(rule, anchors)
        if picked is None:
            ctx.problems.append(_("Rule {key} has no anchor it can use here; skipped.").format(key=rule.key))
            continue
        ob = build_obligation(ctx, rule, picked[0], picked[1], case=case, event=event, due_at=picked[2])
        if ob is not None:
            ctx.session.add(ob)
            made.append(ob)
    ctx.session.flush()
    return made


def redate_case(ctx: EngineContext, case: Case) -> list[dict]:
    """A case's anchors changed (an accused's first remand, bail or extension): re-date its open obligations whose rule
    (the version they were made under) runs from that anchor. Returns what changed, for the audit."""
    pending = list(ctx.session.scalars(
        select(Obligation).where(Obligation.case_id == case.id, Obligation.status == "pending",
                                 Obligation.rule_id.is_not(None))))
    if not pending:
        return []
    from app.services.obligations.rules import load_rules

    rs = load_rules(ctx.session, include_inactive_ids={ob.rule_id for ob in pending})
    changed = []
    events = {}
    for ob in pending:
        rule = rs.by_id.get(ob.rule_id)
        if rule is None or not any(t.anchor == "first_remand" for t in rule.terms):
            continue
        if ob.event_id not in events:
            events[ob.event_id] = ctx.session.get(Event, ob.event_id) if ob.event_id else None
        picked = pick_due(rule, anchors_for(ctx.session, case, events[ob.event_id]))
        if picked is None:
            continue
        term, anchor_at, due = picked
        if due != ob.due_at or anchor_at != ob.anchor_at:
            changed.append({"id": ob.id, "due": [ob.due_at, due]})
            ob.anchor_at, ob.due_at, ob.basis_term = anchor_at, due, rule.terms.index(term)
    return changed


def reassign_case_io(session: Session, case: Case, new_io: int | None) -> list[int]:
    """Hand the case's open IO obligations to ``new_io``. Returns the ids moved."""
    obs = list(session.scalars(select(Obligation).where(
        Obligation.case_id == case.id, Obligation.status == "pending", Obligation.role_code == "io",
        or_(Obligation.person_id.is_(None), Obligation.person_id != new_io))))
    for ob in obs:
        ob.person_id = new_io
    return [ob.id for ob in obs]


# --- clock sanity -------------------------------------------------------------------------------

def latest_recorded(session: Session) -> dt.datetime | None:
    candidates = [
        session.scalar(select(func.max(Event.occurred_at))),
        session.scalar(select(func.max(Case.registered_at))),
        session.scalar(select(func.max(Obligation.entered_at))),
        session.scalar(select(func.max(AuditEntry.at_local))),
    ]
    values = [c for c in candidates if c is not None]
    return max(values) if values else None


def clock_warning(db: Database) -> str | None:
    """A warning when the PC's clock is earlier than the latest thing recorded (old PCs lose their
    date when the CMOS battery dies): due dates and 'overdue' would be wrong until it is set."""
    with db.session() as s:
        latest = latest_recorded(s)
    now = clock.now()
    if latest is None or now >= latest - dt.timedelta(minutes=5):
        return None
    return _(
        "The computer's clock says {now}, but the station's records go up to {latest}. The PC's date is "
        "probably wrong (old PCs lose it when the CMOS battery fails). Set the correct date and time in "
        "Windows before entering anything; until then 'due' and 'overdue' are not reliable."
    ).format(now=now.strftime("%Y-%m-%d %H:%M"), latest=latest.strftime("%Y-%m-%d %H:%M"))
