"""The statutory clocks' "Still owed" cell names each form once, with its count ("CD ×2!"), in the checklist
and in the dashboard box alike (issue 17/18 leftover: "CD!, CD!")."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from app.services.core.formatting import forms_once
from app.services.reports.clocks_section import owed_text


def _owed(code, form, days, overdue):
    return SimpleNamespace(duty_code=code, form=form, due_at=dt.datetime(2026, 11, 1) + dt.timedelta(days=days),
                           overdue=overdue)


OWED = [_owed("C-7", "CD", 3, True), _owed("C-4", "IIF-5", 9, False), _owed("C-7", "CD", 1, True),
        _owed("C-9", None, 5, False), _owed("C-8", "GD", 2, True), _owed("C-8", "GD", 4, False),
        _owed("C-8", "GD", 6, False)]


def test_each_form_once_with_its_count():
    assert owed_text(OWED) == "IIF-5, CD ×2!, GD ×3 (1!), C-9".replace(" ×", "\u00a0×").replace(" (", "\u00a0(")
    assert owed_text([_owed("C-7", "CD", 1, True)]) == "CD!"
    assert owed_text([]) == "—"


def test_counts_in_the_documents_digits():
    from app.services.core import formatting

    formatting.set_devanagari_digits(True)
    try:
        assert forms_once([("CD", True)] * 3, "hi") == "CD\u00a0×३!"
        assert forms_once([("CD", True)] * 3, "en") == "CD\u00a0×3!"
    finally:
        formatting.set_devanagari_digits(False)

