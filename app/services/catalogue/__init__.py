"""The duty catalogue of the circular in force (roles, duties, station labels) and the kinds of case and event.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.catalogue.duties import (
        DutyInfo,
        active_circular,
        catalogue_current,
        circular_info,
        duty_by_code,
        ensure_catalogue,
        list_duties,
        list_roles,
        load_allocation_file,
        role_codes,
        set_duty_label,
    )
    from app.services.catalogue.kinds import CASE_KINDS, CaseLabel, EVENT_KINDS, case_label, kind_source
    from app.services.catalogue.number_english import number_in_english

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "duties": (
        "active_circular", "catalogue_current", "circular_info", "duty_by_code", "DutyInfo", "ensure_catalogue",
        "list_duties", "list_roles", "load_allocation_file", "role_codes", "set_duty_label",
    ),
    "kinds": ("CASE_KINDS", "case_label", "CaseLabel", "EVENT_KINDS", "kind_source"),
    "number_english": ("number_in_english",),
})
