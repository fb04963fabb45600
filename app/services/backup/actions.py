"""Backups a person asks for (the window's "Back up now", the console's ``backup``): the permission
check around the storage's verified copies. Scheduled, closing and pre-change copies are the system's
and go straight to the storage."""

from __future__ import annotations

from pathlib import Path

from app.services.access import SYSTEM, Actor, authorize
from app.services.station import open_database
from app.services.storage import BackupRecord, copy_to, make_backup


def authorize_on_file(db_path: Path, actor: Actor, action: str) -> None:
    """Check ``actor`` may do ``action`` on the station in the file at ``db_path`` (read-only look)."""
    if actor.is_system:
        return
    with open_database(db_path, readonly=True, migrate=False, seed=False) as db:
        with db.session() as s:
            authorize(s, actor, action)


def backup_now(db_path: Path, *, actor: Actor = SYSTEM) -> BackupRecord:
    """A verified copy in the backups folder, made at a person's request."""
    authorize_on_file(Path(db_path), actor, "backup.run")
    return make_backup(Path(db_path), reason="manual")


def copy_now(db_path: Path, target_dir: Path | str, *, actor: Actor = SYSTEM) -> BackupRecord:
    """A verified copy on a second destination (USB drive, another folder), at a person's request."""
    authorize_on_file(Path(db_path), actor, "backup.run")
    return copy_to(Path(db_path), target_dir)
