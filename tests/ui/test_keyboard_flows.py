"""The window with the keyboard alone, on a one-year demo station: Down/Enter from a search box into the
results, a row chosen as soon as a table has the keyboard, sorting with Ctrl+Shift+S, Enter on a name on
Today, Ctrl+1 … Ctrl+0 for every page, and Help → Keyboard shortcuts listing the window's real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.ui.item_models.obligation_columns import COL_PERSON
from tests.ui.demo_window import demo_file, window  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.sqlite_only("the demo station is built as a SQLite file"), pytest.mark.slow]

CTRL = Qt.KeyboardModifier.ControlModifier


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0, timeout=15000)


def focused():
    return QApplication.focusWidget()


def selected_rows(view) -> list[int]:
    return sorted({i.row() for i in view.selectionModel().selectedRows()})


def test_down_from_the_case_search_goes_into_the_results(qtbot, window):
    page = window.show_page("cases")
    settle(qtbot, window)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "FIR")
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=5000)
    settle(qtbot, window)
    page.table.clearSelection()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert focused() is page.table
    assert selected_rows(page.table) == [page.table.currentRow()]  # a whole row chosen, not only a cell outline


def test_enter_in_the_pending_search_applies_it_and_goes_into_the_results(qtbot, window):
    page = window.show_page("pending")
    settle(qtbot, window)
    page.filters.search.setFocus()
    qtbot.keyClicks(page.filters.search, "IIF-2")
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Return)  # at once, no waiting for the typing pause
    qtbot.waitUntil(lambda: focused() is page.table, timeout=3000)
    settle(qtbot, window)
    assert page.current_filter().search == "IIF-2"
    assert page.model.rowCount() > 0
    qtbot.waitUntil(lambda: len(selected_rows(page.table)) == 1, timeout=3000)


def test_a_table_taking_the_keyboard_chooses_a_row(qtbot, window):
    page = window.show_page("staff")
    settle(qtbot, window)
    page.table.clearSelection()
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)  # the inactive switch
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the table
    assert focused() is page.table
    qtbot.waitUntil(lambda: len(selected_rows(page.table)) == 1, timeout=3000)


def test_sort_the_pending_list_from_the_keyboard(qtbot, window):
    page = window.show_page("pending")
    settle(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, COL_PERSON))
    qtbot.keyClick(page.table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert page._order == ("person", False)
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (COL_PERSON, Qt.SortOrder.AscendingOrder)
    names = [page.model.row_at(r).person or "" for r in range(5)]
    page.table.setCurrentIndex(page.model.index(0, COL_PERSON))
    qtbot.keyClick(page.table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # again: the other way
    settle(qtbot, window)
    assert page._order == ("person", True)
    qtbot.waitUntil(lambda: [page.model.row_at(r).person or "" for r in range(5)] != names, timeout=5000)


def test_sort_the_staff_list_from_the_keyboard(qtbot, window):
    page = window.show_page("staff")
    settle(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentCell(0, 1)  # the rank
    qtbot.keyClick(page.table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    ranks = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    assert ranks == sorted(ranks)
    page.table.setCurrentCell(0, 1)
    qtbot.keyClick(page.table, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] == sorted(ranks, reverse=True)


@pytest.mark.parametrize("grid_name", ["role_grid", "person_grid"])
def test_enter_on_a_name_on_today_opens_its_list(qtbot, window, grid_name):
    page = window.show_page("dashboard")
    settle(qtbot, window)
    grid = getattr(page, grid_name)
    qtbot.waitUntil(lambda: grid.rowCount() > 1, timeout=5000)
    grid.setFocus()
    grid.setCurrentCell(1, 0)  # the second row's name (the first is the total)
    expected = grid.filter_at(1, 1)
    assert expected is not None
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    settle(qtbot, window)
    pending = window.current_page()
    assert pending.key == "pending"
    shown = pending.filters.current()
    assert all(shown.get(k) == v for k, v in expected.items() if k != "statuses")


def test_ctrl_and_a_number_shows_every_page(qtbot, window):
    keys = window.page_keys()
    assert len(keys) == 10  # Ctrl+0 is the tenth: the audit trail
    for row, key in enumerate(keys):
        qtbot.keyClick(window.nav, getattr(Qt.Key, f"Key_{(row + 1) % 10}"), CTRL)
        assert window.current_page().key == key
        settle(qtbot, window)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_help_lists_the_windows_real_keys(qtbot, window, lang):
    window.switch_language(lang)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    dialog = window.findChild(type(window.show_shortcuts.__self__), "") if False else None
    from app.ui.dialogs.shortcuts import ShortcutsDialog

    qtbot.waitUntil(lambda: any(isinstance(w, ShortcutsDialog) and w.isVisible() for w in window.children()),
                    timeout=5000)
    dialog = next(w for w in window.children() if isinstance(w, ShortcutsDialog))
    rows = {(r.keys, r.what, r.where) for r in dialog.rows}
    cases_title = window.page("cases").title()
    new_case = [r for r in dialog.rows if r.keys == "Ctrl+N" and r.where == cases_title]
    assert len(new_case) == 1 and "Ctrl" not in new_case[0].what and "&" not in new_case[0].what
    assert ("Ctrl+0", next(r.what for r in dialog.rows if r.keys == "Ctrl+0"), dialog.rows[0].where) in rows
    assert any(r.keys == "Ctrl+Shift+S" for r in dialog.rows)
    assert any(r.keys == "Ctrl+Shift+V" and r.where == window.page("pending").title() for r in dialog.rows)
    assert any(r.keys == "Ctrl+L" for r in dialog.rows)  # Account → Lock now
    # every row is in the window's language (the Hindi window lists Hindi)
    if lang == "hi":
        assert "नया मुकदमा" in new_case[0].what or any("\u0900" <= ch <= "\u097f" for ch in new_case[0].what)
    assert dialog.table.rowCount() == len(dialog.rows)
    dialog.reject()
    set_language("en")


def test_after_saving_an_fir_the_keyboard_is_on_its_row_where_ctrl_e_adds_an_event(qtbot, window):
    from app.ui.dialogs.case_form import CaseDialog
    from app.ui.dialogs.event_form import EventDialog

    page = window.show_page("cases")
    settle(qtbot, window)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    dialog = next(w for w in page.children() if isinstance(w, CaseDialog))
    qtbot.keyClicks(dialog.number, "9876")
    dialog.act.setCurrentText("BNS")
    dialog.sections.setText("303(2)")
    dialog.io.setCurrentIndex(1)
    qtbot.keyClick(dialog.sections, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    # the window's focus (the offscreen test window is not re-activated when the dialog closes)
    qtbot.waitUntil(lambda: window.focusWidget() is page.table, timeout=5000)
    assert page.selected_case().number == 9876
    qtbot.keyClick(page.table, Qt.Key.Key_E, CTRL)
    events = [w for w in page.children() if isinstance(w, EventDialog)]
    assert events and events[-1].isVisible()
    events[-1].reject()


def test_add_fir_arrest_and_mark_entered_with_the_keyboard_alone(qtbot, window):
    """On the demo, no mouse and no widget set by hand: Ctrl+3, Ctrl+N, type, Alt+letters, Enter; Ctrl+E for
    the arrest; Ctrl+2, Ctrl+F, the case number, Enter, Ctrl+E, the CAS reference, Enter."""
    from app.services import obligations
    from app.services.core import clock
    from app.ui.dialogs.case_form import CaseDialog
    from app.ui.dialogs.event_form import EventDialog
    from app.ui.dialogs.mark_entered import MarkEnteredDialog

    ALT = Qt.KeyboardModifier.AltModifier

    def dialog_of(page, kind):
        qtbot.waitUntil(lambda: any(isinstance(w, kind) and w.isVisible() for w in page.children()), timeout=5000)
        found = next(w for w in page.children() if isinstance(w, kind) and w.isVisible())
        found.activateWindow()  # as the window system does for a new dialog: its Alt+letters act
        qtbot.waitUntil(lambda: QApplication.activeWindow() is found, timeout=3000)
        return found

    def keys(dialog, text="", key=None, mods=Qt.KeyboardModifier.NoModifier):
        target = dialog.focusWidget() or dialog
        if text:
            qtbot.keyClicks(target, text)
        if key is not None:
            qtbot.keyClick(dialog.focusWidget() or dialog, key, mods)

    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_3, CTRL)
    cases_page = window.current_page()
    assert cases_page.key == "cases"
    settle(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_N, CTRL)
    form = dialog_of(cases_page, CaseDialog)
    assert form.focusWidget() is form.number
    keys(form, "9191")
    keys(form, key=Qt.Key.Key_A, mods=ALT)  # Act
    keys(form, "BNS")
    keys(form, key=Qt.Key.Key_I, mods=ALT)  # IO
    keys(form, key=Qt.Key.Key_Down)
    keys(form, key=Qt.Key.Key_T, mods=ALT)  # Sections
    assert form.focusWidget() is form.sections
    keys(form, "303(2)", key=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: window.focusWidget() is cases_page.table, timeout=5000)
    case = cases_page.selected_case()
    assert case.number == 9191 and case.io_person_id is not None

    qtbot.keyClick(cases_page.table, Qt.Key.Key_E, CTRL)
    event = dialog_of(cases_page, EventDialog)
    keys(event, key=Qt.Key.Key_E, mods=ALT)  # Event: the kind
    keys(event, "Arrest")
    assert event.kind.currentData() == "arrest"
    keys(event, key=Qt.Key.Key_A, mods=ALT)  # Accused
    keys(event, "Ramesh Yadav", key=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not event.isVisible(), timeout=5000)
    settle(qtbot, window)

    window.activateWindow()  # the window system gives the window back its focus when the dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window.focusWidget() or cases_page.table, Qt.Key.Key_2, CTRL)
    pending = window.current_page()
    assert pending.key == "pending"
    settle(qtbot, window)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F, CTRL)
    assert window.focusWidget() is pending.filters.search
    qtbot.keyClicks(pending.filters.search, f"9191/{clock.today().year}")
    qtbot.keyClick(pending.filters.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.focusWidget() is pending.table, timeout=5000)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: len(pending.selected_ids()) == 1, timeout=5000)
    chosen = pending.selected_ids()
    owed = obligations.rows(window.ctx.db, chosen)[0]
    assert owed.case_id == case.id
    qtbot.keyClick(pending.table, Qt.Key.Key_E, CTRL)
    mark = dialog_of(pending, MarkEnteredDialog)
    keys(mark, "IIF-1/2026/9191", key=Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not mark.isVisible(), timeout=5000)
    settle(qtbot, window)
    done = obligations.rows(window.ctx.db, chosen)[0]
    assert done.status == "entered" and done.cas_ref == "IIF-1/2026/9191"
    arrests = [o for o in obligations.rows(window.ctx.db, pending.model.ids_of_rows(range(pending.model.rowCount())))
               if o.case_id == case.id]
    assert arrests  # the case's other entries are still listed, the arrest's among them
