"""Who owed an entry at a past moment.

An obligation stores only its owner now (``person_id``): a transfer, an IO change or a backlog hand-over
rewrites it. For a past moment the owner is reconstructed from the role-assignment history and the cases'
IO changes, in this order:

1. the stored owner, if he held the entry's role on that day (nothing was handed over since);
2. for an IO entry of a case, the case's IO then (the latest ``io-change`` at or before the moment), if he
   held the IO role that day;
3. the stored owner's predecessors in the role, walked back (the holder whose hold ended the day before his
   began — as a transfer leaves it — or else the latest to end before it) until one held the role that day:
   a transfer hands the leaving person's open work to his successor;
4. the one person who held the entry's role that day;
5. nobody, when nobody held the role that day (a vacant role's entries are unassigned);
6. otherwise the stored owner (several holders and no trace of which one owed it).

An entry nobody owes now (its role's backlog, never handed over) was nobody's then. So an entry was nobody's at
a past moment exactly when nobody owes it now or nobody held its role that day (``roles_held_on``).
At the present moment (live) the stored owner is the owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.cases import Event
from app.models.staff import RoleAssignment


def _assignments(session: Session) -> dict[str, list[tuple[int, dt.date, dt.date | None]]]:
    by_role: dict[str, list[tuple[int, dt.date, dt.date | None]]] = {}
    for pid, role, start, end in session.execute(
            select(RoleAssignment.person_id, RoleAssignment.role_code, RoleAssignment.from_date,
                   RoleAssignment.to_date).order_by(RoleAssignment.from_date, RoleAssignment.id)):
        by_role.setdefault(role, []).append((pid, start, end))
    return by_role


def _holding(spans, day: dt.date) -> list[int]:
    return list(dict.fromkeys(pid for pid, start, end in spans if start <= day and (end is None or end >= day)))


def roles_held_on(session: Session, day: dt.date) -> set[str]:
    """The roles someone held on ``day`` (any person, active or not: the assignments say who held what when)."""
    return {role for role, spans in _assignments(session).items() if _holding(spans, day)}


def _predecessor_then(spans, pid: int, day: dt.date, holding: list[int]) -> int | None:
    """Walk back from ``pid`` through the role's earlier holders (see the module's text) to one in ``holding``."""
    seen = {pid}
    current = pid
    while len(seen) <= len(spans):
        starts = [start for p, start, _end in spans if p == current]
        if not starts:
            return None
        began = min(start for start in starts if start > day) if any(start > day for start in starts) else min(starts)
        before = [(p, end) for p, _start, end in spans if end is not None and end < began and p not in seen]
        if not before:
            return None
        exact = [p for p, end in before if end == began - dt.timedelta(days=1)]
        current = exact[0] if len(exact) == 1 else max(before, key=lambda pe: pe[1])[0]
        if current in holding:
            return current
        seen.add(current)
    return None


def owners_at(session: Session, moment: dt.datetime | None,
              rows: Iterable[tuple[int, str, int | None, int | None]]) -> dict[int, int | None]:
    """obligation id → the person who owed it at ``moment`` (None: nobody), for ``rows`` of
    (obligation id, role code, stored person id, case id). ``moment`` None (or not in the past) keeps the
    stored owners."""
    from app.services.obligations.moments import is_past

    rows = list(rows)
    if moment is None or not is_past(moment):
        return {oid: pid for oid, _role, pid, _case in rows}
    day = moment.date()
    by_role = _assignments(session)
    holders = {role: _holding(spans, day) for role, spans in by_role.items()}

    def held(pid: int | None, role: str) -> bool:
        return pid is not None and pid in holders.get(role, ())

    io_cases = {case_id for _oid, role, pid, case_id in rows
                if role == "io" and case_id is not None and not held(pid, role)}
    case_io: dict[int, int | None] = {}
    if io_cases:
        ids = sorted(io_cases)
        for i in range(0, len(ids), 500):
            for case_id, pid in session.execute(
                    select(Event.case_id, Event.person_id)
                    .where(Event.kind == "io-change", Event.case_id.in_(ids[i:i + 500]), Event.occurred_at <= moment)
                    .order_by(Event.occurred_at, Event.id)):
                case_io[case_id] = pid  # the latest wins
    out: dict[int, int | None] = {}
    for oid, role, pid, case_id in rows:
        if pid is None:  # nobody owes it now: nobody did then (a vacancy's backlog is handed over only when asked)
            out[oid] = None
            continue
        if held(pid, role):
            out[oid] = pid
            continue
        then = case_io.get(case_id) if role == "io" else None
        if held(then, role):
            out[oid] = then
            continue
        then_holding = holders.get(role, [])
        earlier = _predecessor_then(by_role.get(role, []), pid, day, then_holding)
        if earlier is not None:
            out[oid] = earlier
        elif len(then_holding) == 1:
            out[oid] = then_holding[0]
        elif not then_holding:
            out[oid] = None  # a role nobody held: its entries were nobody's (unassigned)
        else:
            out[oid] = pid
    return out
