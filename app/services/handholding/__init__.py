"""Handholding staff, equipment and CCTNS support: the 2014 handholding SOP and duties D-19 to D-24.

Modules: ``support_staff`` (vendor staff, their visits, the Monday-to-Saturday attendance register),
``equipment`` (register, fault log, time to fix), ``training`` (D-19), ``user_ids`` (D-22),
``campaigns`` (D-24), ``attendance_sheet`` (the monthly PDF), ``summary`` (for the dashboard) and
``checklist`` (the inspection checklist's section). ReportLab is imported only when printing.

    dashboard_summary(db, as_of) -> HandholdingSummary
    checklist_section(db, lang, as_of) -> list[Flowable]      # lang: "hi", "en" or "both"
"""

from __future__ import annotations

import datetime as dt

from app.services.storage import Database
from app.services.handholding.summary import HandholdingSummary, dashboard_summary

__all__ = ["HandholdingSummary", "checklist_section", "dashboard_summary"]


def checklist_section(db: Database, lang: str, as_of: dt.date | dt.datetime | None = None) -> list:
    """Flowables for the checklist section "Equipment, CCTV and handholding staff"."""
    from app.services.handholding.checklist import checklist_section as build

    return build(db, lang, as_of)
