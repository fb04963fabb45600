"""The inspections page's document language follows the window's language until the user picks one;
after that the pick stays through language switches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.pages.inspections import InspectionsPage


@pytest.fixture
def page(qtbot, station_db, tmp_path):
    set_language("en")
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    p = InspectionsPage(ctx)
    qtbot.addWidget(p)
    p.show()
    yield p
    ctx.close()
    set_language("en")


def _switch(page, code):
    set_language(code)
    page.retranslate()


def test_document_language_follows_the_window_until_picked(qtbot, page):
    assert page.document_language() == "en"
    _switch(page, "hi")
    assert page.document_language() == "hi"
    _switch(page, "en")
    assert page.document_language() == "en"

    # the user picks "both" with the keyboard: the pick is kept from now on
    page.lang.setFocus()
    index = page.lang.findData("both")
    while page.lang.currentIndex() != index:
        qtbot.keyClick(page.lang, Qt.Key.Key_Down)
    assert page.document_language() == "both"
    _switch(page, "hi")
    assert page.document_language() == "both"
    _switch(page, "en")
    assert page.document_language() == "both"


def test_a_picked_language_equal_to_the_window_language_is_kept(qtbot, page):
    _switch(page, "hi")
    page.lang.activated.emit(page.lang.currentIndex())  # the user confirms Hindi documents
    _switch(page, "en")
    assert page.document_language() == "hi"
