"""The key tables fit a 1366×768 window in both languages: no sideways scrolling, and the identifying
columns (the case and its registration, the person's name, an entry's state, due time, code, person and
case) whole. Before: the case register scrolled sideways even maximised ("Registered" cut off), the English
pending list cut Role, Person and Case while State and Status were wide, the staff list showed "Satya
Prakash …". Widths come from the content; a table the user sized by hand keeps his widths next time."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.ui.item_models.obligation_columns import COL_CASE, COL_CODE, COL_DUE, COL_PERSON, COL_STATE, COL_STATUS
from app.ui.widgets.column_fit import fitter_of
from tests.ui.demo_window import demo_file, window  # noqa: F401 (fixtures)

pytestmark = pytest.mark.sqlite_only("the demo station is built as a SQLite file")

KEY_COLUMNS = {"cases": (0, 2), "staff": (0,), "pending": (COL_STATE, COL_DUE, COL_CODE, COL_PERSON, COL_CASE)}


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0, timeout=15000)


def whole(view, column: int) -> bool:
    """The column is as wide as its widest loaded text (and its header) needs, within its cap."""
    fitter = fitter_of(view)
    return view.columnWidth(column) >= fitter.content_width(column) - 1


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_key_tables_fit_without_sideways_scrolling(qtbot, window, lang):
    window.switch_language(lang)
    for key, columns in KEY_COLUMNS.items():
        page = window.show_page(key)
        settle(qtbot, window)
        view = page.table
        qtbot.waitUntil(lambda v=view: v.model().rowCount() > 0, timeout=5000)
        settle(qtbot, window)
        assert view.horizontalScrollBar().maximum() == 0, (key, view.horizontalHeader().length(),
                                                           view.viewport().width(),
                                                           [view.columnWidth(c) for c in range(view.model().columnCount())])
        header = view.horizontalHeader()
        assert header.length() <= view.viewport().width() + 1, key
        for column in columns:
            assert not view.isColumnHidden(column) and whole(view, column), (key, column)


def test_the_pending_list_hides_what_every_row_says_the_same(qtbot, window):
    page = window.show_page("pending")
    settle(qtbot, window)
    assert page.table.isColumnHidden(COL_STATUS)  # only pending entries: all "Pending"
    page.show_filter({"statuses": ()})  # any status
    qtbot.waitUntil(lambda: not page.table.isColumnHidden(COL_STATUS), timeout=5000)


def test_widths_set_by_hand_are_remembered_others_follow_the_content(qtbot, window, make_ctx, tmp_path):
    from app.ui.station_switch import build_window

    page = window.show_page("staff")
    settle(qtbot, window)
    fitter = fitter_of(page.table)
    fitter.user_sized = True  # as after dragging a column edge
    page.table.setColumnWidth(1, 333)
    cases = window.show_page("cases")
    settle(qtbot, window)
    window.close()  # the layouts are stored
    layouts = window.ctx.prefs.get("page_layouts")
    assert "staff/staffTable#user" in layouts and "cases/caseTable#user" not in layouts
    again = build_window(make_ctx(window.ctx.db, window.ctx.prefs))
    qtbot.addWidget(again)
    again.resize(1366, 768)
    again.show()
    staff_again = again.show_page("staff")
    settle(qtbot, again)
    assert fitter_of(staff_again.table).user_sized and staff_again.table.columnWidth(1) == 333
    cases_again = again.show_page("cases")
    settle(qtbot, again)
    assert not fitter_of(cases_again.table).user_sized
    again.close()
    assert cases is not None
    set_language("en")
