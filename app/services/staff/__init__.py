"""The station's staff: persons, who holds which role when, handing over work on transfer, role cover.

This module is the package's one public import path."""


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

__all__ = [
    "AssignmentInfo",
    "Backlog",
    "EndRolePreview",
    "PersonInfo",
    "TransferPreview",
    "add_person",
    "assign_role",
    "assign_role_with_backlog",
    "check_role",
    "end_assignment",
    "end_role",
    "get_person",
    "holds_role_from",
    "list_assignments",
    "list_persons",
    "preview_end_role",
    "preview_transfer",
    "role_backlog",
    "take_backlog",
    "transfer",
    "update_person",
    "vacant_roles",
]
