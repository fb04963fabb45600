"""The audit trail: the hash-chained record of every change, its verification, labels and the viewer's queries.

This module is the package's one public import path."""


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

__all__ = [
    "DetailRow",
    "describe",
    "person_names",
    "summary",
    "HEAD_HASH_CHARS",
    "ACTION_FAMILIES",
    "ACTION_FAMILY_LABELS",
    "ACTION_LABELS",
    "AuditFilter",
    "AuditRow",
    "ENTITY_LABELS",
    "VerifyReport",
    "action_label",
    "actor_label",
    "actors",
    "chain_head",
    "chain_head_text",
    "check_filter",
    "count_entries",
    "export_csv",
    "list_entries",
    "parse_head_text",
    "record",
    "row_hash",
    "row_problems",
    "secret_digest",
    "subject_label",
    "verify",
    "verify_chain",
]
