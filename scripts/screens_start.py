"""Screenshots of the start: the shell drawn at once with the figures saved at the last close ("as of 18:42
yesterday"), the main window in its place before its first count, and after it — in Hindi and English, at
1366×768, on the demo station. Prints where the tiles are in each: they must not move.

    .venv/bin/python scripts/screens_start.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/ui/). Works on a copy: nothing is written to DEMO.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QPoint  # noqa: E402

from app.i18n import set_language  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.ui import start_figures  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
from app.ui.shell import StartShell  # noqa: E402
import screens_common  # noqa: E402
from screens_common import H, W, copy_database, shoot  # noqa: E402


def tile_places(window, tiles) -> list[tuple[int, int, int, int]]:
    return [(*(lambda p: (p.x(), p.y()))(t.mapTo(window, QPoint(0, 0))), t.width(), t.height())
            for t in tiles.values() if t.isVisible()]


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.services import obligations
    from app.services.station import open_database
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    for lang in ("hi", "en"):
        set_language(lang)
        copy = tmp / f"demo-{lang}.sqlite3"
        copy_database(demo, copy)
        db = open_database(copy)
        counts = obligations.dashboard_counts(db)
        prefs = Preferences(tmp / f"prefs-{lang}.json")
        yesterday = dt.datetime.combine(dt.date.today() - dt.timedelta(days=1), dt.time(18, 42))
        total = counts.total
        start_figures.remember(prefs, copy, yesterday, {
            "pending": total.pending, "due_soon": total.due_soon, "overdue": total.overdue,
            "unassigned": total.unassigned, "missed": counts.missed}, counts.due_soon_days)

        shell = StartShell(prefs, copy)
        shell.resize(W, H)
        shell.show()
        for _ in range(5):
            app.processEvents()
        shoot(shell, out, f"{lang}-start-shell")
        print("shell tiles ", tile_places(shell, shell.tiles))

        ctx = AppContext(db, prefs)
        win = MainWindow(ctx)
        win.resize(W, H)
        win.show()
        app.processEvents()
        dash = win.current_page()
        shoot(win, out, f"{lang}-start-window-saved")
        print("window tiles", tile_places(win, dash.tiles), "(saved figures)" if dash._data is None else "(fresh!)")
        shell.hand_over()
        screens_common.settle(app, ctx, timeout=60.0)
        shoot(win, out, f"{lang}-start-window-fresh")
        print("fresh tiles ", tile_places(win, dash.tiles))
        win.close()
        ctx.close()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/ui"))
