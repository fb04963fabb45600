"""Restoring a backup, the file's part: what a backup holds (``preview``), and putting it in place of the
live file through SQLite's backup API; a damaged live file is moved aside under a new name, never
overwritten. The permission check and the audit row are ``app.services.backup``'s."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core import clock
from app.services.core.atomic import describe_io_error, fsync_dir
from app.services.core.errors import UserError
from app.services.storage.backups import list_backups
from app.services.storage.migrate import known_revisions
from app.services.storage.snapshot import check_readable, copy_database, file_revisions, integrity_ok, table_counts


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
    path = Path(backup_file).expanduser()
    if not path.is_file():
        raise UserError(_("The backup file {path} does not exist.").format(path=path))
    check_readable(path)
    ok, detail = integrity_ok(path)
    revisions: set[str] = set()
    counts: dict[str, int] = {}
    if ok:
        revisions = file_revisions(path)
        counts = table_counts(path)
    created = ""
    if db_path is not None:
        for r in list_backups(db_path):
            if Path(r.file) == path:
                created = r.created_at
                break
    if not created:
        created = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat(sep=" ")
    newer = bool(revisions - set(known_revisions()))
    return RestorePreview(str(path), created, path.stat().st_size, sorted(revisions), counts,
                          _station_name(path) if ok else "", ok, detail, newer)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("", "-wal", "-shm")]


def move_aside(db_path: Path) -> list[str]:
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


def put_in_place(backup_file: Path, db_path: Path, *, current_ok: bool) -> list[str]:
    """Put the backup in place of the live file: into the healthy live file through the backup API, or,
    when the live file is damaged, in its place after moving it aside (returns the moved names). The
    caller has closed its connections and holds the instance lock. A failure leaves the file as it was."""
    moved: list[str] = []
    try:
        if current_ok:
            _copy_into_live(backup_file, db_path)
        else:
            moved = move_aside(db_path)
            result = copy_database(backup_file, db_path)
            if not result.ok:
                raise UserError(_("The restored copy failed its integrity check ({detail}).").format(detail=result.detail))
    except (OSError, sqlite3.Error) as exc:
        raise UserError(_("The restore failed: {reason}. The database is as it was before.").format(
            reason=describe_io_error(exc))) from exc
    return moved


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
