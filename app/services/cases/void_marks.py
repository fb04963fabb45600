"""How a voided case and a voided event are marked (``corrections``): the case's status ``void``; the event's
kind prefixed ``void:`` so that every query asking for a kind (the first remand, "once per case") skips it."""

from __future__ import annotations

from app.i18n import _
from app.services.catalogue import case_label
from app.services.core.errors import UserError

VOID_PREFIX = "void:"
VOID_STATUS = "void"


def is_void_kind(kind: str) -> bool:
    return kind.startswith(VOID_PREFIX)


def live_kind(kind: str) -> tuple[str, bool]:
    """(the event's own kind, whether it was voided)."""
    return (kind[len(VOID_PREFIX):], True) if is_void_kind(kind) else (kind, False)


def check_not_void(case) -> None:
    """For the register: nothing more is recorded on, or corrected in, a voided case."""
    if case.status == VOID_STATUS:
        raise UserError(_("{case} was voided; nothing more is recorded on it.").format(
            case=case_label(case.kind, case.number, case.year, case.id)))
