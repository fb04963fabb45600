"""Cases (an FIR, an NCR, a missing person …) and the events on them; each creates the CAS entries it
owes through the rules (``rules.py``, ``engine.py``).

An FIR carries its number/year, registration time, date of offence, act and sections (IPC/CrPC for
offences before 1 July 2024, BNS/BNSS on or after: checked against the dates), the IO, and the
"sensitive, not for upload" flag.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.services.core.validate import MAX_INTEGER
from app.services.storage import serialize
from app.services.catalogue import CASE_KINDS, EVENT_KINDS
from app.i18n import N_, _
from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.models.staff import Person
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.cases.bounds import check_event_moment, first_event_after_offence
from app.services.cases.event_order import check_court_order
from app.services.cases.law import check_law
from app.services.cases.punishment import basis_text, decide_class
from app.services.cases.missing import (EVENT_CASE_KINDS, after_event, case_links, check_event_on_case,
                                        check_missing_still_open)
from app.services.cases.summons import normalize_appearance
from app.services.cases.reclassify import follow_class
from app.services.cases.void_marks import check_not_void, live_kind
from app.services.storage import Database
from app.services.obligations import EngineContext, apply_appearance, create_for, reassign_case_io, redate_case
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date, parse_datetime
from app.services.core.sql_text import contains
from app.services.core.formatting import as_typed

# Events of an investigation or a trial happen only on FIRs; the rest on any case.
FIR_ONLY_EVENTS = frozenset(EVENT_KINDS) - {"io-change", "summons"} - frozenset(EVENT_CASE_KINDS)
# a first remand is once per accused (accused.py), not per case
ONCE_PER_CASE = frozenset({"final-report", "court-number", "disposal", "transfer-out", "transfer-in",
                           "inquest"})  # one body, one inquest report (BNSS 194)
PUNISHMENT_CLASSES = {
    "lt10": N_("punishable with less than 10 years"),
    "ge10": N_("punishable with death, life or 10 years or more"),
    "ndps": N_("NDPS (commercial quantity etc.)"),
    "sexual": N_("rape / POCSO"),
}
FINAL_REPORT_OUTCOMES = ("chargesheet", "final-report")
# an FIR of rape or a POCSO offence is never put on the website: sensitive whatever the form said
SEXUAL_NOT_UPLOADED = N_("Sexual offence (rape / POCSO): a sensitive FIR, not uploaded to the website (Supreme Court: "
                         "Youth Bar Association v. Union of India, 2016; Nipun Saxena v. Union of India, 2018; the "
                         "victim's identity is protected by BNS 72 and POCSO s. 23).")


def sexual_fir_note() -> str:
    """Why a rape or POCSO FIR is sensitive, in the current language."""
    return _(SEXUAL_NOT_UPLOADED)


@dataclass(frozen=True)
class CaseInfo:
    id: int
    kind: str
    number: int | None
    year: int | None
    label: str
    registered_at: dt.datetime
    offence_date: dt.date | None
    act: str
    sections: str
    io_person_id: int | None
    io_name: str | None
    sensitive: bool
    punishment_class: str | None
    description: str
    status: str
    punishment_basis: str = ""  # what the class rests on, in the current language

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "number": self.number, "year": self.year, "label": self.label,
                "registered_at": self.registered_at, "offence_date": self.offence_date, "act": self.act,
                "sections": self.sections, "io_person_id": self.io_person_id, "io": self.io_name,
                "sensitive": self.sensitive, "punishment_class": self.punishment_class,
                "description": self.description, "status": self.status, "punishment_basis": self.punishment_basis}


@dataclass(frozen=True)
class EventInfo:
    id: int
    case_id: int | None
    kind: str
    occurred_at: dt.datetime
    person_id: int | None
    person: str | None
    details: dict
    voided: dict | None = None  # {"reason", "at", "by"} when the event was voided (``corrections``)
    accused_id: int | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "case_id": self.case_id, "kind": self.kind, "occurred_at": self.occurred_at,
                "person_id": self.person_id, "person": self.person, "details": self.details, "voided": self.voided,
                "accused_id": self.accused_id}


@dataclass(frozen=True)
class CaseResult:
    case: CaseInfo
    obligations: list  # list[ObligationRow]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EventResult:
    event_id: int
    obligations: list  # list[ObligationRow] created by the event
    reassigned: list[int] = field(default_factory=list)  # obligations handed to a new IO
    redated: list[int] = field(default_factory=list)  # obligations whose due date moved (first remand)
    closed: list[int] = field(default_factory=list)  # obligations closed as not applicable (transfer out)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CaseDetail:
    info: CaseInfo
    events: list[EventInfo]
    obligations: list  # list[ObligationRow], by due date
    links: list = field(default_factory=list)  # cases matched with this one (``missing.case_links``)
    accused: list = field(default_factory=list)  # list[accused.AccusedInfo]


# --- validation ---------------------------------------------------------------------------------

def check_kind(kind: str) -> str:
    kind = (kind or "").strip().lower()
    if kind not in CASE_KINDS:
        raise UserError(_("Unknown case kind '{kind}'. The kinds are: {kinds}.").format(
            kind=kind, kinds=", ".join(CASE_KINDS)))
    return kind


def check_event_kind(kind: str) -> str:
    kind = (kind or "").strip().lower()
    if kind not in EVENT_KINDS:
        raise UserError(_("Unknown event '{kind}'. The events are: {kinds}.").format(
            kind=kind, kinds=", ".join(EVENT_KINDS)))
    return kind


def _check_person(session: Session, person_id: int | None, label: str, *, must_be_active: bool = True) -> Person | None:
    if person_id is None:
        return None
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound(_("{field}: there is no person with id {id} on the staff list.").format(field=label, id=person_id))
    if must_be_active and not p.active:
        raise UserError(_("{field}: {name} is marked inactive.").format(field=label, name=p.name))
    return p


def _not_future(moment: dt.datetime, label: str) -> None:
    if moment > clock.now() + dt.timedelta(minutes=5):
        raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
            field=label, value=as_typed(moment)))


# --- reading ------------------------------------------------------------------------------------

def _info(session: Session, c: Case) -> CaseInfo:
    from app.services.catalogue import case_label

    io_name = session.get(Person, c.io_person_id).name if c.io_person_id else None
    return CaseInfo(c.id, c.kind, c.number, c.year, case_label(c.kind, c.number, c.year, c.id), c.registered_at,
                    c.offence_date, c.act, c.sections, c.io_person_id, io_name, bool(c.sensitive),
                    c.punishment_class, c.description, c.status,
                    basis_text(c.punishment_basis, c.punishment_class) if c.kind == "fir" else "")


def _get_case(session: Session, case_id: int) -> Case:
    c = session.get(Case, case_id)
    if c is None:
        raise NotFound(_("There is no case with id {id}.").format(id=case_id))
    return c


def get_case(db: Database, case_id: int) -> CaseDetail:
    from app.services.obligations import rows_in_session

    with db.session() as s:
        c = _get_case(s, case_id)
        info = _info(s, c)
        events = [
            _event_info(e, name)
            for e, name in s.execute(select(Event, Person.name).outerjoin(Person, Person.id == Event.person_id)
                                     .where(Event.case_id == case_id).order_by(Event.occurred_at, Event.id))
        ]
        ob_ids = list(s.scalars(select(Obligation.id).where(Obligation.case_id == case_id)
                                .order_by(Obligation.due_at, Obligation.id)))
        from app.services.cases.accused import accused_infos

        return CaseDetail(info, events, rows_in_session(s, ob_ids), case_links(s, case_id), accused_infos(s, c))


def _event_info(e: Event, name: str | None) -> EventInfo:
    kind, voided = live_kind(e.kind)
    details = _details(e.details)
    return EventInfo(e.id, e.case_id, kind, e.occurred_at, e.person_id, name, details,
                     details.get("void") if voided else None, e.accused_id)


def _details(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
        return value if isinstance(value, dict) else {"value": value}
    except json.JSONDecodeError:
        return {"unreadable": text}


def list_cases(db: Database, *, kind: str | None = None, year: int | None = None, search: str | None = None,
               limit: int = 200, offset: int = 0) -> list[CaseInfo]:
    with db.session() as s:
        q = select(Case)
        if kind:
            q = q.where(Case.kind == check_kind(kind))
        if year:
            q = q.where(Case.year == year)
        if search and search.strip():
            text = clean_text(search, _("Search"), max_len=200)  # no NUL: a server cannot even compare it
            m = re.fullmatch(r"(\d{1,7})\s*/\s*(\d{4})", text)
            if m:
                q = q.where(Case.number == int(m.group(1)), Case.year == int(m.group(2)))
            else:
                conds = [contains(Case.sections, text), contains(Case.description, text), contains(Case.act, text)]
                if text.isdecimal() and int(text) <= MAX_INTEGER:  # a larger number is no id on any store
                    conds += [Case.number == int(text), Case.id == int(text)]
                q = q.where(or_(*conds))
        q = q.order_by(Case.registered_at.desc(), Case.id.desc()).limit(max(1, min(limit, 5000))).offset(max(0, offset))
        found = list(s.scalars(q))
        ios = {c.io_person_id for c in found if c.io_person_id}
        # the IOs in one query, held here so that each case's lookup finds its IO in the session (not a query each)
        held = list(s.scalars(select(Person).where(Person.id.in_(ios)))) if ios else []
        infos = [_info(s, c) for c in found]
        del held
        return infos


# --- writing ------------------------------------------------------------------------------------

def add_case(db: Database, kind: str, *, registered_at, number: int | str | None = None, year: int | None = None,
             offence_date=None, act: str = "", sections: str = "", io_person_id: int | None = None,
             sensitive: bool = False, punishment_class: str | None = None, description: str = "",
             punishment_reason: str | None = None, actor: Actor = SYSTEM) -> CaseResult:
    """Register a case and create the obligations its kind owes (per the rules). An FIR's punishment class comes
    from its sections (``punishment.decide_class``): one the table does not know is refused unless a class is
    chosen with a reason; a chosen class other than the sections' needs a reason too."""
    fields = check_case(kind, registered_at=registered_at, number=number, year=year, offence_date=offence_date,
                        act=act, sections=sections, sensitive=sensitive, punishment_class=punishment_class,
                        description=description, punishment_reason=punishment_reason)
    with db.session() as s:
        return add_case_in(s, fields, io_person_id=io_person_id, actor=actor)


