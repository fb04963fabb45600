"""Screenshots of every page of the main window at 1366×768, in Hindi and English, on the demo station,
with the first row of each table chosen (so the detail panels show).

    .venv/bin/python scripts/screens_all_pages.py DEMO.sqlite3 [OUT_DIR]

Writes OUT_DIR/{hi,en}-page-KEY.png (default screenshots/pages/). Works on a copy of DEMO. Look at them:
a key column cut off, a table that scrolls sideways or clipped text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.services.station import open_database
from app.ui.qapp import create_application
import screens_common  # noqa: E402
from screens_common import H, W, copy_database, shoot  # noqa: E402


def first_rows(page) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisibleTo(page) and model is not None and model.rowCount() and not view.selectionModel().hasSelection():
            view.setCurrentIndex(model.index(0, 0))


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.station_switch import build_window

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    copy = tmp / "demo.sqlite3"
    copy_database(demo, copy)
    db = open_database(copy)
    for lang in ("hi", "en"):
        set_language(lang)
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        win = build_window(ctx)  # with its Backup menu, as the app opens it
        win.resize(W, H)
        win.show()
        screens_common.settle(app, ctx, 60)
        for key in win.page_keys():
            page = win.show_page(key)
            screens_common.settle(app, ctx, 60)
            first_rows(page)
            screens_common.settle(app, ctx, 60)
            shoot(win, out, f"{lang}-page-{key}")
        win.close()
        ctx.close()
    db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/pages"))
