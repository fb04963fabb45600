"""The dashboard's big numbers as last counted, kept per database file in the per-PC preferences, so the
next start draws them at once (marked "as of 18:42 yesterday") while the file is opened and counted anew.

Light on purpose: imported before SQLAlchemy, by the start-up shell (app/ui/shell.py) as by the dashboard.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from app.i18n import _
from app.services.core.formatting import format_date, format_time

FIGURES_PREF = "start_figures"  # {file's real path: {"counted": ISO time, "pending": n, …}}
TILES = ("pending", "due_soon", "overdue", "unassigned", "missed")
KEEP_FILES = 20  # a PC that has opened many files (demo stations, USB drives) keeps only the latest few


def file_key(path: Path | str) -> str:
    """The file's real path (its links followed): one entry per file however its path was spelt."""
    return os.path.realpath(Path(path).expanduser())


def remember(prefs, path: Path | str, counted: dt.datetime, values: dict[str, int], due_soon_days: int) -> None:
    """Keep the figures counted at ``counted`` for ``path`` (written with the preferences, at the latest when the
    window closes)."""
    kept = prefs.get(FIGURES_PREF)
    kept = dict(kept) if isinstance(kept, dict) else {}
    key = file_key(path)
    kept.pop(key, None)
    kept[key] = {"counted": counted.replace(microsecond=0).isoformat(), "due_soon_days": int(due_soon_days),
                 **{name: int(values.get(name, 0)) for name in TILES}}
    while len(kept) > KEEP_FILES:  # the oldest remembered first (dicts keep their order through JSON)
        kept.pop(next(iter(kept)))
    prefs.set(FIGURES_PREF, kept)


def saved(prefs, path: Path | str) -> dict | None:
    """The figures last counted for ``path`` with their time (``counted``, a datetime), or None (a first run,
    another file, or an entry that does not read as figures)."""
    kept = prefs.get(FIGURES_PREF)
    entry = kept.get(file_key(path)) if isinstance(kept, dict) else None
    if not isinstance(entry, dict):
        return None
    try:
        figures = {name: int(entry[name]) for name in TILES}
        figures["due_soon_days"] = int(entry.get("due_soon_days", 0))
        figures["counted"] = dt.datetime.fromisoformat(str(entry["counted"]))
    except (KeyError, TypeError, ValueError):
        return None
    if any(figures[name] < 0 for name in TILES):
        return None
    return figures


def as_of_text(counted: dt.datetime, now: dt.datetime) -> str:
    """"as of 18:42 yesterday": when saved figures were counted, in the window's language."""
    time = format_time(counted)  # Devanagari digits when the user chose them, as the tiles' numbers
    days = (now.date() - counted.date()).days
    if days == 0:
        return _("As of {time} today (counting now…)").format(time=time)
    if days == 1:
        return _("As of {time} yesterday (counting now…)").format(time=time)
    return _("As of {time} on {date} (counting now…)").format(time=time, date=format_date(counted.date()))
