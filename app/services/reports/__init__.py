"""Printed documents: the inspection checklist, per-person slips, compliance and pendency reports, the attendance sheet.

This module is the package's one public import path."""


from app.services.reports.attendance import attendance_sheet
from app.services.reports.checklist import (
    DEFAULT_PER_PERSON,
    build_checklist,
    checklist_data,
    handholding_section,
    render_checklist,
)
from app.services.reports.common import DocLang
from app.services.reports.compliance import build_compliance
from app.services.reports.letter import check_enclosures, check_letter_no
from app.services.reports.pendency import build_pendency
from app.services.reports.slip import build_slips, people_owing
from app.services.reports.support_section import checklist_section

__all__ = [
    "DEFAULT_PER_PERSON",
    "DocLang",
    "attendance_sheet",
    "build_checklist",
    "build_compliance",
    "build_pendency",
    "build_slips",
    "check_enclosures",
    "check_letter_no",
    "checklist_data",
    "checklist_section",
    "handholding_section",
    "people_owing",
    "render_checklist",
]
