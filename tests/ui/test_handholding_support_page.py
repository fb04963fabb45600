"""The support page: add handholding staff, mark the register, print the sheet, record a training,
request and record a CCTNS user id, start a campaign — through the page and its dialogs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app.i18n import set_language
from tests.ui.shot_fonts import shot_fonts
from app.services.core import clock
from app.services import staff
from app.services import handholding
from app.ui.pages.handholding_support import HandholdingSupportPage
from tests.ui.waiting import wait_idle

SHOTS = Path(os.environ["ANUPALAN_SCREENSHOTS"]) if os.environ.get("ANUPALAN_SCREENSHOTS") else None


@pytest.fixture
def page(qtbot, ctx):
    clock.pin(dt.datetime(2026, 11, 20, 10, 0))
    widget = HandholdingSupportPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def select_cells(grid, row, columns):
    grid.clearSelection()
    model = grid.selectionModel()
    for c in columns:
        model.select(grid.model().index(row, c), QItemSelectionModel.SelectionFlag.Select)


def test_support_flow(qtbot, page, ctx, tmp_path):
    amit = staff.add_person(ctx.db, "Amit Kumar", "Constable")
    staff.add_person(ctx.db, "Old HC", "HC", cctns_user_id="UPHC1")
    page.refresh()
    wait_idle(qtbot, ctx)
    assert page.grid.rowCount() == 0

    dialog = page.add_staff()
    qtbot.keyClicks(dialog.name, "Rahul Verma")
    qtbot.keyClicks(dialog.office, "Circle Office Kotwali")
    dialog.from_date.setText("02.11.2026")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.grid.rowCount() == 1, timeout=5000)
    wait_idle(qtbot, ctx)

    # 2nd to 7th November (Mon-Sat) present; the Sunday (8th) cannot be selected; the 25th is in the
    # future: refused, reported, not written
    assert not page.grid.item(0, 8).flags() & Qt.ItemFlag.ItemIsSelectable
    select_cells(page.grid, 0, [*range(2, 9), 25])
    page.mark_selected("present")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.grid.item(0, 2).text() == "P", timeout=5000)
    assert "Marked 6 days" in page.message.text() and "future" in page.message.text()
    month = handholding.month_attendance(ctx.db, "2026-11")
    assert month.staff[0].present == 6 and dt.date(2026, 11, 8) not in month.staff[0].entries
    select_cells(page.grid, 0, [10])
    page.mark_selected("leave")
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.grid.item(0, 10).text() == "L", timeout=5000)

    out = tmp_path / "sheet.pdf"
    page.print_sheet(str(out))
    wait_idle(qtbot, ctx)
    assert out.read_bytes().startswith(b"%PDF") and "Saved" in page.message.text()

    # training: the untrained list shrinks
    page.tabs.setCurrentIndex(1)
    assert "Amit Kumar" in page.untrained_label.text()
    dialog = page.add_training()
    qtbot.keyClicks(dialog.trainer, "Rahul Verma")
    qtbot.keyClicks(dialog.topics, "CAS login, FIR entry")
    dialog.submit()  # nobody ticked: refused beside the list
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and "at least one" in dialog.form.error_text("attendees")
    dialog.attendees.item(0).setCheckState(Qt.CheckState.Checked)  # Amit Kumar (sorted by name)
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.training_table.rowCount() == 1, timeout=5000)
    assert "Amit Kumar" not in page.untrained_label.text()

    # user ids: request, then record the id (it lands on the person)
    page.tabs.setCurrentIndex(2)
    wait_idle(qtbot, ctx)
    row = next(r for r in range(page.id_table.rowCount()) if page.id_table.item(r, 0).text() == "Amit Kumar")
    page.id_table.selectRow(row)
    dialog = page.request_id()
    qtbot.keyClicks(dialog.reference, "Letter 45/2026")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: any(page.id_table.item(r, 3).text() == "Requested"
                                for r in range(page.id_table.rowCount())), timeout=5000)
    row = next(r for r in range(page.id_table.rowCount()) if page.id_table.item(r, 0).text() == "Amit Kumar")
    page.id_table.selectRow(row)
    dialog = page.record_id()
    qtbot.keyClicks(dialog.user_id, "uphc1")  # someone else's id: refused beside the field
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and "Old HC" in dialog.form.error_text("user_id")
    dialog.user_id.setText("UPC0202")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: any(page.id_table.item(r, 2).text() == "UPC0202"
                                for r in range(page.id_table.rowCount())), timeout=5000)
    assert next(p for p in staff.list_persons(ctx.db) if p.id == amit.id).cctns_user_id == "UPC0202"

    # campaigns
    page.tabs.setCurrentIndex(3)
    dialog = page.add_campaign()
    qtbot.keyClicks(dialog.name, "Missing persons drive")
    dialog.started.setText("01.11.2026")
    dialog.deadline.setText("30.11.2026")
    dialog.submit()  # no target
    wait_idle(qtbot, ctx)
    assert dialog.isVisible() and dialog.form.error_text("target")
    qtbot.keyClicks(dialog.target, "90")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.campaign_table.rowCount() == 1, timeout=5000)
    wait_idle(qtbot, ctx)
    assert page.campaign_table.item(0, 4).text() == "Behind schedule"
    page.campaign_table.selectRow(0)
    dialog = page.record_progress()
    qtbot.keyClicks(dialog.count, "70")
    dialog.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.campaign_table.item(0, 2).text() == "70", timeout=5000)
    assert page.campaign_table.item(0, 4).text() == "On track"

    if SHOTS:  # ANUPALAN_SCREENSHOTS=folder: each tab in both languages, with the app's font
        from PySide6.QtWidgets import QApplication

        from app.ui.fonts import install_app_font

        install_app_font(QApplication.instance())
        SHOTS.mkdir(parents=True, exist_ok=True)
        handholding.record_visit(ctx.db, month.staff[0].staff.id, "2026-11-18 11:00", left_at="2026-11-18 13:00",
                        purpose="Printer not printing", work_done="Driver reinstalled")
        page.refresh()
        wait_idle(qtbot, ctx)
        for lang in ("en", "hi"):
            set_language(lang)
            page.retranslate()
            for i, name in enumerate(("attendance", "training", "user_ids", "campaigns")):
                page.tabs.setCurrentIndex(i)
                page.grab().save(str(SHOTS / f"support_{name}_{lang}.png"))
        set_language("en")


def test_ranks_in_the_window_language(qtbot, page, ctx):
    """The user-id table and the training dialog's attendee list show ranks as officers write them in the
    window's language: no English rank in the Hindi window."""
    staff.add_person(ctx.db, "Amit Kumar", "Constable")
    staff.add_person(ctx.db, "Ravi Singh", "Sub-Inspector", cctns_user_id="UPSI1")
    set_language("hi")
    try:
        page.retranslate()
        page.refresh()
        wait_idle(qtbot, ctx)
        qtbot.waitUntil(lambda: page.id_table.rowCount() == 2, timeout=5000)
        ranks = {page.id_table.item(r, 0).text(): page.id_table.item(r, 1).text() for r in range(2)}
        assert ranks == {"Amit Kumar": "आरक्षी", "Ravi Singh": "उपनिरीक्षक"}, ranks
        training = page.add_training()
        attendees = sorted(training.attendees.item(i).text() for i in range(training.attendees.count()))
        training.reject()
        assert attendees == ["Amit Kumar (आरक्षी)", "Ravi Singh (उपनिरीक्षक)"], attendees
        if SHOTS:
            shot_fonts()
            page.tabs.setCurrentWidget(page.user_ids_tab)
            page.grab().save(str(SHOTS / "ui_support_user_ids_ranks_hi.png"))
    finally:
        set_language("en")
        page.retranslate()
    page.refresh()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.id_table.rowCount() == 2 and page.id_table.item(0, 1).text()
                    in ("Constable", "Sub-Inspector"), timeout=5000)
    if SHOTS:
        page.tabs.setCurrentWidget(page.user_ids_tab)
        page.grab().save(str(SHOTS / "ui_support_user_ids_ranks_en.png"))
