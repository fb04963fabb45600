"""Keyboard users reach a field with Alt+letter and save with Alt+S. Two labels (or a label and a
button) with the same letter make Alt cycle between them instead: in the FIR form Alt+S went to
"Sections" and never saved. Every form dialog's letters are unique, for every event kind."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from app.services import cases
from app.services import catalogue
from app.services.core import clock
from app.services import staff
from app.ui.dialogs.case_form import CaseDialog
from app.ui.dialogs.event_form import EVENT_FIELDS, EventDialog
from app.ui.dialogs.handholding_equipment import EquipmentDialog
from app.ui.dialogs.handholding_support import CampaignDialog
from app.ui.dialogs.inspection_forms import FindingDialog, VisitDialog
from app.ui.dialogs.mark_entered import MarkEnteredDialog

MNEMONIC = re.compile(r"&(?!&)(\w)")


def mnemonic_clashes(dialog, *, include_hidden: bool = False) -> dict[str, list[str]]:
    """Letters used by more than one field label (with a buddy) or button shown in the dialog."""
    texts = [label.text() for label in dialog.findChildren(QLabel)
             if label.buddy() is not None and (include_hidden or label.isVisibleTo(dialog))]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.isVisibleTo(dialog)]
    seen: dict[str, list[str]] = {}
    for text in texts:
        match = MNEMONIC.search(text)
        if match:
            seen.setdefault(match.group(1).lower(), []).append(text)
    return {letter: found for letter, found in seen.items() if len(found) > 1}


@pytest.fixture
def ctx(ctx):
    import datetime as dt

    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    return ctx


@pytest.fixture
def person(ctx):
    io = staff.add_person(ctx.db, "Ram Prakash", "SI", "9001")
    staff.assign_role(ctx.db, io.id, "io", "2026-01-01")
    return staff.list_persons(ctx.db)[0]


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_clash_finder_finds_a_clash(qtbot, ctx, person):
    dialog = show(qtbot, CaseDialog(ctx, [person]))
    dialog.labels["year"].setText("&Sections again")
    assert "s" in mnemonic_clashes(dialog)


@pytest.mark.parametrize("kind", ["fir", "complaint"])
def test_case_form_letters_are_unique(qtbot, ctx, person, kind):
    dialog = show(qtbot, CaseDialog(ctx, [person], kind=kind))
    assert mnemonic_clashes(dialog) == {}


@pytest.mark.parametrize("kind", sorted(EVENT_FIELDS))
def test_event_form_letters_are_unique_for_every_kind(qtbot, ctx, person, kind):
    result = cases.add_case(ctx.db, "fir", registered_at="2026-03-01 10:00", number=7,
                                   offence_date="2026-02-28", act="BNS", sections="303(2)",
                                   io_person_id=person.id)
    dialog = show(qtbot, EventDialog(ctx, result.case, [person], kind=kind))
    assert mnemonic_clashes(dialog) == {}


def test_other_form_letters_are_unique(qtbot, ctx, person):
    roles = catalogue.list_roles(ctx.db)
    duties = catalogue.list_duties(ctx.db)
    for dialog in (EquipmentDialog(ctx), CampaignDialog(ctx), MarkEnteredDialog(ctx, [1], [(person.id, person.name)]),
                   FindingDialog(ctx, 1, roles, duties)):
        show(qtbot, dialog)
        assert mnemonic_clashes(dialog) == {}, type(dialog).__name__
    visit = show(qtbot, VisitDialog(ctx))
    assert mnemonic_clashes(visit, include_hidden=True) == {}  # "Rank (other)" shows on demand
