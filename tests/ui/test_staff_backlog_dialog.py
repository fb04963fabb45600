"""The assign-role dialog offers the role's unassigned entries to the new holder (unticked: nothing moves
unless asked); the transfer preview counts missed periods."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import cases, obligations, staff
from app.services.core import clock
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


def _unassigned_mohrir_entry(db) -> int:
    fir = cases.add_case(db, "fir", registered_at=dt.datetime(2026, 3, 8, 10, 0), number="1/2026", act="BNS",
                         sections="303(2)")
    (b2,) = [o.id for o in fir.obligations if o.duty_code == "B-2"]
    assert obligations.get(db, b2).person_id is None
    return b2


@pytest.mark.parametrize("take", [False, True])
def test_assigning_a_vacant_role_offers_its_backlog(qtbot, page, ctx, take):
    p = staff.add_person(ctx.db, "Naya Mohrir", "HC", "9001")
    b2 = _unassigned_mohrir_entry(ctx.db)
    page.refresh()
    wait_idle(qtbot, ctx)
    dialog = page.assign_role()
    dialog.role.setCurrentIndex(dialog.role.findData("io"))
    wait_idle(qtbot, ctx)
    dialog.role.setCurrentIndex(dialog.role.findData("mohrir"))
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: dialog.take_backlog.isVisible(), timeout=5000)
    assert not dialog.take_backlog.isChecked()
    assert "1 open entry of this role that nobody owes (1 overdue)" in dialog.take_backlog.text()
    dialog.from_date.setText("10.03.2026")
    dialog.take_backlog.setChecked(take)
    dialog.submit()
    wait_idle(qtbot, ctx)
    [a] = staff.list_assignments(ctx.db, person_id=p.id)
    assert a.role == "mohrir"
    assert obligations.get(db=ctx.db, obligation_id=b2).person_id == (p.id if take else None)


def test_no_offer_when_nothing_waits(qtbot, page, ctx):
    staff.add_person(ctx.db, "Naya Mohrir", "HC", "9001")
    page.refresh()
    wait_idle(qtbot, ctx)
    dialog = page.assign_role()
    dialog.role.setCurrentIndex(dialog.role.findData("mohrir"))
    wait_idle(qtbot, ctx)
    assert dialog.backlog is not None and dialog.backlog.count == 0 and not dialog.take_backlog.isVisible()
