"""The equipment page: add an item, report a fault, escalate and resolve it — through the dialogs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.i18n import set_language
from app.services.core import clock
from app.services import handholding
from app.ui.pages.handholding_equipment import HandholdingEquipmentPage
from tests.ui.waiting import wait_idle

SHOTS = Path(os.environ.get("ANUPALAN_SCREENSHOTS", "")) if os.environ.get("ANUPALAN_SCREENSHOTS") else None


@pytest.fixture
def page(qtbot, ctx):
    clock.pin(dt.datetime(2026, 11, 20, 10, 0))
    widget = HandholdingEquipmentPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def test_fault_flow_through_the_page(qtbot, page, ctx):
    page.refresh()
    wait_idle(qtbot, ctx)
    assert page.table.rowCount() == 0 and "no cameras" in page.status.text()

    dialog = page.add_equipment()
    dialog.kind.setCurrentIndex(dialog.kind.findData("cctv_camera"))
    qtbot.keyClicks(dialog.name, "Gate camera")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    wait_idle(qtbot, ctx)

    # a bad report stays open with the message beside the field; nothing is written
    dialog = page.report_fault()
    dialog.reported_at.setText("25.11.2026 10:00")
    dialog.description.setPlainText("No picture")
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and "future" in dialog.form.error_text()
    assert handholding.list_faults(ctx.db) == []
    dialog.reported_at.setText("15.11.2026 09:00")
    qtbot.keyClicks(dialog.ticket, "HD-1")
    dialog.submit()
    wait_idle(qtbot, ctx)
    # no one signed in (the system actor): the reporter must be named
    assert dialog.isVisible() and "who reported" in dialog.form.error_text("reported_by")
    qtbot.keyClicks(dialog.reported_by, "HC Ram Prakash")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.fault_table.rowCount() == 1, timeout=5000)
    wait_idle(qtbot, ctx)
    assert not dialog.isVisible()
    assert page.fault_table.item(0, 4).text() == "HD-1"
    assert page.fault_table.item(0, 0).background().color().name() == "#f8d7da"  # flagged: 5 days open
    assert "NOT fully working" in page.status.text()

    page.fault_table.selectRow(0)
    dialog = page.escalate()
    qtbot.keyClicks(dialog.to, "District nodal officer")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.fault_table.item(0, 5).text() == "District nodal officer", timeout=5000)
    if SHOTS:  # ANUPALAN_SCREENSHOTS=folder: save the page in both languages, with the app's font
        from PySide6.QtWidgets import QApplication

        from app.ui.fonts import install_app_font

        install_app_font(QApplication.instance())
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SHOTS / "equipment_en.png"))
        set_language("hi")
        page.retranslate()
        page.grab().save(str(SHOTS / "equipment_hi.png"))
        set_language("en")
        page.retranslate()

    wait_idle(qtbot, ctx)
    page.fault_table.selectRow(0)
    dialog = page.resolve()
    qtbot.keyClicks(dialog.how, "Cable replaced")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.fault_table.rowCount() == 0, timeout=5000)  # open only
    wait_idle(qtbot, ctx)
    assert "CCTV: working" in page.status.text()
    page.open_only.setChecked(False)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.fault_table.rowCount() == 1, timeout=5000)
    assert page.fix_table.rowCount() == 1
