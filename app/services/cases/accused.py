"""The accused on a case, each with his arrest or surrender, his first remand (which starts his own
default-bail clock: ``obligations/custody.py``), bail or release, and a court's extension of his period
(NDPS 36A(4) proviso).

Arrests, surrenders and remands stay events of the case (they create the CAS entries they owe); an event
names its accused (``Event.accused_id``). ``link_accused`` decides which accused an event is of:

- an accused given by id (he must be on the case) or by name (the case's accused of that name, or a new
  accused of that name);
- none given: on a case with exactly one accused, him (for an arrest or surrender, only while he has none
  yet: when every accused recorded has his arrest, a further arrest is of a new accused); on a case with
  none, a new accused whose name is not recorded yet (so a first remand always starts somebody's clock;
  name him later); on a case with several, the event is refused until it says which.

His first ``first-remand`` or ``remand`` is his first remand; a second ``first-remand`` for him is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.core import clock
from app.services.core.errors import NotFound, UserError
from app.services.core.validate import MAX_INTEGER, clean_text, parse_date, parse_datetime, parse_int
from app.services.obligations import (
    CUSTODY_STARTS,
    REMAND_KINDS,
    AccusedClock,
    ClockDue,
    EngineContext,
    case_bail_days,
    clock_due,
    custody_end,
    load_rules,
    redate_case,
)
from app.services.cases.void_marks import check_not_void
from app.services.storage import Database
from app.services.core.formatting import as_typed

ARREST_KINDS = ("arrest", "surrender")
# events that are of one accused: linked to him when the case has one (or named)
ACCUSED_EVENTS = frozenset(ARREST_KINDS + REMAND_KINDS + ("jail", "bail", "interrogation"))
CUSTODY_STATES = ("not-arrested", "in-custody", "bailed", "released")


@dataclass(frozen=True)
class AccusedInfo:
    id: int
    case_id: int
    case_label: str
    name: str
    label: str  # the name, or "accused #N (name not recorded)"
    arrested_at: dt.datetime | None
    surrendered_at: dt.datetime | None
    first_remand_at: dt.datetime | None
    bailed_at: dt.datetime | None
    released_at: dt.datetime | None
    extended_days: int | None
    extended_on: dt.date | None
    custody: str  # one of CUSTODY_STATES
    period_days: int | None  # his 187(3) / 36A(4) period, when a rule of the case runs one
    default_bail_at: dt.datetime | None  # the end of his last day: the chargesheet is due by then

    def as_dict(self) -> dict:
        return {"id": self.id, "case_id": self.case_id, "case": self.case_label, "name": self.name,
                "label": self.label, "arrested_at": self.arrested_at, "surrendered_at": self.surrendered_at,
                "first_remand_at": self.first_remand_at, "bailed_at": self.bailed_at,
                "released_at": self.released_at, "extended_days": self.extended_days,
                "extended_on": self.extended_on, "custody": self.custody, "period_days": self.period_days,
                "default_bail_at": self.default_bail_at}


def custody_label(state: str) -> str:
    return {"not-arrested": _("not arrested"), "in-custody": _("in custody"), "bailed": _("on bail"),
            "released": _("released")}.get(state, state)


def accused_label(accused_id: int | None, name: str) -> str:
    if accused_id is None:
        return _("accused not named (first remand recorded before accused were)")
    return name or _("accused #{id} (name not recorded)").format(id=accused_id)


# --- the case's default-bail term -----------------------------------------------------------------

def bail_terms(session: Session, case: Case, rules=None) -> list:
    """The case's terms that run from the first remand (the chargesheet rule matching its class)."""
    rules = rules or load_rules(session)
    return [t for r in rules.for_trigger(f"case:{case.kind}") if r.matches(case)
            for t in r.terms if t.anchor == "first_remand"]


def clock_of(terms: list, c: AccusedClock, case: Case | None = None) -> ClockDue | None:
    """His default-bail day under the case's rule (the earliest where several terms run from the remand)."""
    days = case_bail_days(case) if case is not None else None
    dues = [clock_due(t, c, days) for t in terms]
    return min(dues, key=lambda d: d.due_at) if dues else None


