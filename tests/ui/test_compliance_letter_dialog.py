"""The compliance report's print dialog (letter number, enclosures) and the station particulars dialog (issue 17)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.i18n import set_language
from app.services import station
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.pages.inspections import InspectionsPage
from tests.services.report_seed import seed_station

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "reports"


@pytest.fixture
def page(qtbot, db, tmp_path):
    seed_station(db, obligations=80)
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    p = InspectionsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    yield p
    if p.preview_dialog is not None:
        p.preview_dialog.close()
    ctx.close()
    set_language("en")


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_letter_number_and_enclosures_reach_the_letter(qtbot, page):
    dialog = page.ask_period("compliance")
    dialog.start.setText("01.10.2026")
    dialog.end.setText("31.10.2026")
    dialog.letter_no.setText("x" * 81)  # too long: refused beside the field, nothing built
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.form.error_text("letter_no") != "", timeout=5000)
    assert page.last_document is None
    dialog.letter_no.setText("CCTNS/17/2026")
    dialog.enclosures.setText("Inspection note; Duty roster")
    page.lang.setCurrentIndex(page.lang.findData("en"))
    dialog.submit()
    qtbot.waitUntil(lambda: page.last_document is not None, timeout=20000)
    text = _text(page.last_document[0])
    assert "Letter no.: CCTNS/17/2026" in text and "1. Inspection note" in text and "2. Duty roster" in text


def test_particulars_dialog_saves_and_refuses(qtbot, page):
    dialog = page.ask_period("compliance")
    particulars = dialog.edit_particulars()
    qtbot.waitUntil(lambda: particulars.edits["co_hi"].placeholderText() == "क्षेत्राधिकारी", timeout=5000)
    particulars.resize(1000, particulars.sizeHint().height())
    particulars.edits["email"].setText("not an address")
    particulars.submit()
    assert "e-mail" in particulars.error.text() and particulars.isVisible()
    assert station.office_particulars(page.ctx.db).set_keys == frozenset()
    particulars.edits["email"].setText("")
    particulars.edits["co_hi"].setText("क्षेत्राधिकारी नगर")
    particulars.edits["station_hi"].setText("कोतवाली नगर")
    particulars.submit()
    qtbot.waitUntil(lambda: not particulars.isVisible(), timeout=5000)
    info = station.office_particulars(page.ctx.db)
    assert info.set_keys == {"co_hi", "station_hi"} and info.get("co", "hi") == "क्षेत्राधिकारी नगर"


def test_dialogs_in_hindi_fit_the_screen(qtbot, page):
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import install_app_font

    install_app_font(QApplication.instance())  # as the app does at start: the pictures show Devanagari
    set_language("hi")
    page.retranslate()
    dialog = page.ask_period("compliance")
    dialog.retranslate()
    particulars = dialog.edit_particulars()
    particulars.retranslate()
    particulars.show()
    qtbot.waitUntil(lambda: particulars.edits["co_hi"].placeholderText() != "", timeout=5000)
    assert particulars.sizeHint().height() <= 700 and particulars.sizeHint().width() <= 1366
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "ui_compliance_dialog_hi.png"))
    particulars.grab().save(str(SHOTS / "ui_station_particulars_hi.png"))
