"""Dates, times and numbers for the chosen language, through Babel (no Qt).

Hindi uses Babel's ``hi_IN`` data (``5 जनवरी 2026``), English ``en_IN``; both group digits the Indian
way (``12,34,567``). Times are always 24-hour (``14:30``): CLDR's Hindi keeps Latin "am/pm", which a
station clerk would not write. Hindi output keeps Latin digits (as the UP Police letters do) unless
Devanagari digits are switched on with ``set_devanagari_digits(True)`` (a per-PC preference the window
applies at start).

    format_date(d)                      # "5 जन॰ 2026" (hi, medium) / "5 Jan 2026" (en)
    format_date(d, style="numeric")     # "05.01.2026", as the letters write dates
    format_datetime(dt)                 # "5 जन॰ 2026, 14:30"
    format_number(1234567)              # "12,34,567"; digits() converts any text for display
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache


from app.i18n import current_language

LOCALES = {"hi": "hi_IN", "en": "en_IN"}
STYLES = ("numeric", "short", "medium", "long", "full")
_LATIN_TO_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
_DEVANAGARI_TO_LATIN = str.maketrans("०१२३४५६७८९", "0123456789")

_devanagari_digits = False


def set_devanagari_digits(on: bool) -> None:
    """Show Hindi numbers with Devanagari digits (०१२३…) instead of Latin digits."""
    global _devanagari_digits
    _devanagari_digits = bool(on)


def devanagari_digits() -> bool:
    return _devanagari_digits


def _lang(lang: str | None) -> str:
    code = lang or current_language()
    return code if code in LOCALES else "en"


def digits(text: str, lang: str | None = None) -> str:
    """``text`` with its digits as the language shows them (Devanagari for Hindi when switched on)."""
    if _lang(lang) == "hi" and _devanagari_digits:
        return text.translate(_LATIN_TO_DEVANAGARI)
    return text


def _babel_dates():
    """Babel's date names and formats, imported when a date is first written out in words (not by every
    command that imports this module: it is a fifth of what a quick command line would import)."""
    from babel import dates

    return dates


def _babel_numbers():
    from babel import numbers

    return numbers


def latin_digits(text: str) -> str:
    """Typed input back to Latin digits (a user may type ०५.०१.२०२६ on a Hindi keyboard)."""
    return text.translate(_DEVANAGARI_TO_LATIN)


def format_date(d: _dt.date | None, lang: str | None = None, style: str = "medium") -> str:
    """A date for display; ``None`` gives an empty string."""
    if d is None:
        return ""
    if isinstance(d, _dt.datetime):
        d = d.date()
    code = _lang(lang)
    if style == "numeric":
        text = d.strftime("%d.%m.%Y")
    elif style in STYLES:
        text = _babel_date(d, style, LOCALES[code])
    else:
        raise ValueError(f"unknown date style {style!r}; use one of {STYLES}")
    return digits(text, code)


def format_time(t: _dt.time | _dt.datetime, lang: str | None = None) -> str:
    """24-hour ``HH:MM``."""
    return digits(f"{t.hour:02d}:{t.minute:02d}", lang)


def format_datetime(value: _dt.datetime | None, lang: str | None = None, style: str = "medium") -> str:
    """``<date>, HH:MM`` (naive station-local time; no time zone is shown)."""
    if value is None:
        return ""
    code = _lang(lang)
    return f"{format_date(value.date(), code, style)}, {format_time(value, code)}"


def format_number(value: int | float | Decimal, lang: str | None = None, decimals: int | None = None) -> str:
    """A number with Indian grouping (``12,34,567``); ``decimals`` fixes the digits after the point."""
    code = _lang(lang)
    if decimals is not None:
        fmt = "#,##,##0" + ("." + "0" * decimals if decimals > 0 else "")
        text = _babel_numbers().format_decimal(value, format=fmt, locale=LOCALES[code])
    elif type(value) is int:  # a count: the same few numbers are written out again and again (a language switch)
        text = _babel_whole(value, LOCALES[code])
    else:
        text = _babel_numbers().format_decimal(value, locale=LOCALES[code])
    return digits(text, code)


# Babel parses its pattern and looks up the locale's data on every call (~0.5 ms for a date): the dashboard
# writes out a few hundred dates and counts again on each language switch. Both results depend only on
# the arguments (Babel's data is fixed), so they are kept; the Devanagari digits are applied after.
@lru_cache(maxsize=4096)
def _babel_date(d: _dt.date, style: str, locale: str) -> str:
    return _babel_dates().format_date(d, style, locale=locale)


@lru_cache(maxsize=8192)
def _babel_whole(value: int, locale: str) -> str:
    return _babel_numbers().format_decimal(value, locale=locale)


def format_percent(share: float, lang: str | None = None, decimals: int = 0) -> str:
    """``0.875`` → ``88%`` (or ``87.5%`` with ``decimals=1``)."""
    code = _lang(lang)
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return digits(_babel_numbers().format_percent(share, format=fmt, locale=LOCALES[code]), code)


def month_name(month: int, lang: str | None = None, width: str = "wide") -> str:
    """``1`` → ``जनवरी`` / ``January``."""
    code = _lang(lang)
    return _babel_dates().get_month_names(width, locale=LOCALES[code])[month]


def weekday_name(d: _dt.date, lang: str | None = None, width: str = "wide") -> str:
    code = _lang(lang)
    return _babel_dates().get_day_names(width, locale=LOCALES[code])[d.weekday()]


def natural_key(text: str | None) -> tuple:
    """Sort key that orders numbers inside text by value: IIF-2 before IIF-10/11, A-9 before A-10; None last."""
    import re

    if text is None:
        return (1,)
    return (0, *[(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part])


def as_typed(value: _dt.date | _dt.datetime | str | None) -> str:
    """A date or a moment in a message as the user types it: "05.01.2026", "05.01.2026 14:30" (never ISO).
    An ISO text (a time kept as text, as the backup log keeps it) is shown the same way; other text as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            parsed = _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
        if len(value.strip()) == 10:  # a date alone
            return format_date(parsed.date(), style="numeric")
        return f"{format_date(parsed, style='numeric')} {format_time(parsed)}"
    if isinstance(value, _dt.datetime):
        return f"{format_date(value, style='numeric')} {format_time(value)}"
    return format_date(value, style="numeric")


