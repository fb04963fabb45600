"""Verified copies of a database file through SQLite's online backup API (never a plain file copy).

This is the primitive the backup service builds on; the migration runner uses it directly so that
no upgrade ever starts without a verified copy of the data.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .errors import UserError


@dataclass(frozen=True)
class SnapshotResult:
    path: Path
    ok: bool
    detail: str
    size: int


def backups_dir_for(db_path: Path) -> Path:
    return db_path.parent / "backups"


def integrity_ok(path: Path, *, quick: bool = False) -> tuple[bool, str]:
    """Run SQLite's integrity check on a file; (True, "ok") when it is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    return rows == ["ok"], "; ".join(rows[:5])


def copy_database(src: Path, dest: Path) -> SnapshotResult:
    """Copy ``src`` to ``dest`` with the backup API, fsync it, then verify the copy's integrity.

    The copy is written to a temporary name and renamed only once complete and verified, so a
    power cut never leaves a half-written file under a backup's name.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        source = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(str(tmp))
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        ok, detail = integrity_ok(tmp)
        if not ok:
            tmp.unlink(missing_ok=True)
            return SnapshotResult(dest, False, detail, 0)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _("Could not write the backup {path}: {reason}").format(path=dest, reason=exc)
        ) from exc
    try:
        os.chmod(dest, 0o600)
    except OSError:
        pass
    return SnapshotResult(dest, True, detail, dest.stat().st_size)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pre_migration_copy(db_path: Path) -> SnapshotResult:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = backups_dir_for(db_path) / f"pre-migration-{stamp}.sqlite3"
    result = copy_database(db_path, dest)
    if not result.ok:
        raise UserError(
            _("The database failed its integrity check before the upgrade ({detail}); nothing was changed.").format(
                detail=result.detail
            )
        )
    return result
