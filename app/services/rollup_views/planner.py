"""The inspection planner: the stations of a circle or district not inspected for ``days`` or more (or never),
worst first by the ranking, each with its last visit. The visit's checklist is ``visit_checklist``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.i18n import _
from app.services.core import clock
from app.services.rollup_views.ranking import Scope, StationRow, station_rows

DEFAULT_DAYS = 90
MAX_DAYS = 3650


@dataclass(frozen=True, init=False)
class PlanLine:
    row: StationRow
    last_visit: dt.date | None
    officer: str
    officer_rank: str
    days_since: int | None  # None: never inspected (as far as the station's bundles tell)
    due: bool

    def __init__(self, row: StationRow, last_visit: dt.date | None, officer: str, officer_rank: str,
                 days_since: int | None, due: bool):
        # the frozen dataclass's own __init__ sets each field through object.__setattr__ (1.3 us a line); its
        # fields set at once are the same instance in 0.6 us (a district's planner makes one per station)
        _SET(self, "__dict__", {"row": row, "last_visit": last_visit, "officer": officer, "officer_rank": officer_rank,
                                "days_since": days_since, "due": due})

    def as_dict(self) -> dict:
        return {"rank": self.row.rank, "station": self.row.code, "name": self.row.name, "circle": self.row.circle,
                "last_inspection": self.last_visit.isoformat() if self.last_visit else None,
                "officer": self.officer, "officer_rank": self.officer_rank, "days_since": self.days_since,
                "due": self.due, "pending": self.row.pending if self.row.imported else None,
                "overdue": self.row.overdue if self.row.imported else None,
                "near_default_bail": self.row.near_bail if self.row.imported else None}


_SET = object.__setattr__


def check_days(value) -> int:
    from app.services.core.validate import parse_int

    return parse_int(value if value is not None else DEFAULT_DAYS, _("Days"), minimum=1, maximum=MAX_DAYS)


def inspection_plan(conn, scope: Scope, *, days: int = DEFAULT_DAYS, include_all: bool = False,
                    today: dt.date | None = None, silent_days: int = 14) -> list[PlanLine]:
    """The stations due for a visit (not inspected for ``days`` or more, or never), in the ranking's order
    (worst first); with ``include_all`` the others follow, in the same order."""
    today = today or clock.today()
    return plan_lines(conn, station_rows(conn, scope, silent_days=silent_days, today=today), days=days,
                      include_all=include_all, today=today)


def plan_lines(conn, ranked: list[StationRow], *, days: int = DEFAULT_DAYS, include_all: bool = False,
               today: dt.date | None = None) -> list[PlanLine]:
    """``inspection_plan`` of stations already ranked (``station_rows``): their last visits are in their rows (each
    station's figures, written at its import), so nothing more is read. ``conn`` is kept for the callers."""
    today = today or clock.today()
    due_lines, others = [], []
    for row in ranked:
        when = row.last_visit
        since = None if when is None else max(0, (today - when).days)
        if since is None or since >= days:
            due_lines.append(PlanLine(row, when, row.last_visit_officer, row.last_visit_rank, since, True))
        elif include_all:
            others.append(PlanLine(row, when, row.last_visit_officer, row.last_visit_rank, since, False))
    due_lines += others
    if any(a.row.rank > b.row.rank for a, b in zip(due_lines, due_lines[1:])):  # not given in the ranking's order
        due_lines.sort(key=lambda p: (not p.due, p.row.rank))
    return due_lines
