"""Restoring a backup: a preview first (date, schema, rows per table), a backup of the current file,
then the copy through SQLite's backup API. A damaged current file is moved aside, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core import clock
from app.services.core.atomic import describe_io_error, fsync_dir
from app.services.access import SYSTEM, Actor
from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError, UserError
from app.services.audit import record
from app.services.backup.actions import authorize_on_file
from app.services.station import open_database
from app.services.storage import copy_database, integrity_ok, make_backup, table_counts


@dataclass(frozen=True)
class RestorePreview:
    path: str
    created_at: str  # from the backup log when known, else the file's modification time
    size: int
    revisions: list[str]
    counts: dict[str, int]
    station: str
    integrity_ok: bool
    detail: str
    newer: bool

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    safety_backup: str | None  # the verified copy of the file as it was before the restore
    moved_aside: list[str]  # a damaged file (and its -wal/-shm) renamed, never overwritten
    counts: dict[str, int]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _station_name(path: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT name, district FROM stations ORDER BY id LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return ""
    return f"{row[0]}, {row[1]}" if row else ""


def preview(backup_file: Path | str, db_path: Path | None = None) -> RestorePreview:
    """What the backup holds. Raises ``UserError`` for a missing file or one that is not a database."""
    from app.services import storage
    from app.services.storage import check_readable

    path = Path(backup_file).expanduser()
    if not path.is_file():
        raise UserError(_("The backup file {path} does not exist.").format(path=path))
    check_readable(path)
    ok, detail = integrity_ok(path)
    revisions: set[str] = set()
    counts: dict[str, int] = {}
    if ok:
        revisions = storage.file_revisions(path)
        counts = table_counts(path)
    created = ""
    if db_path is not None:
        from app.services.storage import list_backups

        for r in list_backups(db_path):
            if Path(r.file) == path:
                created = r.created_at
                break
    if not created:
        created = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat(sep=" ")
    newer = bool(revisions - set(storage.known_revisions()))
    return RestorePreview(str(path), created, path.stat().st_size, sorted(revisions), counts,
                          _station_name(path) if ok else "", ok, detail, newer)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("", "-wal", "-shm")]


def _move_aside(db_path: Path) -> list[str]:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    moved = []
    for p in _sidecars(db_path):
        if p.exists():
            target = p.with_name(f"{db_path.name}.damaged-{stamp}{p.name[len(db_path.name):]}")
            n = 1
            while target.exists():
                target = p.with_name(f"{db_path.name}.damaged-{stamp}-{n}{p.name[len(db_path.name):]}")
                n += 1
            os.replace(p, target)
            moved.append(str(target))
    fsync_dir(db_path.parent)
    return moved


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
    moved: list[str] = []
    if current_ok:
        authorize_on_file(db_path, actor, "backup.restore")
        record = make_backup(db_path, reason="pre-restore", prune=False)
        if not record.ok:
            current_ok = False
        else:
            safety = record.file
    elif not actor.is_system:
        raise UserError(_("Only the administrator may restore over a damaged database."))
    try:
        if current_ok:
            _copy_into_live(src, db_path)
        else:
            moved = _move_aside(db_path)
            result = copy_database(src, db_path)
            if not result.ok:
                raise UserError(_("The restored copy failed its integrity check ({detail}).").format(detail=result.detail))
    except (OSError, sqlite3.Error) as exc:
        raise UserError(_("The restore failed: {reason}. The database is as it was before.").format(
            reason=describe_io_error(exc))) from exc
    ok, detail = integrity_ok(db_path)
    if not ok:  # pragma: no cover - SQLite guarantees this; checked anyway
        raise DatabaseDamagedError(_("The restored database failed its integrity check ({detail}). "
                                     "The copy made before the restore is {path}.").format(detail=detail, path=safety))
    _record_restore(db_path, actor, src, safety)
    return RestoreResult(str(src), safety, moved, table_counts(db_path))


def _copy_into_live(src: Path, db_path: Path) -> None:
    """SQLite's backup API into the live file: one write transaction, so a power cut leaves the old
    data or the new, never a mix; the WAL stays consistent with the file."""
    source = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(db_path), timeout=5)
        try:
            target.execute("PRAGMA busy_timeout=5000")
            s_page = source.execute("PRAGMA page_size").fetchone()[0]
            t_page = target.execute("PRAGMA page_size").fetchone()[0]
            if s_page != t_page:
                target.execute("PRAGMA journal_mode=DELETE")  # a WAL file cannot change its page size
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
    finally:
        source.close()


def _record_restore(db_path: Path, actor: Actor, src: Path, safety: str | None) -> None:
    """Bring the restored file to this app's schema (a backup first) and audit the restore in it."""
    with open_database(db_path) as db:
        with db.session() as s:
            record(s, actor, "backup.restore", "database", None,
                   after={"from": str(src), "safety_backup": safety})