@dataclass(frozen=True)
class CaseFields:
    """A case's particulars as checked (``check_case``), before anything is written."""
    kind: str
    registered_at: dt.datetime
    number: int | None
    year: int
    offence_date: dt.date | None
    act: str
    sections: str
    sensitive: bool
    punishment_class: str | None
    punishment_basis: str
    description: str


def check_case(kind: str, *, registered_at, number: int | str | None = None, year: int | None = None,
               offence_date=None, act: str = "", sections: str = "", sensitive: bool = False,
               punishment_class: str | None = None, description: str = "",
               punishment_reason: str | None = None) -> CaseFields:
    """Every check a case passes before it is written (dates, number, the act for the dates, the punishment
    class from the sections); raises ``UserError`` with the reason. Reads nothing from the database."""
    kind = check_kind(kind)
    registered = parse_datetime(registered_at, _("Registration date"))
    _not_future(registered, _("Registration date"))
    offence = parse_date(offence_date, _("Date of offence"), required=False)
    if offence is not None and offence > registered.date():
        raise UserError(_("The date of offence {offence} is after the registration date {registered}.").format(
            offence=offence, registered=registered.date()))
    if isinstance(number, str):
        number, year = _parse_number(number, year)
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 9_999_999):
        raise UserError(_("The case number must be a whole number from 1 upwards."))
    year = year if year is not None else registered.year
    if not isinstance(year, int) or not 1950 <= year <= 2100:
        raise UserError(_("The year {year} is not plausible.").format(year=year))
    act, sections = check_law(act, sections, offence or registered.date(), registered.date())
    basis = ""
    if kind == "fir":
        punishment_class, basis = decide_class(act, sections, punishment_class, punishment_reason, PUNISHMENT_CLASSES)
        sensitive = sensitive or punishment_class == "sexual"
    elif punishment_class in ("", None):
        punishment_class = None
    elif punishment_class not in PUNISHMENT_CLASSES:
        raise UserError(_("Unknown punishment class '{value}'. Use one of: {values}.").format(
            value=punishment_class, values=", ".join(PUNISHMENT_CLASSES)))
    description = clean_text(description, _("Description"), max_len=2000)
    return CaseFields(kind, registered, number, year, offence, act, sections, bool(sensitive), punishment_class,
                      basis, description)


