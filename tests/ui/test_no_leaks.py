"""A closed window, its pages and its context are freed: nothing of one station session outlives it.

The UI suite once kept every window, page, context, database and SQLAlchemy engine of every test alive
(some 4 000 QObjects and 40 engines by its end, and every later test slower for them): the main window,
its session controller and its backup hooks connected lambdas holding ``self`` to the context's signals.
PySide holds such a lambda from C++ for as long as the sender lives, where the cycle collector cannot
see it, so context → lambda → window → context could never be collected. Each round below opens and
closes a session the way the app and the tests do; afterwards nothing of it may be left.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from app.services.station import open_database
from app.services.core.preferences import Preferences
from app.services.storage import copy_database
from app.services.station import init_station
from app.ui.context import AppContext
from app.ui.pages.pending import PendingPage
from app.ui.station_switch import build_window

from .waiting import wait_idle

pytestmark = pytest.mark.slow

ROUNDS = 2  # each round is the same session opened and closed: a leak shows in every round (its weak
# references alive) and as more live widgets after the second than after the first (the first also makes what lives
# on for good: fonts, styles, caches); more rounds would only repeat that


def live_widgets() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, QWidget))


def settle() -> None:
    """What the suite does after each test (conftest.py): run the queued deletions, collect on this thread."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def open_session(qtbot, template, folder, build):
    """A station database, a context on it and what ``build(ctx)`` makes of it (shown, worker idle)."""
    path = folder / "station.sqlite3"
    copy_database(template, path)
    db = open_database(path)
    init_station(db, "Kotwali Nagar", "Lucknow")
    ctx = AppContext(db, Preferences(folder / "prefs.json"))
    widget = build(ctx)
    widget.resize(1366, 768)
    widget.show()
    wait_idle(qtbot, ctx)
    return db, ctx, widget


def rounds(qtbot, tmp_path, template, build, close):
    """Open and close ROUNDS sessions; the weak references to what each made, and the number of live
    widgets after the first round and after the last."""
    refs, widgets = [], []
    for n in range(ROUNDS):
        db, ctx, widget = open_session(qtbot, template, tmp_path / f"round{n}", build)
        refs.append((weakref.ref(widget), weakref.ref(ctx), weakref.ref(db), weakref.ref(db.engine)))
        close(qtbot, db, ctx, widget)
        del db, ctx, widget
        settle()
        widgets.append(live_widgets())
    return refs, widgets


def alive(refs) -> list[str]:
    names = ("widget", "context", "database", "engine")
    return [f"round {n}: {name}" for n, row in enumerate(refs) for name, ref in zip(names, row) if ref() is not None]


def test_a_closed_main_window_and_its_context_are_freed(qtbot, tmp_path, _template_db):
    def build(ctx):
        window = build_window(ctx)  # with the session controller, the backup and recurring hooks
        for key in ("dashboard", "pending", "cases"):
            window.show_page(key)
        return window

    def close(qtbot, db, ctx, window):  # as the page tests did before contexts had close()
        wait_idle(qtbot, ctx)
        window.close()
        window.deleteLater()
        ctx.tasks.shutdown()
        db.close()

    refs, widgets = rounds(qtbot, tmp_path, _template_db, build, close)
    assert alive(refs) == []
    assert widgets[-1] <= widgets[0], widgets


def test_a_page_test_setup_and_teardown_leaves_nothing(qtbot, tmp_path, _template_db):
    """The ``ctx`` fixture's way: a page on its own, deleted as pytest-qt deletes it, the context closed."""
    def close(qtbot, db, ctx, page):
        wait_idle(qtbot, ctx)
        page.close()
        page.deleteLater()
        ctx.close()
        db.close()

    refs, widgets = rounds(qtbot, tmp_path, _template_db, PendingPage, close)
    assert alive(refs) == []
    assert widgets[-1] <= widgets[0], widgets


