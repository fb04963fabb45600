"""Who may do what: the acting person (``Actor``), the permission matrix and who held which role on a date.

This module is the package's one public import path."""


from app.services.access.actor import Actor, SYSTEM
from app.services.access.permissions import (
    ACTION_LABELS,
    MATRIX,
    STATION_ROLES,
    allowed,
    allowed_actions,
    authorize,
    permitted,
)
from app.services.access.roles import holders, roles_on

__all__ = [
    "ACTION_LABELS",
    "Actor",
    "MATRIX",
    "STATION_ROLES",
    "SYSTEM",
    "allowed",
    "allowed_actions",
    "authorize",
    "holders",
    "permitted",
    "roles_on",
]
