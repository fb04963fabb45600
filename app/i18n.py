"""Translations: ``_``, ``N_``, ``ngettext``, ``pgettext`` over gettext, switchable at runtime.

English is the source language. A translation whose ``{placeholders}`` differ from its source falls
back to the source (a bad catalog entry must never crash the app or print wrong facts). Strings are
full sentences with named placeholders; ``.format()`` is applied after translation.
"""

from __future__ import annotations

import gettext as _gettext
import string
from collections.abc import Callable

from app.paths import locale_dir

LANGUAGES = {"en": "English", "hi": "हिन्दी"}  # each language named in itself
DEFAULT_LANGUAGE = "hi"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_listeners: list[Callable[[str], None]] = []
_formatter = string.Formatter()


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _formatter.parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def _guard(source: str, translated: str) -> str:
    if translated == source:
        return source
    return translated if _fields(translated) == _fields(source) else source


def set_language(code: str, localedir: str | None = None) -> None:
    """Switch the language of every later ``_()`` call and tell the listeners.

    ``localedir`` defaults to the shipped ``i18n/`` folder (compiled ``.mo`` files); a missing
    catalog leaves the English source strings in place.
    """
    global _translation, _language
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    if code == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(
            "messages", localedir=str(localedir or locale_dir()), languages=[code], fallback=True
        )
    _language = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    return _language


def catalog_loaded() -> bool:
    """Whether the current language has a compiled catalog behind it (English needs none)."""
    return _language == "en" or type(_translation) is not _gettext.NullTranslations


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _(message: str) -> str:
    return _guard(message, _translation.gettext(message))


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; translate it later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    source = singular if n == 1 else plural
    return _guard(source, _translation.ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    return _guard(message, _translation.pgettext(context, message))


def bilingual(hi: str, en: str, lang: str | None = None) -> str:
    """Pick the Hindi or English form of a data label (duty names, role names) for ``lang``."""
    return hi if (lang or _language) == "hi" else en
