"""Inspection visits by the CO/SP: the frozen snapshot, findings and instructions that become obligations.

This module is the package's one public import path."""


from app.services.inspections.shapes import RANK_LABELS, rank_text
from app.services.inspections.visits import (
    add_finding,
    add_instruction,
    get_inspection,
    inspection_detail,
    inspection_info,
    instructions,
    keep_cas_sample,
    kept_cas_sample,
    list_inspections,
    record_inspection,
    update_inspection,
)

__all__ = [
    "RANK_LABELS",
    "add_finding",
    "add_instruction",
    "get_inspection",
    "inspection_detail",
    "inspection_info",
    "instructions",
    "keep_cas_sample",
    "kept_cas_sample",
    "list_inspections",
    "rank_text",
    "record_inspection",
    "update_inspection",
]
