"""Verified copies of a database file through SQLite's online backup API (never a plain file copy).

This is the primitive the backup service builds on; the migration runner uses it directly so that
no upgrade ever starts without a verified copy of the data.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.atomic import describe_io_error, fsync_dir
from app.services.core.errors import DatabaseDamagedError, UserError


@dataclass(frozen=True)
class SnapshotResult:
    path: Path
    ok: bool
    detail: str
    size: int


def backups_dir_for(db_path: Path) -> Path:
    """Each database file has its own backup folder (and log): the demo station and the real station
    often sit side by side, and recovery must never offer one file's backup for the other."""
    return db_path.parent / "backups" / db_path.stem


def check_readable(path: Path) -> None:
    """Refuse a file that is not an SQLite database at all, with a clear message."""
    if not path.exists():
        return
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a database file.").format(path=path))
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseDamagedError(
            _("{path} is not an Anupalan database (it is not an SQLite file).").format(path=path)
        )


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)


def integrity_ok(path: Path, *, quick: bool = False) -> tuple[bool, str]:
    """Run SQLite's integrity check on a file; (True, "ok") when it is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    if not path.exists():
        return False, _("the file is missing")
    try:
        conn = _ro(path)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    return rows == ["ok"], "; ".join(str(r) for r in rows[:5])


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of a sound database file (read-only)."""
    conn = _ro(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def _remove_with_sidecars(path: Path) -> None:
    """Remove a scratch database and any journal SQLite left beside it (a stale journal must never be
    replayed into a new file of the same name)."""
    for suffix in ("-journal", "-wal", "-shm", ""):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def is_corruption(exc: BaseException) -> bool:
    """SQLite says the file itself is damaged (as opposed to a failing disk or a locked file)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def copy_database(src: Path, dest: Path) -> SnapshotResult:
    """Copy ``src`` to ``dest`` with the backup API, fsync it, then verify the copy's integrity.

    The copy is written to a temporary name and renamed only once complete and verified, so a
    power cut never leaves a half-written file under a backup's name. The copy is made 0600.
    Any I/O failure (disk full, read-only folder, drive gone) raises ``UserError`` with a clear
    reason; the source is only ever read.
    """
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _remove_with_sidecars(tmp)
        source = _ro(src)
        try:
            target = sqlite3.connect(str(tmp))
            try:
                target.execute("PRAGMA journal_mode=OFF")  # a scratch file: no journal to leave behind
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        try:
            os.chmod(tmp, 0o600)
        except OSError:
            pass
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        ok, detail = integrity_ok(tmp)
        if not ok:
            _remove_with_sidecars(tmp)
            return SnapshotResult(dest, False, detail, 0)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
        size = dest.stat().st_size
    except (OSError, sqlite3.Error) as exc:
        try:
            _remove_with_sidecars(tmp)
        except OSError:
            pass
        if is_corruption(exc):  # the source is damaged: a failed check, not a failed write
            return SnapshotResult(dest, False, str(exc), 0)
        raise UserError(
            _("Could not write the backup {path}: {reason}. The database itself is unchanged.").format(
                path=dest, reason=describe_io_error(exc))
        ) from exc
    return SnapshotResult(dest, True, detail, size)


def file_revisions(path: Path) -> set[str]:
    """The revisions recorded in the file (empty for a new or empty file)."""
    if not path.exists() or path.stat().st_size == 0:
        return set()
    uri = f"file:{path.as_posix()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                return set()
            return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamagedError(
            _("The database file {path} cannot be read: {reason}").format(path=path, reason=exc)
        ) from exc
