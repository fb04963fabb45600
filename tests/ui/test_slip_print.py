"""One person's roll-call slip from the window: Staff, Today and Pending, by keyboard (Ctrl+Shift+P) and by
button; the slip is built on the worker and shown in the preview, and it is that person's slip alone."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from pypdf import PdfReader

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from tests.services.report_seed import seed_station
from tests.ui.waiting import wait_idle

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


@pytest.fixture
def ctx(qtbot, db, tmp_path):
    seeded = seed_station(db, obligations=300)
    context = AppContext(db, Preferences(tmp_path / "prefs.json"))
    context.seeded = seeded
    yield context
    context.close()
    set_language("en")


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def wait_slip(qtbot, page):
    qtbot.waitUntil(lambda: getattr(page, "last_slip", None) is not None, timeout=20000)
    qtbot.waitUntil(lambda: page.slip_preview is not None and page.slip_preview.isVisible(), timeout=5000)
    pdf, title, name = page.last_slip
    page.slip_preview.close()
    return pdf, title, name


def only_slip_of(pdf: bytes, name: str, others: list[str]) -> str:
    text = text_of(pdf)
    assert name in text and "Page 1/" in text
    assert not any(o in text for o in others if o != name)
    halves = len(PdfReader(io.BytesIO(pdf)).pages) * 2
    assert f"Page {halves - 1}/" in text or f"Page {halves}/" in text  # numbered for this person alone
    return text


def test_staff_page_prints_the_chosen_persons_slip_by_keyboard(qtbot, ctx):
    from app.ui.pages.staff import StaffPage

    page = StaffPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.table.rowCount() == 6, timeout=5000)
    page.table.clearSelection()
    page._update_buttons()
    assert not page.slip_button.isEnabled()
    page.print_slip()  # nobody chosen: a message says to choose someone, and no slip is made
    qtbot.waitUntil(lambda: page.slip_message.isVisible(), timeout=5000)
    assert "Choose a person first" in page.slip_message.text()
    page.slip_message.close()
    assert getattr(page, "last_slip", None) is None
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Shyam Lal")
    page.table.setFocus()
    page.table.selectRow(row)
    assert page.slip_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pdf, title, name = wait_slip(qtbot, page)
    assert title == "Roll-call slip" and name == f"slip-{ctx.seeded.ids['Shyam Lal']}.pdf"
    text = only_slip_of(pdf, "Shyam Lal", list(ctx.seeded.ids))
    assert "Pending entries per duty" in text and "Received by Shyam Lal" in text


def test_pending_page_prints_the_slip_of_the_person_filtered_on(qtbot, ctx):
    from app.ui.pages.pending import PendingPage

    page = PendingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    amit = ctx.seeded.ids["Amit Verma"]
    page.show_filter({"person_id": amit})
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    page._update_actions()
    assert page.slip_button.isEnabled()
    page.slip_button.click()
    pdf, _title, _name = wait_slip(qtbot, page)
    only_slip_of(pdf, "Amit Verma", list(ctx.seeded.ids))


def test_today_page_prints_the_slip_of_the_chosen_row_in_hindi(qtbot, ctx):
    from app.ui.pages.dashboard import DashboardPage

    set_language("hi")
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    wait_idle(qtbot, ctx)
    grid = page.person_grid
    qtbot.waitUntil(lambda: grid.rowCount() > 0, timeout=10000)
    row = next(r for r in range(grid.rowCount())
               if any((grid.filter_at(r, c) or {}).get("person_id") == ctx.seeded.ids["Priya Mishra"]
                      for c in range(1, grid.columnCount())))
    grid.setCurrentCell(row, 1)
    assert page.slip_person_id() == ctx.seeded.ids["Priya Mishra"]
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pdf, title, _name = wait_slip(qtbot, page)
    assert title == "रोल कॉल पर्ची"
    text = text_of(pdf)
    assert "Priya Mishra" in text and "पृष्ठ 1/" in text and "कार्यवार लंबित प्रविष्टियाँ" in text
    assert not any(o in text for o in ctx.seeded.ids if o != "Priya Mishra")
