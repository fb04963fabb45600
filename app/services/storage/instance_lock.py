"""Only one Anupalan writes a database: an OS lock on a small file beside it.

The lock is an OS lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so it vanishes with the
process that holds it: a power cut or a killed app never leaves a stale lock behind. The file also
holds the holder's process id, computer name, user and start time, only so that a second instance can
say clearly who has the database open.

The command line honours the lock too: at a transaction's first write (``refuse_other_writer``, called
by the SQLite engine) a process that does not hold the lock probes it with a shared lock; while the
window holds it, the write is refused with who holds it (``DatabaseBusyError``) and nothing changes.
Reading commands are not refused.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import DatabaseBusyError, UserError

# Windows locks a byte range; lock one byte well past the JSON text so the text stays readable.
_WIN_LOCK_OFFSET = 1 << 16
# How long a writer waits for the window's lock (the window may be closing) before it refuses, and
# how long a window waits at start-up for a command-line writer's short probe to end.
WRITER_WAIT_S = 2.0
ACQUIRE_WAIT_S = 0.5
_POLL_S = 0.05

# The locks this process holds, by the database file's real path: its own writes need no probe.
_HELD: dict[str, "InstanceLock"] = {}


def _key(db_path: Path) -> str:
    return os.path.realpath(db_path)


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    host: str
    since: str
    user: str = ""
    closing: bool = False  # the window has closed and the process is saving its closing backup


class DatabaseInUseError(UserError):
    """Another running Anupalan has the database open for writing."""

    def __init__(self, message: str, holder: LockHolder | None):
        super().__init__(message)
        self.holder = holder


def lock_path_for(db_path: Path) -> Path:
    db_path = Path(os.path.realpath(db_path))  # the file's lock, whichever symbolic link names it
    return db_path.with_name(db_path.name + ".lock")


def _refuse_other_names(db_path: Path) -> None:
    """A file with a second name (a hard link) could be written under that name while this lock is held
    (the lock beside it is another lock): refused, there is no cheap way to find the other names."""
    try:
        links = os.stat(db_path).st_nlink
    except OSError:
        return
    if links > 1:
        raise UserError(_("The database file {path} has {count} names (hard links): another name could write "
                          "to it while this one is in use. Nothing was changed. Keep one name only (delete the "
                          "other links, or copy the file).").format(path=db_path, count=links))


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
    return LockHolder(pid if isinstance(pid, int) else None, str(data.get("host", "")), str(data.get("since", "")),
                      str(data.get("user", "")), data.get("closing") is True)


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
        if _HELD.get(_key(self.db_path)) is self:
            del _HELD[_key(self.db_path)]
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> "InstanceLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def mark_closing(lock: InstanceLock) -> None:
    """Say in the lock file that the holder's window has closed and it is saving its closing backup, so a window
    started meanwhile waits with that word instead of saying the file is open elsewhere."""
    fd = lock._fd
    if fd is None:
        return
    holder = read_holder(lock.db_path)
    info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": _os_user(),
                       "since": holder.since if holder else "", "closing": True}).encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.ljust(256, b" "))
    except OSError:  # the text is only informative
        pass


def closing_message(db_path: Path) -> str:
    return _("The previous Anupalan window is still saving its backup of {path}. It opens here as soon as "
             "that is done…").format(path=db_path)


def in_use_message(db_path: Path, holder: LockHolder | None) -> str:
    if holder and holder.closing:
        return closing_message(db_path)
    if holder and holder.pid:
        return _(
            "The database {path} is already open in another Anupalan window (process {pid} on {host}, "
            "since {since}). Close that window first, or open this one read-only."
        ).format(path=db_path, pid=holder.pid, host=holder.host or "-", since=holder.since or "-")
    return _(
        "The database {path} is already open in another Anupalan window. Close that window first, "
        "or open this one read-only."
    ).format(path=db_path)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database: only informative
        return ""


def acquire(db_path: Path, *, wait: float = ACQUIRE_WAIT_S) -> InstanceLock:
    """Take the write lock for ``db_path`` or raise ``DatabaseInUseError`` naming the holder."""
    db_path = Path(db_path)
    _refuse_other_names(db_path)
    path = lock_path_for(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise UserError(_("Cannot create the lock file {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from exc
    deadline = time.monotonic() + wait
    while not _try_lock(fd):  # a command-line writer's probe holds it for a moment only
        if time.monotonic() >= deadline:
            os.close(fd)
            holder = read_holder(db_path)
            raise DatabaseInUseError(in_use_message(db_path, holder), holder)
        time.sleep(_POLL_S)
    info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": _os_user(),
                       "since": clock.now().isoformat(sep=" ")}).encode("utf-8")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.ljust(256, b" "))
        os.fsync(fd)
    except OSError:  # the text is only informative; the OS lock is what counts
        pass
    lock = InstanceLock(db_path, fd)
    _HELD[_key(db_path)] = lock
    return lock


def _try_shared(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only: msvcrt has no shared lock
        return _try_lock(fd)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def writer_message(db_path: Path, holder: LockHolder | None) -> str:
    if holder and holder.pid:
        return _(
            "The database {path} is open in the Anupalan window (process {pid} of user {user} on {host}, since "
            "{since}), which alone writes to it. Nothing was changed: make the change in that window, or close "
            "it and try again."
        ).format(path=db_path, pid=holder.pid, user=holder.user or "-", host=holder.host or "-",
                 since=holder.since or "-")
    return _(
        "The database {path} is open in an Anupalan window, which alone writes to it. Nothing was changed: "
        "make the change in that window, or close it and try again."
    ).format(path=db_path)


def refuse_other_writer(db_path: Path, *, wait: float | None = None) -> None:
    """Before this process's first write in a transaction: return when no other process holds the
    window's lock on ``db_path`` (waiting up to ``wait`` seconds for it to be released, by default
    ``WRITER_WAIT_S`` as it reads at the call), else raise ``DatabaseBusyError`` naming the holder. A lock this
    process holds (the window itself) lets it write."""
    wait = WRITER_WAIT_S if wait is None else wait
    if _key(db_path) in _HELD:
        return
    _refuse_other_names(Path(db_path))
    try:
        fd = os.open(lock_path_for(Path(db_path)), os.O_RDONLY)
    except OSError:  # no lock file: no window ever held this database
        return
    try:
        deadline = time.monotonic() + wait
        while not _try_shared(fd):
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(writer_message(Path(db_path), read_holder(Path(db_path))))
            time.sleep(_POLL_S)
        _unlock(fd)
    finally:
        os.close(fd)


def is_locked(db_path: Path) -> bool:
    """True when another holder has the lock right now (tries and releases it at once)."""
    try:
        lock = acquire(db_path, wait=0)
    except DatabaseInUseError:
        return True
    except UserError:
        return False
    lock.release()
    return False
