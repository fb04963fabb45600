"""The runtime side of app/i18n.py: switching, the placeholder guard, Hindi plurals, the shipped catalog."""

from __future__ import annotations

import gettext

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import i18n
from app.i18n import _, current_language, ngettext, pgettext, set_language


def _compile(tmp_path, entries, plural="nplurals=2; plural=(n > 1);"):
    catalog = Catalog(locale="hi")
    catalog._num_plurals, catalog._plural_expr = int(plural.split(";")[0].split("=")[1]), plural.split("plural=")[1].rstrip(";")
    for msgid, msgstr, context in entries:
        catalog.add(msgid, msgstr, context=context)
    folder = tmp_path / "locale" / "hi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    return tmp_path / "locale"


def test_guard_falls_back_to_the_source_when_placeholders_differ(tmp_path):
    localedir = _compile(tmp_path, [
        ("Station: {name}", "थाना: {naam}", None),                 # renamed field
        ("Entry {id} is {status}.", "प्रविष्टि {id}।", None),        # dropped field
        ("Open {path}", "खोलें {path", None),                       # malformed
        ("Saved {path}.", "{path} सहेजा गया।", None),                # good
        ("Close", "बंद करें", "Qt"),
        (("{n} entry", "{n} entries"), ("{n} प्रविष्टि", "{count} प्रविष्टियाँ"), None),
    ])
    set_language("hi", localedir=str(localedir))
    # the bad entries come back in English, and .format() still works on them
    assert _("Station: {name}").format(name="Kotwali") == "Station: Kotwali"
    assert _("Entry {id} is {status}.").format(id=3, status="pending") == "Entry 3 is pending."
    assert _("Open {path}").format(path="x") == "Open x"
    assert _("Saved {path}.").format(path="a.db") == "a.db सहेजा गया।"
    assert pgettext("Qt", "Close") == "बंद करें"
    assert ngettext("{n} entry", "{n} entries", 1).format(n=1) == "1 प्रविष्टि"
    assert ngettext("{n} entry", "{n} entries", 5).format(n=5) == "5 entries"  # bad plural form → source


def test_hindi_counts_zero_and_one_as_singular(tmp_path):
    localedir = _compile(tmp_path, [(("{n} day", "{n} days"), ("{n} दिन (एकवचन)", "{n} दिन (बहुवचन)"), None)])
    set_language("hi", localedir=str(localedir))
    assert ngettext("{n} day", "{n} days", 0) == "{n} दिन (एकवचन)"
    assert ngettext("{n} day", "{n} days", 1) == "{n} दिन (एकवचन)"
    assert ngettext("{n} day", "{n} days", 2) == "{n} दिन (बहुवचन)"
    set_language("en")
    assert ngettext("{n} day", "{n} days", 0) == "{n} days"


def test_the_shipped_catalog_is_compiled_and_loaded():
    set_language("hi")
    assert i18n.catalog_loaded()
    assert _("Duty allocation") == "कार्य आवंटन"
    assert pgettext("Qt", "Cancel") == "रद्द करें"
    assert _("A string that is in no catalog") == "A string that is in no catalog"
    set_language("en")
    assert _("Duty allocation") == "Duty allocation"


def test_shipped_plural_header_is_hindi():
    from tests.i18n_tool import load_tool

    tool = load_tool()
    with open(tool.po_path("hi").with_suffix(".mo"), "rb") as fh:
        translations = gettext.GNUTranslations(fh)
    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"


def test_listeners_hear_every_switch_and_unknown_languages_are_refused():
    heard = []
    i18n.on_language_changed(heard.append)
    try:
        set_language("hi")
        set_language("en")
        assert heard == ["hi", "en"]
        with pytest.raises(ValueError):
            set_language("xx")
        assert current_language() == "en"
    finally:
        i18n.remove_language_listener(heard.append)


def test_missing_catalog_leaves_english(tmp_path):
    set_language("hi", localedir=str(tmp_path / "nowhere"))
    assert not i18n.catalog_loaded()
    assert _("Duty allocation") == "Duty allocation"


def test_bilingual_data_labels_follow_the_language():
    set_language("hi")
    assert i18n.bilingual("विवेचक", "Investigating officer") == "विवेचक"
    assert i18n.bilingual("विवेचक", "Investigating officer", "en") == "Investigating officer"


def test_a_translator_speaks_its_own_language_with_the_same_guard(tmp_path):
    """Documents are printed in their own language (``i18n.translator``), whatever the window speaks."""
    localedir = _compile(tmp_path, [
        ("Station: {name}", "थाना: {naam}", None),
        ("Saved {path}.", "{path} सहेजा गया।", None),
        ("Close", "बंद करें", "Qt"),
        (("{n} entry", "{n} entries"), ("{n} प्रविष्टि", "{count} प्रविष्टियाँ"), None),
    ])
    set_language("en", localedir=str(localedir))  # the window in English, documents in Hindi
    hi = i18n.translator("hi")
    assert hi.gettext("Saved {path}.") == "{path} सहेजा गया।" and _("Saved {path}.") == "Saved {path}."
    assert hi.gettext("Station: {name}") == "Station: {name}"  # a renamed field falls back to the source
    assert hi.pgettext("Qt", "Close") == "बंद करें"
    assert hi.ngettext("{n} entry", "{n} entries", 1) == "{n} प्रविष्टि"
    assert hi.ngettext("{n} entry", "{n} entries", 5) == "{n} entries"
    assert i18n.translator("en").gettext("Saved {path}.") == "Saved {path}."
    with i18n.language_scope("hi"):
        assert i18n.translator("en").gettext("Saved {path}.") == "Saved {path}."
    set_language("en")
    assert i18n.translator("hi").gettext("Duty allocation") == "कार्य आवंटन"  # the shipped catalog again
