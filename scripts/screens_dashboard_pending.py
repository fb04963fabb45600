"""Screenshots of the dashboard and the pending workbench (and its three dialogs), in Hindi and English,
at 1366×768, on the demo station.

    .venv/bin/python scripts/screens_dashboard_pending.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/ui/). Works on a copy: nothing is written to DEMO.
Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language
from app.services.station import open_database
from app.services.core.preferences import Preferences
from app.ui.qapp import create_application
import screens_common  # noqa: E402
from screens_common import H, W, copy_database, shoot  # noqa: E402


def settle(app, ctx) -> None:
    """The dashboard and the pending workbench load more of the demo: a longer wait."""
    screens_common.settle(app, ctx, timeout=60.0)


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    for lang in ("hi", "en"):
        set_language(lang)
        copy = tmp / f"demo-{lang}.sqlite3"
        copy_database(demo, copy)
        db = open_database(copy)
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        win = MainWindow(ctx)
        win.resize(W, H)
        win.show()
        settle(app, ctx)
        dash = win.show_page("dashboard")
        settle(app, ctx)
        shoot(win, out, f"{lang}-dashboard")

        # a click on the IO's overdue number
        grid = dash.role_grid
        for r in range(grid.rowCount()):
            flt = grid.filter_at(r, 3)
            if flt and flt.get("role") == "io":
                dash.open_filter(flt)
                break
        settle(app, ctx)
        pending = win.stack.currentWidget()
        shoot(win, out, f"{lang}-pending-io-overdue")
        pending.show_filter({})
        settle(app, ctx)
        shoot(win, out, f"{lang}-pending")

        pending.table.selectRow(0)
        pending.table.selectionModel().select(
            pending.model.index(3, 0), pending.table.selectionModel().SelectionFlag.Select
            | pending.table.selectionModel().SelectionFlag.Rows)
        pending.mark_entered()
        settle(app, ctx)
        shoot(pending.dialog, out, f"{lang}-mark-entered")
        pending.dialog.reject()
        pending.table.selectRow(1)
        pending.not_applicable()
        pending.dialog.submit()  # no reason: the message beside the field
        settle(app, ctx)
        shoot(pending.dialog, out, f"{lang}-not-applicable-error")
        pending.dialog.reject()
        pending.show_filter({"statuses": ("entered",)})
        settle(app, ctx)
        pending.table.selectRow(0)
        pending.verify()
        settle(app, ctx)
        shoot(pending.dialog, out, f"{lang}-verify")
        pending.dialog.reject()
        win.close()
        ctx.tasks.shutdown()
        db.close()


if __name__ == "__main__":
    demo_file = Path(sys.argv[1])
    main(demo_file, Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "screenshots" / "ui")
