"""Screenshots of what the demo station now fills, in Hindi and English at 1366×768: the sign-in with the demo
password, Today with the demo banner, today's plan, equipment and faults, handholding staff (attendance,
training, user ids, campaigns), inspections and the audit trail.

    .venv/bin/python scripts/screens_demo.py DEMO.sqlite3 [OUT_DIR]

Writes PNGs to OUT_DIR (default screenshots/demo/). Look at them: clipped or overflowing text is a bug.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import set_language  # noqa: E402
from app.services.station import open_database  # noqa: E402
from app.services.core.preferences import Preferences  # noqa: E402
from app.ui.qapp import create_application  # noqa: E402
from screens_common import H, W, copy_database, settle, shoot  # noqa: E402


def main(demo: Path, out: Path) -> None:
    app = create_application()
    from app.services import accounts
    from app.services.demo import DEMO_PASSWORD
    from app.ui.context import AppContext
    from app.ui.dialogs.sign_in import SignInDialog
    from app.ui.main_window import MainWindow
    from app.ui.session import apply_sign_in
    from app.ui.station_switch import _mark_demo

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    for lang in ("hi", "en"):
        set_language(lang)
        copy = tmp / f"demo-{lang}.sqlite3"
        copy_database(demo, copy)
        db = open_database(copy)
        ctx = AppContext(db, Preferences(tmp / f"prefs-{lang}.json"))
        _mark_demo(ctx)
        dialog = SignInDialog(ctx, username=ctx.demo_sign_in.usernames[0])
        dialog.set_demo(ctx.demo_sign_in)
        dialog.show()
        settle(app, ctx)
        shoot(dialog, out, f"{lang}-sign-in")
        dialog.close()
        apply_sign_in(ctx, accounts.sign_in(db, "operator", DEMO_PASSWORD))
        window = MainWindow(ctx)
        window.resize(W, H)
        window.show()
        settle(app, ctx)
        today = window.show_page("dashboard")
        settle(app, ctx)
        shoot(window, out, f"{lang}-today")
        grid = today.person_grid
        grid.setCurrentCell(0 if grid.rowCount() < 2 else 1, 1)
        today.open_plan()
        settle(app, ctx)
        plan = next(w for w in app.topLevelWidgets() if w.objectName() == "todayPlan" and w.isVisible())
        settle(app, ctx)
        shoot(plan, out, f"{lang}-today-plan")
        plan.close()
        for key in ("equipment", "support", "inspections", "audit"):
            page = window.show_page(key)
            settle(app, ctx)
            shoot(window, out, f"{lang}-{key}")
            if key == "support":
                for i in range(1, page.tabs.count()):
                    page.tabs.setCurrentIndex(i)
                    settle(app, ctx)
                    shoot(window, out, f"{lang}-support-{i}")
            if key == "inspections" and hasattr(page, "table") and page.table.rowCount() > 1:
                page.table.selectRow(1)
                settle(app, ctx)
                shoot(window, out, f"{lang}-inspections-older")
        window.close()
        ctx.close()
        db.close()


if __name__ == "__main__":
    demo_path = Path(sys.argv[1])
    out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("screenshots/demo")
    main(demo_path, out_dir)