# --- reading --------------------------------------------------------------------------------------

def check_extension_in_time(s: Session, c: Case, a: Accused, remand: dt.datetime, ordered: dt.date,
                            current_days: int | None) -> None:
    """An extension must be ordered before the period it extends runs out: on his default-bail day the right has
    accrued and no later order takes it away (Hitendra Vishnu Thakur, SC 1994; Sanjay Dutt, SC 1994; M. Ravindran,
    SC 2020)."""
    due = clock_of(bail_terms(s, c), AccusedClock(a.id, remand, current_days), c)
    if due is not None and ordered > due.due_at.date():
        raise UserError(_("The order of {date} comes after {accused}'s last day ({last}): his right to default bail "
                          "had accrued, and a later extension does not take it away (Hitendra Vishnu Thakur, SC "
                          "1994). Record his default bail instead.").format(
            date=ordered, accused=accused_label(a.id, a.name), last=due.due_at.date()))


def clean_name(value: str | None, label: str, *, required: bool = False) -> str:
    """An accused's name: one line, and a name (letters), not a number or a dash."""
    name = clean_text(value, label, required=required, max_len=120, one_line=True)
    if name and not any(ch.isalpha() for ch in name):
        raise UserError(_("{field} '{value}' is not a name: it has no letters (to name an accused by id, give a "
                          "number from 1 upwards).").format(field=label, value=name[:40]))
    return name


def _get_accused(s: Session, accused_id: int) -> Accused:
    a = s.get(Accused, accused_id)
    if a is None:
        raise NotFound(_("There is no accused with id {id}.").format(id=accused_id))
    return a


def case_text(c: Case) -> str:
    from app.services.catalogue import case_label

    return str(case_label(c.kind, c.number, c.year, c.id))


def _firsts(s: Session, case_id: int, kinds) -> dict[int, dt.datetime]:
    return dict(s.execute(select(Event.accused_id, func.min(Event.occurred_at))
                          .where(Event.case_id == case_id, Event.kind.in_(kinds), Event.accused_id.is_not(None))
                          .group_by(Event.accused_id)).all())


def _latests(s: Session, case_id: int) -> dict[int, dt.datetime]:
    """Each accused's latest arrest, surrender or remand on the case."""
    return dict(s.execute(select(Event.accused_id, func.max(Event.occurred_at))
                          .where(Event.case_id == case_id, Event.kind.in_(CUSTODY_STARTS),
                                 Event.accused_id.is_not(None))
                          .group_by(Event.accused_id)).all())


def _custody(a: Accused, arrested: bool, ended: dt.datetime | None = None) -> str:
    """His custody now: a bail or release before his latest arrest or remand no longer counts
    (``custody_end``)."""
    if ended is not None:
        return "released" if a.released_at is not None and a.released_at == ended else "bailed"
    return "in-custody" if arrested else "not-arrested"


def accused_infos(s: Session, case: Case, rules=None) -> list[AccusedInfo]:
    people = list(s.scalars(select(Accused).where(Accused.case_id == case.id).order_by(Accused.id)))
    if not people:
        return []
    arrests = _firsts(s, case.id, ("arrest",))
    surrenders = _firsts(s, case.id, ("surrender",))
    remands = _firsts(s, case.id, REMAND_KINDS)
    latests = _latests(s, case.id)
    terms = bail_terms(s, case, rules)
    label = case_text(case)
    out = []
    for a in people:
        remand = remands.get(a.id)
        due = None
        ended = custody_end(a.bailed_at, a.released_at, latests.get(a.id))
        if remand is not None:
            due = clock_of(terms, AccusedClock(a.id, remand, a.extended_days, ended), case)
        in_custody = a.id in arrests or a.id in surrenders or remand is not None
        out.append(AccusedInfo(a.id, case.id, label, a.name, accused_label(a.id, a.name), arrests.get(a.id),
                               surrenders.get(a.id), remand, a.bailed_at, a.released_at, a.extended_days,
                               a.extended_on, _custody(a, in_custody, ended), due.days if due else None,
                               due.due_at if due else None))
    return out


