"""Printed documents: the inspection checklist, per-person slips, compliance and pendency reports, the attendance sheet.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
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

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "attendance": ("attendance_sheet",),
    "cas_sample": ("DEFAULT_PER_KIND", "check_sample_size"),
    "checklist": (
        "ANNEX_CHOICES", "DEFAULT_PER_PERSON", "annex_limit", "build_checklist", "check_annex", "checklist_data",
        "handholding_section", "render_checklist",
    ),
    "common": ("DocLang",),
    "compliance": ("ComplianceData", "build_compliance", "compliance_body", "compliance_data"),
    "document_figures": ("checklist_json", "compliance_json", "pendency_json", "slip_json"),
    "figures": (
        "BANDS", "AgeBands", "DueRow", "Figures", "HolderSpan", "PeriodFigures", "PersonFigures", "RoleFigures",
        "figures_at", "figures_json", "holders_at", "holders_in_period", "period_figures", "persons_at",
        "station_figures",
    ),
    "letter": (
        "check_enclosures", "check_letter_no", "LetterInfo", "letter_close", "letter_head", "letter_references",
        "number_sections", "section_heading",
    ),
    "pendency": ("PendencyData", "build_pendency", "pendency_data"),
    "slip": ("PLAN_SECTION", "build_slips", "people_owing", "slip_data"),
    "support_section": ("checklist_section",),
})
