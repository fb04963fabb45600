"""Issue 18's wording list in the window: an empty pending list says so, no stale count with no case chosen,
forms in natural order, chart scales on round numbers, ranks in the window's language, Save in Documents."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog

from app.i18n import language_scope, set_language
from app.services.core import clock
from app.services.core.formatting import as_typed, natural_key
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.widgets.week_chart import nice_ceiling

from .obligation_seed import NOW, add_case, add_obligations, people


@pytest.fixture
def pending(qtbot, station_db, tmp_path):
    from app.ui.pages.pending import PendingPage

    clock.pin(NOW)
    who = people(station_db)
    case = add_case(station_db, 41)
    add_obligations(station_db, [dict(code="B-2", due=NOW - dt.timedelta(days=3), person_id=who["mohrir"],
                                      case_id=case)])
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    page = PendingPage(ctx)
    qtbot.addWidget(page)
    page.resize(1160, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.filters.form.count() > 1, timeout=5000)
    yield page, ctx
    ctx.close()


def test_an_empty_pending_list_says_so(qtbot, pending):
    page, ctx = pending
    assert not page.empty_label.isVisible()
    qtbot.keyClicks(page.filters.search, "no such entry")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and ctx.tasks.pending == 0, timeout=5000)
    qtbot.waitUntil(lambda: page.empty_label.isVisible(), timeout=5000)
    assert "No entries" in page.empty_label.text()
    page.filters.clear_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert not page.empty_label.isVisible()


def test_forms_in_natural_order(pending):
    page, _ctx = pending
    forms = [page.filters.form.itemData(i) for i in range(page.filters.form.count())]
    iif = [f for f in forms if isinstance(f, str) and f.startswith("IIF-")]
    assert iif == sorted(iif, key=natural_key) and iif.index("IIF-2") < iif.index("IIF-10/11")
    assert sorted(["IIF-10/11", "IIF-2", "IIF-1"], key=natural_key) == ["IIF-1", "IIF-2", "IIF-10/11"]


def test_chart_scale_ends_on_round_numbers():
    assert [nice_ceiling(n) for n in (0, 1, 3, 9, 11, 498, 997, 1821, 60000)] == [2, 2, 4, 10, 20, 600, 1000,
                                                                                   2000, 60000]


def test_dates_in_messages_as_typed():
    assert as_typed(dt.date(2026, 3, 9)) == "09.03.2026"
    assert as_typed(dt.datetime(2026, 3, 9, 14, 5)) == "09.03.2026 14:05"


def test_ranks_in_the_window_language():
    from app.ui.people import person_label

    assert person_label("Ram Singh", "SI") == "Ram Singh (Sub-Inspector)"
    with language_scope("hi"):
        assert person_label("राम सिंह", "Sub-Inspector") == "राम सिंह (उपनिरीक्षक)"
    assert person_label("Ram", "Havaldar XYZ") == "Ram (Havaldar XYZ)"  # unknown: as typed


def test_the_case_register_shows_no_stale_count_without_a_case(qtbot, ctx):
    from app.ui.pages.cases import CasesPage

    page = CasesPage(ctx)
    qtbot.addWidget(page)
    page.obligations_label.setText("CAS entries this case owes: 1 pending of 3")
    page.detail = None
    page._populate_detail()
    assert page.obligations_label.text() == "CAS entries this case owes"


def test_save_dialogs_start_in_documents(qtbot, ctx, monkeypatch):
    from app.ui.dialogs.pdf_preview import PdfPreviewDialog
    from app.ui.save_place import documents_folder

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]), ("", ""))[1])
    dialog = PdfPreviewDialog.__new__(PdfPreviewDialog)  # only its save step is exercised
    dialog.title_text, dialog.suggested_name = "Checklist", "checklist.pdf"
    PdfPreviewDialog.save_document(dialog)
    assert asked == [str(documents_folder() / "checklist.pdf")]
    set_language("en")
