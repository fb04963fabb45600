"""The station's staff: persons, who holds which role when, handing over work on transfer, role cover.

This module is the package's one public import path."""


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
    "PersonInfo",
    "TransferPreview",
    "add_person",
    "assign_role",
    "check_role",
    "end_assignment",
    "get_person",
    "list_assignments",
    "list_persons",
    "preview_transfer",
    "transfer",
    "update_person",
    "vacant_roles",
]
