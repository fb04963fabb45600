"""The Inspections page: record a visit, a finding and an instruction through its forms, build the
checklist and a report on the worker, preview the pages and save the PDF."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.i18n import set_language
from tests.ui.shot_fonts import shot_fonts
from app.services import inspections
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.pages.inspections import InspectionsPage
from tests.services.report_seed import seed_station

SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "reports"


@pytest.fixture
def page(qtbot, db, tmp_path):
    seeded = seed_station(db, obligations=200)
    ctx = AppContext(db, Preferences(tmp_path / "prefs.json"))
    p = InspectionsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    p.seeded = seeded
    yield p
    for dialog in (p.preview_dialog,):
        if dialog is not None:
            dialog.close()
    ctx.close()
    set_language("en")


def test_visit_finding_instruction_and_documents(qtbot, page, tmp_path):
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.roles), timeout=5000)
    assert page.visit_table.rowCount() == 0 and not page.add_finding_button.isEnabled()

    visit = page.new_visit()
    visit.officer.setText("Kshama Tripathi")
    visit.date.setText("15.11.2026")
    visit.surprise.setChecked(True)
    visit.submit()
    qtbot.waitUntil(lambda: page.visit_table.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    assert "Kshama Tripathi" in page.summary.text()

    # A refused instruction (the IO has no catch-all duty) shows the service's message, writes nothing.
    ins = page.add_instruction()
    ins.person.setCurrentIndex(ins.person.findData(page.seeded.ids["Priya Mishra"]))
    ins.due.setText("25.11.2026")
    ins.text.setPlainText("Finish the IIF-2 forms")
    ins.submit()
    qtbot.waitUntil(lambda: ins.form.error_text("duty") != "", timeout=5000)
    assert ins.isVisible()
    ins.duty.setCurrentIndex(ins.duty.findData("C-1"))
    ins.submit()
    qtbot.waitUntil(lambda: not ins.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.instructions.rowCount() == 1, timeout=5000)
    assert page.instructions.item(0, 1).text() == "C-1"

    finding = page.add_finding()
    finding.role.setCurrentIndex(finding.role.findData("mohrir"))
    finding.text.setPlainText("Registers up to date")
    finding.ok.setChecked(True)
    finding.submit()
    qtbot.waitUntil(lambda: page.findings.rowCount() == 1, timeout=5000)
    page.grab().save(str(SHOTS / "ui_inspections_en.png"))

    page.lang.setCurrentIndex(page.lang.findData("en"))
    page.make_document("checklist")
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=20000)
    pdf, title, name = page.last_document
    assert pdf.startswith(b"%PDF") and name == "checklist.pdf"
    preview = page.preview_dialog
    qtbot.waitUntil(lambda: len(preview.page_labels) >= 2, timeout=20000)
    preview.resize(1000, 740)
    preview.grab().save(str(SHOTS / "ui_preview_checklist_en.png"))
    target = tmp_path / "saved.pdf"
    preview.save_document(str(target))
    qtbot.waitUntil(target.exists, timeout=5000)
    assert target.read_bytes() == pdf
    preview.close()

    dialog = page.ask_period("compliance")
    dialog.start.setText("01.11.2026")
    dialog.end.setText("01.10.2026")  # the end before the start: refused, no document
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.form.error_text() != "", timeout=5000)
    dialog.end.setText("20.11.2026")
    dialog.submit()
    qtbot.waitUntil(lambda: page.last_document[2].startswith("compliance-"), timeout=20000)


def test_page_in_hindi(qtbot, page):
    inspections.record_inspection(page.ctx.db, visit_date="2026-11-10", officer_name="के. त्रिपाठी",
                                          officer_rank="co")
    set_language("hi")
    page.retranslate()
    page.refresh()
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    assert "के. त्रिपाठी" in page.summary.text()
    page.grab().save(str(SHOTS / "ui_inspections_hi.png"))


def test_instruction_rank_in_the_window_language(qtbot, page):
    """An instruction's person shows the rank as officers write it in the window's language (no English
    rank in the Hindi window), in the table and in the instruction dialog's person list."""
    visit = inspections.record_inspection(page.ctx.db, visit_date="2026-11-10", officer_name="K. Tripathi",
                                          officer_rank="co")
    inspections.add_instruction(page.ctx.db, visit.id, person_id=page.seeded.ids["Priya Mishra"],
                                text="IIF-2 पूरा करें", due="2026-11-25", duty_code="C-1")
    set_language("hi")
    page.retranslate()
    page.refresh()
    qtbot.waitUntil(lambda: page.instructions.rowCount() == 1, timeout=5000)
    shown = page.instructions.item(0, 0).text()
    assert shown.startswith("Priya Mishra") and "उपनिरीक्षक" in shown and "Sub-Inspector" not in shown
    shots = os.environ.get("ANUPALAN_SCREENSHOTS")
    if shots:
        shot_fonts()
        page.grab().save(os.path.join(shots, "ui_inspections_ranks_hi.png"))
    dialog = page.add_instruction()
    texts = [dialog.person.itemText(i) for i in range(dialog.person.count())]
    assert any("Priya Mishra (उपनिरीक्षक) (विवेचक)" in t for t in texts), texts  # the role's name, not "io"
    assert not any("Sub-Inspector" in t or "Constable" in t for t in texts), texts
    dialog.close()
    set_language("en")
    page.retranslate()
    page.refresh()
    qtbot.waitUntil(lambda: "Sub-Inspector" in (page.instructions.item(0, 0).text()
                                                 if page.instructions.rowCount() else ""), timeout=5000)
    if shots:
        page.grab().save(os.path.join(shots, "ui_inspections_ranks_en.png"))