def add_case_in(s: Session, fields: CaseFields, *, io_person_id: int | None = None, actor: Actor = SYSTEM,
                engine: EngineContext | None = None) -> CaseResult:
    """``add_case`` in the caller's transaction (an import writes many cases in one): the particulars as
    ``check_case`` gave them; the IO, the number's uniqueness, the entries owed and the audit row here.
    ``engine``: the rules, duties and role holders already read in this transaction (``shared_engine``)."""
    from app.services.obligations import rows_in_session

    kind, number, year = fields.kind, fields.number, fields.year
    authorize(s, actor, "case.add")
    _check_person(s, io_person_id, _("IO"))
    serialize(s, "case-number")  # on a server, the next number is read with no other writer between
    if number is None:
        number = (s.scalar(select(func.max(Case.number)).where(Case.kind == kind, Case.year == year)) or 0) + 1
    else:
        existing = s.scalar(select(Case.id).where(Case.kind == kind, Case.year == year, Case.number == number))
        if existing is not None:
            raise UserError(_("{kind} {number}/{year} is already registered (case id {id}).").format(
                kind=_(CASE_KINDS[kind]), number=number, year=year, id=existing))
    c = Case(kind=kind, number=number, year=year, registered_at=fields.registered_at, offence_date=fields.offence_date,
             act=fields.act, sections=fields.sections, io_person_id=io_person_id, sensitive=fields.sensitive,
             punishment_class=fields.punishment_class, punishment_basis=fields.punishment_basis,
             description=fields.description, status="open", created_at=clock.now())
    s.add(c)
    s.flush()
    ctx = shared_engine(s, engine)
    made = create_for(ctx, f"case:{kind}", case=c, event=None)
    info = _info(s, c)
    audit.record(s, actor, "case.add", "case", c.id, after={**info.as_dict(), "obligations": [o.id for o in made]})
    notes = [sexual_fir_note()] if kind == "fir" and fields.punishment_class == "sexual" else []
    return CaseResult(info, rows_in_session(s, [o.id for o in made]), ctx.problems + notes)


