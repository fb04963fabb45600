"""Summons and warrants with the court's appearance date: the process must be served (A-7, the SHO) and its
details entered (E-2, the court pairokar) before the day the person is to appear, so each of those entries is
due at the earlier of its rule's term and the end of the day before the appearance.

The rules file keeps the flat terms (7 days, 24 hours: station policy); this module applies the appearance date
on top, for the entries of a ``summons`` event whose details carry ``appearance`` (``--appearance DATE``), when
the event is recorded and whenever its entries are re-dated (``corrections.redate_open``). The entry's basis then
says so, in English and Hindi.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services.core.errors import UserError
from app.services.core.validate import parse_date

SUMMONS = "summons"
BEFORE_APPEARANCE_DUTIES = ("A-7", "E-2")
END_OF_DAY = dt.time(23, 59, 59)


def normalize_appearance(kind: str, details: dict | None, when: dt.datetime) -> dict | None:
    """Check the appearance date of a summons (a date not before the process was received); store it as ISO."""
    if not details or details.get("appearance") in (None, ""):
        return details
    if kind != SUMMONS:
        raise UserError(_("An appearance date belongs to a summons or warrant only."))
    day = parse_date(details["appearance"], _("Appearance date"))
    if day < when.date():
        raise UserError(_("The appearance date {day} is before the summons was received ({received}).").format(
            day=day.isoformat(), received=when.strftime("%Y-%m-%d %H:%M")))
    return {**details, "appearance": day.isoformat()}


def appearance_of(event: Event | None) -> dt.date | None:
    if event is None or event.kind != SUMMONS:
        return None
    try:
        value = json.loads(event.details or "{}").get("appearance")
        return dt.date.fromisoformat(value) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def appearance_deadline(day: dt.date) -> dt.datetime:
    """The end of the day before the appearance."""
    return dt.datetime.combine(day - dt.timedelta(days=1), END_OF_DAY)


def apply_appearance(session: Session, event: Event | None, obs: list[Obligation]) -> list[int]:
    """Bring A-7 and E-2 of a summons forward to the day before the appearance where that is earlier than the
    rule's term. Returns the ids changed."""
    day = appearance_of(event)
    if day is None:
        return []
    deadline = appearance_deadline(day)
    changed = []
    for ob in obs:
        if ob.event_id != event.id or ob.status != "pending":
            continue
        duty = session.get(Duty, ob.duty_id)
        if duty is None or duty.code not in BEFORE_APPEARANCE_DUTIES or ob.due_at <= deadline:
            continue
        ob.due_at = max(deadline, event.occurred_at)
        ob.basis = ("Court's appearance date {day}: the summons or warrant is served, and its details entered, by the "
                    "day before (earlier than the station's usual term).").format(day=day.isoformat())
        ob.basis_hi = ("न्यायालय में उपस्थिति की तिथि {day}: सम्मन या वारंट की तामील, और उसका विवरण दर्ज, उससे एक दिन "
                       "पहले तक (थाने की सामान्य समय-सीमा से पहले)।").format(day=day.isoformat())
        changed.append(ob.id)
    return changed


def clear_appearance_basis(ob: Obligation) -> None:
    """Before re-dating from the rule: the rule's own basis applies again unless the appearance still wins."""
    if ob.basis.startswith("Court's appearance date"):
        ob.basis = ob.basis_hi = ""
