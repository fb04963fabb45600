"""The case register: register an FIR with the keyboard and see its entries; bad input writes nothing;
add an event and see the entries it owes — each on a fresh database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services import cases
from app.services.core import clock
from app.services import staff
from app.ui.pages.cases import CasesPage
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture
def ctx(ctx):
    clock.pin(NOW)
    return ctx


@pytest.fixture
def people(ctx):
    io = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    mohrir = staff.add_person(ctx.db, "Shyam Lal", "HC", "9002")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    staff.assign_role(ctx.db, mohrir.id, "mohrir", "2026-01-01")
    return io, mohrir


@pytest.fixture
def page(qtbot, ctx, people):
    widget = CasesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.refresh()
    wait_idle(qtbot, ctx)
    return widget


def count_cases(db) -> int:
    return len(cases.list_cases(db))


def test_register_fir_with_keyboard_shows_its_obligations(qtbot, page, ctx, people):
    io, mohrir = people
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = [w for w in page.children() if w.__class__.__name__ == "CaseDialog"][-1]
    assert dialog.isVisible() and dialog.focusWidget() is dialog.number
    qtbot.keyClicks(dialog.number, "45")
    # tab through: year, registered at (prefilled), offence date, act, sections, IO …
    dialog.offence.setText("08.03.2026")
    dialog.act.setCurrentText("BNS")
    dialog.sections.setText("303(2)")
    dialog.io.setCurrentIndex(dialog.io.findData(io.id))
    qtbot.keyClick(dialog.sections, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.info.number == 45, timeout=5000)
    assert not dialog.isVisible()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "FIR 45/2026"
    codes = {page.obligations.item(r, 1).text().split()[0] for r in range(page.obligations.rowCount())}
    assert {"B-2", "C-1", "C-4"} <= codes
    owners = {page.obligations.item(r, 2).text() for r in range(page.obligations.rowCount())}
    assert {"Ram Prakash", "Shyam Lal"} <= owners


def test_ipc_after_july_2024_is_refused_beside_the_field(qtbot, page, ctx):
    dialog = page.new_case()
    dialog.number.setText("46")
    dialog.offence.setText("08.03.2026")
    dialog.act.setCurrentText("IPC")
    dialog.sections.setText("379")
    dialog.submit()
    assert "BNS" in dialog.form.error_text("act")
    assert dialog.isVisible()
    wait_idle(qtbot, ctx)
    assert count_cases(ctx.db) == 0


def test_missing_fir_number_and_bad_dates(qtbot, page, ctx):
    dialog = page.new_case()
    dialog.registered.setText("31.02.2026 10:00")
    dialog.offence.setText("12.03.2026")
    dialog.submit()
    assert dialog.form.error_text("number") == "FIR number is required."
    assert "not a valid date" in dialog.form.error_text("registered_at")
    dialog.number.setText("47")
    dialog.registered.setText("10.03.2026 09:00")
    dialog.submit()
    assert "after the registration date" in dialog.form.error_text("offence_date")
    dialog.registered.setText("11.03.2026 09:00")  # tomorrow
    dialog.offence.clear()
    dialog.submit()
    assert "in the future" in dialog.form.error_text("registered_at")
    wait_idle(qtbot, ctx)
    assert count_cases(ctx.db) == 0


def test_duplicate_fir_number_message_from_the_service(qtbot, page, ctx):
    cases.add_case(ctx.db, "fir", number=48, year=2026, registered_at=NOW - dt.timedelta(hours=2))
    dialog = page.new_case()
    dialog.number.setText("48")
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert "already registered" in dialog.form.error_text()
    assert dialog.isVisible()
    assert count_cases(ctx.db) == 1


def test_other_kind_hides_fir_fields_and_numbers_itself(qtbot, page, ctx):
    dialog = page.new_case(kind="missing")
    assert not dialog.form.fields["io"].visible and not dialog.form.fields["act"].visible
    dialog.description.setPlainText("Boy, 12, from Aminabad")
    dialog.submit()
    wait_idle(qtbot, ctx)
    [case] = cases.list_cases(ctx.db)
    assert (case.kind, case.number, case.year) == ("missing", 1, 2026)


def test_add_arrest_event_adds_its_entry(qtbot, page, ctx, people):
    io, _m = people
    cases.add_case(ctx.db, "fir", number=50, year=2026, registered_at=NOW - dt.timedelta(days=1),
                          offence_date=dt.date(2026, 3, 8), act="BNS", sections="303(2)", io_person_id=io.id)
    page.refresh()
    wait_idle(qtbot, ctx)
    before = page.obligations.rowCount()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = [w for w in page.children() if w.__class__.__name__ == "EventDialog"][-1]
    dialog.kind.setCurrentIndex(dialog.kind.findData("arrest"))
    assert dialog.form.fields["accused"].visible and not dialog.form.fields["property"].visible
    dialog.submit()
    assert dialog.form.error_text("accused") == "Accused (name) is required."
    dialog.detail_widgets["accused"].setText("Mohan")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.obligations.rowCount() == before + 1, timeout=5000)
    assert [page.events.item(0, 1).text(), page.events.item(0, 2).text()] == ["Arrest", "Mohan"]
    codes = [page.obligations.item(r, 1).text().split()[0] for r in range(page.obligations.rowCount())]
    assert "C-2" in codes


def test_fir_only_events_not_offered_on_other_kinds(qtbot, page, ctx):
    cases.add_case(ctx.db, "missing", registered_at=NOW - dt.timedelta(hours=1))
    page.refresh()
    wait_idle(qtbot, ctx)
    dialog = page.add_event()
    kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert kinds == ["io-change", "summons", "traced", "recovered"]  # a missing person's own events; no arrest


def test_search_by_number_and_year(qtbot, page, ctx):
    for n in (1, 2, 3):
        cases.add_case(ctx.db, "fir", number=n, year=2026, registered_at=NOW - dt.timedelta(hours=n))
    page.search.setText("2/2026")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 0).text() == "FIR 2/2026"
    page.year_filter.setText("20x6")
    qtbot.waitUntil(lambda: page.filter_error.text() != "", timeout=5000)
    assert "whole number" in page.filter_error.text()


def test_punishment_class_from_the_sections_or_asked_for(qtbot, page, ctx):
    """The form shows what the sections give; a section the table does not know is asked about, and a class other
    than the sections' needs a reason (issue 15)."""
    dialog = page.new_case()
    dialog.number.setText("49")
    dialog.offence.setText("08.03.2026")
    dialog.act.setCurrentText("BNS")
    dialog.sections.setText("103(1), 3(5)")
    dialog.sections.editingFinished.emit()
    assert "BNS 103(1)" in dialog.punishment.itemText(0) and "90" in dialog.punishment.itemText(0)
    dialog.sections.setText("103(1), 999")
    dialog.submit()
    assert "BNS 999" in dialog.form.error_text("punishment_class")
    dialog.punishment.setCurrentIndex(dialog.punishment.findData("ge10"))
    dialog.submit()
    assert dialog.form.error_text("punishment_reason")
    wait_idle(qtbot, ctx)
    assert count_cases(ctx.db) == 0
    dialog.punishment_reason.setText("999 is a slip for 115(2)")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: count_cases(ctx.db) == 1, timeout=5000)
    (info,) = cases.list_cases(ctx.db)
    assert info.punishment_class == "ge10" and "999 is a slip" in info.punishment_basis


def test_an_arrest_two_days_before_the_fir_is_recorded_once_confirmed(qtbot, page, ctx, people):
    io, _m = people
    made = cases.add_case(ctx.db, "fir", number=51, year=2026, registered_at=NOW - dt.timedelta(hours=2),
                          offence_date=dt.date(2026, 3, 7), act="BNS", sections="303(2)", io_person_id=io.id)
    page.refresh()
    wait_idle(qtbot, ctx)
    dialog = page.add_event("arrest")
    assert dialog.form.fields["confirm"].visible
    dialog.occurred.set_value(NOW - dt.timedelta(days=2))
    dialog.detail_widgets["accused"].setText("Mohan")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "Confirm the date" in dialog.form.error_text("occurred_at"), timeout=5000)
    assert cases.get_case(ctx.db, made.case.id).events == []
    dialog.confirm.setChecked(True)
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: len(cases.get_case(ctx.db, made.case.id).events) == 1, timeout=5000)
    dialog = page.add_event("seizure")
    dialog.kind.setCurrentIndex(dialog.kind.findData("case-diary"))
    assert not dialog.form.fields["confirm"].visible
