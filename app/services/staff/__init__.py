"""The station's staff: persons, who holds which role when, handing over work on transfer, role cover.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.staff.backlog import (
        Backlog,
        EndRolePreview,
        assign_role_with_backlog,
        end_role,
        holds_role_from,
        preview_end_role,
        role_backlog,
        take_backlog,
    )
    from app.services.staff.handover import TransferPreview, preview_transfer, transfer
    from app.services.staff.persons import (
        AssignmentInfo,
        PersonInfo,
        add_person,
        assign_role,
        check_role,
        end_assignment,
        get_person,
        list_assignments,
        list_persons,
        update_person,
    )
    from app.services.staff.role_cover import vacant_roles

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "backlog": (
        "assign_role_with_backlog", "Backlog", "end_role", "EndRolePreview", "holds_role_from", "preview_end_role",
        "role_backlog", "take_backlog",
    ),
    "handover": ("preview_transfer", "transfer", "TransferPreview"),
    "persons": (
        "add_person", "assign_role", "AssignmentInfo", "check_role", "end_assignment", "get_person",
        "list_assignments", "list_persons", "PersonInfo", "update_person",
    ),
    "role_cover": ("vacant_roles",),
})
