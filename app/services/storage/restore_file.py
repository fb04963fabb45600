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
from app.services.core.errors import DatabaseDamagedError, UserError
from app.services.storage import committed
from app.services.storage.backups import list_backups
from app.services.storage.migrate import known_revisions
from app.services.storage.snapshot import check_readable, copy_database, file_revisions, integrity_ok, table_counts
from app.services.core.formatting import as_typed


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


def preview(backup_file: Path | str, db_path: Path | None = None, *, full: bool = True) -> RestorePreview:
    """What the backup holds. Raises ``UserError`` for a missing file or one that is not a database.
    ``full=False``: SQLite's quick check only, where the caller's copy of the file gets the full one
    (a restore: ``stage``)."""
    path = Path(backup_file).expanduser()
    if not path.is_file():
        raise UserError(_("The backup file {path} does not exist.").format(path=path))
    check_readable(path)
    ok, detail = integrity_ok(path, quick=not full)
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
    return [path.with_name(path.name + s) for s in ("", "-wal", "-shm", "-journal")]


def _aside_name(db_path: Path, p: Path, stamp: str) -> Path:
    suffix = p.name[len(db_path.name):]
    target = p.with_name(f"{db_path.name}.damaged-{stamp}{suffix}")
    n = 1
    while target.exists():
        target = p.with_name(f"{db_path.name}.damaged-{stamp}-{n}{suffix}")
        n += 1
    return target


def move_aside(db_path: Path, *, keep_live_name: bool = False) -> list[str]:
    """Rename the damaged file and its -wal/-shm/-journal aside (never overwritten, never deleted). With
    ``keep_live_name`` the main file gets its second name by a hard link and keeps the live one until the
    caller replaces it atomically, so no moment has no file at the station's path (a plain rename where
    the drive cannot link)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    moved = []
    for p in reversed(_sidecars(db_path)):  # the sidecars first: none may be replayed into the new file
        if not p.exists():
            continue
        target = _aside_name(db_path, p, stamp)
        if p == db_path and keep_live_name:
            try:
                os.link(p, target)
            except OSError:  # a drive without hard links (FAT): a copy, so the name is never without a file
                _copy_synced(p, target)
        else:
            os.replace(p, target)
        moved.append(str(target))
    fsync_dir(db_path.parent)
    return list(reversed(moved))


def _copy_synced(src: Path, dest: Path) -> None:
    import shutil

    part = dest.with_name(dest.name + ".part")
    shutil.copyfile(src, part)
    with open(part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, dest)


def staging_path(db_path: Path) -> Path:
    """The scratch copy a restore prepares beside the live file (same drive, so it can be renamed in)."""
    return db_path.with_name(db_path.name + ".restoring")


def discard_staging(db_path: Path) -> None:
    staged = staging_path(db_path)
    for suffix in ("", "-wal", "-shm", "-journal", ".part", ".part-journal", committed.SUFFIX):
        staged.with_name(staged.name + suffix).unlink(missing_ok=True)


def stage(backup_file: Path, db_path: Path) -> Path:
    """A verified scratch copy of the backup beside the live file, to be brought to this app's schema and
    given the restore's audit row before it replaces the live data (so the row is part of that data)."""
    discard_staging(db_path)  # left by an interrupted restore: never reused
    staged = staging_path(db_path)
    result = copy_database(Path(backup_file), staged)  # the copy gets SQLite's full integrity_check
    if not result.ok:
        discard_staging(db_path)
        raise DatabaseDamagedError(_("The backup's copy failed its integrity check ({detail}); nothing was "
                                     "restored.").format(detail=result.detail))
    return staged


def put_in_place(staged: Path, db_path: Path, *, current_ok: bool) -> list[str]:
    """Put the prepared copy in place of the live file: into the healthy live file through the backup API
    (one write transaction), or, when the live file is damaged, by an atomic rename after moving the damaged
    file aside (returns the moved names). The caller has closed its connections and holds the instance
    lock. A failure leaves the live file as it was (or, when damaged, kept under its new name)."""
    moved: list[str] = []
    # the mark (committed.py) is cleared while the file changes and follows the restored file after: a
    # cut in between leaves no mark (nothing known), never one that the old or the new file contradicts
    committed.clear_mark(db_path)
    try:
        if current_ok:
            _set_journal(staged, "DELETE")
            _copy_into_live(staged, db_path)
        else:
            # WAL is set on the scratch copy, never on the live file: a kill during the switch leaves a hot
            # journal on a file that is thrown away, not on the station's data
            _set_journal(staged, "WAL")
            with open(staged, "rb+") as fh:
                os.fsync(fh.fileno())
            moved = move_aside(db_path, keep_live_name=True)
            os.replace(staged, db_path)
            fsync_dir(db_path.parent)
    except (OSError, sqlite3.Error) as exc:
        committed.record_file(db_path)  # the file as it was
        raise UserError(_("The restore failed: {reason}. The database is as it was before.").format(
            reason=describe_io_error(exc))) from exc
    committed.record_file(db_path)
    return moved


def _set_journal(path: Path, mode: str) -> None:
    conn = sqlite3.connect(str(path), timeout=5)
    try:
        conn.execute(f"PRAGMA journal_mode={mode}")
        if mode == "WAL":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@dataclass(frozen=True)
class FileFacts:
    """What a restore compares between the live file and a backup (read-only, plain SQLite)."""
    station: tuple[str, str, str] | None  # name, district, code
    accounts: int
    audit_seq: int
    audit_hash: str
    last_change: str  # local time of the last audit row


def _one(conn: sqlite3.Connection, query: str):
    try:
        return conn.execute(query).fetchone()
    except sqlite3.OperationalError:  # an older schema without the table: nothing of that kind
        return None


