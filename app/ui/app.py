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
    """The window: the shell at once, the station opened off the GUI thread, then the event loop; the exit
    code."""
    args = parse_gui_args(argv)
    if args.selftest:
        from app.ui.selftest import run_selftest

        return run_selftest()
    from app.ui.qapp import create_application

    app = create_application()
    from app.ui.gc_guard import install as install_gc_guard

    gc_guard = install_gc_guard(app)  # cycles are collected on the GUI thread only  # noqa: F841
    chosen = _preferences_and_path(args)
    if isinstance(chosen, int):
        return chosen
    prefs, path, note = chosen
    # The window at once, with the figures counted at the last close (app/ui/shell.py); nothing heavy is
    # imported yet. The worker then imports SQLAlchemy, the models and the first screen and starts the
    # quick integrity check; every step that opens the file for work still waits for that check's result
    # (app/ui/startup.py) and runs off this thread, which keeps drawing the window meanwhile.
    shell = show_shell(app, prefs, path)
    early = wait_quietly(begin_preload(path))
    if shell.quit_requested:  # closed while the worker imported: nothing was opened
        shell.deleteLater()
        app.setQuitOnLastWindowClosed(True)
        return 0
    return _run_station(app, shell, prefs, path, note, early, remember_start=not args.db)


def _preferences_and_path(args):
    """(preferences, the station file to open, a note to show) with the language and digits set; or the exit
    code 2 when the file asked cannot be used (said in a message box)."""
    from PySide6.QtWidgets import QMessageBox

    from app.services.core.errors import UserError
    from app.services.core.preferences import Preferences
    from app.ui.startup import start_path

    prefs = Preferences()
    set_language(args.lang or prefs.get("language", DEFAULT_LANGUAGE))
    try:
        path, note = start_path(args.db, prefs)
    except UserError as exc:
        QMessageBox.warning(None, "Anupalan", exc.message)
        return 2
    from app.services.core.formatting import set_devanagari_digits

    set_devanagari_digits(bool(prefs.get("devanagari_digits", False)))  # before the shell's numbers are drawn
    return prefs, path, note


def _run_station(app, shell, prefs, path, note, early, *, remember_start: bool) -> int:
    """The station opened in the main window in the shell's place, the event loop run, the station closed
    (its backup taken); the exit code."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui.qt_translations import activate as activate_qt_translations

    activate_qt_translations()  # Qt's own buttons and menus follow the language (app/ui/qt_translations.py)
    from app.ui.station_switch import StationSwitcher

    if note:
        QMessageBox.information(shell, "Anupalan", note)
    switcher = StationSwitcher(prefs, remember_start=remember_start)
    prefs.set("window_geometry", _geometry(shell))  # the main window opens where the shell is now
    started = switcher.start(path, early)
    quit_asked = shell.quit_requested
    shell.hand_over()  # the main window is shown in its place (or the start failed: it goes)
    shell.deleteLater()  # its tiles' lambdas hold it from C++: Python alone would keep it for the session
    app.setQuitOnLastWindowClosed(True)
    if started != "ok":
        return 2 if started == "failed" else 0
    if quit_asked:  # closed while the file was being opened: open nothing more, close cleanly
        switcher.window.close()
        code = 0
    else:
        replay(shell.queued, switcher.window)
        code = app.exec()
    failure = switcher.close_current()  # the backup when closing, the worker stopped, the lock released
    if failure:
        QMessageBox.warning(None, "Anupalan", failure)
    return code


def show_shell(app, prefs, path):
    """The start-up window, drawn now (before anything heavy is imported)."""
    from app.ui.shell import StartShell

    app.setQuitOnLastWindowClosed(False)  # closing the shell says "quit" to the start, which then stops itself
    shell = StartShell(prefs, path)
    shell.show()
    shell.repaint()
    app.processEvents()
    return shell


def begin_preload(path):
    """On a thread of its own: import what opening the file and the first screen need, start the quick integrity
    check (``startup.begin_check``) as soon as the storage is imported, go on importing meanwhile. Its result is
    the check's Future."""
    from app.ui.startup import off_gui

    def preload():
        from app.ui.startup import begin_check

        early = begin_check(path)  # imports the storage (SQLAlchemy) here, off the GUI thread
        import app.ui.station_switch  # noqa: F401 — the context, the task runner, the start-up dialogs' module
        import app.ui.main_window  # noqa: F401

        _import_first_screen()
        return early

    return off_gui(preload)


def wait_quietly(future):
    """Wait for ``future`` while the GUI thread keeps drawing and handling the shell (no progress note: the
    shell says what happens)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not future.done():
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(10)
        poll.timeout.connect(lambda: future.done() and loop.quit())  # polled here: no cross-thread Qt
        poll.start()
        loop.exec()
        poll.stop()
    return future.result()


def replay(queued, window) -> None:
    """What the user clicked in the shell, done now on the open file: a page, or a number's entries."""
    if not queued:
        return
    kind, value = queued
    if kind == "page":
        window.show_page(value)
    elif kind == "filter":
        window.ctx.open_pending.emit(dict(value))


def _geometry(widget) -> str:
    import base64

    return base64.b64encode(bytes(widget.saveGeometry())).decode("ascii")


def _import_first_screen() -> None:
    """Import what the main window and its first page need (on the preload thread)."""
    from app.ui.pages import PAGES

    if PAGES:
        PAGES[0].load()
