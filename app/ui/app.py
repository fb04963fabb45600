"""Starting the window: QApplication, the bundled font, the language, the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import LANGUAGES, DEFAULT_LANGUAGE, set_language
from ..paths import default_db_path


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="anupalan")
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--lang", choices=sorted(LANGUAGES))
    parser.add_argument("--selftest", action="store_true")
    return parser.parse_args(argv)


def create_application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from .fonts import install_app_font

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Anupalan")
    app.setOrganizationName("Anupalan")
    install_app_font(app)
    return app


def run_gui(argv: list[str]) -> int:
    args = parse_gui_args(argv)
    if args.selftest:
        from .selftest import run_selftest

        return run_selftest()
    app = create_application()
    from PySide6.QtWidgets import QMessageBox

    from ..services.db import open_database
    from ..services.errors import UserError
    from ..services.preferences import Preferences
    from .context import AppContext
    from .main_window import MainWindow

    prefs = Preferences()
    set_language(args.lang or prefs.get("language", DEFAULT_LANGUAGE))
    from ..services.formatting import set_devanagari_digits
    from .qt_translations import activate as activate_qt_translations

    set_devanagari_digits(bool(prefs.get("devanagari_digits", False)))
    activate_qt_translations()  # Qt's own buttons and menus follow the language (app/ui/qt_translations.py)
    path = Path(args.db) if args.db else default_db_path()
    from .startup import open_checked  # integrity check off the GUI thread, recovery, one-writer lock

    try:
        db = open_checked(path)
    except UserError as exc:
        QMessageBox.critical(None, "Anupalan", exc.message)
        return 2
    if db is None:
        return 2
    ctx = AppContext(db, prefs)
    if not run_first_start(ctx):
        ctx.tasks.shutdown()
        ctx.db.close()
        return 0
    from .session import sign_in_at_start  # the first administrator's account, or the sign-in

    if not sign_in_at_start(ctx):
        ctx.tasks.shutdown()
        ctx.db.close()
        return 0
    window = MainWindow(ctx)
    from .backup_hooks import BackupHooks, backup_on_close

    window.backup_hooks = BackupHooks(window, ctx)  # status bar, timer, Backup menu
    from .recurring_hook import RecurringHook

    window.recurring_hook = RecurringHook(ctx, window)  # GD, Qmail … periods created as days pass
    window.show()
    code = app.exec()
    failure = backup_on_close(ctx)
    if failure:
        QMessageBox.warning(None, "Anupalan", failure)
    ctx.tasks.shutdown()
    ctx.db.close()
    return code


# --- first start: no station in the database ----------------------------------------------------

def run_first_start(ctx) -> bool:
    """When the database has no station: the set-up wizard, or the demo station (opened in place of the
    empty database for this session). False when the user closed the wizard (the app then quits)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QDialog

    from ..services import station as station_service
    from ..services.db import open_database
    from .dialogs.first_run import FirstRunWizard, build_demo_station

    if station_service.get_station(ctx.db) is not None:
        return True
    while True:
        wizard = FirstRunWizard(ctx)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return False
        if wizard.choice != "demo":
            return True
        loop = QEventLoop()
        result: dict = {}

        def ready(path, result=result, loop=loop):
            result["path"] = path
            loop.quit()

        build_demo_station(ctx, None, ready)
        if "path" not in result:
            loop.exec()
        if result["path"] is None:
            continue  # the demo could not be built: the message was shown; back to the wizard
        empty = ctx.db
        ctx.db = open_database(result["path"])
        empty.close()
        ctx.demo = True
        return True
