"""Who may do what: the acting person (``Actor``), the permission matrix and who held which role on a date.

This module is the package's one public import path."""


from app.services.access.actor import Actor, SYSTEM
from app.services.access.permissions import (
    ACTION_LABELS,
    MATRIX,
    GUARDED_ROLES,
    STATION_ROLES,
    allowed,
    allowed_actions,
    authorize,
    guard_role_change,
    permitted,
)
from app.services.access.roles import holders, roles_on

__all__ = [
    "ACTION_LABELS",
    "GUARDED_ROLES",
    "Actor",
    "MATRIX",
    "STATION_ROLES",
    "SYSTEM",
    "allowed",
    "allowed_actions",
    "authorize",
    "guard_role_change",
    "holders",
    "permitted",
    "roles_on",
]
