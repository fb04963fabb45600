"""A role start after today is asked about where it is typed, in the Give-role dialog and in the first-start
wizard, instead of being taken silently (01.01.2030 left every role vacant, with no hint why). Nothing is
written until the box is ticked; a start of today asks nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard

from app.i18n import set_language
from app.services import catalogue, staff, station
from app.services.core import clock
from app.ui.dialogs.assign_role import AssignRoleDialog
from app.ui.dialogs.first_run import FirstRunWizard
from tests.ui.mnemonic_walk import window_clashes
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 12, 5, 10, 0)


@pytest.fixture
def person(ctx):
    clock.pin(NOW)
    staff.add_person(ctx.db, "Neeraj Gupta", "Constable")
    return staff.list_persons(ctx.db)[0]


def give_role(qtbot, ctx, person, from_text):
    dialog = AssignRoleDialog(ctx, person, catalogue.list_roles(ctx.db))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, ctx)
    dialog.role.setCurrentIndex(dialog.role.findData("operator"))
    dialog.from_date.setText(from_text)
    dialog.submit()
    wait_idle(qtbot, ctx)
    return dialog


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_give_role_from_2030_asks_in_place_and_writes_nothing_until_ticked(qtbot, ctx, person, lang):
    set_language(lang)
    try:
        dialog = give_role(qtbot, ctx, person, "01.01.2030")
        assert dialog.isVisible() and dialog.confirm_later.isVisible()
        error = dialog.findChild(QLabel, "error_confirm_later")
        assert error.isVisible() and "1123" in error.text() and person.name in error.text()
        assert "1123" in dialog.confirm_later.text()
        assert window_clashes(dialog) == {}
        assert staff.list_assignments(ctx.db) == []
        qtbot.keyClick(dialog.confirm_later, Qt.Key.Key_Space)
        dialog.submit()
        wait_idle(qtbot, ctx)
        assert not dialog.isVisible()
        assert [(a.role, a.from_date) for a in staff.list_assignments(ctx.db)] == [("operator", dt.date(2030, 1, 1))]
    finally:
        set_language("en")


def test_give_role_from_today_asks_nothing(qtbot, ctx, person):
    dialog = give_role(qtbot, ctx, person, "05.12.2026")
    assert not dialog.isVisible() and not dialog.confirm_later.isVisible()
    assert [(a.role, a.from_date) for a in staff.list_assignments(ctx.db)] == [("operator", dt.date(2026, 12, 5))]


def test_changing_the_date_back_to_today_takes_the_question_away(qtbot, ctx, person):
    dialog = give_role(qtbot, ctx, person, "01.01.2030")
    assert dialog.confirm_later.isVisible()
    dialog.from_date.setText("01.12.2026")
    dialog.from_date.editingFinished.emit()
    assert not dialog.confirm_later.isVisible()
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert [a.from_date for a in staff.list_assignments(ctx.db)] == [dt.date(2026, 12, 1)]


def test_the_wizard_asks_about_a_later_start_before_finish(qtbot, db, make_ctx):
    clock.pin(NOW)
    ctx = make_ctx(db)
    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: len(wizard.roles.roles) == 5, timeout=5000)
    wizard.welcome.setup.setChecked(True)
    wizard.next()
    wizard.station.name.setText("Kotwali")
    wizard.station.district.setText("Lucknow")
    wizard.next()
    wizard.staff.name.setText("Neeraj Gupta")
    wizard.staff.rank.setCurrentText("Constable")
    qtbot.keyClick(wizard.staff.pno, Qt.Key.Key_Return)
    wizard.next()
    wizard.roles.set_ticked(0, "operator")
    wizard.roles.from_date.setText("01.01.2030")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, ctx)
    assert wizard.isVisible() and wizard.roles.confirm_later.isVisible()
    assert "1123" in wizard.roles.error.text()
    assert station.get_station(ctx.db) is None  # nothing written
    assert window_clashes(wizard) == {}
    wizard.roles.confirm_later.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, ctx)
    assert wizard.choice == "setup"
    assert [a.from_date for a in staff.list_assignments(ctx.db)] == [dt.date(2030, 1, 1)]
