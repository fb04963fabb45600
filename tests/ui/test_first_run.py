"""First start: the wizard sets up a station with its staff and roles; bad input writes nothing; the demo
station is built on the worker into its own file and opened."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QWizard

from app.services.core import clock
from app.services import staff
from app.services import station
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.dialogs.first_run_welcome import PAGE_ROLES, PAGE_STAFF, PAGE_STATION
from app.ui.dialogs.first_run import FirstRunWizard
from app.ui.dialogs.demo_station import build_demo_station
from tests.ui.waiting import wait_idle


@pytest.fixture
def ctx(db, tmp_path):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    context = AppContext(db, Preferences(tmp_path / "prefs.json"))
    yield context
    context.close()


@pytest.fixture
def wizard(qtbot, ctx):
    w = FirstRunWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: len(w.roles.roles) == 5, timeout=5000)
    return w


def type_person(qtbot, page, name, rank, pno=""):
    page.name.setText(name)
    page.rank.setCurrentText(rank)
    page.pno.setText(pno)
    qtbot.keyClick(page.pno, Qt.Key.Key_Return)  # Enter adds (and does not leave the page)


def test_wizard_creates_station_staff_and_roles(qtbot, wizard, ctx):
    wizard.next()
    assert wizard.currentId() == PAGE_STATION
    wizard.station.name.setText("Kotwali Nagar")
    wizard.station.district.setText("Lucknow")
    wizard.next()
    assert wizard.currentId() == PAGE_STAFF
    type_person(qtbot, wizard.staff, "Ram Prakash", "Inspector", "9001")
    type_person(qtbot, wizard.staff, "Shyam Lal", "Head Constable", "9002")
    assert wizard.currentId() == PAGE_STAFF
    assert wizard.staff.table.rowCount() == 2
    type_person(qtbot, wizard.staff, "Duplicate", "HC", "9002")
    assert "9002" in wizard.staff.form.error_text("pno")
    assert wizard.staff.table.rowCount() == 2
    wizard.staff.name.clear()
    wizard.next()
    assert wizard.currentId() == PAGE_ROLES
    wizard.roles.set_ticked(0, "sho")
    wizard.roles.set_ticked(0, "io")
    wizard.roles.set_ticked(1, "mohrir")
    assert station.get_station(ctx.db) is None  # nothing written before Finish
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, ctx)
    assert wizard.choice == "setup" and not wizard.isVisible()
    st = station.get_station(ctx.db)
    assert (st.name, st.district, st.code) == ("Kotwali Nagar", "Lucknow", None)
    roles = {p.name: set(p.roles) for p in staff.list_persons(ctx.db)}
    assert roles == {"Ram Prakash": {"sho", "io"}, "Shyam Lal": {"mohrir"}}
    assert {a.from_date for a in staff.list_assignments(ctx.db)} == {dt.date(2026, 3, 10)}


def test_bad_station_details_stop_the_wizard_and_write_nothing(qtbot, wizard, ctx):
    wizard.next()
    wizard.station.name.setText("   ")
    wizard.next()
    assert wizard.currentId() == PAGE_STATION
    assert wizard.station.form.error_text("name") == "Station name is required."
    assert wizard.station.form.error_text("district") == "District is required."
    wizard.station.name.setText("Kotwali")
    wizard.station.district.setText("Lucknow")
    wizard.next()
    wizard.next()  # nobody on the list
    assert wizard.currentId() == PAGE_STAFF
    assert "at least one person" in wizard.staff.form.error_text()
    wait_idle(qtbot, ctx)
    assert station.get_station(ctx.db) is None
    assert staff.list_persons(ctx.db) == []


def test_a_failure_writes_nothing_and_a_retry_succeeds(qtbot, wizard, ctx):
    wizard.next()
    wizard.station.name.setText("Kotwali")
    wizard.station.district.setText("Lucknow")
    wizard.next()
    type_person(qtbot, wizard.staff, "Ram Prakash", "SI", "9001")
    type_person(qtbot, wizard.staff, "Shyam Lal", "HC", "9002")
    wizard.next()
    wizard.roles.set_ticked(0, "io")
    wizard.roles.set_ticked(1, "mohrir")
    # someone else takes a PNO meanwhile (e.g. the command line): the second person cannot be added
    staff.add_person(ctx.db, "Other", "HC", "9002")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, ctx)
    assert wizard.isVisible() and "9002" in wizard.roles.error.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # one transaction: no station, not even the first person, no role
    assert station.get_station(ctx.db) is None
    assert [p.name for p in staff.list_persons(ctx.db)] == ["Other"] and staff.list_assignments(ctx.db) == []
    wizard.staff.people[1] = dataclasses.replace(wizard.staff.people[1], pno="9003")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_idle(qtbot, ctx)
    assert wizard.choice == "setup" and not wizard.isVisible()
    assert station.get_station(ctx.db).name == "Kotwali"
    roles = {p.name: set(p.roles) for p in staff.list_persons(ctx.db)}
    assert roles == {"Other": set(), "Ram Prakash": {"io"}, "Shyam Lal": {"mohrir"}}


def test_demo_choice_finishes_at_once(qtbot, wizard):
    wizard.welcome.demo.setChecked(True)
    assert wizard.welcome.isFinalPage()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.choice == "demo"


def test_demo_station_is_built_on_the_worker_then_reused(qtbot, ctx, tmp_path, monkeypatch, ui_demo_file):
    """The window's side of the demo: the builder runs on the worker with its progress in the dialog, the file
    is then opened, and a second time it is reused. The builder itself is the demo service's (its tests build
    one-year demos); here it hands over a copy of the suite's one-year demo, as it reports its progress."""
    import threading

    from app.services import demo as demo_service
    from app.services.storage import copy_database

    calls = []

    def build_demo(target, *, years, progress):
        calls.append((years, threading.current_thread() is threading.main_thread()))
        progress(0.5, "Half-way")
        copy_database(ui_demo_file, target)

    monkeypatch.setattr(demo_service, "build_demo", build_demo)
    path = tmp_path / "demo.sqlite3"
    got = []
    dialog = build_demo_station(ctx, None, got.append, path=path, years=1)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: bool(got), timeout=60000)
    assert calls == [(1, False)]  # once, on the worker
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert got == [path] and not shiboken6.isValid(dialog)  # closed and deleted, not left hidden
    from app.services.station import open_database

    demo = open_database(path)
    try:
        assert station.get_station(demo) is not None
    finally:
        demo.close()
    again = []
    assert build_demo_station(ctx, None, again.append, path=path, years=1) is None  # already there: opened as is
    assert again == [path]
