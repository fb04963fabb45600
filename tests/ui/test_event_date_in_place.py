"""The Add event dialog says beside "When", as the date is typed (before saving), that an event is dated
before the case's registration or the offence — in the window's language, with the dates as typed; an arrest
hours before the FIR asks for the confirmation there; nothing is written until the date is right."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from app.i18n import set_language
from tests.ui.shot_fonts import shot_fonts
from app.services import cases, staff
from app.services.core import clock
from app.ui.dialogs.event_form import EventDialog

SHOTS = Path(os.environ["ANUPALAN_SCREENSHOTS"]) if os.environ.get("ANUPALAN_SCREENSHOTS") else None


@pytest.fixture
def setup(ctx):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    io = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    person = staff.list_persons(ctx.db)[0]
    result = cases.add_case(ctx.db, "fir", registered_at="2026-03-01 10:00", number=7, offence_date="2026-02-27",
                            act="BNS", sections="303(2)", io_person_id=person.id)
    yield ctx, person, result.case
    set_language("en")


def _type_when(qtbot, dialog, text):
    dialog.occurred.clear()
    qtbot.keyClicks(dialog.occurred, text)
    dialog.occurred.editingFinished.emit()  # leaving the field (offscreen windows get no focus-out)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_before_registration_said_beside_the_field(qtbot, setup, lang):
    ctx, person, case = setup
    set_language(lang)
    dialog = EventDialog(ctx, case, [person], kind="case-diary")
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    events_before = len(cases.get_case(ctx.db, case.id).events)

    _type_when(qtbot, dialog, "28.02.2026 09:00")  # a day before the FIR, after the offence
    error = dialog.form.error_text("occurred_at")
    assert "01.03.2026 10:00" in error and "28.02.2026 09:00" in error and "2026-" not in error, error
    assert ("registered" in error) if lang == "en" else ("registered" not in error), error
    if SHOTS:
        shot_fonts()
        dialog.grab().save(str(SHOTS / f"ui_event_before_fir_{lang}.png"))

    _type_when(qtbot, dialog, "26.02.2026 09:00")  # before the offence too
    assert "27.02.2026" in dialog.form.error_text("occurred_at")

    # an arrest 20 hours before the FIR: possible, asked for in place; ticking the confirmation clears it
    dialog.kind.setCurrentIndex(dialog.kind.findData("arrest"))
    _type_when(qtbot, dialog, "28.02.2026 14:00")
    assert "20" in dialog.form.error_text("occurred_at")
    dialog.confirm.setChecked(True)
    assert dialog.form.error_text("occurred_at") == ""
    dialog.confirm.setChecked(False)
    assert dialog.form.error_text("occurred_at") != ""

    _type_when(qtbot, dialog, "02.03.2026 09:00")  # after the FIR: no complaint
    assert dialog.form.error_text("occurred_at") == ""
    assert len(cases.get_case(ctx.db, case.id).events) == events_before  # nothing was saved meanwhile


def test_the_appearance_date_is_asked_as_typed_everywhere(qtbot, setup):
    """The summons' appearance date is asked for as DD.MM.YYYY like every other date (not ISO)."""
    ctx, person, case = setup
    dialog = EventDialog(ctx, case, [person], kind="summons")
    qtbot.addWidget(dialog)
    assert "DD.MM.YYYY" in dialog.detail_labels["appearance"].text()
    assert "YYYY-MM-DD" not in dialog.detail_labels["appearance"].text()
