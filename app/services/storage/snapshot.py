"""Verified copies of a database file through SQLite's online backup API (never a plain file copy).

This is the primitive the backup service builds on; the migration runner uses it directly so that
no upgrade ever starts without a verified copy of the data.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.atomic import describe_io_error, fsync_dir
from app.services.core.errors import DatabaseBusyError, DatabaseDamagedError, UserError

# How long a check of the file waits for another program's lock before it says "busy" (SQLite's own default,
# named so that a test of a held lock need not wait it out).
CHECK_WAIT_S = 5.0


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
    refuse_special(path)
    if not path.exists():
        return
    from app.services.storage.sqlite import read_head

    header = read_head(path, 16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseDamagedError(
            _("{path} is not an Anupalan database (it is not an SQLite file).").format(path=path)
        )


class DatabaseUnavailableError(UserError):
    """The file could not be checked just now (locked by another program, busy, a read error): it is not
    called damaged, and nothing that needs to know is allowed to go on."""


class DatabaseLockedForCheckError(DatabaseUnavailableError, DatabaseBusyError):
    """Another program holds the file locked past the wait: unavailable now, and busy (the console's exit
    75: trying again later may work)."""


def not_a_regular_file(path: Path) -> str | None:
    """Why ``path`` cannot be a database file (a folder, a pipe, a device, a link to nothing), or None.
    Checked before anything opens it: reading a FIFO would wait forever, and creating through a dangling
    link would make a file somewhere else."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return _("{path} is a link to {target}, which does not exist.").format(
                path=path, target=os.readlink(path))
        return None
    except OSError as exc:
        return _("{path} cannot be used: {reason}").format(path=path, reason=describe_io_error(exc))
    if stat.S_ISDIR(st.st_mode):
        return _("{path} is a folder, not a database file.").format(path=path)
    if not stat.S_ISREG(st.st_mode):
        return _("{path} is not an ordinary file (a pipe or a device); a database must be a file.").format(path=path)
    return None


NAME_MAX = 255  # bytes in one file or folder name (ext4, NTFS in UTF-16 units, FAT32 long names)


def name_too_long(path: Path | str) -> str | None:
    """A message when a part of ``path`` is longer than a file system allows, else None (the OS's own
    error would come later, from deep inside, as a traceback)."""
    for part in Path(path).parts:
        if len(os.fsencode(part)) > NAME_MAX:
            return _("The name {name}… is too long: a file or folder name may have at most {max} bytes "
                     "({count} here). Choose a shorter name.").format(
                name=part[:40], max=NAME_MAX, count=len(os.fsencode(part)))
    return None


def refuse_bad_path(path: Path | str) -> None:
    """Refuse, with a message, a path no file can have (a name too long) or that is no ordinary file."""
    problem = name_too_long(path) or not_a_regular_file(Path(path))
    if problem:
        raise UserError(problem)


def refuse_special(path: Path) -> None:
    problem = not_a_regular_file(path)
    if problem:
        raise UserError(problem)


def header_damage(path: Path) -> str | None:
    """Damage that the file's size and header prove, without SQLite: empty, too short, not an SQLite
    file, or shorter than its header says (truncated). None when the header is consistent (or cannot
    be judged: a -wal or hot -journal may still hold the missing pages)."""
    try:
        from app.services.storage.sqlite import read_head

        size = path.stat().st_size
        header = read_head(path, 100)
    except OSError:
        return None  # a read error is not proof of damage: the caller's check will say what it is
    if size == 0:
        return _("the file is empty (0 bytes): the station's data is not in it")
    if not header.startswith(b"SQLite format 3\x00"):
        return _("it is not an SQLite database file")
    if len(header) < 100:
        return _("the file is cut short ({size} bytes)").format(size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_count = header[24:28] == header[92:96]
    sidecar = any(_nonempty(path.with_name(path.name + s)) for s in ("-wal", "-journal"))
    if page_size >= 512 and valid_count and pages and not sidecar and size < pages * page_size:
        return _("the file is cut short: {size} bytes where its header says {expected}").format(
            size=size, expected=pages * page_size)
    return None


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def roll_back_hot_journal(path: Path) -> None:
    """A change interrupted in rollback-journal mode (a kill during the switch to WAL, or in a backup copy)
    leaves a hot ``-journal``: only a read-write connection can roll it back, which SQLite does as soon as
    it reads. Done before the file is judged, when the file and its folder are writable; a read-only
    look would otherwise fail and call a sound file damaged."""
    journal = path.with_name(path.name + "-journal")
    if not _nonempty(journal) or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return
    try:
        conn = sqlite3.connect(str(path), timeout=CHECK_WAIT_S)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # a shared lock: SQLite rolls the journal back
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the check that follows says what is wrong


def assess(path: Path, *, quick: bool = False) -> tuple[bool, str]:
    """Is the file sound? ``(True, "ok")``; ``(False, why)`` only when damage is established (an integrity
    check that fails, a file that is not a database, empty or cut short); anything else that stops the
    check (locked by another program, busy, a read error, an interrupted change that cannot be rolled
    back here) raises ``DatabaseUnavailableError``: a permission or recovery decision must not take a
    file it could not read for a damaged one."""
    path = Path(path)
    refuse_special(path)
    if not path.exists():
        raise DatabaseUnavailableError(_("The database file {path} does not exist.").format(path=path))
    roll_back_hot_journal(path)
    problem = header_damage(path)
    if problem:
        return False, problem
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = _ro(path)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_corruption(exc):
            return False, str(exc)
        name = getattr(exc, "sqlite_errorname", "") or ""
        from app.services.storage.sqlite import is_busy_error

        if is_busy_error(exc):  # locked, busy, "locking protocol": another program is writing; exit 75
            raise DatabaseLockedForCheckError(_(
                "The database {path} is busy: another program is using it ({reason}), so it could not be checked "
                "just now. Nothing was changed; try again in a moment.").format(path=path, reason=describe_io_error(exc))) from exc
        raise DatabaseUnavailableError(_(
            "The database {path} could not be checked just now: {reason}. Another program may be using it; "
            "nothing was changed. Close it and try again.").format(path=path, reason=describe_io_error(exc))) from exc
    return rows == ["ok"], "; ".join(str(r) for r in rows[:5])


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=CHECK_WAIT_S)


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


def copy_database(src: Path, dest: Path, *, copied=None) -> SnapshotResult:
    """Copy ``src`` to ``dest`` with the backup API, fsync it, then verify the copy's integrity.

    The copy is written to a temporary name and renamed only once complete and verified, so a
    power cut never leaves a half-written file under a backup's name. The copy is made 0600.
    Any I/O failure (disk full, read-only folder, drive gone) raises ``UserError`` with a clear
    reason; the source is only ever read. ``copied()``, when given, is called as soon as the source has been
    read (before the copy is synced and verified): the closing window releases its lock there.
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
        if copied is not None:
            copied()
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