def _parse_number(text: str, year: int | None) -> tuple[int | None, int | None]:
    """'123/2025' or '123' (the year then comes from ``year`` or the registration date)."""
    text = text.strip()
    if not text:
        return None, year
    m = re.fullmatch(r"(\d{1,7})(?:\s*/\s*(\d{4}))?", text)
    if not m:
        raise UserError(_("The case number '{value}' is not valid. Write it as NUMBER/YEAR, e.g. 123/2025.").format(
            value=text[:30]))
    return int(m.group(1)), int(m.group(2)) if m.group(2) else year


def add_event(db: Database, case_id: int, kind: str, *, occurred_at, person_id: int | None = None,
              details: dict | None = None, confirm: bool = False, accused: int | str | None = None,
              actor: Actor = SYSTEM) -> EventResult:
    """Record what happened on a case; create the obligations it owes; for ``io-change`` hand the
    case's open IO entries to the new IO; for an accused's first remand re-date the chargesheet clock.
    ``confirm``: record an arrest or seizure dated hours before the registration (``bounds``).
    ``accused`` (an id or a name; a new name adds him) says whose arrest, surrender or remand it is
    (``accused.link_accused``; a name in ``details["accused"]`` counts as given)."""
    kind = check_event_kind(kind)
    when = parse_datetime(occurred_at, _("Date of the event"))
    _not_future(when, _("Date of the event"))
    with db.session() as s:
        return add_event_in(s, case_id, kind, when, person_id=person_id, details=details, confirm=confirm,
                            accused=accused, actor=actor)


