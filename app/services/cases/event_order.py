"""The order of a case's own events, checked on the case as recorded (after an event is added or re-dated):

- a court's disposal comes after a chargesheet (a final report with the outcome 'chargesheet'), an appeal's
  result after the disposal;
- an accused's first remand not before his arrest or surrender; an NDPS extension ordered between his first
  remand and his last day (``accused.check_extension_in_time``);
- a summons not received after the appearance date it was served for (``summons.normalize_appearance``).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.services.core.errors import UserError
from app.services.core.formatting import as_typed


def _fmt(moment: dt.datetime) -> str:
    return as_typed(moment)


def event_outcome(details: str | None) -> str:
    """A final report's outcome from its event's details ("chargesheet" when none is given; "" when unreadable)."""
    try:
        value = json.loads(details or "{}")
    except json.JSONDecodeError:
        return ""
    return value.get("outcome", "chargesheet") if isinstance(value, dict) else ""


def court_order_problem(kind: str, at: dt.datetime, charged, disposed, label: str) -> str:
    """Why an event of ``kind`` at ``at`` breaks the court's order on case ``label`` ("" when it does not): a
    disposal needs a chargesheet (one of ``charged``) at or before it, an appeal's result a disposal (one of
    ``disposed``). The register checks it on the case as recorded; an import's dry run on the rows to come."""
    if kind == "disposal" and not any(x <= at for x in charged):
        return _("The disposal on {date} comes before any chargesheet on {case}: a court decides a case only after "
                 "the chargesheet. Record the final report (outcome chargesheet) first, or check the date.").format(
            date=_fmt(at), case=label)
    if kind == "appeal" and not any(x <= at for x in disposed):
        return _("The appeal's result on {date} comes before the disposal of {case}. Record the disposal first, or "
                 "check the date.").format(date=_fmt(at), case=label)
    return ""


def remand_order_problem(remand: dt.datetime, taken: dt.datetime | None, accused: str) -> str:
    """Why a remand at ``remand`` breaks the order for ``accused`` arrested or surrendered at ``taken`` ("" when
    it does not, or when he was never recorded as taken)."""
    if taken is not None and remand < taken:
        return _("The remand {date} is before {accused} was arrested or surrendered ({taken}).").format(
            date=_fmt(remand), accused=accused, taken=_fmt(taken))
    return ""


def check_court_order(s: Session, c: Case, label: str) -> None:
    """A disposal needs a chargesheet before it; an appeal's result a disposal before it (live events only:
    a voided event's kind is prefixed and matches nothing here)."""
    rows = list(s.execute(select(Event.kind, Event.occurred_at, Event.details).where(
        Event.case_id == c.id, Event.kind.in_(("final-report", "disposal", "appeal")))))
    charged = [at for kind, at, details in rows if kind == "final-report" and event_outcome(details) == "chargesheet"]
    disposed = [at for kind, at, _d in rows if kind == "disposal"]
    for kind, at, _d in rows:
        problem = court_order_problem(kind, at, charged, disposed, label)
        if problem:
            raise UserError(problem)


def check_accused_order(s: Session, c: Case, accused_id: int | None) -> None:
    """After a re-dated arrest, surrender or remand: his first remand not before his arrest or surrender; a court's
    extension of his period ordered between his first remand and his (unextended) last day."""
    from app.services.cases.accused import ARREST_KINDS, accused_label, check_extension_in_time
    from app.services.obligations import REMAND_KINDS

    if accused_id is None:
        return
    a = s.get(Accused, accused_id)
    if a is None:
        return

    def first(kinds):
        return s.scalar(select(func.min(Event.occurred_at)).where(Event.accused_id == a.id, Event.kind.in_(kinds)))

    taken, remand = first(ARREST_KINDS), first(REMAND_KINDS)
    problem = "" if remand is None else remand_order_problem(remand, taken, accused_label(a.id, a.name))
    if problem:
        raise UserError(problem)
    if a.extended_on is not None and remand is not None:
        if a.extended_on < remand.date():
            raise UserError(_("The order's date {date} must fall between his first remand and today.").format(
                date=a.extended_on))
        check_extension_in_time(s, c, a, remand, a.extended_on, None)
