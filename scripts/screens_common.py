"""What the screenshot scripts (``screens_*.py``) share: the screen size, waiting for the worker, saving
a widget's picture and copying the demo database (the shots never write to the demo file itself)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

W, H = 1366, 768


def settle(app, ctx, timeout: float = 30.0) -> None:
    """Process events until the worker is idle (or ``timeout`` seconds have passed)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if ctx.tasks.pending == 0:
            for _ in range(5):
                app.processEvents()
            if ctx.tasks.pending == 0:
                return
        time.sleep(0.01)


def shoot(widget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path, f"{widget.width()}x{widget.height()}")


def copy_database(source_path: Path, copy: Path) -> None:
    """Copy a database with SQLite's backup API (never a plain file copy)."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
