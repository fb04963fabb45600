"""Texts the services write in the UI language (the PC-clock warning) follow a runtime language switch:
the status bar and the dashboard show them in the new language, not in the one they were read in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.services import cases
from app.services.core import clock
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture
def window(qtbot, station_db, tmp_path):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    cases.add_case(station_db, "missing", registered_at=dt.datetime(2026, 3, 10, 10, 0))
    clock.pin(dt.datetime(2019, 1, 1, 9, 0))  # the CMOS battery died: the PC's clock went back
    set_language("en")
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.show_page("dashboard")
    _idle(qtbot, ctx)
    yield win
    win.close()
    ctx.close()
    set_language("en")
    clock.pin(None)


def _idle(qtbot, ctx):
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    QApplication.processEvents()


def _clock_texts(win) -> tuple[str, str]:
    dashboard = win.page("dashboard")
    return win.clock_button.toolTip(), dashboard.clock_banner.text()


def test_clock_warning_changes_language_with_the_window(qtbot, window):
    status, banner = _clock_texts(window)
    assert "computer's clock" in status and "computer's clock" in banner
    assert not DEVANAGARI.search(status + banner)

    window.switch_language("hi")
    _idle(qtbot, window.ctx)
    status, banner = _clock_texts(window)
    for text in (status, banner):
        assert DEVANAGARI.search(text), text
        assert "computer's clock" not in text
        assert "2019" in text and "2026" in text  # the two moments are still there
    assert window.clock_button.isVisible()

    window.switch_language("en")
    _idle(qtbot, window.ctx)
    status, banner = _clock_texts(window)
    for text in (status, banner):
        assert "computer's clock" in text
        assert not DEVANAGARI.search(text), text


def test_case_labels_change_language_on_the_cases_page(qtbot, window):
    """A case's label ("Missing 1/2026") is made by the service in the language of the moment it was
    read; the cases page shows it in the window's language after a switch."""
    page = window.show_page("cases")
    _idle(qtbot, window.ctx)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    assert page.table.item(0, 0).text().startswith("Missing ")
    window.switch_language("hi")
    _idle(qtbot, window.ctx)
    assert page.table.item(0, 0).text().startswith("गुमशुदगी "), page.table.item(0, 0).text()
    assert page.case_heading.text().startswith("गुमशुदगी ")
    window.switch_language("en")
    _idle(qtbot, window.ctx)
    assert page.table.item(0, 0).text().startswith("Missing ")
    assert page.case_heading.text().startswith("Missing ")
