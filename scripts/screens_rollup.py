"""Screenshots of the rollup window (File → Open rollup…) in Hindi and English at 1366×768: the stations ranked,
one station drilled down, the inspection planner, the compliance report page and its preview, a visit checklist.

    .venv/bin/python scripts/screens_rollup.py ROLLUP STATION_DB [OUT_DIR]

ROLLUP is a rollup file (or a postgresql:// URL) holding some stations; STATION_DB any station database (the
window's context; it is copied, never written). Writes PNGs to OUT_DIR (default screenshots/ui/). Look at them.
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
    screens_common.settle(app, ctx, timeout=120.0)


def main(location: str, station: Path, out: Path) -> None:
    app = create_application()
    from app.ui.context import AppContext
    from app.ui.rollup.window import RollupWindow, open_with_places

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    copy = tmp / "station.sqlite3"
    copy_database(station, copy)
    db = open_database(copy)
    ctx = AppContext(db, Preferences(tmp / "prefs.json"))
    previews = []
    for lang in ("hi", "en"):
        set_language(lang)
        store, places = open_with_places(location)
        win = RollupWindow(ctx, store, places)
        win._preview = lambda pdf, title, name: previews.append(pdf)  # shot below as a dialog
        win.resize(W, H)
        win.show()
        settle(app, ctx)
        shoot(win, out, f"rollup_stations_{lang}")
        first = win.stations.rows[0].code
        win.open_station(first)
        settle(app, ctx)
        shoot(win, out, f"rollup_station_{lang}")
        win.station.tabs.setCurrentIndex(1)
        settle(app, ctx)
        shoot(win, out, f"rollup_station_entries_{lang}")
        win.nav.setCurrentRow(2)
        settle(app, ctx)
        win.planner.include_all.setChecked(True)
        settle(app, ctx)
        shoot(win, out, f"rollup_planner_{lang}")
        win.nav.setCurrentRow(3)
        settle(app, ctx)
        shoot(win, out, f"rollup_report_{lang}")
        del win._preview
        from app.ui.dialogs.pdf_preview import PdfPreviewDialog

        win.report.doc_lang.setCurrentIndex(0 if lang == "hi" else 1)
        win.report._preview()
        settle(app, ctx)
        dialogs = [d for d in win.findChildren(PdfPreviewDialog)]
        if dialogs:
            dialogs[-1].resize(1000, 740)
            settle(app, ctx)
            shoot(dialogs[-1], out, f"rollup_report_preview_{lang}")
            dialogs[-1].close()
        win.visit_checklist(first)
        settle(app, ctx)
        dialogs = [d for d in win.findChildren(PdfPreviewDialog) if d.isVisible()]
        if dialogs:
            dialogs[-1].resize(1000, 740)
            settle(app, ctx)
            shoot(dialogs[-1], out, f"rollup_checklist_preview_{lang}")
            dialogs[-1].close()
        win.close()
        settle(app, ctx)
    ctx.close()
    db.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else Path("screenshots/ui"))
