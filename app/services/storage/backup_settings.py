"""Backup settings: tiers to keep, the automatic interval, a second destination.

Stored as a small JSON file beside the backups (written atomically), not in the database, so a
restore of an older file never changes where or how backups are kept.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from app.i18n import _
from app.services.core import atomic
from app.services.core.errors import UserError
from app.services.storage.snapshot import backups_dir_for
from app.services.core.validate import clean_text, parse_int

SETTINGS_FILE = "backup-settings.json"


@dataclass(frozen=True)
class BackupSettings:
    keep_all_hours: int = 24  # every copy from the last day
    daily: int = 12  # then the newest copy of each of 12 days
    weekly: int = 10  # of each of 10 weeks
    monthly: int = 9  # of each of 9 months
    interval_minutes: int = 30  # while the window is open and data changed; 0 = never
    on_close: bool = True
    second_dir: str = ""  # a USB drive or another folder; "" = none
    second_every_hours: int = 24  # 0 = only on demand
    second_keep: int = 10  # copies kept on the second destination

    def as_dict(self) -> dict:
        return asdict(self)


# field → (minimum, maximum), for validation and the settings dialog
LIMITS: dict[str, tuple[int, int]] = {
    "keep_all_hours": (0, 24 * 14),
    "daily": (0, 366),
    "weekly": (0, 520),
    "monthly": (0, 240),
    "interval_minutes": (0, 24 * 60),
    "second_every_hours": (0, 24 * 31),
    "second_keep": (1, 1000),
}


def setting_labels() -> dict[str, str]:
    return {
        "keep_all_hours": _("Hours of keeping every copy"),
        "daily": _("Daily copies"),
        "weekly": _("Weekly copies"),
        "monthly": _("Monthly copies"),
        "interval_minutes": _("Minutes between automatic backups"),
        "second_every_hours": _("Hours between copies to the second destination"),
        "second_keep": _("Copies kept on the second destination"),
    }


def settings_path(db_path: Path) -> Path:
    return backups_dir_for(db_path) / SETTINGS_FILE


def validated(**values) -> BackupSettings:
    """Check user-given values (strings or numbers) and return settings, or raise ``UserError``."""
    base = BackupSettings()
    clean: dict = {}
    names = setting_labels()
    for key, value in values.items():
        if key in LIMITS:
            low, high = LIMITS[key]
            clean[key] = parse_int(value, names[key], minimum=low, maximum=high)
        elif key == "on_close":
            if not isinstance(value, bool):
                raise UserError(_("Back up when the app closes must be yes or no."))
            clean[key] = value
        elif key == "second_dir":
            clean[key] = clean_text(str(value or ""), _("Second destination"), max_len=1000)
        else:
            raise UserError(_("Unknown backup setting {name}.").format(name=key))
    return replace(base, **clean)


def load_settings(db_path: Path) -> BackupSettings:
    """The saved settings; defaults for anything missing or unreadable (never an error at start)."""
    try:
        data = json.loads(settings_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BackupSettings()
    if not isinstance(data, dict):
        return BackupSettings()
    known = {k: v for k, v in data.items() if k in BackupSettings.__dataclass_fields__}
    try:
        return validated(**known)
    except UserError:
        return BackupSettings()


def save_settings(db_path: Path, settings: BackupSettings) -> None:
    validated(**settings.as_dict())
    atomic.write_text(settings_path(db_path), json.dumps(settings.as_dict(), ensure_ascii=False, indent=1),
                      mode=0o600)
