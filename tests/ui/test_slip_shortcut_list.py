"""Ctrl+Shift+P, the roll-call slip of the chosen person, is listed under Help → Keyboard shortcuts for each page
that has it (Staff, Today, Pending), named in the window's language."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.ui.shortcut_list import shortcut_rows
from tests.ui.demo_window import demo_file, window  # noqa: F401 (fixtures)

pytestmark = pytest.mark.sqlite_only("the demo station is built as a SQLite file")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_slip_key_is_listed_on_its_three_pages(window, lang):
    window.switch_language(lang)
    try:
        rows = [r for r in shortcut_rows(window) if r.keys == "Ctrl+Shift+P"]
        pages = {window.page(key).title() for key in ("staff", "dashboard", "pending")}
        assert {r.where for r in rows} == pages
        assert all(r.what and "&" not in r.what and "Ctrl" not in r.what for r in rows)
        if lang == "hi":
            assert all("पर्ची" in r.what for r in rows)
    finally:
        set_language("en")
