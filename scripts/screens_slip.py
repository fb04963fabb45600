"""Screenshots of printing one person's roll-call slip from the window — Staff, Today and Pending, and the
preview it opens — in Hindi and English at 1366×768, on a copy of the demo station.

    .venv/bin/python scripts/screens_slip.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/ui/). Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.services.station import open_database  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
import screens_common  # noqa: E402
from screens_common import H, W, copy_database, shoot  # noqa: E402


def settle(app, ctx) -> None:
    screens_common.settle(app, ctx, timeout=60.0)


def preview(app, ctx, page, out: Path, name: str) -> None:
    page.print_slip()
    settle(app, ctx)
    dialog = page.slip_preview
    if dialog is None:
        raise SystemExit(f"{name}: no slip preview opened")
    dialog.resize(1000, 740)
    settle(app, ctx)
    shoot(dialog, out, name)
    dialog.close()


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

        staff_page = win.show_page("staff")
        settle(app, ctx)
        staff_page.table.selectRow(0)
        settle(app, ctx)
        shoot(win, out, f"{lang}-slip-staff")
        preview(app, ctx, staff_page, out, f"{lang}-slip-preview-staff")

        dash = win.show_page("dashboard")
        settle(app, ctx)
        dash.person_grid.setCurrentCell(1, 1)  # row 0 is the unassigned entries
        shoot(win, out, f"{lang}-slip-today")
        preview(app, ctx, dash, out, f"{lang}-slip-preview-today")

        pending = win.show_page("pending")
        settle(app, ctx)
        pending.table.selectRow(0)
        settle(app, ctx)
        shoot(win, out, f"{lang}-slip-pending")
        preview(app, ctx, pending, out, f"{lang}-slip-preview-pending")
        win.close()
        ctx.close()
    print(f"wrote screenshots to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/ui"))
