"""The main window: navigation on the left, the current screen, a status bar.

The screens are built when first shown (``app/ui/page_host.py``): opening the window builds only the first.
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QToolButton, QWidget,
)

from app.i18n import LANGUAGES, _, current_language, set_language
from app.paths import data_dir
from app.services import station
from app.services.core.errors import readonly_message
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.operations import Query
from app.ui.page_host import PageHost
from app.ui.pages.base import Page
from app.ui.readonly import is_readonly

# A page's own shortcuts (a QShortcut or a QAction on the page, active while focus is inside it) are also
# routed to it from outside the page — the navigation list, the status bar — so Ctrl+N means "new FIR" on
# the case register whether or not the list has focus. Only the current page is asked: two pages may use
# the same key without ever both claiming it.
_PAGE_CONTEXTS = (Qt.ShortcutContext.WidgetWithChildrenShortcut, Qt.ShortcutContext.WidgetShortcut)
DATABASE_FILTER = "Anupalan (*.sqlite3 *.sqlite *.db);;*"


def page_keys(row: int) -> str:
    """The key that shows the page in navigation row ``row``: Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth."""
    return f"Ctrl+{(row + 1) % 10}"


class MainWindow(QMainWindow):
    # The File menu asks for another station database: ("open", path), ("new", path) or ("demo", "").
    # app/ui/station_switch.py opens it through the start-up's checks and replaces this window.
    station_requested = Signal(str, str)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self._station_name = ""
        self.host = PageHost(ctx, self)
        self.nav, self.stack = self.host.nav, self.host.stack
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.station_label = QLabel()
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.station_label)
        self.statusBar().addPermanentWidget(self.busy_label)
        self._build_status_bar()
        # The context's signals are connected to bound methods only, never to a lambda holding ``self``:
        # PySide keeps a lambda alive from C++ for as long as the sender (the context) lives, where the
        # cycle collector cannot see it, so the window, its pages and the database would stay alive with
        # it; a bound method's connection is dropped when this window is deleted.
        ctx.tasks.busy_changed.connect(self._busy)
        ctx.tasks.failed.connect(self._show_error)
        ctx.status_message.connect(self._show_status_message)
        self._build_menus()
        self._install_session()
        self.retranslate()
        self._restore_layout()
        self._load_station()
        self._connect_pending_navigation()
        if self.host.entries:
            self.nav.setCurrentRow(0)  # builds and shows the first page; the others wait until asked for

    # --- building -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = QAction(self)
        self.open_action.setObjectName("openDatabase")
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_database)
        self.new_station_action = QAction(self)
        self.new_station_action.setObjectName("newStation")
        self.new_station_action.triggered.connect(self.choose_new_station)
        self.demo_action = QAction(self)
        self.demo_action.setObjectName("openDemo")
        self.demo_action.triggered.connect(lambda: self.station_requested.emit("demo", ""))
        self.rollup_action = QAction(self)  # a circle or district office's view of its stations (app/ui/rollup)
        self.rollup_action.setObjectName("openRollup")
        self.rollup_action.triggered.connect(self.open_rollup)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.import_action = QAction(self)
        self.import_action.setObjectName("importSheet")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.show_import_assistant)
        for action in (self.open_action, self.new_station_action, self.demo_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.rollup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            self.view_menu.addAction(action)
            self.language_actions[code] = action
        self.page_actions: list[QAction] = []
        for i, _entry in enumerate(self.host.entries[:10]):  # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth
            action = QAction(self)
            action.setShortcut(QKeySequence(page_keys(i)))
            action.triggered.connect(lambda _checked=False, row=i: self.go_to_page(row))
            self.addAction(action)
            self.page_actions.append(action)
        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.setObjectName("keyboardShortcuts")
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)

    def retranslate(self) -> None:
        title = _("Anupalan — CCTNS duty compliance")
        if is_readonly(self.ctx):
            title = _("{title} — read-only").format(title=title)
        self.setWindowTitle(f"{title} [{self.ctx.db.storage.title}]")
        self.file_menu.setTitle(_("&File"))
        self.open_action.setText(_("&Open database…"))
        self.open_action.setToolTip(_("Work on another station's database file (this one is closed first)"))
        self.new_station_action.setText(_("&New station…"))
        self.new_station_action.setToolTip(_("Set up a new station in a new database file"))
        self.demo_action.setText(_("Open the &demo station"))
        self.demo_action.setToolTip(_("A made-up busy station for trying Anupalan; your station's data is not touched"))
        self.import_action.setText(_("&Import a spreadsheet…"))
        self.import_action.setToolTip(_("Cases or events from the station's spreadsheets, or a list from CAS to reconcile"))
        self.rollup_action.setText(_("Open &rollup…"))
        self.rollup_action.setToolTip(_("A circle or district office's view of its stations, from their bundles"))
        self.quit_action.setText(_("&Quit"))
        self.view_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.host.retranslate()  # built pages' texts and every navigation title
        self._update_station_label()
        self._retranslate_status_bar()

    # --- who is signed in (app/ui/session.py: account menu, status bar, idle lock) --------------
    def _install_session(self) -> None:
        from app.ui.session import SessionController

        self.session = SessionController(self, self.ctx)

    # --- the pages (app/ui/page_host.py) -----------------------------------------------------
    def page_keys(self) -> list[str]:
        """Every page's key, in navigation order (Ctrl+1 is the first)."""
        return self.host.keys()

    def page(self, key: str) -> Page | None:
        """The page for ``key``, built if it was not yet, without showing it."""
        return self.host.page(key)

    def built_pages(self) -> list[Page]:
        return self.host.built_pages()

    def build_all_pages(self) -> list[Page]:
        """Build every page (for checks that walk all of them); in navigation order."""
        return self.host.build_all()

    def current_page(self) -> Page | None:
        return self.host.current_page()

    def go_to_page(self, row: int) -> None:
        """Ctrl+1 … Ctrl+0: show the page and put the keyboard inside it (unless the page already took it)."""
        self.nav.setCurrentRow(row)
        self.host.focus_into_current()

    def show_shortcuts(self):
        """Help → Keyboard shortcuts (F1): every key of the window, read from its actions."""
        from app.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- the current page's shortcuts, from outside the page ------------------------------------
    def keyPressEvent(self, event) -> None:
        if self.route_key_to_page(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def route_key_to_page(self, event) -> bool:
        """A key that reached the window unused (focus in the navigation list or outside any page):
        trigger the current page's shortcut for it, if it has exactly one that is enabled."""
        page = self.current_page()
        focus = QApplication.focusWidget()
        if page is None or (focus is not None and (focus is page or page.isAncestorOf(focus))):
            return False  # inside the page Qt's shortcut map already had its say
        combo = event.keyCombination()
        pressed = QKeySequence(combo.key() | (combo.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier))
        hits: list = []
        for action in page.actions():
            if action.isEnabled() and action.shortcutContext() in _PAGE_CONTEXTS and pressed in action.shortcuts():
                hits.append(action.trigger)
        for shortcut in page.findChildren(QShortcut):
            if (shortcut.parent() is page and shortcut.isEnabled() and shortcut.context() in _PAGE_CONTEXTS
                    and pressed in shortcut.keys()):
                hits.append(shortcut.activated.emit)
        if len(hits) != 1:
            return False
        hits[0]()
        return True

    def show_import_assistant(self) -> None:
        """File → Import…: the import assistant (app/ui/dialogs/import_assistant.py)."""
        from app.ui.dialogs.import_assistant import ImportAssistant
        from app.ui.readonly import refuse_if_readonly

        if refuse_if_readonly(self.ctx, self):  # said before the file and the columns are chosen, not at the end
            return
        ImportAssistant(self.ctx, self).exec()

    # --- File menu: another station database ----------------------------------------------------
    def _database_folder(self) -> Path:
        """Where the file dialogs start: the open file's folder, or the data folder for a server's database."""
        storage = self.ctx.db.storage
        return storage.path.parent if storage.has_file else data_dir()

    def choose_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a station database"),
                                                    str(self._database_folder()), DATABASE_FILTER)
        if path:
            self.station_requested.emit("open", path)

    def choose_new_station(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("A new file for the new station"),
                                                    str(self._database_folder() / "station.sqlite3"),
                                                    DATABASE_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".sqlite3"
            self.station_requested.emit("new", path)

    def open_rollup(self) -> None:
        """File → Open rollup…: the circle or district rollup in its own window (app/ui/rollup)."""
        from app.ui.rollup.window import open_rollup_window

        open_rollup_window(self)

    def show_page(self, key: str) -> Page | None:
        return self.host.show(key)

    def switch_language(self, code: str) -> None:
        set_language(code)
        self.ctx.prefs.set("language", code)
        self.ctx.language_changed.emit(code)
        self.retranslate()

    def _load_station(self) -> None:
        Query(self, station.get_station).success(self._station_loaded).run()

    def _station_loaded(self, station) -> None:
        self._station_name = "" if station is None else f"{station.name}, {station.district}"
        self._update_station_label()

    def _update_station_label(self) -> None:
        if self._station_name:
            self.station_label.setText(_("Station: {name}").format(name=self._station_name))
        else:
            self.station_label.setText(_("No station set up yet"))
        self.station_label.setToolTip(_("Database file: {path}").format(path=self.ctx.db.storage.location))

    def _show_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _busy(self, busy: bool, label: str) -> None:
        self.busy_label.setText(label if busy else "")

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, _("Anupalan"), message)

    # --- dashboard → pending workbench ---------------------------------------------------------
    def _connect_pending_navigation(self) -> None:
        """A number clicked anywhere (``ctx.open_pending``) shows the pending workbench; the page itself
        applies the filter (it listens to the same signal)."""
        self.ctx.open_pending.connect(self._open_pending)
        self.ctx.open_page.connect(self.show_page)  # e.g. the dashboard's equipment and support numbers

    def _open_pending(self, flt: dict) -> None:
        built = self.host.is_built("pending")
        page = self.show_page("pending")
        if not built and page is not None:
            page.show_filter(flt)  # built just now: it connects to open_pending too late for this signal

    # --- layout memory (the pages' own: app/ui/page_host.py) ---------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.ctx.prefs.get("window_geometry")
        if geometry:
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
                return
            except (ValueError, TypeError):
                pass
        self.resize(1280, 720)

    def closeEvent(self, event) -> None:
        for child in self.findChildren(QMainWindow, "rollupWindow"):  # opened from here: closed with it, cleanly
            child.close()  # (else deleted with this window, its store never closed)
        self.ctx.prefs.set("window_geometry", base64.b64encode(bytes(self.saveGeometry())).decode("ascii"))
        self.host.save_layouts()
        try:
            self.ctx.prefs.save()
        except Exception:  # preferences are a convenience; never block closing
            pass
        super().closeEvent(event)

    # --- status bar: station, signed-in person, last backup, clock warning -----------------------------
    def _build_status_bar(self) -> None:
        """The station (left, with the busy text), then the signed-in person, the last backup and — only
        when the engine sees one — a warning that the PC's clock is wrong (click for the whole message)."""
        self._signed_in: str | None = None
        self._last_backup = None  # a datetime, or None when no backup is known
        self._clock_warning: str | None = None
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoStation")
        self.demo_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.demo_label.hide()
        self.person_label = QLabel()
        self.person_label.setObjectName("signedInPerson")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("lastBackup")
        self.clock_button = QToolButton()
        self.clock_button.setObjectName("clockWarning")
        self.clock_button.setAutoRaise(True)
        self.clock_button.setStyleSheet("QToolButton { color: #b00020; font-weight: bold; }")
        self.clock_button.clicked.connect(self._show_clock_warning)
        self.clock_button.hide()
        self.file_label = QLabel()
        self.file_label.setObjectName("databaseFile")
        self.statusBar().addWidget(self.file_label)
        self.readonly_label = QLabel()
        self.readonly_label.setObjectName("readOnly")
        self.readonly_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.readonly_label.setVisible(is_readonly(self.ctx))
        self._vacant: list = []  # roles nobody holds today (app/services/role_cover.py)
        self.vacancy_button = QToolButton()
        self.vacancy_button.setObjectName("vacantRoles")
        self.vacancy_button.setAutoRaise(True)
        self.vacancy_button.setStyleSheet("QToolButton { color: #b00020; font-weight: bold; }")
        self.vacancy_button.clicked.connect(lambda: self.show_page("staff"))
        self.vacancy_button.hide()
        bar = self.statusBar()
        # permanent (right-hand) widgets stay in sight while a passing message shows on the left
        bar.addPermanentWidget(self.readonly_label)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.vacancy_button)
        bar.addPermanentWidget(self.clock_button)
        bar.addPermanentWidget(self.person_label)
        bar.addPermanentWidget(self.backup_label)
        self.ctx.changed.connect(self._data_changed)
        self.ctx.language_changed.connect(self._language_changed)  # the clock message is in the language
        self._check_clock()
        self.check_vacant_roles()

    def set_signed_in(self, name: str | None) -> None:
        """The person signed in (the accounts layer calls this); None: nobody."""
        self._signed_in = name
        self._retranslate_status_bar()

    def set_last_backup(self, when) -> None:
        """The time of the last good backup (the backup layer calls this); None: none yet."""
        self._last_backup = when
        self._retranslate_status_bar()

    def _retranslate_status_bar(self) -> None:
        if not hasattr(self, "person_label"):
            return
        from app.services.core.formatting import format_datetime

        demo = getattr(self.ctx, "demo_sign_in", None)
        self.demo_label.setText(_("Demo station: made-up data") if demo is None else _(
            "Demo station · password {password} for {users}").format(
            password=demo.password, users=", ".join(demo.usernames)))
        self.demo_label.setToolTip(_("Demo station: made-up data"))
        self.demo_label.setVisible(bool(getattr(self.ctx, "demo", False)))
        self.file_label.setText(_("File: {name}").format(name=self.ctx.db.storage.title))
        self.file_label.setToolTip(self.ctx.db.storage.location)
        self.readonly_label.setText(_("Read-only: nothing can be changed"))
        self.readonly_label.setToolTip(readonly_message())
        if self._vacant:
            names = ", ".join(role.name() for role in self._vacant)
            self.vacancy_button.setText(_("⚠ Nobody holds: {roles}").format(roles=names))
            self.vacancy_button.setToolTip(_(
                "Nobody holds these roles today, so every new entry they owe is unassigned. "
                "Click to assign them on the Staff page."))
        self.vacancy_button.setVisible(bool(self._vacant))
        self.person_label.setText(_("Signed in: {name}").format(name=self._signed_in) if self._signed_in
                                  else _("Not signed in"))
        self.backup_label.setText(_("Last backup: {when}").format(when=format_datetime(self._last_backup))
                                  if self._last_backup else _("Last backup: none yet"))
        self.clock_button.setText(_("⚠ The PC's clock looks wrong"))
        self.clock_button.setToolTip(self._clock_warning or "")
        self.clock_button.setVisible(bool(self._clock_warning))

    def _check_clock(self) -> None:
        from app.services.obligations import clock_warning

        Query(self, clock_warning).success(self._clock_checked).run()

    def _clock_checked(self, warning: str | None) -> None:
        self._clock_warning = warning
        self._retranslate_status_bar()

    def _data_changed(self, changes: Changes) -> None:
        self._check_clock()  # any change may bring a record later than the PC's clock
        if changes.staff:
            self.check_vacant_roles()

    def _language_changed(self, _code: str) -> None:
        if self._clock_warning:  # only its words change with the language: no warning, nothing to read again
            self._check_clock()

    def check_vacant_roles(self) -> None:
        from app.services.staff import vacant_roles

        Query(self, vacant_roles).success(self._vacant_checked).run()

    def _vacant_checked(self, vacant: list) -> None:
        self._vacant = list(vacant)
        self._retranslate_status_bar()

    def _show_clock_warning(self) -> None:
        if self._clock_warning:
            QMessageBox.warning(self, _("The PC's clock"), self._clock_warning)
