"""Backups a person asks for (the window's "Back up now", the console's ``backup``): the permission
check around the storage's verified copies. Scheduled, closing and pre-change copies are the system's
and go straight to the storage."""

from __future__ import annotations

from pathlib import Path

from app.services.access import SYSTEM, Actor, authorize
from app.services.core.errors import UserError
from app.services.station import open_database
from app.services.storage import BackupRecord, Database, copy_to, make_backup


def authorize_on_file(db_path: Path, actor: Actor, action: str) -> None:
    """Check ``actor`` may do ``action`` on the station in the file at ``db_path`` (read-only look), for
    a restore, which runs with the station's database closed."""
    if actor.is_system:
        return
    with open_database(db_path, readonly=True, migrate=False, seed=False) as db:
        with db.session() as s:
            authorize(s, actor, action)


def _file_of(db: Database, actor: Actor) -> Path:
    """The database's file, once ``actor`` may make backups of it; a server's backups are its pg_dump."""
    with db.session() as s:
        authorize(s, actor, "backup.run")
    if not db.storage.has_file:
        raise UserError(db.storage.not_applicable())
    return db.storage.path


def backup_now(db: Database, *, actor: Actor = SYSTEM) -> BackupRecord:
    """A verified copy in the backups folder, made at a person's request."""
    return make_backup(_file_of(db, actor), reason="manual")


def copy_now(db: Database, target_dir: Path | str, *, actor: Actor = SYSTEM) -> BackupRecord:
    """A verified copy on a second destination (USB drive, another folder), at a person's request."""
    return copy_to(_file_of(db, actor), target_dir)
