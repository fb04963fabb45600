"""Corrections: edit or void a case or an event, always with a reason, audited with the values before and
after; the CAS entries it created follow. Nothing is deleted.

- **Edit** a case (registration time, date of offence, act and sections) or an event (its time): the open
  entries whose due date runs from a changed moment are re-dated under the rule version they were made with;
  entries already made in CAS keep the dates they were judged by (the audit says which, so the SHO can see
  whether one now looks made before what it records).
- **Void** a case or an event recorded by mistake: its open entries are closed as not applicable with the
  reason ("Voided: …"), so they leave every pending list, count and document; entries already made in CAS stay
  as they are, as history (they exist in CAS: correct them there too). A voided case keeps its row with the
  status ``void`` and takes no further events or corrections. A voided event keeps its row with its kind
  prefixed ``void:`` (the original kind and the reason in its details), so every query that asks for a kind
  — the first remand's clock, "only once per case" — no longer sees it; a first remand voided gives the
  chargesheet entry back its FIR-based due date.
- Who: ``case.correct`` (the SHO, who answers for the quality of the station's CAS data, duty A-2). Changing a
  date moves statutory deadlines, so it needs more than recording an event does.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.cases.bounds import check_event_moment
from app.services.cases.event_order import check_accused_order, check_court_order
from app.services.cases.law import check_law
from app.services.cases.summons import normalize_appearance
from app.services.cases.missing import paired_event, reopen_closed, status_without
from app.services.cases.punishment import decide_class
from app.services.cases.register import PUNISHMENT_CLASSES, correction_reason
from app.services.cases.reclassify import follow_class
from app.services.cases.void_marks import VOID_PREFIX, VOID_STATUS, is_void_kind
from app.services.catalogue import EVENT_KINDS, case_label
from app.services.core import clock
from app.services.core.errors import NotFound, UserError
from app.services.core.validate import clean_text, parse_date, parse_datetime
from app.services.obligations import OPEN_STATUSES, anchors_for, entry_name, load_rules, pick_due, settle_due
from app.services.storage import Database
from app.services.core.formatting import as_typed

# Events whose voiding would have to undo more than their entries (the case's IO, the entries handed to another
# station): refused with a way to put it right instead.
NOT_VOIDABLE = frozenset({"io-change", "transfer-out", "transfer-in"})


@dataclass(frozen=True)
class CorrectionResult:
    case_id: int
    event_id: int | None = None
    redated: list[dict] = field(default_factory=list)  # {"id", "due": [before, after]}
    closed: list[int] = field(default_factory=list)  # open entries closed as not applicable (void)
    kept: list[int] = field(default_factory=list)  # entries already made in CAS, left as they are
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "event_id": self.event_id, "redated": self.redated, "closed": self.closed,
                "kept": self.kept, "warnings": self.warnings}


def _reason(text: str) -> str:
    return clean_text(text, _("Reason"), required=True, max_len=500)


def _case(s: Session, case_id: int) -> Case:
    c = s.get(Case, case_id)
    if c is None:
        raise NotFound(_("There is no case with id {id}.").format(id=case_id))
    if c.status == VOID_STATUS:
        raise UserError(_("{case} was voided; it cannot be changed.").format(case=_label(c)))
    return c


def _label(c: Case) -> str:
    return case_label(c.kind, c.number, c.year, c.id)


def _event(s: Session, event_id: int) -> tuple[Event, Case]:
    e = s.get(Event, event_id)
    if e is None:
        raise NotFound(_("There is no event with id {id}.").format(id=event_id))
    if is_void_kind(e.kind):
        raise UserError(_("Event {id} was voided; it cannot be changed.").format(id=e.id))
    if e.case_id is None:
        raise UserError(_("Event {id} belongs to no case.").format(id=e.id))
    return e, _case(s, e.case_id)


def _fmt(moment: dt.datetime | None) -> str | None:
    return as_typed(moment) if moment is not None else None


def _not_future(moment: dt.datetime, label: str) -> None:
    if moment > clock.now() + clock.CLOCK_SLACK:
        raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
            field=label, value=_fmt(moment)))


def _live_events(s: Session, case_id: int) -> list[Event]:
    return [e for e in s.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.occurred_at, Event.id))
            if not is_void_kind(e.kind)]


def redate_open(s: Session, c: Case) -> list[dict]:
    """Re-date the case's open entries from its anchors as they are now (the registration, each entry's event,
    the first remand), under the rule version each was made with. Returns what changed."""
    pending = list(s.scalars(select(Obligation).where(Obligation.case_id == c.id, Obligation.status == "pending",
                                                      Obligation.rule_id.is_not(None))
                             .order_by(Obligation.id)))
    if not pending:
        return []
    rs = load_rules(s, include_inactive_ids={ob.rule_id for ob in pending})
    was = {ob.id: ob.due_at for ob in pending}
    events: dict[int | None, Event | None] = {}
    for ob in pending:
        rule = rs.by_id.get(ob.rule_id)
        if rule is None:
            continue
        if ob.event_id not in events:
            events[ob.event_id] = s.get(Event, ob.event_id) if ob.event_id else None
        picked = pick_due(rule, anchors_for(s, c, events[ob.event_id]))  # an accused's extension included
        if picked is None:
            continue
        term, anchor_at, due = picked
        ob.anchor_at, ob.basis_term = anchor_at, rule.terms.index(term)
        settle_due(s, ob, events[ob.event_id], due)  # a summons: before the court's appearance date
    return [{"id": ob.id, "due": [was[ob.id], ob.due_at]} for ob in pending if ob.due_at != was[ob.id]]


def _made_before(s: Session, obs: list[Obligation], moment_of) -> list[str]:
    """Warnings for entries made in CAS before the (corrected) moment they record."""
    out = []
    for ob in obs:
        at = moment_of(ob)
        if ob.entered_at is not None and at is not None and ob.entered_at < at - clock.CLOCK_SLACK:
            out.append(_("Entry {id} was marked made in CAS on {entered}, before the corrected date {date}: check it.")
                       .format(id=entry_name(s, ob), entered=_fmt(ob.entered_at), date=_fmt(at)))
    return out


def _close(s: Session, obs: list[Obligation], reason: str, actor: Actor) -> tuple[list[int], list[int]]:
    """Close the open ones as not applicable with ``reason``; return (closed, kept as made in CAS)."""
    now = clock.now()
    closed, kept = [], []
    for ob in obs:
        if ob.status in OPEN_STATUSES:
            ob.status, ob.na_reason, ob.na_by_id, ob.na_at = "na", reason, actor.person_id, now
            closed.append(ob.id)
        elif ob.status in ("entered", "verified"):
            kept.append(ob.id)
    return closed, kept


# --- cases --------------------------------------------------------------------------------------

def edit_case(db: Database, case_id: int, *, reason: str, registered_at=None, offence_date=None,
              act: str | None = None, sections: str | None = None, confirm: bool = False,
              actor: Actor = SYSTEM) -> CorrectionResult:
    """Correct a case's registration time, date of offence, act or sections, with the reason; its open entries
    are re-dated. ``confirm`` accepts an arrest or seizure left hours before the new registration (``bounds``)."""
    text = _reason(reason)
    registered = parse_datetime(registered_at, _("Registration date"), required=False)
    offence = parse_date(offence_date, _("Date of offence"), required=False)
    if registered is None and offence is None and act is None and sections is None:
        raise UserError(_("Say what to correct: the registration date, the date of offence, the act or the sections."))
    if registered is not None:
        _not_future(registered, _("Registration date"))
    with db.session() as s:
        authorize(s, actor, "case.correct")
        c = _case(s, case_id)
        label = _label(c)
        before = {"registered_at": c.registered_at, "offence_date": c.offence_date, "act": c.act,
                  "sections": c.sections, "punishment_class": c.punishment_class}
        new_reg = registered or c.registered_at
        new_off = offence or c.offence_date
        if new_off is not None and new_off > new_reg.date():
            raise UserError(_("The date of offence {offence} is after the registration date {registered}.").format(
                offence=as_typed(new_off), registered=as_typed(new_reg.date())))
        for e in _live_events(s, c.id):
            check_event_moment(kind=e.kind, when=e.occurred_at, registered_at=new_reg, offence_date=new_off,
                               case_label=label, confirm=confirm)
        if offence is not None or act is not None or sections is not None or registered is not None:
            c.act, c.sections = check_law(act if act is not None else c.act,
                                          sections if sections is not None else c.sections,
                                          new_off or new_reg.date(), new_reg.date())
        c.registered_at, c.offence_date = new_reg, new_off
        if c.kind == "fir" and (c.act, c.sections) != (before["act"], before["sections"]):
            # the class follows the corrected sections (a section the table does not know is asked about:
            # refused here, chosen with ``case update --punishment … --punishment-reason``)
            c.punishment_class, c.punishment_basis = decide_class(c.act, c.sections, None, None, PUNISHMENT_CLASSES)
            c.sensitive = bool(c.sensitive) or c.punishment_class == "sexual"  # never uploaded (register.py)
        after = {"registered_at": c.registered_at, "offence_date": c.offence_date, "act": c.act, "sections": c.sections,
                 "punishment_class": c.punishment_class}
        if after == before:
            raise UserError(_("Nothing to correct: {case} already has these particulars.").format(case=label))
        if any(after[k] != before[k] for k in ("act", "sections", "punishment_class")):
            correction_reason(text)  # it moves the chargesheet clock: a sentence, not a letter
        followed = follow_class(s, c, before["punishment_class"], actor)  # the chargesheet entry follows the class
        s.flush()
        redated = redate_open(s, c)
        made = list(s.scalars(select(Obligation).where(Obligation.case_id == c.id, Obligation.event_id.is_(None),
                                                       Obligation.status.in_(("entered", "verified")))))
        warnings = _made_before(s, made, lambda ob: c.registered_at) if registered is not None else []
        audit.record(s, actor, "case.correct", "case", c.id, before=before,
                     after={**after, "reason": text, "redated": redated, "kept": [ob.id for ob in made], **followed})
        return CorrectionResult(c.id, None, redated, [], [ob.id for ob in made], warnings)


def void_case(db: Database, case_id: int, *, reason: str, actor: Actor = SYSTEM) -> CorrectionResult:
    """Void a case registered by mistake: its open entries are closed with the reason; the row stays."""
    text = _reason(reason)
    with db.session() as s:
        return void_case_in(s, case_id, reason=text, actor=actor)


def void_case_in(s: Session, case_id: int, *, reason: str, actor: Actor = SYSTEM) -> CorrectionResult:
    """``void_case`` in the caller's transaction (voiding an import batch voids its cases in one)."""
    text = _reason(reason)
    authorize(s, actor, "case.correct")
    c = _case(s, case_id)
    status = c.status
    c.status = VOID_STATUS
    why = _("Voided: {reason}").format(reason=text)
    closed, kept = _close(s, list(s.scalars(select(Obligation).where(Obligation.case_id == c.id)
                                            .order_by(Obligation.id))), why, actor)
    audit.record(s, actor, "case.void", "case", c.id, before={"status": status},
                 after={"status": VOID_STATUS, "reason": text, "closed": closed, "kept": kept})
    return CorrectionResult(c.id, None, [], closed, kept, [])


