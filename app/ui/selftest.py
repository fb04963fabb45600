"""``--selftest``: prove an installed build works, in a temporary folder, without touching user data.

It migrates a fresh database, builds the demo station, renders a checklist PDF and the main window
offscreen, and exits 0 only if all of that worked. Each step prints one line, so a failing step on
a station PC can be read from the debug console.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path


def _step(name: str, fn):
    start = time.perf_counter()
    try:
        result = fn()
    except Exception:
        print(f"FAIL  {name}", flush=True)
        traceback.print_exc()
        raise SystemExit(1) from None
    print(f"ok    {name} ({time.perf_counter() - start:.2f} s)", flush=True)
    return result


def run_selftest(years: int = 1) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="anupalan-selftest-") as tmp:
        folder = Path(tmp)
        os.environ["ANUPALAN_DATA_DIR"] = str(folder / "data")
        from app.services.station import open_database

        _step("migrate a fresh database to head", lambda: _migrate(folder))

        def demo():
            from app.services.demo import build_demo

            return build_demo(folder / "demo.sqlite3", years=years, seed=1)

        _step("build the demo station", demo)
        db = open_database(folder / "demo.sqlite3")
        _step("render a bilingual checklist PDF", lambda: _checklist(db, folder))
        _step("sort Hindi and English text as Qt does (collation data)", _collation)
        _step("render the main window offscreen", lambda: _window(db, folder))
        db.close()
    print("selftest passed", flush=True)
    return 0


def _migrate(folder: Path) -> None:
    from app.services.station import open_database
    from app.services.storage import check_database

    db = open_database(folder / "fresh.sqlite3")
    db.close()
    report = check_database(folder / "fresh.sqlite3")
    assert report.ok, report.as_dict()


def _checklist(db, folder: Path) -> None:
    from app.services.reports import build_checklist

    out = folder / "checklist.pdf"
    build_checklist(db, out, lang="both")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000, len(data)


def _collation() -> None:
    """Qt sorts with ICU's collation data on Linux (the file dialogs, any locale-aware sort); the bundle keeps only
    the Hindi, English and root parts of that data. A missing part makes Qt fall back to code-point order, which
    puts "B" before "a": checked here for both languages, with the numeric mode the file dialogs use."""
    from PySide6.QtCore import QCollator, QLocale

    for name in ("hi_IN", "en_IN"):
        collator = QCollator(QLocale(name))
        assert collator.compare("a", "B") < 0 and collator.compare("A", "b") < 0, name
        assert collator.compare("अ", "क") < 0 and collator.compare("क", "ख") < 0, name
        collator.setNumericMode(True)
        assert collator.compare("file9", "file10") < 0, name


def _window(db, folder: Path) -> None:
    from app.services.core.preferences import Preferences
    from app.ui.qapp import create_application
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    app = create_application([sys.argv[0], "-platform", "offscreen"])
    from app.ui.gc_guard import MainThreadGc

    gc_guard = MainThreadGc(app)
    ctx = AppContext(db, Preferences(folder / "prefs.json"))
    win = MainWindow(ctx)
    win.resize(1366, 768)
    win.show()
    deadline = time.monotonic() + 20
    while ctx.tasks.pending and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    image = win.grab()
    assert not image.isNull() and image.width() >= 1000
    image.save(str(folder / "window.png"))
    win.close()
    ctx.tasks.shutdown()
    gc_guard.restore()
