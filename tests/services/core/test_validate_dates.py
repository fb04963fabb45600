"""Date messages say what is wrong and how the window writes dates (DD.MM.YYYY): the old message told
someone who typed 2026-13-01 to write YYYY-MM-DD, and someone who typed 31.02.2026 the same."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.core.errors import UserError
from app.services.core.validate import parse_date, parse_datetime


@pytest.mark.parametrize("text", ["31.02.2026", "2026-13-01", "29/02/2025", "00.11.2026", "31-04-2026"])
def test_no_such_day_is_named_as_such(text):
    with pytest.raises(UserError) as err:
        parse_date(text, "Date of offence")
    message = str(err.value)
    assert message.startswith("Date of offence:") and "no such day" in message and text in message


@pytest.mark.parametrize("text", ["kal", "22 Nov", "22.11.26", "2026/11/22x", "१२३"])
def test_unreadable_text_gets_the_window_format(text):
    with pytest.raises(UserError) as err:
        parse_date(text, "Date")
    assert "DD.MM.YYYY, e.g. 22.11.2026" in str(err.value)
    assert "no such day" not in str(err.value)


def test_year_out_of_range_names_the_year():
    with pytest.raises(UserError) as err:
        parse_date("01.01.2201", "Date")
    assert "2201" in str(err.value) and "between 1950 and 2100" in str(err.value)


def test_good_dates_still_read_in_every_form():
    day = dt.date(2026, 11, 22)
    for text in ("22.11.2026", "22/11/2026", "22-11-2026", "2026-11-22", " 22.11.2026 "):
        assert parse_date(text, "Date") == day
    with pytest.raises(UserError, match="no such day"):
        parse_datetime("31.02.2026 10:00", "Entered at")
