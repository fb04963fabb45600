"""Over-long input is refused with a message beside its field, never cut to fit: a 5,000-digit paste into
the FIR number became FIR 1234567/2026 (the box kept its first 7 digits) and a 9,000-character CAS reference
was stored as its first 80. Nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from app.services import cases, obligations, staff
from app.services.core import clock
from app.ui.dialogs.case_form import CaseDialog
from app.ui.dialogs.mark_entered import MarkEnteredDialog
from tests.ui.waiting import wait_idle


@pytest.fixture
def io(ctx):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    person = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    staff.assign_role(ctx.db, person.id, "io", "2026-01-01")
    return staff.list_persons(ctx.db)[0]


def paste(edit: QLineEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    edit.setFocus()
    edit.selectAll()
    edit.paste()


def error_of(dialog, key: str) -> str:
    label = dialog.findChild(QLabel, f"error_{key}")
    return label.text() if label is not None and label.isVisible() else ""


def test_a_5000_digit_fir_number_is_refused_not_cut(qtbot, ctx, io):
    dialog = CaseDialog(ctx, [io])
    qtbot.addWidget(dialog)
    dialog.show()
    paste(dialog.number, "1234567" + "8" * 4993)
    assert len(dialog.number.text()) == 5000  # the box keeps what was pasted: the user sees it is wrong
    dialog.act.setCurrentText("BNS")
    dialog.sections.setText("303(2)")
    dialog.io.setCurrentIndex(dialog.io.findData(io.id))
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible()
    assert "5000" in error_of(dialog, "number") and "7" in error_of(dialog, "number")
    assert cases.list_cases(ctx.db) == []


def test_a_9000_character_cas_reference_is_refused_not_cut(qtbot, ctx, io):
    result = cases.add_case(ctx.db, "fir", registered_at="2026-03-09 10:00", number=7, act="BNS",
                            sections="303(2)", io_person_id=io.id)
    ids = [o.id for o in result.obligations]
    dialog = MarkEnteredDialog(ctx, ids[:1], [(io.id, io.name)])
    qtbot.addWidget(dialog)
    dialog.show()
    paste(dialog.cas_ref, "IIF-1/2026/" + "9" * 8989)
    assert len(dialog.cas_ref.text()) == 9000
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible()
    assert "9000" in error_of(dialog, "cas_ref") and "80" in error_of(dialog, "cas_ref")
    assert obligations.rows(ctx.db, ids[:1])[0].status == "pending"


def test_the_service_refuses_them_too(ctx, io):
    from app.services.core.errors import UserError

    with pytest.raises(UserError, match="not valid"):
        cases.add_case(ctx.db, "fir", registered_at="2026-03-09 10:00", number="1" * 5000, act="BNS",
                       sections="303(2)", io_person_id=io.id)
    result = cases.add_case(ctx.db, "fir", registered_at="2026-03-09 10:00", number=8, act="BNS",
                            sections="303(2)", io_person_id=io.id)
    with pytest.raises(UserError, match="80"):
        obligations.mark_entered(ctx.db, [result.obligations[0].id], "x" * 9000)
    assert obligations.rows(ctx.db, [result.obligations[0].id])[0].status == "pending"


def test_an_over_long_case_search_is_said_beside_the_filters_without_a_message_box(qtbot, ctx, io, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.ui.pages.cases import CasesPage

    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: boxes.append(a))
    ctx.tasks.failed.connect(lambda message: boxes.append(message))
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    wait_idle(qtbot, ctx)
    paste(page.search, "x" * 300)
    page.refresh()
    wait_idle(qtbot, ctx)
    assert page.filter_error.isVisible() and "300" in page.filter_error.text()
    assert boxes == []
