"""Safe saves for files other than the database: temp file in the same folder, fsync, rename.

Also the one place that turns an operating-system error (disk full, read-only folder, missing
drive, no permission) into a clear sentence in the user's language.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from app.i18n import _
from app.services.core.errors import UserError


def describe_io_error(exc: BaseException) -> str:
    """A short, clear reason for an I/O failure (OSError, or a database driver's I/O error by its text)."""
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return _("the disk is full")
    if code == errno.EROFS or "read-only file system" in text:
        return _("the drive or folder is read-only")
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in text:
        return _("permission denied")
    if code == errno.ENOENT:
        return _("the drive or folder is not there")
    if code == errno.EIO or "disk i/o error" in text:
        return _("the drive reported an input/output error")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
            folder=path.parent, reason=describe_io_error(exc))) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            try:
                os.chmod(tmp, mode)
            except OSError:
                pass
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(_("Could not save {path}: {reason}").format(
            path=path, reason=describe_io_error(exc))) from exc
    fsync_dir(path.parent)


def write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), mode=mode)