# --- events -------------------------------------------------------------------------------------

def _event_details(e: Event) -> dict:
    try:
        value = json.loads(e.details or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def edit_event(db: Database, event_id: int, *, occurred_at, reason: str, confirm: bool = False,
               actor: Actor = SYSTEM) -> CorrectionResult:
    """Correct when an event happened, with the reason; its open entries (and, for a first remand, the
    chargesheet clock) are re-dated."""
    text = _reason(reason)
    when = parse_datetime(occurred_at, _("Date of the event"))
    _not_future(when, _("Date of the event"))
    with db.session() as s:
        authorize(s, actor, "case.correct")
        e, c = _event(s, event_id)
        if when == e.occurred_at:
            raise UserError(_("Nothing to correct: event {id} is already dated {date}.").format(id=e.id, date=_fmt(when)))
        check_event_moment(kind=e.kind, when=when, registered_at=c.registered_at, offence_date=c.offence_date,
                           case_label=_label(c), confirm=confirm)
        normalize_appearance(e.kind, _event_details(e), when)  # a summons stays before its appearance date
        before = e.occurred_at
        e.occurred_at = when
        pair = paired_event(s, e) if e.kind == "matched" else None
        if pair is not None and not is_void_kind(pair.kind) and pair.case_id is not None:
            other = s.get(Case, pair.case_id)
            check_event_moment(kind=pair.kind, when=when, registered_at=other.registered_at,
                               offence_date=other.offence_date, case_label=_label(other))
            pair.occurred_at = when  # one match, seen from both cases
        s.flush()
        check_court_order(s, c, _label(c))
        check_accused_order(s, c, e.accused_id)
        redated = redate_open(s, c)
        made = list(s.scalars(select(Obligation).where(Obligation.event_id == e.id,
                                                       Obligation.status.in_(("entered", "verified")))))
        warnings = _made_before(s, made, lambda ob: when)
        audit.record(s, actor, "event.correct", "event", e.id, before={"occurred_at": before},
                     after={"occurred_at": when, "case_id": c.id, "reason": text, "redated": redated,
                            "kept": [ob.id for ob in made]})
        return CorrectionResult(c.id, e.id, redated, [], [ob.id for ob in made], warnings)


def void_event(db: Database, event_id: int, *, reason: str, actor: Actor = SYSTEM) -> CorrectionResult:
    """Void an event recorded by mistake: its open entries are closed with the reason, the case's status and
    the chargesheet clock are worked out again without it; the row stays (kind ``void:…``). A match is voided
    on both cases; a tracing voided gives back the entries it closed."""
    text = _reason(reason)
    with db.session() as s:
        return void_event_in(s, event_id, reason=text, actor=actor)


def void_event_in(s: Session, event_id: int, *, reason: str, actor: Actor = SYSTEM) -> CorrectionResult:
    """``void_event`` in the caller's transaction (voiding an import batch voids its events in one)."""
    text = _reason(reason)
    authorize(s, actor, "case.correct")
    e, c = _event(s, event_id)
    if e.kind in NOT_VOIDABLE:
        raise UserError(_("'{event}' cannot be voided: it changed more than its entries. Record what is right "
                          "as a new event instead.").format(event=_(EVENT_KINDS.get(e.kind, e.kind))))
    status = c.status
    pair = paired_event(s, e) if e.kind == "matched" else None
    closed, kept, reopened, redated = _void_one(s, e, c, text, actor)
    after = {"kind": e.kind, "case_id": c.id, "case_status": c.status, "reason": text, "closed": closed,
             "kept": kept, "redated": redated, "reopened": reopened}
    if pair is not None and not is_void_kind(pair.kind) and pair.case_id is not None:
        other = s.get(Case, pair.case_id)
        more = _void_one(s, pair, other, text, actor)
        closed, kept = closed + more[0], kept + more[1]
        after["paired"] = {"event_id": pair.id, "case_id": other.id, "case_status": other.status}
    audit.record(s, actor, "event.void", "event", e.id, before={"kind": e.kind[len(VOID_PREFIX):],
                                                                 "case_status": status}, after=after)
    return CorrectionResult(c.id, e.id, redated, closed, kept, [])


def _void_one(s: Session, e: Event, c: Case, text: str, actor: Actor) -> tuple[list[int], list[int], list[int], list]:
    kind = e.kind
    reopened = reopen_closed(s, e) if kind in ("traced", "recovered") else []
    details = _details(e.details)
    details["void"] = {"kind": kind, "reason": text, "at": clock.now().isoformat(sep=" "), "by": actor.person_id}
    e.kind = VOID_PREFIX + kind
    e.details = json.dumps(details, ensure_ascii=False, default=str)
    why = _("Voided: {reason}").format(reason=text)
    closed, kept = _close(s, list(s.scalars(select(Obligation).where(Obligation.event_id == e.id)
                                            .order_by(Obligation.id))), why, actor)
    s.flush()
    c.status = _status_from_events(s, c)
    return closed, kept, reopened, redate_open(s, c)


def _details(text: str | None) -> dict:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"unreadable": text}
    return value if isinstance(value, dict) else {"value": value}


def _status_from_events(s: Session, c: Case) -> str:
    """The case's status from the events still standing (a voided final report or disposal no longer counts)."""
    kinds = {e.kind: e for e in _live_events(s, c.id)}
    found = status_without(s, c, set(kinds))
    if found is not None:  # a missing person, an unidentified person or body
        return found
    if c.status not in ("open", "final-report", "charge-sheeted", "disposed"):
        return c.status  # transferred out: its events cannot be voided
    if "disposal" in kinds:
        return "disposed"
    if "final-report" in kinds:
        outcome = _details(kinds["final-report"].details).get("outcome")
        return "final-report" if outcome == "final-report" else "charge-sheeted"
    return "open"
