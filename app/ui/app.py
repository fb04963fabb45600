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
    try:
        db = open_database(path)
    except UserError as exc:
        QMessageBox.critical(None, "Anupalan", exc.message)
        return 2
    ctx = AppContext(db, prefs)
    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    ctx.tasks.shutdown()
    db.close()
    return code
