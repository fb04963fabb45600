"""One guard for every CSV the app writes (the audit trail's export, an import's error sheet)."""

from __future__ import annotations

import pytest

from app.services.core.csv_cells import csv_cell


@pytest.mark.parametrize("text", ["=1+1", "+91 98", "-5", "@SUM(A1)", "\tx", "\r=x"])
def test_a_text_that_starts_like_a_formula_gets_a_quote(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["1/2025", "धारा 303", "", 7, None, "a=b"])
def test_anything_else_is_left_as_it_is(value):
    assert csv_cell(value) == value
