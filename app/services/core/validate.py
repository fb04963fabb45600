"""Validation of user input. Every failure is a ``UserError`` in the user's language."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from app.i18n import _
from app.services.core.errors import UserError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# bidi embeddings, overrides and isolates: invisible, they reverse the rest of a printed line (never needed in
# Hindi or English; ZWJ/ZWNJ U+200C/U+200D, which Devanagari uses, are not among them)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")
# the shapes ``parse_date`` reads: YYYY-MM-DD, or day, month, year with - / or .
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([-/.])\d{1,2}\1\d{4}")


def clean_text(value: str | None, label: str, *, required: bool = False, max_len: int = 200,
               one_line: bool = False) -> str:
    """Trim and NFC-normalise text; refuse control and bidi-override characters, over-long or missing values;
    ``one_line`` (a name): also tabs and line breaks."""
    text = unicodedata.normalize("NFC", (value or "")).strip()
    if _CONTROL.search(text) or _BIDI.search(text) or (one_line and _LINE_BREAKS.search(text)):
        raise UserError(_("{field} contains characters that cannot be stored.").format(field=label))
    if required and not text:
        raise UserError(_("{field} is required.").format(field=label))
    if len(text) > max_len:
        raise UserError(
            _("{field} is too long ({length} characters; at most {limit}).").format(
                field=label, length=len(text), limit=max_len)
        )
    return text


def parse_date(value: str | dt.date | None, label: str, *, required: bool = True) -> dt.date | None:
    """Accept YYYY-MM-DD or DD-MM-YYYY / DD/MM/YYYY / DD.MM.YYYY (as stations write dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            raise UserError(_("{field} is required.").format(field=label))
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not (1950 <= parsed.year <= 2100):
            raise UserError(_("{field}: '{value}' is not a valid date: the year must be between 1950 and 2100.").format(
                field=label, value=text[:40]))
        return parsed
    if _DATE_SHAPE.fullmatch(text):  # written right, but no such day: 31.02.2026, 2026-13-01
        raise UserError(
            _("{field}: '{value}' is not a valid date: there is no such day. Check the day and the month.").format(
                field=label, value=text[:40]))
    raise UserError(
        _("{field}: '{value}' is not a valid date. Write it as DD.MM.YYYY, e.g. 22.11.2026 (YYYY-MM-DD also works).").format(
            field=label, value=text[:40])
    )


def parse_datetime(value: str | dt.datetime | None, label: str, *, required: bool = True) -> dt.datetime | None:
    """Accept a date with an optional time (HH:MM), in the formats of ``parse_date``."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = (value or "").strip().replace("T", " ")
    if not text:
        if required:
            raise UserError(_("{field} is required.").format(field=label))
        return None
    date_part, _sep, time_part = text.partition(" ")
    day = parse_date(date_part, label)
    if not time_part:
        return dt.datetime.combine(day, dt.time())
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return dt.datetime.combine(day, dt.datetime.strptime(time_part.strip(), fmt).time())
        except ValueError:
            continue
    raise UserError(
        _("{field}: '{value}' is not a valid time. Write it as HH:MM, e.g. 14:30.").format(
            field=label, value=time_part[:20])
    )


# The largest whole number an INTEGER column (an id, a count) holds on every store: PostgreSQL's integer is
# 32 bits (SQLite's 64); a larger one would not be "not found" there but a database error.
MAX_INTEGER = 2**31 - 1


def parse_int(value: str | int | None, label: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """A whole number from ``minimum`` to ``maximum`` (at most ``MAX_INTEGER`` when no maximum is given)."""
    if isinstance(value, bool):
        raise UserError(_("{field} must be a whole number.").format(field=label))
    if isinstance(value, str):
        # a paste of thousands of digits is refused for its length, never cut to fit (nor read by int())
        digits = value.strip().lstrip("+-").lstrip("0")
        limit = len(str(maximum if maximum is not None else MAX_INTEGER))
        if len(digits) > limit:
            raise UserError(
                _("{field} is too long ({length} characters; at most {limit}).").format(
                    field=label, length=len(value.strip()), limit=limit))
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise UserError(_("{field} must be a whole number.").format(field=label)) from None
    if maximum is None and number > MAX_INTEGER:
        maximum = MAX_INTEGER
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise UserError(
            _("{field} must be between {low} and {high}.").format(
                field=label, low=minimum if minimum is not None else "…", high=maximum if maximum is not None else "…")
        )
    return number
