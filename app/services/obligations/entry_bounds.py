"""The earliest moment an entry can have been made in CAS: not before the thing it records.

An entry created by an event (an arrest's IIF-3) records that event; one created by a case's registration
(the FIR's IIF-1) records the case. The anchor of its due date may be later (a chargesheet's clock runs from
the first remand) but the entry can be made as soon as what it records exists, so the bound is the creating
event or case, less ``clock.CLOCK_SLACK`` for the two PCs' clocks. Recurring entries are bounded by their
period instead (``status.mark_entered``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.models.cases import Case, Event
from app.models.obligations import Obligation


def recorded_from(session: Session, ob: Obligation) -> dt.datetime:
    """When the thing the entry records happened: its event, else its case's registration, else its anchor."""
    if ob.event_id is not None:
        e = session.get(Event, ob.event_id)
        if e is not None:
            return e.occurred_at
    if ob.case_id is not None:
        c = session.get(Case, ob.case_id)
        if c is not None:
            return c.registered_at
    return ob.anchor_at