def station_bare(name: str | None) -> str:
    """A station's name without a leading "थाना" / "Thana" / "PS" / "Police station", for the lines that
    put that word before it themselves ("थाना {station}", "Police station {station}"): a station named
    "थाना कोतवाली" prints "थाना कोतवाली", not "थाना थाना कोतवाली". The word must stand apart ("थाना-",
    "PS:", "P.S. "): a name such as "थानाभवन" is kept whole, and so is a name that is the word alone."""
    import re

    text = (name or "").strip()
    m = re.match(r"(?:थाना|थाने|police\s+station|thana|p\.\s*s\.|ps)(?:\s*[-–:.,]\s*|\s+)", text, re.IGNORECASE)
    rest = text[m.end():].strip() if m else ""
    return rest or text


def forms_once(items, lang: str | None = None) -> str:
    """Forms listed once each, in the order first met, from ``(form, overdue)`` pairs: "CD ×3!, C-4" (no-break spaces) —
    "×n" when a form comes n times, "!" when all of them are overdue, "(k!)" when k of them are."""
    counts: dict[str, list[int]] = {}
    for form, overdue in items:
        seen = counts.setdefault(form, [0, 0])
        seen[0] += 1
        seen[1] += 1 if overdue else 0
    out = []
    for form, (n, late) in counts.items():
        text = form if n == 1 else f"{form}\u00a0×{format_number(n, lang)}"  # kept on one line
        if late == n:
            text += "!"
        elif late:
            text += f"\u00a0({format_number(late, lang)}!)"
        out.append(text)
    return ", ".join(out)
