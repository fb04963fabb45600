"""Reconciliation with what CAS holds: a list printed or exported from CAS (case number, form, CAS reference, date
entered) compared with the register's entries — matched, only in Anupalan (still owed), only in CAS (missing from
the register), matched but fields differ, and rows to review with scored candidates.

This module is the package's one public import path."""


from app.services.reconcile.actions import AddedCase, ApplyResult, add_missing_case, apply
from app.services.reconcile.engine import norm_ref, reconcile_in_session, reconcile_rows
from app.services.reconcile.source import (
    CAS_PROFILE,
    CasList,
    read_cas_list,
    reconcile_file,
    reconcile_mapped,
    rows_from_mapped,
)
from app.services.reconcile.forms import FORM_CASE_KINDS, form_code, form_guesses
from app.services.reconcile.model import (
    CATEGORIES,
    CATEGORY_LABELS,
    DIFFER,
    FIELD_LABELS,
    MATCHED,
    ONLY_HERE,
    ONLY_THERE,
    REVIEW,
    Candidate,
    CasRow,
    Difference,
    Entry,
    Item,
    Reconciliation,
)

__all__ = [
    "AddedCase",
    "ApplyResult",
    "CAS_PROFILE",
    "CATEGORIES",
    "CasList",
    "CATEGORY_LABELS",
    "Candidate",
    "CasRow",
    "DIFFER",
    "Difference",
    "Entry",
    "FIELD_LABELS",
    "FORM_CASE_KINDS",
    "Item",
    "MATCHED",
    "ONLY_HERE",
    "ONLY_THERE",
    "REVIEW",
    "Reconciliation",
    "add_missing_case",
    "apply",
    "form_code",
    "form_guesses",
    "norm_ref",
    "read_cas_list",
    "reconcile_file",
    "reconcile_in_session",
    "reconcile_mapped",
    "rows_from_mapped",
    "reconcile_rows",
]
