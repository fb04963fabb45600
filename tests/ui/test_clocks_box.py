"""The dashboard's statutory-clocks box: accused in custody near default bail, the one past it first and
said in words (not by colour alone), Enter on a row opening the pending workbench on his case; nothing
held but what the worker read."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services import cases
from app.services.core import clock
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow

from .obligation_seed import people

NOW = dt.datetime(2026, 3, 10, 10, 0)


@pytest.fixture
def window(qtbot, db, tmp_path):
    from PySide6.QtWidgets import QApplication

    from app.services.station import init_station
    from app.ui.fonts import install_app_font

    clock.pin(NOW - dt.timedelta(days=80))  # the station made then: its records do not run past the PC's clock
    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    who = people(db)
    clock.pin(NOW)
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2026, 1, 5, 10), act="BNS", sections="303(2)",
                           io_person_id=who["io"]).case
    past, _r = cases.add_accused(db, theft.id, "Past Day", arrested_at="2026-01-05 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2026-01-06 11:00", accused=past.id)  # 6 March
    near, _r = cases.add_accused(db, theft.id, "Near Day", arrested_at="2026-01-15 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2026-01-16 11:00", accused=near.id)  # 16 March
    murder = cases.add_case(db, "fir", registered_at=dt.datetime(2026, 2, 1, 10), act="BNS", sections="103(1)",
                            io_person_id=who["io"]).case
    cases.add_event(db, murder.id, "first-remand", occurred_at="2026-02-01 15:00")  # 1 May: outside 15 days
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    install_app_font(QApplication.instance())  # as the real start-up does: the page is measured in its font
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    page = win.show_page("dashboard")
    qtbot.waitUntil(lambda: page._data is not None, timeout=5000)
    yield win, page, ctx, theft
    ctx.close()


def test_the_box_lists_the_accused_past_and_near_their_day(window, qtbot):
    win, page, ctx, theft = window
    box = page.clocks_box
    assert [r.accused for r in box.rows] == ["Past Day", "Near Day"]
    table = box.table
    assert table.item(0, 1).text() == "DEFAULT BAIL ACCRUED 3 days ago"  # 7 March accrued; 10 March now
    assert table.item(1, 1).text() == "6 days left"
    assert table.item(0, 0).background().color().name() == "#f8d0d0"
    assert "already past it" in box.summary.text() and "⚠" in box.summary.text()
    assert table.item(0, 6).text().startswith("IIF-5!")  # the chargesheet first, overdue

    opened = []
    ctx.open_pending.connect(opened.append)
    table.setFocus()
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened and opened[-1]["case_id"] == theft.id


def test_an_empty_window_says_so(window, qtbot):
    win, page, ctx, theft = window
    page.clocks_box.set_rows([])
    assert not page.clocks_box.table.isVisibleTo(page) and "No accused" in page.clocks_box.summary.text()


def test_the_case_register_shows_each_accused_and_his_last_day(window):
    from app.ui.pages.cases import accused_line

    win, page, ctx, theft = window
    people = cases.list_accused(ctx.db, theft.id)
    lines = [accused_line(a, "en") for a in people]
    assert lines[0].startswith("Accused Past Day: in custody; first remand") and "6 Mar 2026 (60 days)" in lines[0]


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_today_page_with_its_clocks_fits_1366_by_768(window, qtbot, lang):
    """The clocks box once made the window 898 pixels tall: the page's body must fit a 1366×768 screen without
    growing the window, and a banner more scrolls the page instead."""
    from PySide6.QtWidgets import QScrollArea

    from app.i18n import set_language

    win, page, ctx, _theft = window
    set_language(lang)
    try:
        win.switch_language(lang)
        qtbot.waitUntil(lambda: page._data is not None, timeout=5000)
        qtbot.wait(50)
        assert win.height() <= 768 and win.minimumSizeHint().height() <= 768
        body = page.findChild(QScrollArea)
        assert body.widget().minimumSizeHint().height() <= body.viewport().height()
        page.clock_banner.setText("A warning line more")
        page.clock_banner.show()
        qtbot.wait(50)
        assert win.height() <= 768  # the page scrolls instead
    finally:
        set_language("en")
        win.switch_language("en")


def test_before_the_first_count_the_box_claims_nothing(qtbot):
    """The window opens with the last figures and counts afresh: meanwhile the box said "No accused in custody has
    a last day before default bail within 15 days" — an all-clear on a statutory clock that the count then
    contradicted. It says it is counting, in either language, until its rows come."""
    from app.i18n import set_language
    from app.ui.widgets.clocks_box import ClocksBox

    box = ClocksBox()
    qtbot.addWidget(box)
    assert box.summary.text() == "Counting…" and box.table.isHidden()
    set_language("hi")
    try:
        box.retranslate()
        assert box.summary.text() == "गणना हो रही है…"
    finally:
        set_language("en")
        box.retranslate()
    box.set_rows([])
    assert box.summary.text().startswith("No accused in custody")
    box.set_error("disk")
    box.retranslate()
    assert "could not be read" in box.summary.text()


def test_before_its_first_weeks_the_chart_claims_nothing(qtbot):
    """Likewise the 12-week chart said "No entries were due in these weeks." until the count came."""
    from app.ui.widgets.week_chart import WeekChart

    chart = WeekChart()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.grab()  # painted before its weeks: no error
    assert chart.empty_text() == "Counting…"
    chart.set_weeks([])
    assert chart.empty_text() == "No entries were due in these weeks."


def test_a_language_switch_writes_the_case_in_the_new_language_without_reading_again(window, qtbot, monkeypatch):
    from app.i18n import set_language

    win, page, ctx, theft = window
    box = page.clocks_box
    english = box.table.item(0, 3).text()
    assert english.startswith("FIR ")
    read = []
    monkeypatch.setattr(cases, "statutory_clocks", lambda *a, **k: read.append(1) or [])
    try:
        win.switch_language("hi")
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
        hindi = box.table.item(0, 3).text()
        assert read == [] and hindi.startswith("प्राथमिकी ") and hindi.split()[-1] == english.split()[-1]
    finally:
        set_language("en")
