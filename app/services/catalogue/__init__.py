"""The duty catalogue of the circular in force (roles, duties, station labels) and the kinds of case and event.

This module is the package's one public import path."""


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

__all__ = [
    "CASE_KINDS",
    "CaseLabel",
    "DutyInfo",
    "EVENT_KINDS",
    "active_circular",
    "case_label",
    "catalogue_current",
    "circular_info",
    "duty_by_code",
    "ensure_catalogue",
    "kind_source",
    "list_duties",
    "list_roles",
    "load_allocation_file",
    "role_codes",
    "set_duty_label",
]
