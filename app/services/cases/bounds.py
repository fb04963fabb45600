"""Date bounds of a case's events: nothing before the offence; before the case's registration only what the
law allows to come first, and then only by hours.

- **Before the offence**: nothing. An arrest, a seizure, a remand for an offence not yet committed is a
  wrong date (a year typed wrongly), never a fact.
- **Before the registration** (the FIR, the missing-person report …): a police officer may arrest without
  a warrant (BNSS 35, CrPC 41) and seize property (BNSS 106, CrPC 102) on the spot; the FIR is then written
  when the arrestee or the seized goods reach the station, hours later. So ``arrest`` and ``seizure`` may
  precede the registration by up to ``FREE_LEAD`` without a question; beyond that the user must confirm
  (``NeedsConfirmation``, the ``confirm`` argument); beyond ``MAX_LEAD`` never: an arrestee must be before a
  Magistrate within 24 hours (BNSS 58, CrPC 57), which needs a case, so a week's lead is a wrong date.
  Every other event comes after the registration.
- Both bounds allow ``clock.CLOCK_SLACK`` (minutes) for the difference between two PCs' clocks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Event
from app.services.cases.void_marks import VOID_PREFIX
from app.services.catalogue import EVENT_KINDS
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.formatting import as_typed

BEFORE_REGISTRATION_KINDS = frozenset({"arrest", "seizure"})
FREE_LEAD = dt.timedelta(hours=6)  # the arrest at the spot, the FIR at the station: hours, not days
MAX_LEAD = dt.timedelta(days=7)  # BNSS 58: before a Magistrate in 24 hours; a week without a case is no arrest


class NeedsConfirmation(UserError):
    """The date is possible but unusual (an arrest a day before the FIR): record it only when confirmed."""


def _fmt(moment: dt.datetime) -> str:
    return as_typed(moment)


def check_event_moment(*, kind: str, when: dt.datetime, registered_at: dt.datetime,
                       offence_date: dt.date | None, case_label: str, confirm: bool = False) -> None:
    """Refuse an event dated before the offence, or before the case's registration where the law does not
    allow it; ask for ``confirm`` for an arrest or seizure more than ``FREE_LEAD`` before the registration."""
    check_after_offence(kind, when, offence_date, case_label)
    event = _(EVENT_KINDS.get(kind, kind))
    lead = registered_at - when
    if lead <= clock.CLOCK_SLACK:
        return
    if kind not in BEFORE_REGISTRATION_KINDS:
        raise UserError(_("The event's date {date} is before {case} was registered ({registered}).").format(
            date=_fmt(when), case=case_label, registered=_fmt(registered_at)))
    if lead > MAX_LEAD:
        raise UserError(_("'{event}' on {date} is more than {days} days before {case} was registered ({registered}). "
                          "An arrest or seizure comes at most hours before the FIR (an arrestee is before a "
                          "Magistrate within 24 hours, BNSS 58): check the date.").format(event=event, date=_fmt(when), days=MAX_LEAD.days, case=case_label,
                                           registered=_fmt(registered_at)))
    if lead > FREE_LEAD and not confirm:
        hours = int(lead.total_seconds() // 3600)
        raise NeedsConfirmation(_("'{event}' on {date} is {hours} hours before {case} was registered ({registered}). "
                                  "An arrest or seizure may come a few hours before the FIR; this is more. Confirm "
                                  "the date to record it.").format(event=event, date=_fmt(when), hours=hours,
                                                                   case=case_label, registered=_fmt(registered_at)))


def check_after_offence(kind: str, when: dt.datetime, offence_date: dt.date | None, case_label: str) -> None:
    if offence_date is not None and when < dt.datetime.combine(offence_date, dt.time()) - clock.CLOCK_SLACK:
        raise UserError(_("'{event}' on {date} is before the offence of {case} ({offence}). Check the date.").format(
            event=_(EVENT_KINDS.get(kind, kind)), date=_fmt(when), case=case_label, offence=as_typed(offence_date)))


def first_event_after_offence(session: Session, case_id: int, offence_date: dt.date | None, case_label: str) -> None:
    """A corrected date of offence must not leave an event recorded before it (the earliest one is checked)."""
    first = session.execute(select(Event.kind, Event.occurred_at)
                            .where(Event.case_id == case_id, Event.kind.not_like(VOID_PREFIX + "%"))
                            .order_by(Event.occurred_at, Event.id).limit(1)).first()
    if first is not None:
        check_after_offence(first.kind, first.occurred_at, offence_date, case_label)
