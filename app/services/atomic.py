"""Safe saves for files other than the database: temp file in the same folder, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..i18n import _
from .errors import UserError


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
            folder=path.parent, reason=exc.strerror or exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(_("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
