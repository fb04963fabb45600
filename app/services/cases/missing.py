"""Missing persons and bodies: tracing, matching (duty B-12) and the inquest.

- ``traced`` / ``recovered`` close a missing-person case (status ``traced`` / ``recovered``): its open matching
  entry (B-12) no longer applies and is closed with the reason; the rules owe the IIF-8 update (B-5). Which
  entries were closed is kept in the event's details, so voiding the event (``corrections``) reopens them.
- ``match_cases`` links a missing-person case to an unidentified person, an unidentified body or an unnatural
  death (B-12: "मिलान व्यक्ति (लापता/अज्ञात मृत शरीर)"): one ``matched`` event on each case naming the other,
  so both cases show the link (``case_links``); the missing case's status becomes ``matched`` and the other's
  ``identified``. The B-12 entries stay owed: recording the match in CAS is that duty.
- ``inquest`` on an unidentified body or an unnatural death: the rules owe its CAS entry within the 24 hours
  BNSS 194(2) gives the inquest report.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case, Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.cases.bounds import check_event_moment
from app.services.cases.void_marks import check_not_void
from app.services.catalogue import CASE_KINDS, EVENT_KINDS, case_label
from app.services.core import clock
from app.services.core.errors import NotFound, UserError
from app.services.core.validate import clean_text, parse_datetime
from app.services.storage import Database
from app.services.core.formatting import as_typed

MISSING = "missing"
MATCHABLE = ("unidentified-person", "unidentified-body", "unnatural-death")
# The case kinds each of these events happens on (they are not FIR-only).
EVENT_CASE_KINDS: dict[str, frozenset[str]] = {
    "traced": frozenset({MISSING}),
    "recovered": frozenset({MISSING}),
    "matched": frozenset({MISSING, *MATCHABLE}),
    "inquest": frozenset({"unidentified-body", "unnatural-death"}),
}
CLOSING_EVENTS = ("traced", "recovered", "matched")  # once one stands, the missing person is accounted for
NO_LONGER_APPLY = ("B-12",)  # a traced person needs no matching
CASE_STATUS_AFTER = {"traced": "traced", "recovered": "recovered"}


def check_event_on_case(kind: str, case: Case, label: str) -> None:
    """For the register: these events only on their own kinds of case, once; ``matched`` only through
    ``match_cases`` (it needs the other case)."""
    if kind not in EVENT_CASE_KINDS:
        return
    if kind == "matched":
        raise UserError(_("A match links two cases: record it with the match command, naming the other case."))
    if case.kind not in EVENT_CASE_KINDS[kind]:
        raise UserError(_("'{event}' is not recorded on {kind}; it belongs to: {kinds}.").format(
            event=_(EVENT_KINDS[kind]), kind=_(CASE_KINDS[case.kind]),
            kinds=", ".join(_(CASE_KINDS[k]) for k in sorted(EVENT_CASE_KINDS[kind]))))


def check_missing_still_open(s: Session, c: Case, label: str) -> None:
    if c.kind == MISSING and c.status in ("traced", "recovered", "matched"):
        raise UserError(_("{case} is already closed: the person was traced, recovered or matched. Void that event "
                          "first if it was wrong.").format(case=label))


def after_event(s: Session, c: Case, e: Event, actor: Actor) -> list[int]:
    """After ``traced``/``recovered`` on a missing case: close what no longer applies (kept in the event's details
    for a void to reopen), set the case's status. Returns the ids closed."""
    if e.kind not in CASE_STATUS_AFTER or c.kind != MISSING:
        return []
    c.status = CASE_STATUS_AFTER[e.kind]
    reason = _("Missing person traced or recovered on {date}: matching no longer needed.").format(date=as_typed(e.occurred_at.date()))
    closed = _close_codes(s, c.id, NO_LONGER_APPLY, reason, actor)
    details = json.loads(e.details or "{}")
    details["closed"] = closed
    e.details = json.dumps(details, ensure_ascii=False, default=str)
    return closed


def _close_codes(s: Session, case_id: int, codes, reason: str, actor: Actor) -> list[int]:
    obs = list(s.scalars(select(Obligation).join(Duty, Duty.id == Obligation.duty_id)
                         .where(Obligation.case_id == case_id, Obligation.status == "pending", Duty.code.in_(codes))
                         .order_by(Obligation.id)))
    now = clock.now()
    for ob in obs:
        ob.status, ob.na_reason, ob.na_by_id, ob.na_at = "na", reason, actor.person_id, now
    return [ob.id for ob in obs]


