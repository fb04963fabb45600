"""Corrections in the window (issue 18): from the case register the SHO corrects a case's particulars or an
event's time, or voids a case or an event, each with a reason; the entries follow; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.services import cases, staff
from app.services.access import Actor
from app.services.core import clock
from app.ui.pages.cases import CasesPage
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture
def setup(qtbot, ctx):
    clock.pin(NOW)
    io = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    made = cases.add_case(ctx.db, "fir", number=45, year=2026, registered_at="08.03.2026 10:00",
                          offence_date="07.03.2026", act="BNS", sections="303(2)", io_person_id=io.id)
    event = cases.add_event(ctx.db, made.case.id, "seizure", occurred_at="09.03.2026 12:00", person_id=io.id)
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.info.id == made.case.id, timeout=5000)
    wait_idle(qtbot, ctx)
    return page, ctx, made.case.id, event.event_id


def last_audit(db):
    with db.session() as s:
        return s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


def test_correct_the_registration_time_with_a_reason(qtbot, setup):
    page, ctx, case_id, _event_id = setup
    assert page.correct_button.isEnabled() and page.edit_case_action.isEnabled()
    before = {o.id: o.due_at for o in cases.get_case(ctx.db, case_id).obligations if o.status == "pending"}
    dialog = page.edit_case()
    assert dialog.registered.text() == "08.03.2026 10:00"
    dialog.registered.setText("08.03.2026 16:00")
    dialog.submit()  # no reason: refused beside the field, nothing written
    assert "Reason" in dialog.form.error_text("reason")
    assert cases.get_case(ctx.db, case_id).info.registered_at == dt.datetime(2026, 3, 8, 10, 0)
    dialog.reason.setPlainText("The FIR was typed with the wrong hour; the GD says 16:00.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    detail = cases.get_case(ctx.db, case_id)
    assert detail.info.registered_at == dt.datetime(2026, 3, 8, 16, 0)
    after = {o.id: o.due_at for o in detail.obligations if o.id in before}
    assert any(after[i] - before[i] == dt.timedelta(hours=6) for i in before)  # the open entries followed
    row = last_audit(ctx.db)
    assert row.action == "case.correct"
    assert "wrong hour" in json.loads(row.after)["reason"]


def test_void_the_case_closes_its_open_entries(qtbot, setup):
    page, ctx, case_id, _event_id = setup
    dialog = page.void_case()
    dialog.reason.setPlainText("Registered twice by mistake; the real FIR is 46/2026.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    detail = cases.get_case(ctx.db, case_id)
    assert detail.info.status == "void"
    assert all(o.status != "pending" for o in detail.obligations)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.info.status == "void", timeout=5000)
    assert not page.correct_button.isEnabled()  # a voided case takes no more corrections


def test_correct_and_void_an_event(qtbot, setup):
    page, ctx, case_id, event_id = setup
    assert not page.edit_event_action.isEnabled()  # no event chosen yet
    row = next(r for r in range(page.events.rowCount()) if page.events.item(r, 0).data(256) == event_id)
    page.events.selectRow(row)
    assert page.edit_event_action.isEnabled()
    dialog = page.edit_event()
    dialog.occurred.setText("09.03.2026 09:30")
    dialog.reason.setPlainText("Seizure memo shows 09:30.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    event = next(e for e in cases.get_case(ctx.db, case_id).events if e.id == event_id)
    assert event.occurred_at == dt.datetime(2026, 3, 9, 9, 30)
    wait_idle(qtbot, ctx)
    row = next(r for r in range(page.events.rowCount()) if page.events.item(r, 0).data(256) == event_id)
    page.events.selectRow(row)
    dialog = page.void_event()
    dialog.reason.setPlainText("No seizure was made; entered by mistake.")
    with qtbot.waitSignal(ctx.changed, timeout=5000):
        dialog.submit()
    event = next(e for e in cases.get_case(ctx.db, case_id).events if e.id == event_id)
    assert event.voided and "mistake" in event.voided["reason"]


def test_someone_not_the_sho_is_refused_and_nothing_changes(qtbot, setup):
    page, ctx, case_id, _event_id = setup
    io = next(p for p in staff.list_persons(ctx.db) if p.name == "Ram Prakash")
    ctx.actor = Actor(person_id=io.id, label="Ram Prakash")
    dialog = page.void_case()
    dialog.reason.setPlainText("I think it is a duplicate.")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.form.error_text()), timeout=5000)
    assert "not allowed" in dialog.form.error_text()
    assert cases.get_case(ctx.db, case_id).info.status != "void"


def test_the_sho_confirms_a_correction_in_place_at_the_operators_window(qtbot, setup):
    from app.services import accounts

    page, ctx, case_id, _event_id = setup
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        operator = staff.add_person(ctx.db, "Amit Kumar", "Constable")
        sho = staff.add_person(ctx.db, "Vikram Singh", "Inspector")
        staff.assign_role(ctx.db, sho.id, "sho", "2026-01-01")
        signed = accounts.create_first_admin(ctx.db, username="amit", password="river tea window",
                                             confirm="river tea window", person_id=operator.id)
        info = accounts.create_account(ctx.db, sho.id, "vikram", actor=signed.actor)
        accounts.set_first_password(ctx.db, "vikram", "mango lamp seven", "mango lamp seven", code=info.setup_code)
        ctx.actor, ctx.account = signed.actor, signed.account
        dialog = page.void_case()
        qtbot.waitUntil(lambda: dialog.sho_password.isVisibleTo(dialog), timeout=5000)
        assert "Vikram Singh" in dialog.sho_password_label.text()
        dialog.reason.setPlainText("Registered twice by mistake.")
        dialog.sho_password.setText("wrong words here")
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.form.error_text("sho_password")), timeout=5000)
        assert cases.get_case(ctx.db, case_id).info.status != "void"
        dialog.sho_password.setText("mango lamp seven")
        with qtbot.waitSignal(ctx.changed, timeout=5000):
            dialog.submit()
        assert cases.get_case(ctx.db, case_id).info.status == "void"
        row = last_audit(ctx.db)
        assert (row.action, row.actor_person_id) == ("case.void", sho.id)
        assert ctx.actor == signed.actor
    finally:
        accounts.use_params(None)


def test_with_nobody_in_the_shos_role_the_operator_is_told_what_to_do(qtbot, setup):
    """Not the bare "Amit Kumar is not allowed to correct or void a case": who gives the SHO's role, and where."""
    from app.services import accounts

    page, ctx, case_id, _event_id = setup
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        operator = staff.add_person(ctx.db, "Amit Kumar", "Constable")
        signed = accounts.create_first_admin(ctx.db, username="amit", password="river tea window",
                                             confirm="river tea window", person_id=operator.id)
        ctx.actor, ctx.account = signed.actor, signed.account
        dialog = page.void_case()
        wait_idle(qtbot, ctx)
        assert not dialog.sho_password.isVisibleTo(dialog)
        dialog.reason.setPlainText("Registered twice by mistake.")
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.form.error_text()), timeout=5000)
        assert "Nobody holds the SHO's role today" in dialog.form.error_text()
        assert "Give a role" in dialog.form.error_text()
        assert cases.get_case(ctx.db, case_id).info.status != "void"
    finally:
        accounts.use_params(None)