def list_accused(db: Database, case_id: int) -> list[AccusedInfo]:
    with db.session() as s:
        c = s.get(Case, case_id)
        if c is None:
            raise NotFound(_("There is no case with id {id}.").format(id=case_id))
        return accused_infos(s, c)


def get_accused(db: Database, accused_id: int) -> AccusedInfo:
    with db.session() as s:
        a = _get_accused(s, accused_id)
        return next(i for i in accused_infos(s, s.get(Case, a.case_id)) if i.id == a.id)


# --- which accused an event is of -----------------------------------------------------------------

def new_accused(s: Session, c: Case, name: str, actor: Actor = SYSTEM) -> Accused:
    """A new accused on ``c`` (audited); a name another accused of the case has is refused."""
    check_name_free(s, c, name)
    a = Accused(case_id=c.id, name=name, note="", created_at=clock.now())
    s.add(a)
    s.flush()
    audit.record(s, actor, "accused.add", "accused", a.id, after={"case_id": c.id, "name": name})
    return a


def check_name_free(s: Session, c: Case, name: str, accused_id: int | None = None) -> None:
    """Two accused of one case with the same name make every later 'Raju' ambiguous: refused."""
    if not name:
        return
    for other in s.scalars(select(Accused).where(Accused.case_id == c.id)):
        if other.id != accused_id and other.name.casefold() == name.casefold():
            raise UserError(_("{case} already has an accused named {name} (id {id}); tell them apart (father's "
                              "name, alias).").format(case=case_text(c), name=name, id=other.id))


def link_accused(s: Session, c: Case, kind: str, when: dt.datetime, accused: int | str | None,
                 actor: Actor = SYSTEM) -> Accused | None:
    """The accused an event of ``kind`` on ``c`` is of (created when new; see the module's text), checked:
    not a second first remand for him, not before his arrest or surrender, not after his release."""
    if isinstance(accused, str):
        accused = accused.strip()
        if accused.isdigit():
            accused = int(accused)
    people = list(s.scalars(select(Accused).where(Accused.case_id == c.id).order_by(Accused.id)))
    if accused not in (None, "") and kind not in ACCUSED_EVENTS | {"seizure"}:
        raise UserError(_("An accused is named only on an arrest, surrender, remand, jail, bail, interrogation or "
                          "seizure, not on '{event}'.").format(event=kind))
    if isinstance(accused, int) and not isinstance(accused, bool):
        accused = parse_int(accused, _("Accused id"), minimum=1, maximum=MAX_INTEGER)
        a = s.get(Accused, accused)
        if a is None or a.case_id != c.id:
            raise UserError(_("There is no accused with id {id} on {case}.").format(id=accused, case=case_text(c)))
    elif isinstance(accused, str) and accused:
        name = clean_name(accused, _("Accused"))
        same = [p for p in people if p.name.casefold() == name.casefold()]
        if len(same) > 1:
            raise UserError(_("{case} has {n} accused named {name}: say which by id ({ids}).").format(
                case=case_text(c), n=len(same), name=name, ids=", ".join(str(p.id) for p in same)))
        if not same and kind in REMAND_KINDS:  # a typo would add a second accused whose clock runs alone
            known = _("Accused recorded: {names}.").format(names=_names(people)) if people else ""
            raise UserError((_("{case} has no accused named {name}: a remand follows an arrest or surrender. Record "
                               "his arrest or surrender first, or give the accused's id (--accused ID).").format(
                case=case_text(c), name=name) + " " + known).strip())
        a = same[0] if same else new_accused(s, c, name, actor)
    elif kind not in ARREST_KINDS + REMAND_KINDS:
        return people[0] if len(people) == 1 and kind in ACCUSED_EVENTS else None
    elif not people:
        a = new_accused(s, c, "", actor)
    elif kind in ARREST_KINDS:
        taken = set(s.scalars(select(Event.accused_id).where(Event.case_id == c.id, Event.kind.in_(ARREST_KINDS),
                                                             Event.accused_id.is_not(None))))
        free = [p for p in people if p.id not in taken]
        if not free:
            a = new_accused(s, c, "", actor)  # every accused recorded has his arrest: this is another one
        elif len(people) == 1:
            a = people[0]
        else:
            raise UserError(_("{case} has {n} accused ({names}): say which one this is (by id or name; a new name "
                              "adds an accused).").format(case=case_text(c), n=len(people), names=_names(people)))
    elif len(people) == 1:
        a = people[0]
    else:
        raise UserError(_("{case} has {n} accused ({names}): say which one this is (by id or name; a new name adds "
                          "an accused).").format(case=case_text(c), n=len(people), names=_names(people)))
    _check_accused_event(s, a, kind, when)
    return a


