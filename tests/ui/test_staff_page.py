"""The staff page: add and edit people, give and end roles, transfer pending work — on a fresh database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.core import clock
from app.services import staff
from app.ui.pages.staff import StaffPage
from tests.ui.waiting import wait_idle


@pytest.fixture
def page(qtbot, ctx):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    widget = StaffPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def load(qtbot, page):
    page.refresh()
    wait_idle(qtbot, page.ctx)


def test_add_person_with_keyboard(qtbot, page):
    load(qtbot, page)
    assert page.table.rowCount() == 0
    dialog = page.add_person()
    qtbot.keyClicks(dialog.name, "Ram Prakash")
    dialog.rank.setCurrentText("SI")
    qtbot.keyClicks(dialog.pno, "9001")
    qtbot.keyClick(dialog.pno, Qt.Key.Key_Return)
    wait_idle(qtbot, page.ctx)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 0).text() == "Ram Prakash"
    assert page.table.item(0, 2).text() == "9001"
    assert not dialog.isVisible()


def test_bad_person_shows_message_and_writes_nothing(qtbot, page, ctx):
    staff.add_person(ctx.db, "Existing", "HC", "9001")
    load(qtbot, page)
    dialog = page.add_person()
    dialog.submit()  # nothing typed
    assert dialog.form.error_text("name") == "Name is required."
    assert dialog.form.error_text("rank") == "Rank is required."
    dialog.name.setText("Second")
    dialog.rank.setCurrentText("HC")
    dialog.pno.setText("9001")
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert "9001" in dialog.form.error_text()
    assert dialog.isVisible()
    assert [p.name for p in staff.list_persons(ctx.db)] == ["Existing"]


def test_assign_and_end_role(qtbot, page, ctx):
    p = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    load(qtbot, page)
    dialog = page.assign_role()
    dialog.role.setCurrentIndex(dialog.role.findData("io"))
    dialog.from_date.setText("01.03.2026")
    dialog.to_date.setText("28.02.2026")
    dialog.submit()
    assert "before" in dialog.form.error_text("to_date")
    assert staff.list_assignments(ctx.db) == []
    dialog.to_date.clear()
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.assign_table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 4).text() == "Investigating officer (IO)"
    [a] = staff.list_assignments(ctx.db, person_id=p.id)
    assert (a.role, a.from_date, a.to_date) == ("io", dt.date(2026, 3, 1), None)
    end = page.end_assignment()
    end.end_date.setText("09.03.2026")
    end.submit()  # no reason: refused beside the field, nothing changed
    assert "Reason" in end.form.error_text("reason")
    assert staff.list_assignments(ctx.db, person_id=p.id)[0].to_date is None
    end.reason.setPlainText("Posted to Police Lines from 10.03.2026.")
    end.submit()
    wait_idle(qtbot, ctx)
    [a] = staff.list_assignments(ctx.db, person_id=p.id)
    assert a.to_date == dt.date(2026, 3, 9)


def test_transfer_needs_preview_then_hands_over(qtbot, page, ctx):
    a = staff.add_person(ctx.db, "Leaving", "SI", "1")
    b = staff.add_person(ctx.db, "Successor", "SI", "2")
    staff.assign_role(ctx.db, a.id, "mohrir", "2026-01-01")
    load(qtbot, page)
    page.search.setText("Leaving")
    assert page.selected_person().id == a.id
    dialog = page.transfer()
    dialog.successor.setCurrentIndex(dialog.successor.findData(b.id))
    dialog.on_date.setText("10.03.2026")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.show_preview()
    wait_idle(qtbot, ctx)
    assert dialog.preview is not None and dialog.preview.roles_starting == ("mohrir",)
    assert "Successor" in dialog.preview_label.text()
    dialog.submit()
    wait_idle(qtbot, ctx)
    held = {x.person_id: (x.role, x.to_date) for x in staff.list_assignments(ctx.db)}
    assert held[a.id] == ("mohrir", dt.date(2026, 3, 9))
    assert held[b.id] == ("mohrir", None)
