"""Which station database the window works on: the one opened at start, and another one chosen from the
File menu (Open database…, New station…, Open the demo station).

Every database is opened the same way, at start or later (``StationSwitcher.open``): the start-up checks
(integrity off the GUI thread, guided recovery, the one-writer lock, migrations — ``startup.open_checked``),
the first-run wizard when the file has no station, then the sign-in. Only when all of that succeeded is
the current database closed cleanly (the backup when closing, the worker stopped, the instance lock
released) and a new window shown in place of the old one; a refusal or a cancel leaves the current
database open as it was. The choice is remembered in the preferences, so the next start opens the same file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app.i18n import _
from app.services.core.errors import UserError
from app.ui.context import AppContext
from app.ui.startup import DB_PREF


def demo_file() -> Path:
    from app.ui.dialogs.demo_station import demo_path

    return demo_path()


def same_file(a: Path | str | None, b: Path | str | None) -> bool:
    """Whether two paths name the same file (None, a server's database, is never a file)."""
    if a is None or b is None:
        return False
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def close_station(ctx) -> str | None:
    """Close ``ctx``'s database cleanly: the backup when closing (if data changed and the setting is on),
    the worker stopped, the engine disposed and the instance lock released. Returns a backup failure's
    message (the caller shows it), None otherwise."""
    from app.ui import backup_hooks

    try:
        # the worker stopped, then the backup; the file is free once it is copied, before the copy is verified
        failure = backup_hooks.close_with_backup(ctx)
    finally:
        ctx.close()  # the context (and its task runner) deleted at the next event loop pass
        ctx.db.close()
    return failure


class StationSwitcher(QObject):
    """Owns the main window and its station database for the whole run of the app.

    The steps are injectable so tests can replace the dialogs that would wait for a person."""

    def __init__(self, prefs, *, remember_start: bool = True,
                 open_checked: Callable | None = None, first_start: Callable | None = None,
                 sign_in: Callable | None = None, build_demo: Callable | None = None,
                 warn: Callable[[object, str], None] | None = None):
        super().__init__()
        from app.ui.startup import open_checked as checked

        self.prefs = prefs
        self.remember_start = remember_start
        self._open_checked = open_checked or checked
        # the defaults are imported when used: the wizard and the demo builder only for a file without a station
        self._first_start = first_start or run_first_start
        self._sign_in = sign_in or _sign_in_at_start
        self._build_demo = build_demo or _build_demo_station
        self._warn = warn or (lambda parent, text: QMessageBox.warning(parent, _("Anupalan"), text))
        self.window = None
        self.ctx: AppContext | None = None

    # --- opening -------------------------------------------------------------------------------
    def open(self, path: Path, early=None) -> AppContext | str | None:
        """Open ``path`` through the start-up's checks, run the first-run wizard when it has no station,
        and sign in. Returns the ready context, "failed" (the file could not be opened; the reason was
        shown) or None (the user cancelled). Nothing stays open on failure. ``early``: the check of
        ``path`` already under way (``startup.begin_check``)."""
        parent = self.window
        try:
            db = self._open_checked(path) if early is None else self._open_checked(path, early=early)
        except UserError as exc:
            self._warn(parent, exc.message)
            return "failed"
        if db is None:
            return "failed"
        ctx = AppContext(db, self.prefs)
        ctx.demo = db.storage.has_file and same_file(db.storage.path, demo_file())
        try:
            while True:
                started = self._first_start(ctx)
                if started != "demo":
                    break
                demo = self._build_demo_blocking(ctx)  # the wizard's "try the demo station"
                if demo is not None:
                    self._discard(ctx)
                    return self.open(Path(demo))  # the demo file is opened through the same checks
                # the demo could not be built (the reason was shown): back to the wizard
            if started:
                _mark_demo(ctx)
            if not started or not self._sign_in(ctx):
                self._discard(ctx)
                return None
        except BaseException:
            self._discard(ctx)
            raise
        return ctx

    def _build_demo_blocking(self, ctx) -> Path | None:
        from PySide6.QtCore import QEventLoop

        result: dict = {}
        loop = QEventLoop()

        def ready(path, result=result, loop=loop):
            result["path"] = path
            loop.quit()

        self._build_demo(ctx, self.window, ready)
        if "path" not in result:
            loop.exec()
        return result["path"]

    @staticmethod
    def _discard(ctx) -> None:
        ctx.close()
        ctx.db.close()

    # --- showing -------------------------------------------------------------------------------
    def start(self, path: Path, early=None) -> str:
        """At start: "ok" (the window is shown), "failed" or "cancelled"."""
        opened = self.open(path, early)
        if opened is None:
            return "cancelled"
        if isinstance(opened, str):
            return opened
        self._show(opened, remember=self.remember_start)
        return "ok"

    def _show(self, ctx: AppContext, *, remember: bool = True) -> None:
        _count_first_page_early(ctx)  # on the worker while the window is built here
        window = build_window(ctx)
        window.station_requested.connect(self.switch)
        old_window, old_ctx = self.window, self.ctx
        self.window, self.ctx = window, ctx
        window.show()  # before the old one closes, so the app never has no window
        if remember:
            if ctx.db.storage.has_file:  # never a server URL: it may hold a password
                self.prefs.set(DB_PREF, str(Path(ctx.db.storage.path).resolve()))
            try:
                self.prefs.save()
            except OSError:
                pass  # preferences are a convenience
        if old_window is not None:
            old_window.close()  # saves its layout; the session's idle watch stops
            failure = close_station(old_ctx)  # deletes the context with its task runner: no late result
            old_window.deleteLater()  # reaches the closed window
            if failure:
                self._warn(window, failure)
            ctx.status_message.emit(_("Opened {path}.").format(path=ctx.db.storage.location))

    def close_current(self) -> str | None:
        """When the app quits: close the current database cleanly."""
        if self.ctx is None:
            return None
        ctx, self.ctx = self.ctx, None
        return close_station(ctx)

    # --- the File menu ----------------------------------------------------------------------
    def switch(self, kind: str, path: str = "") -> None:
        if kind == "demo":
            self._build_demo(self.ctx, self.window, self._demo_ready)
            return
        if not path:
            return
        target = Path(path)
        if self.ctx is not None and same_file(target, self.ctx.db.storage.path):
            self.ctx.status_message.emit(_("That database is already open."))
            return
        if kind == "new" and target.exists() and target.stat().st_size > 0:
            self._warn(self.window, _(
                "{path} already exists. A new station needs a new file; to work on that one, use "
                "File → Open database….").format(path=target))
            return
        if kind == "open" and not target.is_file():
            self._warn(self.window, _("The database file {path} does not exist.").format(path=target))
            return
        self._switch_to(target)

    def _demo_ready(self, path) -> None:
        if path is None:
            return  # the builder showed why
        if self.ctx is not None and same_file(path, self.ctx.db.storage.path):
            self.ctx.status_message.emit(_("That database is already open."))
            return
        self._switch_to(Path(path))

    def _switch_to(self, path: Path) -> None:
        opened = self.open(path)
        if isinstance(opened, AppContext):
            self._show(opened)


def _mark_demo(ctx) -> None:
    """A demo station (built here or by ``anupalan demo``): its accounts and their one password, for the
    sign-in dialog and the window's demo banner."""
    from app.services.demo import demo_sign_in
    from app.ui.operations import Query

    ctx.demo_sign_in = Query(ctx, demo_sign_in).wait(_("Loading…"))
    ctx.demo = bool(getattr(ctx, "demo", False) or ctx.demo_sign_in is not None)


def _sign_in_at_start(ctx) -> bool:
    from app.ui import session

    return session.sign_in_at_start(ctx)


def _build_demo_station(ctx, parent, ready):
    from app.ui.dialogs.demo_station import build_demo_station

    return build_demo_station(ctx, parent, ready)


def _count_first_page_early(ctx: AppContext) -> None:
    """When the first page is Today (the window opens on it), its figures are counted from now on."""
    from app.ui.pages import PAGES

    if PAGES and PAGES[0].key == "dashboard":
        from app.ui.pages.dashboard import count_early

        count_early(ctx)


def build_window(ctx: AppContext):
    """The main window with its hooks: backups (status bar, timer, menu), recurring duties, read-only."""
    from app.ui.backup_hooks import BackupHooks
    from app.ui.main_window import MainWindow
    from app.ui.readonly import is_readonly
    from app.ui.recurring_hook import RecurringHook

    window = MainWindow(ctx)
    window.backup_hooks = BackupHooks(window, ctx)  # status bar, timer, Backup menu
    window.recurring_hook = RecurringHook(ctx, window)  # GD, Qmail … periods created as days pass
    help_menu = window.help_menu.menuAction()  # Help stays the last menu, after Backup
    window.menuBar().removeAction(help_menu)
    window.menuBar().addAction(help_menu)
    if is_readonly(ctx):
        # a restore would replace the file another window holds; settings are written beside it
        window.backup_hooks.restore_action.setEnabled(False)
        window.backup_hooks.settings_action.setEnabled(False)
    return window


# --- first start: no station in the database ----------------------------------------------------

def run_first_start(ctx) -> bool | str:
    """When the database has no station: the set-up wizard. True when there is a station (already, or
    set up now), "demo" when the user chose to try the demo station (app/ui/station_switch.py builds
    and opens it), False when the user closed the wizard."""
    from PySide6.QtWidgets import QDialog

    from app.services import station
    from app.ui.dialogs.first_run import FirstRunWizard
    from app.ui.operations import Query

    if Query(ctx, station.get_station).wait(_("Loading…")) is not None:  # on the worker, the GUI thread waiting
        return True
    wizard = FirstRunWizard(ctx)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return False
    return "demo" if wizard.choice == "demo" else True