def facts(path: Path) -> FileFacts:
    conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        row = _one(conn, "SELECT name, district, coalesce(code, '') FROM stations ORDER BY id LIMIT 1")
        accounts = _one(conn, "SELECT count(*) FROM accounts")
        head = _one(conn, "SELECT seq, hash, at_local FROM audit_entries ORDER BY seq DESC LIMIT 1")
    finally:
        conn.close()
    return FileFacts(tuple(row) if row else None, accounts[0] if accounts else 0, head[0] if head else 0,
                     head[1] if head else "", str(head[2])[:16] if head else "")


def _hash_at(conn: sqlite3.Connection, seq: int) -> str | None:
    try:
        row = conn.execute("SELECT hash FROM audit_entries WHERE seq = ?", (seq,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def shared_history(a: Path, b: Path) -> int:
    """How many audit rows the two files have in common from the start (the chain makes a shared row at
    ``n`` mean rows 1..n are shared too): a binary search, a few reads of each file."""
    ca = sqlite3.connect(f"file:{Path(a).as_posix()}?mode=ro", uri=True)
    cb = sqlite3.connect(f"file:{Path(b).as_posix()}?mode=ro", uri=True)
    try:
        hi = min((_one(ca, "SELECT coalesce(max(seq), 0) FROM audit_entries") or (0,))[0],
                 (_one(cb, "SELECT coalesce(max(seq), 0) FROM audit_entries") or (0,))[0])
        lo = 0
        while lo < hi:
            mid = (lo + hi + 1) // 2
            h = _hash_at(ca, mid)
            if h is not None and h == _hash_at(cb, mid):
                lo = mid
            else:
                hi = mid - 1
        return lo
    finally:
        ca.close()
        cb.close()


@dataclass(frozen=True)
class Consequence:
    code: str  # "other_station", "no_accounts", "older"
    text: str  # in the user's language: what the restore would take away


def readable_consequences(db_path: Path, backup_file: Path) -> list[Consequence]:
    """``consequences`` over a damaged live file: what can still be read of it is compared; what cannot be
    read protects nothing and is not guessed (an empty list)."""
    try:
        return consequences(db_path, backup_file, damaged=True)
    except sqlite3.Error:
        return []


def admin_in_file(path: Path, person_id: int) -> bool | None:
    """Whether ``person_id`` has an active administrator account in the database file at ``path`` (read
    only). None: the file has no accounts. False on any doubt (unreadable, damaged): a doubt refuses."""
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            if not conn.execute("SELECT count(*) FROM accounts").fetchone()[0]:
                return None
            return conn.execute("SELECT 1 FROM accounts WHERE person_id = ? AND is_admin AND active",
                                (person_id,)).fetchone() is not None
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def consequences(db_path: Path, backup_file: Path, *, damaged: bool = False) -> list[Consequence]:
    """What restoring ``backup_file`` over the sound live file would lose, said plainly: another station's
    data in place of this one's, no accounts where there are some (sign-in switched off), changes recorded
    after the backup (or a history that parted from it). Empty when nothing is lost."""
    now, then = facts(db_path), facts(backup_file)
    found: list[Consequence] = []
    if now.station is not None and then.station != now.station:
        theirs = ", ".join(p for p in then.station if p) if then.station else _("no station")
        found.append(Consequence("other_station", _(
            "The backup is of another station ({theirs}); this station's data ({ours}) would be replaced by "
            "it.").format(theirs=theirs, ours=", ".join(p for p in now.station if p))))
    if now.accounts and not then.accounts:
        found.append(Consequence("no_accounts", _(
            "The backup has no accounts: this station's accounts ({count}) would be gone, nobody would "
            "sign in and every command would run without a sign-in.").format(count=now.accounts)))
    shared = shared_history(db_path, backup_file)
    if now.audit_seq > shared and damaged:
        found.append(Consequence("older", _(
            "{count} recorded changes of the current data (the last at {when}) are not in the backup: they "
            "would be taken out of the station's data and stay only in the damaged file, kept under a new "
            "name.").format(count=now.audit_seq - shared, when=as_typed(now.last_change))))
    elif now.audit_seq > shared:
        found.append(Consequence("older", _(
            "{count} recorded changes of the current data (the last at {when}) are not in the backup: they "
            "would be taken out of the station's data and kept only in the copy made before the restore.").format(
                count=now.audit_seq - shared, when=as_typed(now.last_change))))
    return found


def behind_committed(db_path: Path, backup_file: Path) -> list[Consequence]:
    """Over a damaged (or missing) live file nothing of it may be readable, but what was committed is
    known outside it: the committed mark beside it and the newest head its backup log recorded. A backup
    whose chain ends before that row, or holds another row there, is older (or another history): restoring
    it loses committed work, which must be confirmed as over a sound file."""
    heads = committed.known_heads(db_path)
    if not heads:
        return []
    conn = sqlite3.connect(f"file:{Path(backup_file).as_posix()}?mode=ro", uri=True)
    try:
        last = (_one(conn, "SELECT coalesce(max(seq), 0) FROM audit_entries") or (0,))[0]
        for mark in heads:
            at = _hash_at(conn, mark.seq) if last >= mark.seq else None
            if at is None or not committed.same_head(at, mark):
                return [Consequence("older", _(
                    "The backup does not hold all the work committed to this station: the last saved change "
                    "was audit entry #{seq}, the backup ends at #{last}{other}. The changes after it would "
                    "be lost from the station's data (they stay only in the damaged file, if it can still "
                    "be read).").format(seq=mark.seq, last=last, other=_(", with another history") if at else ""))]
        return []
    finally:
        conn.close()


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
