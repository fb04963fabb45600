"""Backups a person asks for, and restoring one: permission checks and the audit record around the
storage's copies (``app.services.storage`` makes, checks and puts in place the files).

This module is the package's one public import path."""


from app.services.backup.accept import accept_file_as_is
from app.services.backup.actions import authorize_on_file, backup_now, copy_now
from app.services.backup.restore import RestoreNeedsConfirmation, RestoreResult, restore_backup, restore_into

__all__ = [
    "accept_file_as_is",
    "RestoreNeedsConfirmation",
    "RestoreResult",
    "authorize_on_file",
    "backup_now",
    "copy_now",
    "restore_backup",
    "restore_into",
]
