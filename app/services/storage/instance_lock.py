"""Only one Anupalan writes a database: an OS lock on a small file beside it.

The lock is an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so it vanishes with the
process that holds it: a power cut or a killed app never leaves a stale lock behind. The file also
holds the holder's process id, computer name and start time, only so that a second instance can say
clearly who has the database open.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError

# Windows locks a byte range; lock one byte well past the JSON text so the text stays readable.
_WIN_LOCK_OFFSET = 1 << 16


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    host: str
    since: str


class DatabaseInUseError(UserError):
    """Another running Anupalan has the database open for writing."""

    def __init__(self, message: str, holder: LockHolder | None):
        super().__init__(message)
        self.holder = holder


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(db_path: Path) -> LockHolder | None:
    """Who wrote the lock file last (it may be stale: only the OS lock counts)."""
    try:
        data = json.loads(lock_path_for(db_path).read_text(encoding="utf-8").strip("\x00 \n") or "{}")
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid = data.get("pid")
    return LockHolder(pid if isinstance(pid, int) else None, str(data.get("host", "")), str(data.get("since", "")))


class InstanceLock:
    """A held lock; ``release()`` (or process exit) frees it."""

    def __init__(self, db_path: Path, fd: int):
        self.db_path = db_path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> "InstanceLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def in_use_message(db_path: Path, holder: LockHolder | None) -> str:
    if holder and holder.pid:
        return _(
            "The database {path} is already open in another Anupalan window (process {pid} on {host}, "
            "since {since}). Close that window first, or open this one read-only."
        ).format(path=db_path, pid=holder.pid, host=holder.host or "-", since=holder.since or "-")
    return _(
        "The database {path} is already open in another Anupalan window. Close that window first, "
        "or open this one read-only."
    ).format(path=db_path)


def acquire(db_path: Path) -> InstanceLock:
    """Take the write lock for ``db_path`` or raise ``DatabaseInUseError`` naming the holder."""
    db_path = Path(db_path)
    path = lock_path_for(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise UserError(_("Cannot create the lock file {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    if not _try_lock(fd):
        os.close(fd)
        holder = read_holder(db_path)
        raise DatabaseInUseError(in_use_message(db_path, holder), holder)
    info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                       "since": clock.now().isoformat(sep=" ")}).encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.ljust(256, b" "))
        os.fsync(fd)
    except OSError:  # the text is only informative; the OS lock is what counts
        pass
    return InstanceLock(db_path, fd)


def is_locked(db_path: Path) -> bool:
    """True when another holder has the lock right now (tries and releases it at once)."""
    try:
        lock = acquire(db_path)
    except DatabaseInUseError:
        return True
    except UserError:
        return False
    lock.release()
    return False
