"""Restoring a backup: the checks, the permission, a verified copy of the current file first, the file put
in place by the storage (``storage.put_in_place``), and the audit row in the restored database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.models.staff import Person
from app.services.access import SYSTEM, Actor
from app.services.audit import record
from app.services.backup.actions import authorize_on_file
from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError, UserError
from app.services.station import open_database
from app.services.storage import Database, integrity_ok, make_backup, preview, put_in_place, table_counts


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    safety_backup: str | None  # the verified copy of the file as it was before the restore
    moved_aside: list[str]  # a damaged file (and its -wal/-shm) renamed, never overwritten
    counts: dict[str, int]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def restore_backup(db_path: Path, backup_file: Path | str, *, actor: Actor = SYSTEM) -> RestoreResult:
    """Replace the station's data with a backup's. Nothing is lost: the current file is first backed up
    (or, when damaged, moved aside under a new name). The caller must have closed its own connections
    and hold the instance lock (the window and the CLI both do)."""

    db_path = Path(db_path)
    src = Path(backup_file).expanduser()
    info = preview(src, db_path)
    if not info.integrity_ok:
        raise DatabaseDamagedError(_("The backup {path} failed its integrity check ({detail}); it was not restored.")
                                   .format(path=src, detail=info.detail))
    if info.newer:
        raise DatabaseNewerError(_("The backup {path} was made by a newer version of Anupalan; this version "
                                   "cannot restore it.").format(path=src))
    if not info.revisions:
        raise UserError(_("The file {path} is not an Anupalan backup (it has no schema revision).").format(path=src))
    if src.resolve() == db_path.resolve():
        raise UserError(_("The backup file is the database itself; choose a backup copy."))

    current_ok = db_path.exists() and integrity_ok(db_path, quick=True)[0]
    safety = None
    if current_ok:
        authorize_on_file(db_path, actor, "backup.restore")
        record = make_backup(db_path, reason="pre-restore", prune=False)
        if not record.ok:
            current_ok = False
        else:
            safety = record.file
    elif not actor.is_system:
        raise UserError(_("Only the administrator may restore over a damaged database."))
    moved = put_in_place(src, db_path, current_ok=current_ok)
    ok, detail = integrity_ok(db_path)
    if not ok:  # pragma: no cover - SQLite guarantees this; checked anyway
        raise DatabaseDamagedError(_("The restored database failed its integrity check ({detail}). "
                                     "The copy made before the restore is {path}.").format(detail=detail, path=safety))
    _record_restore(db_path, actor, src, safety)
    return RestoreResult(str(src), safety, moved, table_counts(db_path))


def _record_restore(db_path: Path, actor: Actor, src: Path, safety: str | None) -> None:
    """Bring the restored file to this app's schema (a backup first) and audit the restore in it."""
    with open_database(db_path) as db:
        with db.session() as s:
            who = actor
            if actor.person_id is not None and s.get(Person, actor.person_id) is None:
                # the person who restored is not in the restored data (added after the backup): the row
                # names them by label only
                who = Actor(label=actor.label)
            record(s, who, "backup.restore", "database", None,
                   after={"from": str(src), "safety_backup": safety, "by": actor.label})


def restore_into(db: Database, backup_file: Path | str, *, actor: Actor = SYSTEM) -> tuple[Database, RestoreResult]:
    """Restore a backup into the open station database ``db`` (the window's restore): its connections are
    released (its instance lock is kept and handed to the reopened database), the backup restored as
    ``restore_backup`` does, and the database opened again on the restored data. Returns the new
    ``Database`` (``db`` must not be used after) and what was restored. On failure ``db`` is still usable."""
    if not db.storage.has_file:
        raise UserError(db.storage.not_applicable())
    path = db.storage.path
    db.engine.dispose()  # no connection of ours may hold the file while it is replaced; the lock stays
    result = restore_backup(path, backup_file, actor=actor)
    new = open_database(path)
    new.lock, db.lock = db.lock, None
    return new, result
