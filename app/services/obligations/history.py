""""Pending at a moment T", reconstructed from the obligation's own timestamps (see ``queries``): an
obligation is open at T when it arose before T (``anchor_at``) and was not closed before T. It is
closed when entered (``entered_at``; verified entries were entered first), marked not applicable
(``na_at``) or missed (at its due time). For T at or after the present the clause is simply
``status = 'pending'``, which the obligation indexes serve directly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, literal, or_

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


def overdue_at(moment: dt.datetime):
    """An open entry is overdue at ``moment`` when its due time is before it (one due at 23:59:59 of a
    day is overdue at that day's end; see ``moments``)."""
    return Obligation.due_at < moment


def status_at(t: dt.datetime):
    """The status the obligation had at the past moment ``t``, as an SQL expression (``pending`` for
    one arisen by ``t`` and not yet closed; NULL for one that had not arisen)."""
    o = Obligation
    entered = and_(o.status.in_(CLOSED_ENTERED), o.entered_at <= t)
    return case(
        (o.anchor_at > t, None),
        (and_(entered, o.status == "verified", func.coalesce(o.verified_at, o.entered_at) <= t), literal("verified")),
        (entered, literal("entered")),
        (and_(o.status == "na", o.na_at <= t), literal("na")),
        (and_(o.status == "missed", o.due_at <= t), literal("missed")),
        else_=literal("pending"),
    )


def in_status_at(t: dt.datetime, status: str):
    """A WHERE clause: the obligation had ``status`` at the past moment ``t`` (the same reading as
    ``status_at``, written so that the status indexes answer it)."""
    o = Obligation
    if status == "pending":
        return and_(o.anchor_at <= t, not_closed_before(t, inclusive=False))
    arisen = o.anchor_at <= t
    if status == "entered":
        return and_(arisen, o.status.in_(CLOSED_ENTERED), o.entered_at <= t,
                    or_(o.status == "entered", func.coalesce(o.verified_at, o.entered_at) > t))
    if status == "verified":
        return and_(arisen, o.status == "verified", o.entered_at <= t, func.coalesce(o.verified_at, o.entered_at) <= t)
    if status == "na":
        return and_(arisen, o.status == "na", o.na_at <= t)
    if status == "missed":
        return and_(arisen, o.status == "missed", o.due_at <= t)
    return o.status == status  # an unknown code matches nothing it did not match before


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