def _names(people) -> str:
    return ", ".join(f"{p.id} {accused_label(p.id, p.name)}" for p in people)


def _check_accused_event(s: Session, a: Accused, kind: str, when: dt.datetime) -> None:
    label = accused_label(a.id, a.name)
    if kind == "first-remand":
        prior = s.scalar(select(func.min(Event.occurred_at)).where(Event.accused_id == a.id,
                                                                   Event.kind.in_(REMAND_KINDS)))
        if prior is not None:
            raise UserError(_("{accused} already has his first remand, on {date}: his default-bail clock runs from it. "
                              "Record a further remand as 'remand'.").format(accused=label,
                                                                            date=as_typed(prior)))
    if kind in REMAND_KINDS:
        taken = s.scalar(select(func.min(Event.occurred_at)).where(Event.accused_id == a.id,
                                                                   Event.kind.in_(ARREST_KINDS)))
        if taken is not None and when < taken:
            raise UserError(_("The remand {date} is before {accused} was arrested or surrendered ({taken}).").format(
                date=as_typed(when), accused=label, taken=as_typed(taken)))
    if a.released_at is not None and when > a.released_at and kind in ARREST_KINDS + REMAND_KINDS:
        raise UserError(_("{accused} was released on {date}.").format(
            accused=label, date=as_typed(a.released_at)))


def starts_clock(s: Session, a: Accused | None, kind: str, event_id: int) -> bool:
    """This remand event is its accused's first remand (his clock starts with it)."""
    if a is None or kind not in REMAND_KINDS:
        return False
    first = s.scalars(select(Event.id).where(Event.accused_id == a.id, Event.kind.in_(REMAND_KINDS))
                      .order_by(Event.occurred_at, Event.id).limit(1)).first()
    return first == event_id


# --- services ---------------------------------------------------------------------------------------

def _update(db: Database, accused_id: int, actor: Actor, change, what: str) -> AccusedInfo:
    with db.session() as s:
        authorize(s, actor, "case.event")
        a = _get_accused(s, accused_id)
        c = s.get(Case, a.case_id)
        check_not_void(c)
        before = {"name": a.name, "bailed_at": a.bailed_at, "released_at": a.released_at,
                  "extended_days": a.extended_days, "extended_on": a.extended_on}
        change(s, a, c)
        s.flush()
        redated = redate_case(EngineContext.open(s), c)
        audit.record(s, actor, "accused.update", "accused", a.id, before=before, after={
            "what": what, "case_id": c.id, "name": a.name, "bailed_at": a.bailed_at, "released_at": a.released_at,
            "extended_days": a.extended_days, "extended_on": a.extended_on, "redated": redated})
    return get_accused(db, accused_id)


def _first_custody(s: Session, a: Accused) -> dt.datetime | None:
    return s.scalar(select(func.min(Event.occurred_at)).where(
        Event.accused_id == a.id, Event.kind.in_(ARREST_KINDS + REMAND_KINDS)))


