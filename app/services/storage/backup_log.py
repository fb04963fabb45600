"""The record of backups: a JSON file beside them, rewritten atomically under a file lock.

It lives outside the database on purpose: restoring an older file must not forget the backups made
since. Each entry says where the copy is, when and why it was made, whether its integrity check
passed, its schema revision and its rows per table (for the restore preview).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from app.services.core import atomic
from app.services.storage.snapshot import backups_dir_for

LOG_FILE = "backup-log.json"
MAX_ENTRIES = 5000  # older entries of pruned or failed copies are dropped beyond this


@dataclass(frozen=True)
class BackupRecord:
    seq: int
    file: str  # absolute path of the copy
    created_at: str  # station-local ISO time (the PC clock may be wrong: seq gives the order)
    reason: str  # manual, close, interval, pre-migration, pre-restore, pre-bulk, second
    ok: bool
    detail: str
    size: int = 0
    destination: str = "primary"  # or "second"
    revisions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    marker: list[int] = field(default_factory=list)  # the source's change marker when copied
    audit_head: list = field(default_factory=list)  # [seq, hash] of the copy's last audit row (committed.py)
    pruned_at: str | None = None

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def available(self) -> bool:
        return self.ok and self.pruned_at is None and self.path.exists()

    def as_dict(self) -> dict:
        return asdict(self)


def log_path(db_path: Path) -> Path:
    return backups_dir_for(db_path) / LOG_FILE


def _from_dict(data: dict) -> BackupRecord | None:
    try:
        known = {k: v for k, v in data.items() if k in BackupRecord.__dataclass_fields__}
        rec = BackupRecord(**known)
        int(rec.seq)
        return rec
    except (TypeError, ValueError):
        return None


def read_log(db_path: Path) -> list[BackupRecord]:
    """Every record, oldest first. An unreadable log gives what can be read (never an error)."""
    try:
        data = json.loads(log_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = []
    records = [r for r in (_from_dict(d) for d in data if isinstance(d, dict)) if r is not None] \
        if isinstance(data, list) else []
    records.sort(key=lambda r: r.seq)
    folder = backups_dir_for(db_path)
    # a moved data folder: find primary copies by name in today's backups folder
    fixed = []
    for r in records:
        if r.destination == "primary" and not r.path.exists() and (folder / r.path.name).exists():
            r = replace(r, file=str(folder / r.path.name))
        fixed.append(r)
    return fixed


def _write(db_path: Path, records: list[BackupRecord]) -> None:
    if len(records) > MAX_ENTRIES:
        keep_from = len(records) - MAX_ENTRIES
        records = [r for i, r in enumerate(records) if i >= keep_from or r.available]
    text = json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=0)
    atomic.write_text(log_path(db_path), text, mode=0o600)


@contextmanager
def _locked(db_path: Path) -> Iterator[None]:
    """Serialise read-modify-write of the log between the window and a command-line backup."""
    folder = backups_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / (LOG_FILE + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "nt":  # pragma: no cover - Windows only
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def editing(db_path: Path) -> Iterator[list[BackupRecord]]:
    """``with editing(path) as records:`` change the list in place; it is saved when the block ends."""
    with _locked(db_path):
        records = read_log(db_path)
        yield records
        _write(db_path, records)


def next_seq(records: list[BackupRecord]) -> int:
    return max((r.seq for r in records), default=0) + 1