def add_event_in(s: Session, case_id: int, kind: str, when: dt.datetime, *, person_id: int | None = None,
                 details: dict | None = None, confirm: bool = False, accused: int | str | None = None,
                 actor: Actor = SYSTEM, engine: EngineContext | None = None) -> EventResult:
    """``add_event`` in the caller's transaction (an import writes many events in one); ``kind`` and ``when``
    as ``check_event_kind`` and ``parse_datetime`` gave them."""
    from app.services.obligations import rows_in_session
    from app.services.cases.accused import ACCUSED_EVENTS, link_accused

    _not_future(when, _("Date of the event"))
    details, details_text = _event_details(kind, normalize_appearance(kind, details, when))
    authorize(s, actor, "case.event")
    c = _get_case(s, case_id)
    _check_event(s, c, kind, when, person_id, confirm=confirm)
    if accused is None and kind in ACCUSED_EVENTS and isinstance(details.get("accused"), str):
        accused = details["accused"]
    who = link_accused(s, c, kind, when, accused, actor) if c.kind == "fir" else None
    before = {"io_person_id": c.io_person_id, "status": c.status}
    e = Event(case_id=c.id, kind=kind, occurred_at=when, person_id=person_id, details=details_text,
              created_at=clock.now(), accused_id=who.id if who is not None else None)
    s.add(e)
    s.flush()
    if kind in ("disposal", "appeal"):
        check_court_order(s, c, _info(s, c).label)
    ctx = shared_engine(s, engine)
    reassigned: list[int] = []
    redated: list[dict] = []
    closed: list[int] = []
    if kind == "io-change":
        c.io_person_id = person_id
        reassigned = reassign_case_io(s, c, person_id)
    made = create_for(ctx, f"event:{kind}", case=c, event=e)
    apply_appearance(s, e, made)  # a summons: served and entered before the court's appearance date
    if kind in ("first-remand", "remand") or (who is not None and who.bailed_at is not None
                                              and kind in ("arrest", "surrender")):  # back in custody
        s.flush()
        redated = redate_case(ctx, c)
    if kind == "final-report":
        c.status = "final-report" if details["outcome"] == "final-report" else "charge-sheeted"
    elif kind == "disposal":
        c.status = "disposed"
    elif kind == "transfer-out":
        c.status = "transferred-out"
        closed = _close_for_transfer(s, c, e, {o.id for o in made}, actor)
    closed += after_event(s, c, e, actor)  # a missing person traced: matching no longer needed
    audit.record(s, actor, "case.event", "event", e.id, before=before, after={
        "case_id": c.id, "kind": kind, "occurred_at": when, "person_id": person_id, "details": details,
        "accused_id": e.accused_id,
        "obligations": [o.id for o in made], "reassigned": reassigned, "redated": redated, "closed": closed,
        "case_status": c.status})
    return EventResult(e.id, rows_in_session(s, [o.id for o in made]), reassigned, [r["id"] for r in redated], closed,
                       ctx.problems)


def shared_engine(s: Session, engine: EngineContext | None = None) -> EngineContext:
    """The obligation engine's context for one more case or event: ``engine``'s rules, duties and role holders
    (read once for a whole import, in the same transaction) with its own list of problems; or read afresh."""
    if engine is None:
        return EngineContext.open(s)
    return EngineContext(s, engine.rules, engine.duties, engine.holders, list(engine.rules.problems))


