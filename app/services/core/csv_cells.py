"""A value written to a CSV file that a spreadsheet program will open: a text that starts like a formula ("=",
"+", "-", "@", a tab or a carriage return) gets a leading quote, so it shows as text and never runs (CSV
injection). An xlsx cell needs no quote: it is typed as text (``app.services.export``)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value``, with a quote before a text that starts like a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
