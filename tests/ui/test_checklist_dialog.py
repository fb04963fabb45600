"""The Inspections page's Checklist button asks for the print choices (issue 17): the annex of per-person lists
and the CAS sample's size; the checklist is built on the worker with them, and a visit's sample is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import set_language
from app.services import inspections
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.pages.inspections import InspectionsPage
from tests.pdf_text import flat_text
from tests.services.report_seed import TODAY, seed_station

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "reports"


@pytest.fixture
def page(qtbot, db, tmp_path):
    seeded = seed_station(db, obligations=200)
    inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="K. Tripathi", officer_rank="co")
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    p = InspectionsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.seeded = seeded
    yield p
    if p.preview_dialog is not None:
        p.preview_dialog.close()
    ctx.close()
    set_language("en")


@pytest.mark.parametrize("language", ["en", "hi"])
def test_checklist_choices_annex_and_sample(qtbot, page, language):
    set_language(language)
    page.retranslate()
    page.refresh()
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    page.lang.setCurrentIndex(page.lang.findData("en"))
    dialog = page.ask_checklist()
    assert dialog.isVisible() and dialog.sample.value() == 5 and dialog.annex.currentData() == "none"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"ui_checklist_choices_{language}.png"))
    dialog.annex.setCurrentIndex(dialog.annex.findData("all"))
    dialog.sample.setValue(2)
    dialog.submit()
    qtbot.waitUntil(lambda: page.last_document is not None, timeout=30000)
    pdf, _title, name = page.last_document
    text = flat_text(pdf)
    assert name == "checklist.pdf" and "Annex: overdue entries per person" in text
    assert "up to 2 each of the FIRs" in text
    assert inspections.get_inspection(page.ctx.db, page.detail.info.id).info.sample_kept
