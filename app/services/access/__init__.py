"""Who may do what: the acting person (``Actor``), the permission matrix and who held which role on a date.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
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

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "actor": ("Actor", "SYSTEM"),
    "permissions": (
        "ACTION_LABELS", "allowed", "allowed_actions", "authorize", "guard_role_change", "GUARDED_ROLES", "MATRIX",
        "permitted", "STATION_ROLES",
    ),
    "roles": ("holders", "roles_on"),
})
