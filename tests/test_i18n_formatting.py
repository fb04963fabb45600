"""Dates and numbers for the chosen language (app/services/formatting.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import set_language
from app.services.core import formatting as fmt


@pytest.fixture(autouse=True)
def _latin_digits():
    fmt.set_devanagari_digits(False)
    yield
    fmt.set_devanagari_digits(False)


D = dt.date(2026, 1, 5)
T = dt.datetime(2026, 11, 22, 14, 3)


def test_dates_in_hindi_and_english():
    assert fmt.format_date(D, "hi", "long") == "5 जनवरी 2026"
    assert fmt.format_date(D, "en", "long") == "5 January 2026"
    assert fmt.format_date(D, "hi", "full") == "सोमवार, 5 जनवरी 2026"
    assert fmt.format_date(D, "hi", "numeric") == "05.01.2026"
    assert fmt.format_date(D, "en") == "5 Jan 2026"
    assert fmt.format_date(None) == ""
    with pytest.raises(ValueError):
        fmt.format_date(D, "hi", "fancy")


def test_language_defaults_to_the_current_one():
    set_language("hi")
    assert fmt.format_date(D, style="long") == "5 जनवरी 2026"
    set_language("en")
    assert fmt.format_date(D, style="long") == "5 January 2026"


def test_times_are_24_hour_without_am_pm():
    assert fmt.format_datetime(T, "hi", "long") == "22 नवंबर 2026, 14:03"
    assert fmt.format_datetime(T, "en", "numeric") == "22.11.2026, 14:03"
    assert fmt.format_time(dt.time(9, 5), "hi") == "09:05"
    assert "pm" not in fmt.format_datetime(T, "hi").lower()


def test_numbers_use_indian_grouping():
    assert fmt.format_number(1234567, "hi") == "12,34,567"
    assert fmt.format_number(1234567, "en") == "12,34,567"
    assert fmt.format_number(999, "hi") == "999"
    assert fmt.format_number(12345678.456, "en", decimals=2) == "1,23,45,678.46"
    assert fmt.format_percent(0.875, "hi") == "88%"
    assert fmt.format_percent(0.875, "en", decimals=1) == "87.5%"


def test_devanagari_digits_are_a_setting_for_hindi_only():
    fmt.set_devanagari_digits(True)
    assert fmt.devanagari_digits()
    assert fmt.format_number(1234567, "hi") == "१२,३४,५६७"
    assert fmt.format_date(D, "hi", "numeric") == "०५.०१.२०२६"
    assert fmt.format_datetime(T, "hi", "long") == "२२ नवंबर २०२६, १४:०३"
    assert fmt.digits("2026", "hi") == "२०२६"  # numbers only: codes such as IIF-1 are never passed
    assert fmt.format_number(1234567, "en") == "12,34,567"  # English keeps Latin digits
    assert fmt.latin_digits("०५.०१.२०२६") == "05.01.2026"
    fmt.set_devanagari_digits(False)
    assert fmt.format_number(1234567, "hi") == "12,34,567"


def test_month_and_weekday_names():
    assert fmt.month_name(11, "hi") == "नवंबर"
    assert fmt.weekday_name(D, "hi") == "सोमवार"
    assert fmt.weekday_name(D, "en") == "Monday"


def test_kept_results_follow_the_language_the_digits_and_the_type():
    """Babel's dates and whole numbers are kept per (value, locale): asking again in the other language, with
    Devanagari digits switched, or with a float or Decimal of the same value gives their own text."""
    from decimal import Decimal

    for _round in range(2):  # the second round is served from what was kept
        assert fmt.format_date(D, "en", "long") == "5 January 2026"
        assert fmt.format_date(D, "hi", "long") == "5 जनवरी 2026"
        assert fmt.format_number(1234567, "hi") == "12,34,567"
        assert fmt.format_number(2.5, "en") == "2.5" and fmt.format_number(2, "en") == "2"
        assert fmt.format_number(Decimal("1234.50"), "en") == "1,234.5"
    fmt.set_devanagari_digits(True)
    assert fmt.format_number(1234567, "hi") == "१२,३४,५६७"
    assert fmt.format_date(D, "hi", "long") == "५ जनवरी २०२६"
    assert fmt.format_number(1234567, "en") == "12,34,567"
