"""The supervisors' views over the circle or district rollup: the stations ranked, one station drilled down, the
inspection planner and the visit's checklist, the circle or district compliance report. They read the rollup
store's precomputed rows (app.services.rollup writes them at each import); no Qt.

This module is the package's one public import path."""

from app.services.rollup_views.detail import EntryLine, PersonLine, RoleLine, StationDetail, Tally, Week
from app.services.rollup_views.planner import DEFAULT_DAYS as DEFAULT_VISIT_DAYS, PlanLine
from app.services.rollup_views.ranking import (
    DEFAULT_SILENT_DAYS,
    FormOnTime,
    Scope,
    StationRow,
    Totals,
    totals,
)
from app.services.rollup_views.tables import BANDS
from app.services.rollup_views.views import (
    places,
    plan_view,
    ranked_stations,
    station_view,
    write_report,
    write_visit_checklist,
)

__all__ = [
    "BANDS",
    "DEFAULT_SILENT_DAYS",
    "DEFAULT_VISIT_DAYS",
    "EntryLine",
    "FormOnTime",
    "PersonLine",
    "PlanLine",
    "RoleLine",
    "Scope",
    "StationDetail",
    "StationRow",
    "Tally",
    "Totals",
    "Week",
    "places",
    "plan_view",
    "ranked_stations",
    "station_view",
    "totals",
    "write_report",
    "write_visit_checklist",
]
