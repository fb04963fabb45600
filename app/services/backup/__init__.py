"""Backups the user asks for, and restoring one: permission checks and the audit record around the storage's copies.

This module is the package's one public import path."""


from app.services.backup.actions import backup_now, copy_now
from app.services.backup.restore import RestorePreview, preview, restore_backup

__all__ = [
    "RestorePreview",
    "backup_now",
    "copy_now",
    "preview",
    "restore_backup",
]
