"""When SQLite's full ``integrity_check`` last ran on a station file, kept beside its backups.

``quick_check`` does not read indexes against their tables: an index damaged that way is opened and
written to, and only the next backup (whose copy gets the full check) finds it. So the full check also
runs on a schedule: at the window's start when the last one is a day old, and with every backup (the
copy's check is a full check of the same pages). The record is a small JSON file, not a database row, so
a damaged file cannot hide when it was last found sound.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from app.services.core import atomic, clock
from app.services.core.errors import UserError
from app.services.storage.snapshot import backups_dir_for

FILE = "full-check.json"
EVERY = dt.timedelta(days=1)


def record_path(db_path: Path) -> Path:
    return backups_dir_for(Path(db_path)) / FILE


def last(db_path: Path) -> dict | None:
    """``{"at": ISO local time, "ok": bool, "detail": str}`` of the last full check, or None."""
    try:
        data = json.loads(record_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("at"), str) else None


def due(db_path: Path, now: dt.datetime | None = None) -> bool:
    """A day since the last full check (or never, or it failed, or its time is in the future: the clock was
    reset)."""
    entry = last(db_path)
    if entry is None or not entry.get("ok"):  # never checked, or the last full check found damage
        return True
    try:
        at = dt.datetime.fromisoformat(entry["at"])
    except ValueError:
        return True
    now = now or clock.now()
    return at > now or now - at >= EVERY


def record(db_path: Path, ok: bool, detail: str) -> None:
    """Note a full check's result; a folder that cannot be written only means the check runs again."""
    text = json.dumps({"at": clock.now().isoformat(sep=" "), "ok": bool(ok), "detail": detail[:500]})
    try:
        atomic.write_text(record_path(db_path), text, mode=0o600)
    except UserError:
        pass
