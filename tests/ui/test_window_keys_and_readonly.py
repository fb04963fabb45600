"""The main window: a page's shortcuts reach it from the navigation list (only the current page's), Ctrl+1…9
put the keyboard inside the page; read-only mode marks the window and refuses every form up front;
a role nobody holds is announced in the status bar with a way to the staff page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import staff
from app.services.station import open_database
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.changes import Changes
from app.ui.operations import Op

CTRL = Qt.KeyboardModifier.ControlModifier


def open_window(qtbot, db, tmp_path):
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    window = MainWindow(ctx)  # closed by the fixtures once the worker is idle (qtbot would delete it first)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    return ctx, window


@pytest.fixture
def window(qtbot, station_db, tmp_path):
    ctx, window = open_window(qtbot, station_db, tmp_path)
    yield window
    close(qtbot, ctx, window)


def close(qtbot, ctx, window) -> None:
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    window.close()
    ctx.close()
    window.deleteLater()


def spy_shortcut(page, keys: str) -> list:
    """Calls of the page's own shortcut for ``keys`` (a QShortcut on the page or a QAction added to it)."""
    seq = QKeySequence(keys)
    fired: list = []
    for sc in page.findChildren(QShortcut):
        if sc.parent() is page and seq in sc.keys():
            sc.activated.connect(lambda: fired.append(keys))
    for action in page.actions():
        if seq in action.shortcuts():
            action.triggered.connect(lambda _c=False: fired.append(keys))
    return fired


def neutralise(page, keys: str) -> None:
    """Keep the shortcut (so routing finds it) but stop its slot from opening a modal dialog in the test."""
    seq = QKeySequence(keys)
    for sc in page.findChildren(QShortcut):
        if sc.parent() is page and seq in sc.keys():
            sc.activated.disconnect()
    for action in page.actions():
        if seq in action.shortcuts():
            action.triggered.disconnect()


def test_page_shortcut_works_from_the_navigation_list_and_only_for_the_current_page(qtbot, window):
    cases = window.page("cases")
    pending = window.page("pending")
    neutralise(cases, "Ctrl+N")  # new FIR: the form would wait for a person
    for page in (cases, pending):
        neutralise(page, "F5")  # both pages reload with F5: the same key on two pages
    new_fir = spy_shortcut(cases, "Ctrl+N")
    reload_cases, reload_pending = spy_shortcut(cases, "F5"), spy_shortcut(pending, "F5")
    window.show_page("cases")
    window.nav.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.nav)
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    qtbot.keyClick(window.nav, Qt.Key.Key_F5)
    assert new_fir == ["Ctrl+N"] and reload_cases == ["F5"] and reload_pending == []
    window.show_page("pending")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F5)
    assert reload_cases == ["F5"] and reload_pending == ["F5"]
    # pending's Ctrl+N (not applicable) is switched off with nothing selected: neither page takes the key
    not_applicable = spy_shortcut(pending, "Ctrl+N")
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)
    assert not_applicable == [] and new_fir == ["Ctrl+N"]
    # inside the page Qt's own shortcut fires once; the window does not fire it a second time
    pending.table.setFocus()
    qtbot.waitUntil(lambda: pending.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(pending.table, Qt.Key.Key_F5)
    assert reload_pending == ["F5", "F5"]


def test_a_key_no_page_shortcut_claims_is_left_alone(qtbot, window):
    window.show_page("cases")
    window.nav.setFocus()
    row = window.nav.currentRow()
    qtbot.keyClick(window.nav, Qt.Key.Key_J, CTRL)  # nobody's shortcut: nothing happens, nothing breaks
    assert window.nav.currentRow() == row


def test_ctrl_digit_puts_the_keyboard_inside_the_page(qtbot, window):
    window.nav.setFocus()
    staff_row = window.page_keys().index("staff")
    window.page_actions[staff_row].trigger()
    page = window.page("staff")
    assert window.current_page() is page
    assert page.isAncestorOf(QApplication.focusWidget())


@pytest.fixture
def readonly_window(qtbot, station_db, tmp_path):
    path = station_db.path
    station_db.close()
    db = open_database(path, readonly=True)
    ctx, window = open_window(qtbot, db, tmp_path)
    yield ctx, window
    close(qtbot, ctx, window)
    db.close()


def test_read_only_window_says_so_and_refuses_forms_up_front(qtbot, readonly_window):
    ctx, window = readonly_window
    assert "read-only" in window.windowTitle()
    assert window.readonly_label.isVisible() and "Read-only" in window.readonly_label.text()
    cases = window.show_page("cases")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    assert cases.table.rowCount() == 0  # reading works (an empty register)
    cases.new_case()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "readonlyRefusal" and w.isVisible()]
    assert boxes and "read-only" in boxes[-1].text()
    dialogs = [w for w in cases.children() if w.__class__.__name__ == "CaseDialog"]
    assert all(not d.isVisible() for d in dialogs)  # the form never opened
    for box in boxes:
        box.close()


def test_read_only_refuses_a_write_without_a_form_with_the_clear_message(qtbot, readonly_window):
    ctx, window = readonly_window
    shown: list[str] = []
    ctx.tasks.failed.disconnect()
    ctx.tasks.failed.connect(shown.append)
    db = ctx.db
    Op(ctx, lambda db, actor: staff.add_person(db, "Shyam", "Constable", actor=actor)).run()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "read-only" in shown[0] and "readonly database" not in shown[0].lower()
    assert staff.list_persons(db) == []


def test_read_only_window_title_in_hindi(qtbot, readonly_window):
    from app.i18n import set_language

    _ctx, window = readonly_window
    try:
        window.switch_language("hi")
        assert window.readonly_label.isVisible()
        assert window.file_menu.title() != "&File"
    finally:
        window.switch_language("en")
        set_language("en")


def test_a_role_nobody_holds_is_announced_with_a_way_to_the_staff_page(qtbot, window):
    ctx = window.ctx
    assert window.vacancy_button.isVisible()  # the station has nobody in any role yet
    assert "SHO" in window.vacancy_button.text() or "Station" in window.vacancy_button.text()
    db = ctx.db
    for role in ("sho", "mohrir", "io", "operator", "court"):
        person = staff.add_person(db, f"Person {role}", "Constable")
        staff.assign_role(db, person.id, role, dt.date(2020, 1, 1))
        ctx.emit_changes(Changes(staff=True))
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
        if role != "court":
            assert window.vacancy_button.isVisible()
    assert not window.vacancy_button.isVisible()
    window.vacancy_button.click()  # hidden now, but the click still leads to the staff page
    assert window.current_page().key == "staff"


def test_read_only_refuses_the_import_assistant_up_front(qtbot, readonly_window, monkeypatch):
    """File → Import… on a file opened read-only: said at once, as a form is, not after the file, the columns and
    the dry run have been gone through (the import itself was refused only at the last step)."""
    from app.ui.dialogs.import_assistant import ImportAssistant

    ctx, window = readonly_window
    opened = []
    monkeypatch.setattr(ImportAssistant, "exec", lambda self: opened.append(self) or 0)
    window.import_action.trigger()
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "readonlyRefusal" and w.isVisible()]
    assert boxes and not opened
    for box in boxes:
        box.close()
