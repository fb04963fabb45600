"""Inspection visits by the CO/SP: the frozen snapshot, findings and instructions that become obligations.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
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

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "shapes": ("RANK_LABELS", "rank_text"),
    "visits": (
        "add_finding", "add_instruction", "get_inspection", "inspection_detail", "inspection_info", "instructions",
        "keep_cas_sample", "kept_cas_sample", "list_inspections", "record_inspection", "update_inspection",
    ),
})
