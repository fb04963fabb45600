"""app/i18n.py's context-local language: ``language_scope`` is honoured by ``_``, ``ngettext``, ``pgettext``,
``bilingual`` and ``current_language`` in its own thread only; outside it the process-wide language applies."""

from __future__ import annotations

import threading

import pytest

from app import i18n
from app.i18n import _, bilingual, current_language, language_scope, ngettext, pgettext, set_language

DUTY = "Duty allocation"  # in the shipped catalog: कार्य आवंटन


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


def test_a_scope_wins_over_the_process_language_and_ends_with_its_block():
    set_language("en")
    with language_scope("hi"):
        assert current_language() == "hi"
        assert _(DUTY) == "कार्य आवंटन"
        assert i18n.catalog_loaded()
        assert bilingual("हिन्दी", "English") == "हिन्दी"
        assert ngettext("{n} day", "{n} days", 2) != "{n} days"
        with language_scope("en"):  # scopes nest
            assert _(DUTY) == DUTY and current_language() == "en"
        assert current_language() == "hi"
    assert current_language() == "en" and _(DUTY) == DUTY


def test_a_switch_of_the_process_language_does_not_reach_into_a_scope():
    set_language("hi")
    with language_scope("en"):
        set_language("hi")  # e.g. the window switched while a service was working
        assert _(DUTY) == DUTY
        assert pgettext("Qt", "Close") == "Close"
    assert _(DUTY) == "कार्य आवंटन"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError), language_scope("fr"):
        pass


def test_two_threads_in_different_scopes_translate_independently():
    set_language("en")
    both_inside = threading.Barrier(2, timeout=10)
    seen: dict[str, list[str]] = {}

    def work(code: str) -> None:
        with language_scope(code):
            both_inside.wait()  # both scopes are open at the same time
            texts = [current_language(), _(DUTY)]
            both_inside.wait()
            texts.append(_(DUTY))
        texts.append(current_language())  # outside its scope: the process-wide language
        seen[code] = texts

    threads = [threading.Thread(target=work, args=(code,)) for code in ("hi", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen["hi"] == ["hi", "कार्य आवंटन", "कार्य आवंटन", "en"]
    assert seen["en"] == ["en", DUTY, DUTY, "en"]


def test_a_new_thread_does_not_inherit_the_scope_of_the_thread_that_started_it():
    set_language("en")
    got: list[str] = []
    with language_scope("hi"):
        t = threading.Thread(target=lambda: got.append(_(DUTY)))
        t.start()
        t.join(10)
    assert got == [DUTY]
