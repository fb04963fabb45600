"""Making, listing and pruning verified backups of the station database.

Every copy goes through SQLite's backup API (``snapshot.copy_database``), is integrity-checked
before it gets its name, and is recorded (good or failed) in the backup log. Copies are numbered by
a sequence, not by the PC clock, which may have been reset.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from app.i18n import N_, _
from app.services.core import clock
from app.services.core.atomic import describe_io_error
from app.services.core.errors import UserError
from app.services.storage.snapshot import SnapshotResult, file_revisions, backups_dir_for, copy_database, integrity_ok, table_counts
from app.services.storage import backup_log, full_check
from app.services.storage import committed
from app.services.storage.backup_log import BackupRecord
from app.services.storage.backup_settings import BackupSettings, load_settings
from app.services.storage.backup_tiers import Candidate, to_keep

REASONS = {
    "manual": N_("made by hand"),
    "close": N_("when the app closed"),
    "interval": N_("automatic, while working"),
    "pre-migration": N_("before a schema upgrade"),
    "pre-restore": N_("before a restore"),
    "pre-bulk": N_("before a bulk change"),
    "second": N_("copy to the second destination"),
}
SECOND_FOLDER = "Anupalan backups"


@dataclass(frozen=True)
class PruneResult:
    deleted: list[str]
    kept: int


def change_marker(db_path: Path) -> list[int]:
    """Changes whenever anything is committed: size and time of the file and of its WAL."""
    marker: list[int] = []
    for p in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            st = p.stat()
            marker += [st.st_size, st.st_mtime_ns]
        except OSError:
            marker += [0, 0]
    return marker


def _parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _file_name(seq: int, reason: str) -> str:
    return f"anupalan-{seq:06d}-{clock.now():%Y%m%d-%H%M%S}-{reason}.sqlite3"


def _next_seq_on_disk(folder: Path) -> int:
    """Never reuse a number that a file already has (the log may have been lost or replaced)."""
    best = 0
    if folder.exists():
        for f in folder.glob("anupalan-*.sqlite3"):
            part = f.name.split("-")[1]
            if part.isdigit():
                best = max(best, int(part))
    return best + 1


def _adopt_orphans(folder: Path, records: list[BackupRecord], destination: str) -> None:
    """Record copies that were finished but not logged (power cut between the rename and the log
    write): after their own integrity check they are ordinary backups, visible and prunable."""
    if not folder.exists():
        return
    known = {Path(r.file).name for r in records}
    for f in sorted(folder.glob("anupalan-*.sqlite3")):
        parts = f.stem.split("-", 4)  # anupalan, seq, date, time, reason
        if f.name in known or len(parts) != 5 or not parts[1].isdigit():
            continue
        ok, detail = integrity_ok(f)
        try:
            made = dt.datetime.strptime(parts[2] + parts[3], "%Y%m%d%H%M%S").isoformat(sep=" ")
        except ValueError:
            made = ""
        if ok:

            records.append(BackupRecord(int(parts[1]), str(f), made, parts[4] if parts[4] in REASONS else "manual",
                                        True, detail, f.stat().st_size, destination, sorted(file_revisions(f)),
                                        table_counts(f)))
    records.sort(key=lambda r: r.seq)


def _copy_and_record(db_path: Path, folder: Path, reason: str, destination: str, copied=None) -> BackupRecord:
    if not db_path.exists():
        raise UserError(_("There is no database at {path} to back up.").format(path=db_path))
    failure: UserError | None = None
    try:
        with backup_log.editing(db_path) as records:
            for stale in folder.glob("*.sqlite3.part*") if folder.exists() else ():
                stale.unlink(missing_ok=True)  # left by a power cut during an earlier copy
            _adopt_orphans(folder, records, destination)
            seq = max(backup_log.next_seq(records), _next_seq_on_disk(folder))
            dest = folder / _file_name(seq, reason)
            marker = change_marker(db_path)
            stamp = clock.now().isoformat(sep=" ")
            try:
                result = copy_database(db_path, dest, copied=copied)
            except UserError as exc:
                failure = exc
                record = BackupRecord(seq, str(dest), stamp, reason, False, exc.message,
                                      destination=destination, marker=marker)
            else:
                if result.ok:

                    record = BackupRecord(seq, str(dest), stamp, reason, True, result.detail, result.size,
                                          destination, sorted(file_revisions(dest)), table_counts(dest), marker,
                                          audit_head=list(committed.file_head(dest) or ()))
                else:
                    record = BackupRecord(seq, str(dest), stamp, reason, False, result.detail, 0, destination,
                                          marker=marker)
            records.append(record)
        if failure is None:
            # the copy's integrity_check read every page of the same data: it is the file's full check
            full_check.record(db_path, record.ok, record.detail)
    except OSError as exc:
        raise failure or UserError(
            _("Cannot write to the backup folder {folder}: {reason}. The database itself is unchanged.").format(
                folder=backups_dir_for(db_path), reason=describe_io_error(exc))) from exc
    except UserError:
        if failure is not None:  # the log could not be saved either (disk full): show the first error
            raise failure from None
        raise
    if failure is not None:
        raise failure
    return record


def make_backup(db_path: Path, *, reason: str = "manual", prune: bool = True, copied=None) -> BackupRecord:
    """A verified copy in the backups folder, recorded in the log; then prune by the tiers.

    Returns the record (``ok`` False when the database failed its integrity check: the copy is
    not kept under a backup's name). Raises ``UserError`` when the copy cannot be written.
    """
    db_path = Path(db_path)
    if reason not in REASONS:
        raise UserError(_("Unknown backup reason {reason}.").format(reason=reason))
    record = _copy_and_record(db_path, backups_dir_for(db_path), reason, "primary", copied)
    if prune and record.ok:
        prune_backups(db_path)
    return record


def close_with_backup(db) -> str | None:
    """Close the window's database with its closing backup, holding the file only as long as it must.

    When the setting is on and data changed since the last good copy: the engine is closed, the lock file says
    the window is saving (a window started meanwhile waits with that word), the file is copied with SQLite's
    backup API (about a second for five years of work) and the one-writer lock is released right after; the
    copy's fsync and full integrity check (several seconds) and the pruning then run on the copy alone, with the
    file already free. Otherwise the database is simply closed. Returns a failure's message, None otherwise."""
    from app.services.storage.instance_lock import mark_closing

    path = Path(db.path)
    try:
        settings = load_settings(path)  # compared while open, as the copies made while the window runs were
        if not settings.on_close or not changed_since(path, last_good(path)):
            return None
        db.engine.dispose()  # every connection closed (the WAL checkpointed) before the copy reads the file
        if db.lock is not None:
            mark_closing(db.lock)
        try:
            record = make_backup(path, reason="close", copied=db.close)
        except UserError as exc:
            return exc.message
        return None if record.ok else record.detail
    finally:
        db.close()


def before_bulk_change(db_path: Path, what: str = "") -> BackupRecord:
    """For services about to change many rows at once: a verified copy first, or no change at all."""
    record = make_backup(Path(db_path), reason="pre-bulk", prune=False)
    if not record.ok:
        raise UserError(_("The database failed its integrity check ({detail}); the change was not made.")
                        .format(detail=record.detail))
    return record


def list_backups(db_path: Path) -> list[BackupRecord]:
    """Every recorded backup, newest first (including failed and pruned ones, for the record)."""
    return list(reversed(backup_log.read_log(Path(db_path))))


def last_good(db_path: Path, destination: str | None = "primary") -> BackupRecord | None:
    for r in list_backups(db_path):
        if r.available and (destination is None or r.destination == destination):
            return r
    return None


def latest_verified(db_path: Path) -> BackupRecord | None:
    """The newest copy (any destination) that passes a full integrity check now: only a file named as our
    copies are, never the live file (the log is a JSON file anyone can edit: recovery must not offer
    whatever file an entry names)."""
    db_path = Path(db_path)
    for r in list_backups(db_path):
        if r.available and _OUR_NAME.match(r.path.name) and not _is_live(r.path, db_path) \
                and integrity_ok(r.path)[0]:
            return r
    return None


def _is_live(path: Path, db_path: Path) -> bool:
    try:
        return db_path.exists() and os.path.samefile(path, db_path)
    except OSError:
        return False


_OUR_NAME = re.compile(r"^anupalan-\d{6,}-\d{8}-\d{6}-[a-z-]+\.sqlite3$")


def _prunable(r: BackupRecord, folder: Path, db_path: Path) -> bool:
    """Only a copy this app made may be deleted: a file directly inside ``folder``, named as our copies are,
    an SQLite file, and not the live database (the log is a JSON file anyone can edit: a record naming the
    station's file, or anything outside the folder, must never make a backup run delete it)."""
    try:
        path = r.path
        if path.is_symlink() or not path.is_file() or not _OUR_NAME.match(path.name):
            return False
        if path.resolve().parent != folder.resolve():
            return False
        for live in (db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal"))):
            if live.exists() and os.path.samefile(path, live):
                return False
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _delete_copy(r: BackupRecord, folder: Path, db_path: Path) -> bool:
    """Delete one recorded copy after ``_prunable``; True when it is gone."""
    if not r.path.exists() and not r.path.is_symlink():
        return True
    if not _prunable(r, folder, db_path):
        return False
    try:
        r.path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def _earlier_day_verified(records: list[BackupRecord], now: dt.datetime) -> int | None:
    """The newest copy of an earlier day than today that still passes its check: never pruned."""
    earlier = [r for r in records if (_parse_time(r.created_at) or now).date() < now.date()]
    for r in sorted(earlier, key=lambda r: (_parse_time(r.created_at), r.seq), reverse=True):
        if integrity_ok(r.path, quick=True)[0]:
            return r.seq
    return None


def prune_backups(db_path: Path, settings: BackupSettings | None = None,
                  now: dt.datetime | None = None) -> PruneResult:
    """Delete primary copies outside the tiers; never the only good copy, never without a sound one."""
    db_path = Path(db_path)
    settings = settings or load_settings(db_path)
    now = now or clock.now()
    deleted: list[str] = []
    with backup_log.editing(db_path) as records:
        good = [r for r in records if r.destination == "primary" and r.available]
        cands = [Candidate(r.seq, _parse_time(r.created_at) or now) for r in good]
        keep = to_keep(cands, now, keep_all_hours=settings.keep_all_hours, daily=settings.daily,
                       weekly=settings.weekly, monthly=settings.monthly)
        drop = [r for r in good if r.seq not in keep]
        if drop:
            keep.add(_earlier_day_verified(good, now))
            drop = [r for r in good if r.seq not in keep]
        kept = [r for r in good if r.seq in keep]
        if not drop or not any(integrity_ok(r.path, quick=True)[0] for r in sorted(kept, key=lambda r: -r.seq)):
            return PruneResult([], len(good))
        stamp = clock.now().isoformat(sep=" ")
        folder = backups_dir_for(db_path)
        for i, r in enumerate(records):
            if r in drop and _delete_copy(r, folder, db_path):
                records[i] = replace(r, pruned_at=stamp)
                deleted.append(r.file)
    return PruneResult(deleted, len(good) - len(deleted))


def second_folder(target_dir: Path | str, db_path: Path | None = None) -> Path:
    """The folder inside a USB drive or chosen folder where copies go; the drive must be present.

    Each database file gets its own subfolder, so two stations (or the demo) copying to one drive
    never overwrite each other's numbered copies."""
    text = str(target_dir or "").strip()
    if not text:
        raise UserError(_("No second backup destination is set. Choose a USB drive or folder first."))
    target = Path(text).expanduser()
    if not target.is_dir():
        raise UserError(_(
            "The backup drive or folder {path} is not available. Connect the USB drive (or choose another "
            "folder) and try again. The database is unchanged."
        ).format(path=target))
    return target / SECOND_FOLDER / db_path.stem if db_path is not None else target / SECOND_FOLDER


def copy_to(db_path: Path, target_dir: Path | str, *, keep: int | None = None) -> BackupRecord:
    """A verified copy on a second destination (USB drive, another folder). Kept there: the newest ``keep``
    (the setting ``second_keep``) and, by the same tiers as the backups folder, the newest copy of each
    day, week and month, and always the newest verified copy of an earlier day than today."""
    db_path = Path(db_path)
    folder = second_folder(target_dir, db_path)
    record = _copy_and_record(db_path, folder, "second", "second")
    if record.ok:
        settings = load_settings(db_path)
        _prune_second(db_path, folder, max(1, keep if keep is not None else settings.second_keep), settings)
    return record


def _prune_second(db_path: Path, folder: Path, keep: int, settings: BackupSettings) -> None:
    now = clock.now()
    with backup_log.editing(db_path) as records:
        mine = [r for r in records if r.destination == "second" and r.available and r.path.parent == folder]
        cands = [Candidate(r.seq, _parse_time(r.created_at) or now) for r in mine]
        kept = to_keep(cands, now, keep_all_hours=0, daily=settings.daily, weekly=settings.weekly,
                       monthly=settings.monthly, newest=keep)
        kept.add(_earlier_day_verified(mine, now))
        stamp = clock.now().isoformat(sep=" ")
        for r in mine:
            if r.seq not in kept and _delete_copy(r, folder, db_path):
                records[records.index(r)] = replace(r, pruned_at=stamp)


def _elapsed(last: BackupRecord | None, now: dt.datetime, minutes: int) -> bool:
    if last is None:
        return True
    at = _parse_time(last.created_at)
    if at is None or at > now:  # unreadable or stamped in the future: the clock was reset
        return True
    return now - at >= dt.timedelta(minutes=minutes)


def changed_since(db_path: Path, record: BackupRecord | None) -> bool:
    return record is None or record.marker != change_marker(db_path)


def backup_due(db_path: Path, settings: BackupSettings, now: dt.datetime | None = None) -> bool:
    """An automatic copy is due: data changed since the last good copy and the interval passed."""
    if settings.interval_minutes <= 0:
        return False
    last = last_good(db_path)
    return changed_since(db_path, last) and _elapsed(last, now or clock.now(), settings.interval_minutes)


def second_copy_due(db_path: Path, settings: BackupSettings, now: dt.datetime | None = None) -> bool:
    if not settings.second_dir or settings.second_every_hours <= 0:
        return False
    last = last_good(db_path, "second")
    return changed_since(db_path, last) and _elapsed(last, now or clock.now(), settings.second_every_hours * 60)


@dataclass(frozen=True)
class ScheduledResult:
    primary: BackupRecord | None
    second: BackupRecord | None
    messages: list[str]


def run_scheduled(db_path: Path, now: dt.datetime | None = None) -> ScheduledResult:
    """What the window's timer runs on the worker: the copies that are due. Problems become messages."""
    db_path = Path(db_path)
    settings = load_settings(db_path)
    primary = second = None
    messages: list[str] = []
    if backup_due(db_path, settings, now):
        try:
            primary = make_backup(db_path, reason="interval")
            if not primary.ok:
                messages.append(_("The automatic backup failed its check: {detail}").format(detail=primary.detail))
        except UserError as exc:
            messages.append(exc.message)
    if second_copy_due(db_path, settings, now):
        try:
            second = copy_to(db_path, settings.second_dir, keep=settings.second_keep)
        except UserError as exc:
            messages.append(exc.message)
    return ScheduledResult(primary, second, messages)


def reason_label(reason: str) -> str:
    return _(REASONS[reason]) if reason in REASONS else reason


def pre_migration_copy(db_path: Path) -> SnapshotResult:
    """A verified, recorded backup taken before a schema upgrade; refuses to go on without one."""
    record = make_backup(db_path, reason="pre-migration", prune=False)
    if not record.ok:
        raise UserError(
            _("The database failed its integrity check before the upgrade ({detail}); nothing was changed.").format(
                detail=record.detail
            )
        )
    return SnapshotResult(record.path, True, record.detail, record.size)