def match_cases(db: Database, case_id: int, other_case_id: int, *, occurred_at, note: str = "",
                actor: Actor = SYSTEM) -> tuple[int, int]:
    """Link a missing-person case with an unidentified person, body or unnatural death (either order). Returns
    the two ``matched`` events' ids (on ``case_id``, on ``other_case_id``)."""
    when = parse_datetime(occurred_at, _("Date of the event"))
    if when > clock.now() + clock.CLOCK_SLACK:
        raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
            field=_("Date of the event"), value=as_typed(when)))
    note = clean_text(note, _("Note"), max_len=500)
    if case_id == other_case_id:
        raise UserError(_("A case cannot be matched with itself."))
    with db.session() as s:
        authorize(s, actor, "case.event")
        cases = {}
        for cid in (case_id, other_case_id):
            c = s.get(Case, cid)
            if c is None:
                raise NotFound(_("There is no case with id {id}.").format(id=cid))
            check_not_void(c)
            cases[cid] = c
        a, b = cases[case_id], cases[other_case_id]
        missing, found = (a, b) if a.kind == MISSING else (b, a)
        if missing.kind != MISSING or found.kind not in MATCHABLE:
            raise UserError(_("A match links a missing person with an unidentified person, an unidentified body or "
                              "an unnatural death; {a} and {b} are not such a pair.").format(
                a=_label(a), b=_label(b)))
        check_missing_still_open(s, missing, _label(missing))
        if found.status == "identified":
            raise UserError(_("{case} is already matched; void that match first if it was wrong.").format(
                case=_label(found)))
        for c in (missing, found):
            check_event_moment(kind="matched", when=when, registered_at=c.registered_at, offence_date=None,
                               case_label=_label(c))
        now = clock.now()
        made = {}
        for c, other in ((missing, found), (found, missing)):
            details = {"matched_case_id": other.id, "status_before": c.status}
            if note:
                details["note"] = note
            e = Event(case_id=c.id, kind="matched", occurred_at=when, details=json.dumps(details, ensure_ascii=False),
                      created_at=now)
            s.add(e)
            made[c.id] = e
        s.flush()
        for c, other in ((missing, found), (found, missing)):
            details = json.loads(made[c.id].details)
            details["matched_event_id"] = made[other.id].id
            made[c.id].details = json.dumps(details, ensure_ascii=False)
        missing.status, found.status = "matched", "identified"
        audit.record(s, actor, "case.match", "case", missing.id, after={
            "missing_case_id": missing.id, "matched_case_id": found.id, "at": when, "note": note,
            "events": [made[missing.id].id, made[found.id].id]})
        return made[case_id].id, made[other_case_id].id


def _label(c: Case) -> str:
    return case_label(c.kind, c.number, c.year, c.id)


def case_links(s: Session, case_id: int) -> list[dict]:
    """The cases this one is matched with (from its standing ``matched`` events)."""
    out = []
    for e in s.scalars(select(Event).where(Event.case_id == case_id, Event.kind == "matched")
                       .order_by(Event.occurred_at, Event.id)):
        try:
            other_id = int(json.loads(e.details or "{}").get("matched_case_id"))
        except (TypeError, ValueError, json.JSONDecodeError):
            continue
        other = s.get(Case, other_id)
        if other is None:
            continue
        out.append({"case_id": other.id, "label": str(_label(other)), "kind": other.kind, "event_id": e.id,
                    "at": e.occurred_at})
    return out


def paired_event(s: Session, e: Event) -> Event | None:
    """The other side of a ``matched`` event."""
    try:
        pid = int(json.loads(e.details or "{}").get("matched_event_id"))
    except (TypeError, ValueError, json.JSONDecodeError):
        return None
    return s.get(Event, pid)


def status_without(s: Session, c: Case, live_kinds: set[str]) -> str | None:
    """A missing, unidentified or body case's status from its standing events (None: not such a case)."""
    if c.kind == MISSING:
        for kind in ("traced", "recovered", "matched"):
            if kind in live_kinds:
                return CASE_STATUS_AFTER.get(kind, "matched")
        return "open"
    if c.kind in MATCHABLE:
        return "identified" if "matched" in live_kinds else "open"
    return None


def event_kinds_for(case_kind: str) -> list[str]:
    """The events a case of this kind can take, in the catalogue's order (an FIR takes every general one; the
    other kinds an IO change and a summons; ``matched`` has its own command, needing the other case)."""
    out = []
    for kind in EVENT_KINDS:
        if kind in EVENT_CASE_KINDS:
            if case_kind in EVENT_CASE_KINDS[kind] and kind != "matched":
                out.append(kind)
        elif case_kind == "fir" or kind in ("io-change", "summons"):
            out.append(kind)
    return out


def reopen_closed(s: Session, e: Event) -> list[int]:
    """Voiding a ``traced``/``recovered`` event: the entries it closed are owed again."""
    try:
        ids = [int(i) for i in json.loads(e.details or "{}").get("closed", [])]
    except (TypeError, ValueError, json.JSONDecodeError):
        return []
    obs = list(s.scalars(select(Obligation).where(Obligation.id.in_(ids), Obligation.status == "na"))) if ids else []
    for ob in obs:
        ob.status, ob.na_reason, ob.na_by_id, ob.na_at = "pending", None, None, None
    return [ob.id for ob in obs]
