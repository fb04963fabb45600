"""Each accused's own default-bail clock (BNSS 187(3) = CrPC 167(2); NDPS 36A(4)).

The period runs for each accused from HIS first remand (his first ``first-remand`` or ``remand`` event),
the remand day counting as day 1 (Enforcement Directorate v. Kapil Wadhawan, Supreme Court, 27 March 2023):
with 60 days and a remand on 1 January, the chargesheet is due by the end of the 60th day (1 March in a
common year) and default bail accrues on the 61st. A court may extend the period for an accused where the
rule allows it (NDPS 36A(4) proviso: up to one year).

The case's chargesheet entry takes the earliest default-bail day among the accused who were still in
custody on it (an accused bailed or released before his day cannot claim default bail); when every
remanded accused was out before his day, the earliest of all their days (the statute's yardstick still
applies and a due date never moves later because of a bail). An older first remand recorded without an
accused (before accused were recorded) is one clock of an accused not named.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.cases import Accused, Event

REMAND_KINDS = ("first-remand", "remand")
CUSTODY_STARTS = ("arrest", "surrender") + REMAND_KINDS  # events that put an accused in custody


def custody_end(bailed_at, released_at, latest_start: dt.datetime | None,
                as_of: dt.datetime | None = None) -> dt.datetime | None:
    """When his custody ended (bail or release), or None while he is in custody: a bail or release up to
    ``as_of`` ends it only if it came after his latest arrest, surrender or remand (up to ``as_of``): his
    bail cancelled and he re-arrested or remanded again, he is in custody again. His default-bail period
    still counts from his FIRST remand (the remand day as day 1), not from the re-arrest: 187(3) limits
    the investigation's custody of the accused from his first remand, and the statute gives no fresh
    period after a bail is cancelled; counting from the first remand is the side that is never late."""
    ended = [t for t in (bailed_at, released_at)
             if t is not None and (as_of is None or t <= as_of) and (latest_start is None or t > latest_start)]
    return min(ended) if ended else None


@dataclass(frozen=True)
class AccusedClock:
    accused_id: int | None  # None: a first remand recorded before accused were recorded
    remand_at: dt.datetime  # his first remand
    extended_days: int | None = None  # the period as a court extended it for him
    custody_ended_at: dt.datetime | None = None  # bailed or released


@dataclass(frozen=True)
class ClockDue:
    clock: AccusedClock
    days: int  # the period that applies to him (the term's, or as extended)
    due_at: dt.datetime  # the end of his last day: the chargesheet is due by then
    counts: bool  # he was still in custody at that moment (his default bail is what is at stake)


def case_bail_days(case) -> int | None:
    """The 187(3) period the case's sections give (60 or 90 days; ``cases.punishment_basis``), if they do."""
    try:
        basis = json.loads(getattr(case, "punishment_basis", "") or "{}")
    except ValueError:
        return None
    days = basis.get("days") if isinstance(basis, dict) else None
    return days if days in (60, 90) else None


def period_days(term, clock: AccusedClock, case_days: int | None = None) -> int:
    """The term's period for this accused: the one the case's sections give where the term takes it from
    them (``days_from_sections``: rape / POCSO, whose class alone does not say 60 or 90), extended by the
    court where the term allows it."""
    base = case_days if getattr(term, "case_days", False) and case_days else term.days
    if term.extendable_days and clock.extended_days:
        return min(max(clock.extended_days, base), term.extendable_days)
    return base


def clock_due(term, clock: AccusedClock, case_days: int | None = None) -> ClockDue:
    days = period_days(term, clock, case_days)
    due = term.due_from(clock.remand_at, days)
    ended = clock.custody_ended_at
    return ClockDue(clock, days, due, ended is None or ended > due)


def earliest_clock(term, clocks, case_days: int | None = None) -> ClockDue | None:
    """The clock that sets the case's due date under ``term`` (see the module's text)."""
    dues = [clock_due(term, c, case_days) for c in clocks or ()]
    if not dues:
        return None
    pool = [d for d in dues if d.counts] or dues
    return min(pool, key=lambda d: (d.due_at, d.clock.remand_at))


def accused_clocks(session: Session, case_id: int, as_of: dt.datetime | None = None) -> tuple[AccusedClock, ...]:
    """Every clock running on a case: one per accused with a first remand (and one for older first
    remands recorded without an accused), by remand time; with ``as_of``, as they stood then (remands
    up to that moment; a bail or release after it not yet happened)."""
    return clocks_by_case(session, [case_id], as_of).get(case_id, ())


CHUNK = 500  # ids per IN list


def clocks_by_case(session: Session, case_ids, as_of: dt.datetime | None = None) -> dict[int, tuple[AccusedClock, ...]]:
    """``accused_clocks`` for many cases in two queries per chunk of cases (the statutory-clocks view)."""
    ids = sorted(set(case_ids))
    out: dict[int, tuple[AccusedClock, ...]] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        q = (select(Event.case_id, Event.accused_id, Event.kind, func.min(Event.occurred_at))
             .where(Event.case_id.in_(chunk), Event.kind.in_(REMAND_KINDS))
             .group_by(Event.case_id, Event.accused_id, Event.kind))
        if as_of is not None:
            q = q.where(Event.occurred_at <= as_of)
        firsts: dict[int, dict[int | None, dt.datetime]] = {}
        unlinked_kinds: dict[int, set[str]] = {}
        for case_id, accused_id, kind, at in session.execute(q):
            per = firsts.setdefault(case_id, {})
            per[accused_id] = min(at, per.get(accused_id, at))
            if accused_id is None:
                unlinked_kinds.setdefault(case_id, set()).add(kind)
        if not firsts:
            continue
        people = {a.id: a for a in session.scalars(select(Accused).where(Accused.case_id.in_(list(firsts))))}
        lq = (select(Event.accused_id, func.max(Event.occurred_at))
              .where(Event.case_id.in_(list(firsts)), Event.kind.in_(CUSTODY_STARTS), Event.accused_id.is_not(None))
              .group_by(Event.accused_id))
        if as_of is not None:
            lq = lq.where(Event.occurred_at <= as_of)
        latest = dict(session.execute(lq).all())
        for case_id, per in firsts.items():
            clocks = []
            linked = any(k is not None for k in per)
            for accused_id, remand_at in per.items():
                if accused_id is None:
                    kinds = unlinked_kinds.get(case_id, set())
                    # older rows: a first remand recorded without an accused (or, with no remand of a named
                    # accused on the case, a remand) starts the clock of an accused not named
                    if "first-remand" in kinds or not linked:
                        clocks.append(AccusedClock(None, remand_at))
                    continue
                a = people.get(accused_id)
                ended = (custody_end(a.bailed_at, a.released_at, latest.get(accused_id), as_of)
                         if a is not None else None)
                clocks.append(AccusedClock(accused_id, remand_at, a.extended_days if a is not None else None, ended))
            if clocks:
                out[case_id] = tuple(sorted(clocks, key=lambda c: (c.remand_at, c.accused_id or 0)))
    return out
