"""A summons or warrant with the court's appearance date: its service (A-7, the SHO) and its entry (E-2, the court
pairokar) are due by the end of the day before the appearance when that is earlier than their rule's term.

The rules keep their flat terms (station policy); this limit is applied on top wherever a due date is worked out
for an entry of a ``summons`` event whose details carry ``appearance`` (an ISO date): when the event is recorded
(``cases``), when its entries are re-dated (``cases.corrections``) and when a changed rule is applied to open
entries (``rule_recompute``). The entry's basis then says so, in English and Hindi; otherwise the rule's own.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from app.models.cases import Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services.core.formatting import as_typed

SUMMONS = "summons"
BEFORE_APPEARANCE_DUTIES = ("A-7", "E-2")
END_OF_DAY = dt.time(23, 59, 59)
BASIS_EN = ("Court's appearance date {day}: the summons or warrant is served, and its details entered, by the day "
            "before (earlier than the station's usual term).")
BASIS_HI = ("न्यायालय में उपस्थिति की तिथि {day}: सम्मन या वारंट की तामील, और उसका विवरण दर्ज, उससे एक दिन पहले तक "
            "(थाने की सामान्य समय-सीमा से पहले)।")


def appearance_of(event: Event | None) -> dt.date | None:
    if event is None or event.kind != SUMMONS:
        return None
    try:
        value = json.loads(event.details or "{}").get("appearance")
        return dt.date.fromisoformat(value) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def appearance_limit(session: Session, ob: Obligation, event: Event | None) -> dt.datetime | None:
    """The latest due time the appearance allows this entry (None: no limit applies to it)."""
    day = appearance_of(event)
    if day is None or ob.event_id != event.id:
        return None
    duty = session.get(Duty, ob.duty_id)
    if duty is None or duty.code not in BEFORE_APPEARANCE_DUTIES:
        return None
    return max(dt.datetime.combine(day - dt.timedelta(days=1), END_OF_DAY), event.occurred_at)


def settle_due(session: Session, ob: Obligation, event: Event | None, rule_due: dt.datetime) -> bool:
    """Set the entry's due time from its rule's ``rule_due`` and the appearance limit, with the basis that
    belongs to whichever wins. Returns whether the appearance set it."""
    limit = appearance_limit(session, ob, event)
    if limit is not None and limit < rule_due:
        day = as_typed(appearance_of(event))
        ob.due_at, ob.basis, ob.basis_hi = limit, BASIS_EN.format(day=day), BASIS_HI.format(day=day)
        return True
    ob.due_at = rule_due
    if ob.basis.startswith(BASIS_EN[:24]):  # the rule's own basis applies again (read from the rule)
        ob.basis = ob.basis_hi = ""
    return False


def apply_appearance(session: Session, event: Event | None, obs: list[Obligation]) -> list[int]:
    """Bring A-7 and E-2 of a summons forward to the day before the appearance where that is earlier than their
    due time now. Returns the ids changed."""
    if appearance_of(event) is None:
        return []
    return [ob.id for ob in obs if ob.status == "pending" and ob.event_id == event.id
            and settle_due(session, ob, event, ob.due_at)]
