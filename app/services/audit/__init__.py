"""The audit trail: the hash-chained record of every change, its verification, labels and the viewer's queries.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.audit.chain import (
        HEAD_HASH_CHARS,
        chain_head,
        chain_head_text,
        parse_head_text,
        record,
        row_hash,
        row_problems,
        verify_chain,
    )
    from app.services.audit.details import DetailRow, describe, person_names, summary
    from app.services.audit.images import secret_digest
    from app.services.audit.labels import ACTION_LABELS, ENTITY_LABELS, action_label, actor_label, subject_label
    from app.services.audit.log import (
        ACTION_FAMILIES,
        ACTION_FAMILY_LABELS,
        AuditFilter,
        AuditRow,
        VerifyReport,
        actors,
        check_filter,
        count_entries,
        export_csv,
        list_entries,
        verify,
    )

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "chain": (
        "chain_head", "chain_head_text", "HEAD_HASH_CHARS", "parse_head_text", "record", "row_hash", "row_problems",
        "verify_chain",
    ),
    "details": ("describe", "DetailRow", "person_names", "summary"),
    "images": ("secret_digest",),
    "labels": ("action_label", "ACTION_LABELS", "actor_label", "ENTITY_LABELS", "subject_label"),
    "log": (
        "ACTION_FAMILIES", "ACTION_FAMILY_LABELS", "actors", "AuditFilter", "AuditRow", "check_filter",
        "count_entries", "export_csv", "list_entries", "verify", "VerifyReport",
    ),
})