def test_save_pressed_before_the_shos_name_arrives_asks_for_his_password(qtbot, setup):
    from app.services import accounts

    page, ctx, case_id, _event_id = setup
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        operator = staff.add_person(ctx.db, "Amit Kumar", "Constable")
        sho = staff.add_person(ctx.db, "Vikram Singh", "Inspector")
        staff.assign_role(ctx.db, sho.id, "sho", "2026-01-01")
        signed = accounts.create_first_admin(ctx.db, username="amit", password="river tea window",
                                             confirm="river tea window", person_id=operator.id)
        ctx.actor, ctx.account = signed.actor, signed.account
        dialog = page.void_case()
        wait_idle(qtbot, ctx)
        dialog.shos = dialog.sho = None  # as before the list of today's SHO arrived
        dialog.form.set_field_visible("sho_password", False)
        dialog.reason.setPlainText("Registered twice by mistake.")
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.form.error_text()), timeout=5000)
        assert "Vikram Singh types his own password here" in dialog.form.error_text()
        assert cases.get_case(ctx.db, case_id).info.status != "void"
    finally:
        accounts.use_params(None)


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_no_alt_letter_clashes_in_the_correction_dialogs(qtbot, setup, lang):
    from app.i18n import set_language
    from tests.ui.mnemonic_walk import clashes, window_clashes

    page, ctx, case_id, event_id = setup
    set_language(lang)
    try:
        page.retranslate()
        assert clashes([a.text() for a in page.correct_menu.actions()]) == {}
        row = next(r for r in range(page.events.rowCount()) if page.events.item(r, 0).data(256) == event_id)
        page.events.selectRow(row)
        for opener in (page.edit_case, page.void_case, page.edit_event, page.void_event):
            dialog = opener()
            dialog.form.set_field_visible("sho_password", True)
            if hasattr(dialog, "confirm"):
                dialog.form.set_field_visible("confirm", True)
            assert window_clashes(dialog) == {}, opener.__name__
            dialog.reject()
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_an_event_moved_before_the_fir_is_said_beside_the_date(qtbot, setup, lang):
    """Correcting an event's time: a date before the offence, or a seizure more than hours before the FIR, is said
    beside "When" as it is typed (dates as typed, in the window's language); the confirmation clears the
    question for a seizure; nothing is written meanwhile."""
    from app.i18n import set_language

    page, ctx, case_id, event_id = setup
    set_language(lang)
    try:
        row = next(r for r in range(page.events.rowCount()) if page.events.item(r, 0).data(256) == event_id)
        page.events.selectRow(row)
        dialog = page.edit_event()
        dialog.occurred.setText("06.03.2026 12:00")  # before the offence (07.03.2026)
        dialog.occurred.editingFinished.emit()
        error = dialog.form.error_text("occurred_at")
        assert "07.03.2026" in error and "06.03.2026 12:00" in error and "2026-" not in error, error
        dialog.occurred.setText("07.03.2026 12:00")  # 22 hours before the FIR: a seizure may, if confirmed
        dialog.occurred.editingFinished.emit()
        assert "08.03.2026 10:00" in dialog.form.error_text("occurred_at")
        assert dialog.form.fields["confirm"].visible
        dialog.confirm.setChecked(True)
        assert dialog.form.error_text("occurred_at") == ""
        event = next(e for e in cases.get_case(ctx.db, case_id).events if e.id == event_id)
        assert event.occurred_at == dt.datetime(2026, 3, 9, 12, 0)  # nothing written while typing
        dialog.reject()
    finally:
        set_language("en")
