""""Pending at a moment T", reconstructed from the obligation's own timestamps (see ``queries``): an
obligation is open at T when it arose before T (``anchor_at``) and was not closed before T. It is
closed when entered (``entered_at``; verified entries were entered first), marked not applicable
(``na_at``) or missed (at its due time). For T at or after the present the clause is simply
``status = 'pending'``, which the obligation indexes serve directly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, or_

from app.models.obligations import Obligation
from app.services.core import clock

CLOSED_ENTERED = ("entered", "verified")


def closed_at():
    """When the obligation stopped being owed (NULL while it is still pending)."""
    o = Obligation
    return case(
        (o.status.in_(CLOSED_ENTERED), o.entered_at),
        (o.status == "na", o.na_at),
        (o.status == "missed", o.due_at),
        else_=None,
    )


def is_live(as_of: dt.datetime | None) -> bool:
    return as_of is None or as_of >= clock.now()


def open_at(as_of: dt.datetime | None):
    """A WHERE clause: the obligation was owed (pending) at ``as_of`` (None: now)."""
    o = Obligation
    if is_live(as_of):
        return o.status == "pending"
    return and_(o.anchor_at <= as_of, not_closed_before(as_of, inclusive=False))


def not_closed_before(t: dt.datetime, *, inclusive: bool):
    """``closed IS NULL OR closed > t`` (``>=`` when inclusive), written per status so that each
    branch is a range on an index — (status, entered_at), (status, na_at), (status, due_at) — and
    the database reads only what closed after ``t`` plus what is still pending, not every row."""
    o = Obligation

    def after(column):
        return column >= t if inclusive else column > t

    return or_(
        o.status == "pending",  # never closed (every other status has its own branch below)
        and_(o.status.in_(CLOSED_ENTERED), after(o.entered_at)),
        and_(o.status.in_(CLOSED_ENTERED), o.entered_at.is_(None)),
        and_(o.status == "na", after(o.na_at)),
        and_(o.status == "na", o.na_at.is_(None)),
        and_(o.status == "missed", after(o.due_at)),
    )
