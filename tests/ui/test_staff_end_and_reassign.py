"""Ending an assignment from the Staff page says what becomes of the person's open entries and asks the reason;
the pending list gives chosen entries to another person with the reason (issue 18)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.obligations import Obligation
from app.services import staff
from app.services.core import clock
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.pages.staff import StaffPage
from tests.ui.waiting import wait_idle

from .obligation_seed import NOW, add_case, add_obligations, people


def owners(db, ids):
    with db.session() as s:
        return [s.get(Obligation, i).person_id for i in ids]


def last_audit(db, action):
    with db.session() as s:
        row = s.scalar(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq.desc()).limit(1))
        return json.loads(row.after)


@pytest.fixture
def station(station_db):
    clock.pin(NOW)
    db = station_db
    who = people(db)
    second = staff.add_person(db, "Naresh Pal", "SI")
    staff.assign_role(db, second.id, "io", dt.date(2025, 6, 1))
    who["io2"] = second.id
    case = add_case(db, 41)
    ids = add_obligations(db, [dict(code="C-1", due=NOW - dt.timedelta(days=2), person_id=who["io"], case_id=case),
                               dict(code="C-2", due=NOW + dt.timedelta(days=3), person_id=who["io"], case_id=case)])
    return db, who, ids


def test_ending_a_role_hands_the_entries_over_with_the_reason(qtbot, ctx, station):
    db, who, ids = station
    page = StaffPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    wait_idle(qtbot, ctx)
    page.search.setText("Sunita")
    qtbot.waitUntil(lambda: page.selected_person() is not None and page.selected_person().id == who["io"], timeout=5000)
    wait_idle(qtbot, ctx)
    page.assign_table.selectRow(0)
    dialog = page.end_assignment()
    qtbot.waitUntil(lambda: dialog.entries.isVisibleTo(dialog), timeout=5000)
    assert "owes 2 open entries" in dialog.owed.text() and "1 overdue" in dialog.owed.text()
    dialog.entries.setCurrentIndex(dialog.entries.findData(who["io2"]))
    dialog.submit()  # no reason yet
    assert dialog.form.error_text("reason")
    assert owners(db, ids) == [who["io"], who["io"]]
    dialog.reason.setPlainText("Transferred to PS Hazratganj by SSP order 12/2026.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    assert owners(db, ids) == [who["io2"], who["io2"]]
    [a] = [x for x in staff.list_assignments(db, person_id=who["io"]) if x.role == "io"]
    assert a.to_date == NOW.date()
    assert "SSP order" in last_audit(db, "role.end")["reason"]


def test_the_pending_list_gives_entries_to_another_person(qtbot, station, tmp_path):
    from app.ui.pages.pending import PendingPage

    db, who, ids = station
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    try:
        page = PendingPage(ctx)
        qtbot.addWidget(page)
        page.resize(1160, 700)
        page.show()
        page.activated()
        qtbot.waitUntil(lambda: page.model.rowCount() == 2 and bool(page._active_people), timeout=5000)
        page.table.selectAll()
        page.reassign()
        dialog = page.dialog
        dialog.person.setCurrentIndex(dialog.person.findData(who["mohrir"]))  # not an IO: refused, nothing moves
        dialog.reason.setPlainText("Sunita Yadav is on leave till 20.03.2026.")
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.form.error_text()), timeout=5000)
        assert owners(db, ids) == [who["io"], who["io"]]
        dialog.outside.setChecked(True)  # a cover, said on purpose
        with qtbot.waitSignal(ctx.changed, timeout=5000):
            dialog.submit()
        assert owners(db, ids) == [who["mohrir"], who["mohrir"]]
        after = last_audit(db, "obligation.reassign")
        assert after["outside_role"] is True and "on leave" in after["reason"]
    finally:
        ctx.close()
