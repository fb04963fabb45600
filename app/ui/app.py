"""Starting the window: QApplication, the bundled font, the language, the database."""

from __future__ import annotations

import argparse

from app.i18n import LANGUAGES, DEFAULT_LANGUAGE, set_language


def parse_gui_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="anupalan")
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--lang", choices=sorted(LANGUAGES))
    parser.add_argument("--selftest", action="store_true")
    return parser.parse_args(argv)


def run_gui(argv: list[str]) -> int:
    args = parse_gui_args(argv)
    if args.selftest:
        from app.ui.selftest import run_selftest

        return run_selftest()
    from app.ui.qapp import create_application

    app = create_application()
    from app.ui.gc_guard import install as install_gc_guard

    gc_guard = install_gc_guard(app)  # cycles are collected on the GUI thread only  # noqa: F841
    from PySide6.QtWidgets import QMessageBox

    from app.services.core.errors import UserError
    from app.services.core.preferences import Preferences
    from app.ui.startup import begin_check, start_path

    prefs = Preferences()
    set_language(args.lang or prefs.get("language", DEFAULT_LANGUAGE))
    try:
        path, note = start_path(args.db, prefs)
    except UserError as exc:
        QMessageBox.warning(None, "Anupalan", exc.message)
        return 2
    # The quick integrity check reads the file on its own thread while this one imports the rest and
    # the first screen; nothing opens the database for work before its result (app/ui/startup.py).
    early = begin_check(path)
    from app.services.core.formatting import set_devanagari_digits
    from app.ui.qt_translations import activate as activate_qt_translations

    set_devanagari_digits(bool(prefs.get("devanagari_digits", False)))
    activate_qt_translations()  # Qt's own buttons and menus follow the language (app/ui/qt_translations.py)
    from app.ui.station_switch import StationSwitcher

    _import_first_screen()
    if note:
        QMessageBox.information(None, "Anupalan", note)
    switcher = StationSwitcher(prefs, remember_start=not args.db)
    started = switcher.start(path, early)
    if started != "ok":
        return 2 if started == "failed" else 0
    code = app.exec()
    failure = switcher.close_current()  # the backup when closing, the worker stopped, the lock released
    if failure:
        QMessageBox.warning(None, "Anupalan", failure)
    return code


def _import_first_screen() -> None:
    """Import what the main window and its first page need, while the start-up check still runs."""
    from app.ui.pages import PAGES

    if PAGES:
        PAGES[0].load()