def _event_details(kind: str, details: dict | None) -> tuple[dict, str]:
    """The event's details and their stored JSON; a final report's outcome defaults to a chargesheet."""
    details = dict(details or {})
    try:
        details_text = json.dumps(details, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        raise UserError(_("The event's details cannot be stored.")) from None
    if len(details_text) > 4000:
        raise UserError(_("The event's details are too long."))
    if kind == "final-report":
        outcome = details.setdefault("outcome", "chargesheet")
        if outcome not in FINAL_REPORT_OUTCOMES:
            raise UserError(_("A final report is either 'chargesheet' or 'final-report', not '{value}'.").format(
                value=outcome))
        details_text = json.dumps(details, ensure_ascii=False, default=str)
    return details, details_text


def _check_event(s: Session, c: Case, kind: str, when: dt.datetime, person_id: int | None, *,
                 confirm: bool = False) -> None:
    """Refuse an event the case cannot have: FIR-only on another kind, dated before the case, a second
    one of a once-per-case kind, anything after a transfer out, an IO change without a new IO."""
    check_not_void(c)
    label = _info(s, c).label
    check_event_on_case(kind, c, label)  # traced, recovered, matched, inquest: on their own kinds of case
    if kind in ("traced", "recovered"):
        check_missing_still_open(s, c, label)
    if kind in FIR_ONLY_EVENTS and c.kind != "fir":
        raise UserError(_("'{event}' happens only on an FIR; {case} is not an FIR.").format(
            event=_(EVENT_KINDS[kind]), case=label))
    check_event_moment(kind=kind, when=when, registered_at=c.registered_at, offence_date=c.offence_date,
                       case_label=label, confirm=confirm)
    if kind in ONCE_PER_CASE:
        prior = s.scalar(select(Event.occurred_at).where(Event.case_id == c.id, Event.kind == kind))
        if prior is not None:
            hint = _(" Record a further remand as 'remand'.") if kind == "first-remand" else ""
            raise UserError(_("{case} already has '{event}' recorded on {date}.").format(
                case=label, event=_(EVENT_KINDS[kind]), date=as_typed(prior.date())) + hint)
    if c.status == "transferred-out" and kind != "transfer-in":
        raise UserError(_("{case} was transferred to another station; no further events are recorded here.")
                        .format(case=label))
    if kind == "io-change":
        if person_id is None:
            raise UserError(_("Say who the new IO is."))
        _check_person(s, person_id, _("New IO"))
        if person_id == c.io_person_id:
            raise UserError(_("{name} is already the IO of {case}.").format(
                name=s.get(Person, person_id).name, case=label))
    else:
        _check_person(s, person_id, _("Person"), must_be_active=False)


def _close_for_transfer(s: Session, c: Case, e: Event, keep: set[int], actor: Actor) -> list[int]:
    """The FIR went to another station: its open entries are that station's now (kept, marked n/a)."""
    reason = _("FIR transferred to another station on {date}.").format(date=as_typed(e.occurred_at.date()))
    obs = [o for o in s.scalars(select(Obligation).where(Obligation.case_id == c.id, Obligation.status == "pending"))
           if o.id not in keep]
    now = clock.now()
    for o in obs:
        o.status, o.na_reason, o.na_by_id, o.na_at = "na", reason, actor.person_id, now
    return [o.id for o in obs]


def update_case(db: Database, case_id: int, *, sensitive: bool | None = None, punishment_class: str | None = None,
                act: str | None = None, sections: str | None = None, offence_date=None,
                description: str | None = None, punishment_reason: str | None = None, reason: str | None = None,
                actor: Actor = SYSTEM) -> CaseInfo:
    """Correct a case's particulars (audited); ``None`` leaves a particular as it is. Due dates of open
    entries follow only through ``rules.recompute``; the IO changes only through an ``io-change`` event. New act or
    sections of an FIR give its class again (as when it was added), unless a class is given.
    A correction of the act, sections, date of offence or class (they move the chargesheet clock) is the SHO's
    (``case.correct``) with a real ``reason`` (``punishment_reason`` counts as one); the rest is the desk's."""
    offence = parse_date(offence_date, _("Date of offence"), required=False)
    correcting = any(v is not None for v in (punishment_class, act, sections, offence))
    if all(v is None for v in (sensitive, punishment_class, act, sections, offence, description)):
        raise UserError(_("Say what to change: the act, sections, date of offence, punishment class, "
                          "sensitivity or description."))
    with db.session() as s:
        authorize(s, actor, "case.add")
        if correcting:
            authorize(s, actor, "case.correct")
        c = _get_case(s, case_id)
        check_not_void(c)
        before = _info(s, c).as_dict()
        registered = c.registered_at.date()
        if offence is not None and offence > registered:
            raise UserError(_("The date of offence {offence} is after the registration date {registered}.").format(
                offence=offence, registered=registered))
        if offence is not None:  # the events already recorded must still come after the offence
            first_event_after_offence(s, c.id, offence, before["label"])
        if offence is not None or act is not None or sections is not None:
            c.act, c.sections = check_law(act if act is not None else c.act,
                                          sections if sections is not None else c.sections,
                                          offence or c.offence_date or registered, registered)
            c.offence_date = offence or c.offence_date
        followed: dict = {}
        if c.kind == "fir" and (punishment_class is not None or act is not None or sections is not None):
            old_class = c.punishment_class
            c.punishment_class, c.punishment_basis = decide_class(c.act, c.sections, punishment_class,
                                                                  punishment_reason, PUNISHMENT_CLASSES)
            followed = follow_class(s, c, old_class, actor)
        elif punishment_class is not None:
            if punishment_class not in PUNISHMENT_CLASSES:
                raise UserError(_("Unknown punishment class '{value}'. Use one of: {values}.").format(
                    value=punishment_class, values=", ".join(PUNISHMENT_CLASSES)))
            c.punishment_class = punishment_class
        if c.kind == "fir" and c.punishment_class == "sexual":
            if sensitive is False:
                raise UserError(_("A rape or POCSO FIR stays sensitive: it is never uploaded to the website."))
            c.sensitive = True
        elif sensitive is not None:
            c.sensitive = bool(sensitive)
        if description is not None:
            c.description = clean_text(description, _("Description"), max_len=2000)
        why = correction_reason(reason, punishment_reason) if correcting else None
        info = _info(s, c)
        audit.record(s, actor, "case.update", "case", c.id, before=before,
                     after={**info.as_dict(), **followed, **({"reason": why} if why else {})})
        return info


MIN_REASON = 5


def correction_reason(reason: str | None, punishment_reason: str | None = None) -> str:
    """The reason for a correction that moves the chargesheet clock: a sentence, not a dot."""
    text = clean_text(reason or punishment_reason or "", _("Reason"), max_len=500).strip()
    if len(text) < MIN_REASON:
        raise UserError(_("A change of the act, sections, date of offence or punishment class is a correction: "
                          "say why, in at least {n} characters (--reason).").format(n=MIN_REASON), field="reason")
    return text