def test_a_table_deleted_while_its_keyboard_helper_waits_frees_the_helper(qtbot):
    """A table takes the focus (its helper asks to choose a row at the next turn of the event loop) and its
    page is deleted before that turn: the helper goes with it. With ``QTimer.singleShot(0, helper, ...)``
    PySide kept each such helper's Python object for good (725 over the UI suite: every window test)."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView, QVBoxLayout

    from app.ui.widgets import keyboard

    def page_deleted_while_its_table_takes_the_focus():
        page = QWidget()
        table = QTableView(page)
        table.setModel(QStandardItemModel(3, 2, table))
        QVBoxLayout(page).addWidget(table)
        keyboard.equip_page(page)
        page.show()
        QCoreApplication.sendEvent(table, QEvent(QEvent.Type.FocusIn))  # the helper asks for "soon"
        helper = table.findChild(keyboard._ChooseOnFocus)
        page.deleteLater()
        return weakref.ref(helper)

    helpers = [page_deleted_while_its_table_takes_the_focus() for _round in range(2)]
    settle()
    assert sum(ref() is not None for ref in helpers) == 0  # helpers still alive


def test_start_up_dialogs_are_deleted_once_answered(qtbot, station_db, monkeypatch):
    """The file is found damaged at start and the user restores the latest backup: the recovery dialog and
    the progress notes are gone afterwards (left to Python, each stayed alive for the whole session)."""
    from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

    from app.services import storage
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog
    from tests.services.storage.test_backup import damage, pad

    storage.make_backup(station_db.path)
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    made = []

    def choose_restore(dialog):
        made.append(weakref.ref(dialog))
        dialog.choice = "restore"

    monkeypatch.setattr(RecoveryDialog, "exec", choose_restore)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db = startup.open_checked(station_db.path)
    try:
        assert db is not None and made
        settle()
        left = [w for w in QApplication.topLevelWidgets() if isinstance(w, (RecoveryDialog, QProgressDialog))]
        assert left == [] and made[0]() is None
    finally:
        db.close()


def test_the_suite_sees_a_leaked_dialog(qtbot):
    """The check after every UI test (conftest.py) lists the top-level widgets still alive once the deletions
    ran and the cycles were collected: a dialog held by a lambda on its own button is one of them."""
    from PySide6.QtWidgets import QDialog, QPushButton

    from tests.ui.conftest import delete_later_now, top_level_widgets

    import shiboken6

    def leaky_dialog() -> int:
        dialog = QDialog()
        QPushButton(dialog).clicked.connect(lambda: dialog.accept())
        return shiboken6.getCppPointer(dialog)[0]

    key = leaky_dialog()
    delete_later_now()
    gc.collect()
    left = top_level_widgets().get(key)
    assert left is not None  # still alive: the suite's check would name it
    left.deleteLater()  # not leaked by this test, then
    delete_later_now()
    assert key not in top_level_widgets()


def test_station_and_language_switches_leave_one_window_one_context(qtbot, tmp_path, _template_db):
    """File → Open database… back and forth between two stations, every page shown and the language switched
    each time: the closed window, its pages, its context and its database are freed each time."""
    from app.services.core.preferences import Preferences
    from app.ui.pages.base import Page
    from app.ui.station_switch import StationSwitcher

    files = []
    for name in ("Kotwali Nagar", "Hazratganj"):
        path = tmp_path / f"{name.split()[0].lower()}.sqlite3"
        copy_database(_template_db, path)
        db = open_database(path)
        init_station(db, name, "Lucknow")
        db.close()
        files.append(path)
    switcher = StationSwitcher(Preferences(tmp_path / "prefs.json"), sign_in=lambda ctx: True,
                               warn=lambda _parent, text: None)

    def use_then_switch(language: str, target) -> list:
        window = switcher.window
        for key in window.page_keys():
            window.show_page(key)
        window.switch_language(language)
        wait_idle(qtbot, switcher.ctx)
        pages = window.findChildren(Page)
        refs = [weakref.ref(o) for o in (window, switcher.ctx, switcher.ctx.db, *pages)]
        switcher.switch("open", str(target))
        wait_idle(qtbot, switcher.ctx)
        return refs

    try:
        assert switcher.start(files[0]) == "ok"
        rounds = [use_then_switch("hi", files[1]), use_then_switch("en", files[0])]
        settle()
        assert all(len(refs) > 3 for refs in rounds)  # the window, its context, its database and its pages
        assert [[type(ref()).__name__ for ref in refs if ref() is not None] for refs in rounds] == [[], []]
    finally:
        window = switcher.window
        window.close()
        switcher.close_current()
        window.deleteLater()


def test_a_window_shared_on_purpose_is_not_a_leak(qtbot):
    """A window a module's tests share says so (``SHARED``): neither it nor its dialogs count as leaked."""
    from PySide6.QtWidgets import QDialog

    from tests.ui.conftest import SHARED, shared

    window, other = QWidget(), QWidget()
    qtbot.addWidget(window)
    qtbot.addWidget(other)
    window.setProperty(SHARED, True)
    assert shared(window) and shared(QDialog(window)) and not shared(other) and not shared(QDialog(other))
