"""Translations: ``_``, ``N_``, ``ngettext``, ``pgettext`` over gettext, switchable at runtime.

The window's language is process-wide (``set_language``). Work that must speak the language of a moment
— a service call the window runs on its worker thread, in the language the user had when they acted —
runs inside ``language_scope(code)``: a context-local language (``contextvars``) that ``_``, ``ngettext``,
``pgettext``, ``bilingual`` and ``current_language`` honour before the process-wide one. A scope is
local to its thread (and asyncio task), so a language switch on the GUI thread cannot change the
language of a message being built on the worker, and two threads in different scopes do not mix.

English is the source language. A translation whose ``{placeholders}`` differ from its source falls
back to the source (a bad catalog entry must never crash the app or print wrong facts). Strings are
full sentences with named placeholders; ``.format()`` is applied after translation.
"""

from __future__ import annotations

import gettext as _gettext
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from app.paths import locale_dir

LANGUAGES = {"en": "English", "hi": "हिन्दी"}  # each language named in itself
DEFAULT_LANGUAGE = "hi"

# the process-wide language and its catalog, replaced as one value so no reader sees half a switch
_global: tuple[str, _gettext.NullTranslations] = ("en", _gettext.NullTranslations())
_localedir: str | None = None  # the folder the process-wide catalog came from (None: the shipped one)
_listeners: list[Callable[[str], None]] = []
_formatter = string.Formatter()
# the context-local language: (code, its catalog) inside ``language_scope``, None outside any scope
_scoped: ContextVar[tuple[str, _gettext.NullTranslations] | None] = ContextVar("anupalan_language", default=None)


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
    global _global, _localedir
    _global, _localedir = (code, _load(code, localedir)), localedir
    for listener in list(_listeners):
        listener(code)


def _load(code: str, localedir: str | None) -> _gettext.NullTranslations:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    if code == "en":
        return _gettext.NullTranslations()
    # gettext keeps each parsed catalog file, so loading one again for a scope is cheap
    return _gettext.translation("messages", localedir=str(localedir or locale_dir()), languages=[code],
                                fallback=True)


@contextmanager
def language_scope(code: str) -> Iterator[None]:
    """Translate in ``code`` inside the block, in this thread (or task) only; elsewhere, and after the
    block, the process-wide language applies. The catalog is the one ``set_language`` uses."""
    language, translation = _global
    if code != language:
        translation = _load(code, _localedir)
    token = _scoped.set((code, translation))
    try:
        yield
    finally:
        _scoped.reset(token)


def _active() -> tuple[str, _gettext.NullTranslations]:
    scoped = _scoped.get()
    return scoped if scoped is not None else _global


def current_language() -> str:
    """The language of this moment: the enclosing ``language_scope``'s, else the process-wide one."""
    return _active()[0]


def catalog_loaded() -> bool:
    """Whether the current language has a compiled catalog behind it (English needs none)."""
    code, translation = _active()
    return code == "en" or type(translation) is not _gettext.NullTranslations


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _(message: str) -> str:
    return _guard(message, _active()[1].gettext(message))


def N_(message: str) -> str:
    """Mark a module-level constant for extraction; translate it later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    source = singular if n == 1 else plural
    return _guard(source, _active()[1].ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    return _guard(message, _active()[1].pgettext(context, message))


class Translator:
    """Messages in one fixed language, with the guard of ``_`` (see ``translator``)."""

    def __init__(self, code: str, translation: _gettext.NullTranslations) -> None:
        self.code = code
        self._translation = translation

    def gettext(self, message: str) -> str:
        return _guard(message, self._translation.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _guard(singular if n == 1 else plural, self._translation.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> str:
        return _guard(message, self._translation.pgettext(context, message))


def translator(code: str) -> Translator:
    """Translations into ``code`` whatever the process-wide or scoped language is (a printed document has
    its own language): the catalog ``set_language`` would load, the same ``{field}``-mismatch guard."""
    language, translation = _global
    return Translator(code, translation if code == language else _load(code, _localedir))


def bilingual(hi: str, en: str, lang: str | None = None) -> str:
    """Pick the Hindi or English form of a data label (duty names, role names) for ``lang``."""
    return hi if (lang or current_language()) == "hi" else en
