"""Where the app's shipped files and the user's data live.

Shipped files (fonts, catalogue, rules, migrations, compiled catalogs) are found next to the
package, or inside the PyInstaller bundle (``sys._MEIPASS``) when frozen. The user's data lives in
the platform's user-data folder, or next to the executable in portable mode.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Anupalan"
PORTABLE_MARKER = "anupalan-portable.txt"


def bundle_root() -> Path:
    """The folder that holds ``resources/``, ``migrations/`` and ``i18n/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


def locale_dir() -> Path:
    return bundle_root() / "i18n"


def portable_dir() -> Path | None:
    """The executable's folder when a portable-mode marker file sits beside it."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir if (exe_dir / PORTABLE_MARKER).exists() else None


def data_dir() -> Path:
    """The folder for the database, backups and settings (created on demand)."""
    override = os.environ.get("ANUPALAN_DATA_DIR")
    if override:
        path = Path(override)
    else:
        portable = portable_dir()
        if portable is not None:
            path = portable / "data"
        else:
            from platformdirs import user_data_dir

            path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "anupalan.sqlite3"
