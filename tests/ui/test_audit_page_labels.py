"""The audit trail page shows each action, subject and the system actor as a label in the window's
language (the codes stay in the record), and the language checker reads those cells."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.services import cases
from app.services.core import clock
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pages.audit import AuditModel
from tests.ui.langcheck import untranslated_texts

DATA = ["Kotwali Nagar", "Lucknow", "LKO-01"]


@pytest.fixture
def window(qtbot, station_db, tmp_path):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    cases.add_case(station_db, "missing", registered_at=dt.datetime(2026, 3, 10, 10, 0))
    set_language("en")
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    _idle(qtbot, ctx)
    yield win
    win.close()
    ctx.close()
    set_language("en")
    clock.pin(None)


def _idle(qtbot, ctx):
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    QApplication.processEvents()


def _case_row(page) -> list[str]:
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.action == "case.add")
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def _cells(page):
    return [f for f in untranslated_texts(page, DATA) if " cell " in f.where]


def test_actions_and_system_actor_follow_the_language(qtbot, window):
    page = window.show_page("audit")
    _idle(qtbot, window.ctx)
    row = _case_row(page)
    assert row[AuditModel.WHO] == "System"
    assert row[AuditModel.ACTION] == "Case registered"
    assert row[AuditModel.WHAT].startswith("Case ")

    window.switch_language("hi")
    _idle(qtbot, window.ctx)
    row = _case_row(page)
    assert row[AuditModel.WHO] == "प्रणाली"
    assert row[AuditModel.ACTION] == "मुकदमा दर्ज किया गया"
    assert row[AuditModel.WHAT].startswith("मुकदमा ")
    index = page.model.index(0, AuditModel.ACTION)
    assert page.model.data(index, 3) == "मुकदमा दर्ज किया गया"  # the tool tip is the label, never the code
    assert not _cells(page)
    page.table.selectRow(0)
    assert "प्रणाली" in page.detail.toPlainText()

    window.switch_language("en")
    _idle(qtbot, window.ctx)
    assert _case_row(page)[AuditModel.ACTION] == "Case registered"
    assert "System" in page.detail.toPlainText()


def test_checker_reads_the_translated_columns(qtbot, window):
    page = window.show_page("audit")
    window.switch_language("hi")
    _idle(qtbot, window.ctx)
    rows = list(page.model.rows)
    odd = dataclasses.replace(rows[0], action="case.archive")  # a code nobody labelled: shown as it is
    page.model.set_rows([odd, *rows[1:]])
    found = [f.text for f in _cells(page)]
    assert found == ["case.archive"]