def name_accused(db: Database, accused_id: int, name: str, *, actor: Actor = SYSTEM) -> AccusedInfo:
    name = clean_name(name, _("Name"), required=True)

    def change(s, a, c):
        check_name_free(s, c, name, a.id)
        a.name = name
    return _update(db, accused_id, actor, change, "name")


def bail_accused(db: Database, accused_id: int, on, *, actor: Actor = SYSTEM) -> AccusedInfo:
    """He was released on bail at ``on``: his custody ends (his clock no longer sets the case's date if he
    was out before his default-bail day)."""
    return _end_custody(db, accused_id, on, "bailed_at", actor)


def release_accused(db: Database, accused_id: int, on, *, actor: Actor = SYSTEM) -> AccusedInfo:
    """He was released otherwise (discharged, not sent for trial …)."""
    return _end_custody(db, accused_id, on, "released_at", actor)


def _end_custody(db: Database, accused_id: int, on, field: str, actor: Actor) -> AccusedInfo:
    when = parse_datetime(on, _("Date"))
    if when > clock.now() + dt.timedelta(minutes=5):
        raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
            field=_("Date"), value=as_typed(when)))

    def change(s, a, c):
        label = accused_label(a.id, a.name)
        latest = s.scalar(select(func.max(Event.occurred_at)).where(Event.accused_id == a.id,
                                                                    Event.kind.in_(CUSTODY_STARTS)))
        for ended in ("bailed_at", "released_at"):  # on bail or released: no custody to end (again)
            if getattr(a, ended) is not None and (latest is None or getattr(a, ended) > latest):
                raise UserError(_("{accused} is already recorded as {state} on {date}.").format(
                    accused=label, state=custody_label("bailed" if ended == "bailed_at" else "released"),
                    date=as_typed(getattr(a, ended))))
        taken = _first_custody(s, a)
        if taken is None:
            raise UserError(_("{accused} has no arrest, surrender or remand recorded: there is no custody to end.")
                            .format(accused=label))
        if getattr(a, field) is not None:
            taken = latest  # bailed before, re-arrested since: this bail ends his custody again
        if when < taken:
            raise UserError(_("{date} is before {accused} was taken into custody ({taken}).").format(
                date=as_typed(when), accused=label, taken=as_typed(taken)))
        setattr(a, field, when)
    return _update(db, accused_id, actor, change, field)


def extend_period(db: Database, accused_id: int, days: int, *, ordered_on, actor: Actor = SYSTEM) -> AccusedInfo:
    """The court extended the period for filing the chargesheet for this accused to ``days`` in all, counted
    from his first remand (NDPS 36A(4) proviso: up to one year). Only where the case's rule allows it."""
    ordered = parse_date(ordered_on, _("Date of the order"))
    if isinstance(days, bool) or not isinstance(days, int):
        raise UserError(_("The period must be a whole number of days."))

    def change(s, a, c):
        label = accused_label(a.id, a.name)
        terms = [t for t in bail_terms(s, c) if t.extendable_days]
        if not terms:
            raise UserError(_("The chargesheet period of {case} cannot be extended: only NDPS cases under 36A(4) "
                              "(commercial quantity, ss. 19, 24, 27A) can be.").format(case=case_text(c)))
        term = terms[0]
        if not term.days < days <= term.extendable_days:
            raise UserError(_("The extended period must be more than {low} and at most {high} days.").format(
                low=term.days, high=term.extendable_days))
        remand = s.scalar(select(func.min(Event.occurred_at)).where(Event.accused_id == a.id,
                                                                    Event.kind.in_(REMAND_KINDS)))
        if remand is None:
            raise UserError(_("{accused} has no first remand recorded: there is no period to extend.").format(
                accused=label))
        if ordered < remand.date() or ordered > clock.today():
            raise UserError(_("The order's date {date} must fall between his first remand and today.").format(
                date=ordered))
        check_extension_in_time(s, c, a, remand, ordered, a.extended_days)
        a.extended_days, a.extended_on = days, ordered
    return _update(db, accused_id, actor, change, "extended")
