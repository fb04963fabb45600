"""Verified, tiered backups of the station database (see ``core``), their log and settings."""

from .core import (
    REASONS, PruneResult, ScheduledResult, backup_due, before_bulk_change, change_marker, changed_since,
    copy_to, last_good, latest_verified, list_backups, make_backup, prune_backups, reason_label,
    run_scheduled, second_copy_due, second_folder,
)
from .log import BackupRecord
from .settings import BackupSettings, load_settings, save_settings, validated

__all__ = [
    "REASONS", "BackupRecord", "BackupSettings", "PruneResult", "ScheduledResult", "backup_due",
    "before_bulk_change", "change_marker", "changed_since", "copy_to", "last_good", "latest_verified",
    "list_backups", "load_settings", "make_backup", "prune_backups", "reason_label", "run_scheduled",
    "save_settings", "second_copy_due", "second_folder", "validated",
]
