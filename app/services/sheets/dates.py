"""Dates as registers write them, read in the format the user chose (never guessed from the locale).

A date cell may hold a real date, an Excel serial number (days since 1899-12-30, Excel's 1900 system with its
leap-year bug folded in), or text in the chosen order with / - . or spaces, two-digit years, Devanagari digits,
a month's name (English or Hindi) and a time after it. "03/05/2024" is 3 May under DD/MM/YYYY and 5 March under
MM/DD/YYYY: the profile says which.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from app.i18n import N_, _
from app.services.core import clock
from app.services.sheets.casenum import full_year
from app.services.sheets.reading import SheetError

DATE_FORMATS = {
    "DD/MM/YYYY": N_("day/month/year (31/12/2024)"),
    "MM/DD/YYYY": N_("month/day/year (12/31/2024)"),
    "YYYY-MM-DD": N_("year-month-day (2024-12-31)"),
    "DD-MON-YYYY": N_("day-month name-year (31-Dec-2024)"),
}
DEFAULT_DATE_FORMAT = "DD/MM/YYYY"

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "अप्रेल": 4, "मई": 5, "जून": 6, "जुलाई": 7,
    "अगस्त": 8, "सितम्बर": 9, "सितंबर": 9, "अक्टूबर": 10, "अक्तूबर": 10, "नवम्बर": 11, "नवंबर": 11,
    "दिसम्बर": 12, "दिसंबर": 12,
}
_TIME = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm|बजे)?\s*(?:z|[+-]\d{2}:?\d{2})?)$",
                   re.IGNORECASE)
_PARTS = re.compile(r"[\s/\-.,\\]+")
_NUMBER = re.compile(r"\d+(\.\d+)?")
_SIMPLE = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")  # the common case, without the general split


def from_serial(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _bad(value: object, date_format: str) -> SheetError:
    return SheetError(_("“{value}” is not a date in the chosen format {format}.").format(
        value=str(value)[:40], format=date_format))


def parse_date(value: object, date_format: str = DEFAULT_DATE_FORMAT) -> dt.date:
    """The date ``value`` stands for; SheetError (with the value and the format) when it is none."""
    if date_format not in DATE_FORMATS:
        raise SheetError(_("Unknown date format {format}.").format(format=date_format))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        raise _bad(value, date_format)
    if isinstance(value, (int, float)):
        return _number(value, date_format)
    return _parse_text(str(value), date_format, clock.today().year)


@lru_cache(maxsize=4096)  # a register's dates repeat: 10,000 rows hold a few hundred days
def _parse_text(value: str, date_format: str, this_year: int) -> dt.date:
    """A date written as text (``this_year`` places two-digit years, and keys the cache)."""
    text = value.translate(_DIGITS).strip()
    if not text:
        raise _bad(value, date_format)
    if _NUMBER.fullmatch(text):
        return _number(float(text), date_format, value)
    simple = _SIMPLE.fullmatch(text)
    parts = list(simple.groups()) if simple else None
    if parts is None:
        text = _TIME.sub("", text).strip()
        parts = [p for p in _PARTS.split(text.lower()) if p]
    if len(parts) != 3:
        raise _bad(value, date_format)
    month_name = [i for i, p in enumerate(parts) if p in _MONTHS]
    try:
        if month_name:
            i = month_name[0]
            month = _MONTHS[parts[i]]
            rest = [p for k, p in enumerate(parts) if k != i]
            if len(rest[0]) == 4:
                year, day = int(rest[0]), int(rest[1])
            else:
                day, year = int(rest[0]), int(rest[1])
        elif len(parts[0]) == 4:  # year first, whatever the chosen order: 2024-03-05 is unambiguous
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
        elif date_format == "MM/DD/YYYY":
            month, day, year = int(parts[0]), int(parts[1]), int(parts[2])
        elif date_format == "YYYY-MM-DD":
            raise _bad(value, date_format)
        else:
            day, month, year = int(parts[0]), int(parts[1]), int(parts[2])
    except ValueError:
        raise _bad(value, date_format) from None
    if year < 100:
        year = full_year(year, this_year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise SheetError(_("“{value}” is not a real date.").format(value=str(value)[:40])) from None


_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?",
                    re.IGNORECASE)


def parse_moment(value: object, date_format: str = DEFAULT_DATE_FORMAT) -> dt.date | dt.datetime:
    """``parse_date``, with the time of day kept when the value gives one ("01/12/2026 22:30", a date-and-time
    cell, a serial number with a fraction): a datetime then, else a date (midnight counts as no time)."""
    day = parse_date(value, date_format)
    at = _time_of(value)
    if at is None or at == dt.time():
        return day
    return dt.datetime.combine(day, at)


def _time_of(value: object) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.date) or isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.translate(_DIGITS).strip()
        if _NUMBER.fullmatch(text):
            value = float(text)
        else:
            found = _CLOCK.search(text)
            if found is None:
                return None
            hour, minute, second = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
            half = (found.group(4) or "").replace(".", "").lower()
            if half and 1 <= hour <= 12:
                hour = hour % 12 + (12 if half == "pm" else 0)
            if hour > 23 or minute > 59 or second > 59:
                raise SheetError(_("“{value}” has a time of day that is not a real time.").format(
                    value=str(value)[:40]))
            return dt.time(hour, minute, second)
    if isinstance(value, (int, float)):
        if 19000101 <= int(value) <= 22001231:
            return None  # 20240305 written as a number: a day alone
        seconds = round((value - int(value)) * 86400)
        return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60) if 0 < seconds < 86400 else None
    return None


def _number(number: float, date_format: str, shown: object = None) -> dt.date:
    shown = number if shown is None else shown
    if number != int(number):
        number = int(number)  # a date with a time of day: the day
    n = int(number)
    if 19000101 <= n <= 22001231:  # 20240305 written as a number
        try:
            return dt.date(n // 10000, n // 100 % 100, n % 100)
        except ValueError:
            raise _bad(shown, date_format) from None
    if 1 <= n <= _MAX_SERIAL:
        return from_serial(n)
    raise _bad(shown, date_format)
