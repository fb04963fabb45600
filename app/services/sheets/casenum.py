"""One key for a case number however a register writes it.

"123/24", "मु0अ0सं0 १२३/२०२४", "FIR No. 123-2024", "0123/2024" and "Cr. No. 123 of 2024" are all case 123 of
2024. Devanagari digits become ASCII, the usual prefixes (मु0अ0सं0, अपराध सं0, FIR No., Case Crime No., Cr. No.)
are dropped, any separator (/ - . space "of") splits number from year, a two-digit year is read in this century
unless that would put it more than a year in the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import _
from app.services.core import clock
from app.services.sheets.reading import SheetError

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# prefixes, longest first; matched after lower-casing and digit translation, with any dots/spaces inside
_PREFIX = re.compile(
    r"^\s*(?:मु\s*[0०o.]?\s*अ\s*[0०o.]?\s*सं\s*[0०o.]?"
    r"|मुकदमा\s*अपराध\s*(?:संख्या|सं\s*[0०.]?)|अपराध\s*(?:संख्या|सं\s*[0०.]?)"
    r"|एफ\s*[.0]?\s*आई\s*[.0]?\s*आर\s*[.0]?\s*(?:संख्या|सं\s*[0०.]?|नं\s*[0०.]?)?"
    r"|प्रथम\s*सूचना\s*रिपोर्ट\s*(?:संख्या|सं\s*[0०.]?)?"
    r"|case\s*crime\s*(?:no|number)\.?|crime\s*(?:no|number)\.?|cr\.?\s*(?:no|number)\.?|c\.?\s*c\.?\s*no\.?"
    r"|f\.?\s*i\.?\s*r\.?\s*(?:no|number)?\.?|case\s*(?:no|number)\.?|mu\.?\s*a\.?\s*s\.?|no\.?)\s*[:#.\-]?\s*",
    re.IGNORECASE)
_BODY = re.compile(r"^(\d{1,6})(?:\s*(?:/|-|\.|\\|of|सन्|सन|वर्ष|year|,|\s)\s*(\d{2}|\d{4}))?\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class CaseKey:
    number: int
    year: int | None

    @property
    def key(self) -> str:
        return f"{self.number}/{self.year}" if self.year is not None else str(self.number)

    def __str__(self) -> str:
        return self.key


def full_year(year: int, today_year: int | None = None) -> int:
    """A two-digit year in this century unless that is more than a year ahead; four digits as they are."""
    if year >= 100:
        return year
    now = today_year if today_year is not None else clock.today().year
    century = now - now % 100
    candidate = century + year
    return candidate if candidate <= now + 1 else candidate - 100


def case_key(text: object, default_year: int | None = None) -> CaseKey | None:
    """The case's key, or None when ``text`` is not a case number."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return CaseKey(text, default_year) if text > 0 else None
    if isinstance(text, float):
        return CaseKey(int(text), default_year) if text.is_integer() and text > 0 else None
    s = str(text).translate(_DIGITS).strip()
    if not s:
        return None
    s = _PREFIX.sub("", s, count=1).strip()
    match = _BODY.match(s)
    if not match:
        return None
    number = int(match.group(1))
    if number <= 0:
        return None
    year = int(match.group(2)) if match.group(2) else default_year
    if year is not None:
        year = full_year(year)
        if not 1900 <= year <= 2200:
            return None
    return CaseKey(number, year)


def parse_case_number(text: object, default_year: int | None = None) -> CaseKey:
    """``case_key``, or a SheetError saying what a case number looks like."""
    key = case_key(text, default_year)
    if key is None:
        raise SheetError(_("“{value}” is not a case number (expected, e.g., 123/2024).").format(
            value=str(text if text is not None else "")[:60]))
    return key
