"""Printed documents: the inspection checklist, per-person slips, compliance and pendency reports, the attendance sheet.

This module is the package's one public import path."""


from app.services.reports.attendance import attendance_sheet
from app.services.reports.cas_sample import DEFAULT_PER_KIND, check_sample_size
from app.services.reports.checklist import (
    ANNEX_CHOICES,
    DEFAULT_PER_PERSON,
    annex_limit,
    build_checklist,
    check_annex,
    checklist_data,
    handholding_section,
    render_checklist,
)
from app.services.reports.common import DocLang
from app.services.reports.compliance import ComplianceData, build_compliance, compliance_body, compliance_data
from app.services.reports.document_figures import checklist_json, compliance_json, pendency_json, slip_json
from app.services.reports.figures import (
    BANDS,
    AgeBands,
    DueRow,
    Figures,
    HolderSpan,
    PeriodFigures,
    PersonFigures,
    RoleFigures,
    figures_at,
    figures_json,
    holders_at,
    holders_in_period,
    period_figures,
    persons_at,
    station_figures,
)
from app.services.reports.letter import check_enclosures, check_letter_no
from app.services.reports.letter import (
    LetterInfo,
    letter_close,
    letter_head,
    letter_references,
    number_sections,
    section_heading,
)
from app.services.reports.pendency import PendencyData, build_pendency, pendency_data
from app.services.reports.slip import PLAN_SECTION, build_slips, people_owing, slip_data
from app.services.reports.support_section import checklist_section

__all__ = [
    "AgeBands",
    "ComplianceData",
    "PendencyData",
    "checklist_json",
    "compliance_body",
    "compliance_data",
    "compliance_json",
    "pendency_data",
    "pendency_json",
    "slip_data",
    "slip_json",
    "BANDS",
    "DueRow",
    "Figures",
    "HolderSpan",
    "PeriodFigures",
    "PersonFigures",
    "RoleFigures",
    "figures_at",
    "figures_json",
    "holders_at",
    "holders_in_period",
    "period_figures",
    "persons_at",
    "station_figures",
    "ANNEX_CHOICES",
    "annex_limit",
    "DEFAULT_PER_KIND",
    "check_annex",
    "check_sample_size",
    "DEFAULT_PER_PERSON",
    "DocLang",
    "attendance_sheet",
    "build_checklist",
    "build_compliance",
    "build_pendency",
    "build_slips",
    "PLAN_SECTION",
    "check_enclosures",
    "check_letter_no",
    "LetterInfo",
    "letter_close",
    "letter_head",
    "letter_references",
    "number_sections",
    "section_heading",
    "checklist_data",
    "checklist_section",
    "handholding_section",
    "people_owing",
    "render_checklist",
]
