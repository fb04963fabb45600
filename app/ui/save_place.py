"""Where a Save dialog starts: the user's Documents folder (never the program's folder, which on Windows is
Program Files and cannot be written), with the suggested file name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def in_documents(name: str) -> str:
    """The suggested file ``name`` inside the Documents folder (a name with a folder of its own is kept)."""
    path = Path(name)
    return str(path if path.is_absolute() or path.parent != Path(".") else documents_folder() / path)
