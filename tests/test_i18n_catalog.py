"""The Hindi catalog against the code: complete, extractable, placeholders intact, glossary words.

The strings are extracted from app/ in-process with Babel (no .pot file needed). Each check is also run
against a deliberately bad input, so a check that silently passes everything would fail here.
"""

from __future__ import annotations

import textwrap

import pytest
from babel.messages.catalog import Catalog

from tests.i18n_tool import load_tool

tool = load_tool()


@pytest.fixture(scope="module")
def template():
    return tool.extract_catalog()


@pytest.fixture(scope="module")
def hindi():
    return tool.read_catalog("hi")


# --- the real catalog ----------------------------------------------------------------------------
@pytest.mark.i18n_complete
def test_every_string_in_the_code_has_a_hindi_translation(template, hindi):
    problems = tool.catalog_problems("hi", template, hindi)
    listing = "\n".join(str(p) for p in problems[:40])
    assert not problems, (
        f"{len(problems)} string(s) lack a Hindi translation (run `python scripts/i18n.py update`, then "
        f"`python scripts/i18n.py missing` and translate them in i18n/hi/LC_MESSAGES/messages.po):\n{listing}")


def test_extraction_finds_the_strings_of_the_code(template):
    ids = {m.id for m in template if m.id}
    # one string from each layer that is known to exist: the window, a page, a service
    assert "Duty allocation" in ids
    assert "Anupalan — CCTNS duty compliance" in ids
    assert "{field} is required." in ids
    assert any(m.context == "Qt" and m.id == "OK" for m in template), "pgettext context not extracted"
    assert len(ids) > 100


def test_no_translation_call_with_a_non_literal_argument():
    problems = tool.non_literal_calls()
    assert not problems, "\n".join(str(p) for p in problems)


def test_every_translation_keeps_the_placeholders_of_its_source(hindi):
    problems = tool.placeholder_problems("hi", hindi)
    assert not problems, "\n".join(str(p) for p in problems)


def test_translations_follow_the_glossary_and_hindi_punctuation(hindi):
    problems = tool.style_problems("hi", hindi)
    assert not problems, "\n".join(str(p) for p in problems)


def test_no_fuzzy_entries_and_the_hindi_plural_rule(hindi):
    assert hindi.plural_forms == "nplurals=2; plural=(n > 1);"
    fuzzy = [m.id for m in hindi if m.id and m.fuzzy]
    assert not fuzzy, fuzzy
    assert not hindi.fuzzy, "the header is marked fuzzy"


def test_codes_are_kept_as_they_are(hindi):
    """CAS form codes, CCTNS, CAS and PNO stay in Latin letters in the Hindi text."""
    for entry in hindi:
        if not entry.id or not isinstance(entry.id, str) or not entry.string:
            continue
        for code in ("CCTNS", "CAS", "PNO", "IIF-", "OCIS-", "NCR", "MLC"):
            if code in entry.id:
                assert code in entry.string, f"{code} lost in {entry.id!r} → {entry.string!r}"


def test_the_glossary_names_the_terms_of_the_brief():
    text = (tool.I18N / "GLOSSARY.md").read_text(encoding="utf-8")
    for term in ("थाना", "थाना प्रभारी", "मोहर्रिर", "हेड मोहर्रिर", "विवेचक", "डाक मुंशी", "कोर्ट पैरोकार",
                 "प्रथम सूचना रिपोर्ट", "जनरल डायरी", "प्रकरण दैनिकी", "गिरफ्तारी", "बरामदगी", "जब्ती",
                 "आरोप पत्र", "अंतिम रिपोर्ट", "लंबित", "समय-सीमा", "अतिदेय", "निरीक्षण", "औचक निरीक्षण",
                 "क्षेत्राधिकारी", "अनुपालन आख्या", "प्रविष्टि", "सत्यापन", "स्थानांतरण", "बैकअप"):
        assert term in text, term


def test_glossary_terms_are_used_in_the_catalog(hindi):
    """The words the code uses most are translated the glossary's way wherever they stand alone."""
    expected = {"Pending": "लंबित", "Overdue": "अतिदेय", "Due date": "नियत तिथि", "Role": "रोल",
                "Case": "मुकदमा", "Duty": "कार्य", "Verified": "सत्यापित", "Not applicable": "लागू नहीं"}
    for source, hindi_word in expected.items():
        entry = hindi.get(source)
        if entry is not None:
            assert entry.string == hindi_word, f"{source!r} → {entry.string!r}, glossary says {hindi_word!r}"


# --- the checks catch what they are meant to catch -----------------------------------------------
def test_catalog_check_reports_missing_empty_and_fuzzy_entries():
    template = Catalog(locale=None)
    for msgid in ("Present", "Absent", "Empty", "Doubtful"):
        template.add(msgid)
    template.add(("{n} entry", "{n} entries"))
    catalog = Catalog(locale="hi")
    catalog.add("Present", "मौजूद")
    catalog.add("Empty", "")
    catalog.add("Doubtful", "संदिग्ध", flags=["fuzzy"])
    catalog.add(("{n} entry", "{n} entries"), ("{n} प्रविष्टि", ""))
    kinds = {(p.kind, p.text) for p in tool.catalog_problems("hi", template, catalog)}
    assert kinds == {("missing", "Absent"), ("untranslated", "Empty"), ("fuzzy", "Doubtful"),
                     ("untranslated", "{n} entry")}


def test_placeholder_check_reports_renamed_invented_and_broken_fields():
    catalog = Catalog(locale="hi")
    catalog.add("Hello {name}", "नमस्ते {name}")                 # fine
    catalog.add("Entry {id} of {case}", "प्रविष्टि {id}")         # field dropped
    catalog.add("Station: {name}", "थाना: {naam}")               # field renamed
    catalog.add("Done.", "पूर्ण {count}।")                         # field invented
    catalog.add("Open {path}", "खोलें {path")                     # malformed
    catalog.add(("{n} day", "{n} days"), ("{n} दिन", "{m} दिन"))  # plural form renamed
    catalog.add(("One entry", "{n} entries"), ("एक प्रविष्टि", "{n} प्रविष्टियाँ"))  # fine: "one" spelt out
    bad = {p.text.split(" → ")[0] for p in tool.placeholder_problems("hi", catalog)}
    assert bad == {"'Entry {id} of {case}'", "'Station: {name}'", "'Done.'", "'Open {path}'", "'{n} day'"}


def test_style_check_reports_avoided_words_and_a_latin_full_stop():
    catalog = Catalog(locale="hi")
    catalog.add("The case is closed.", "मामला बंद है।")
    catalog.add("The entry is saved.", "प्रविष्टि सहेजी गई.")
    catalog.add("No.", "क्रम सं.")  # an abbreviation, not a sentence
    catalog.add("The file is open.", "फाइल खुली है।")
    catalog.add("&Save", "&सहेजें")              # & inside Devanagari: breaks shaping, no such Alt key
    catalog.add("&Find:", "खोजें:")               # accelerator lost
    catalog.add("Mark &entered…", "दर्ज चिह्नित करें (&E)…")  # the convention
    catalog.add("Fish && chips", "मछली && चिप्स")  # a literal ampersand is not an accelerator
    kinds = sorted((p.kind, p.where) for p in tool.style_problems("hi", catalog))
    assert kinds == [("glossary", "The case is closed."), ("mnemonic", "&Find:"), ("mnemonic", "&Save"),
                     ("punctuation", "The entry is saved.")]


def test_ast_check_reports_every_kind_of_untranslatable_argument(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent('''
        from app.i18n import _, N_, ngettext, pgettext
        from app import i18n
        LABELS = {"a": N_("Alpha")}
        FIELDS = {"x": (N_("Ex"), None)}

        def show(name, n, code, text):
            ok = [_("Plain"), _("Implicit " "join"), _(LABELS[code]), _(LABELS.get(code, code)),
                  _(FIELDS[code][0]), ngettext("{n} day", "{n} days", n), pgettext("Qt", "OK")]
            for key, label in LABELS.items():
                ok.append(_(label))
            title = LABELS.get(code) or LABELS["a"]
            ok.append(_(title))
            pairs = [(k, _(lab)) for k, lab in LABELS.items()]  # the comprehension's own 'lab'
            for k, lab in pairs:  # another 'lab' in the function does not taint it
                ok.append(lab)
            bad1 = _(f"Hello {name}")
            bad2 = _("Hello " + name)
            bad3 = _(text)
            bad4 = _("Hello %s" % name)
            bad5 = ngettext(f"{n} day", "{n} days", n)
            bad6 = pgettext("Qt", text)
            bad7 = i18n._(text)
            bad8 = _("Hello {name}".format(name=name))
            joined = "a" + "b"
            bad9 = _(joined)
            bad10 = _(text.upper())
            return ok
    '''), encoding="utf-8")
    problems = tool.non_literal_calls([bad])
    lines = sorted(int(p.where.rsplit(":", 1)[1]) for p in problems)
    source = bad.read_text(encoding="utf-8").splitlines()
    flagged = [source[n - 1].strip().split(" = ")[0] for n in lines]
    assert flagged == [f"bad{i}" for i in range(1, 11)], flagged


def test_pragma_allows_a_table_passed_as_a_parameter(tmp_path):
    src = tmp_path / "helper.py"
    src.write_text(textwrap.dedent('''
        from app.i18n import _

        def label(labels, code):
            return _(labels[code])  # i18n: marked

        def other(labels, code):
            return _(labels[code])
    '''), encoding="utf-8")
    problems = tool.non_literal_calls([src])
    assert [int(p.where.rsplit(":", 1)[1]) for p in problems] == [8]


def test_missing_lists_entries_to_translate(monkeypatch):
    template = Catalog(locale=None)
    template.add("Already there")
    template.add("Brand new", context="Qt")
    template.add(("{n} copy", "{n} copies"))
    catalog = Catalog(locale="hi")
    catalog.add("Already there", "पहले से है")
    monkeypatch.setattr(tool, "extract_catalog", lambda: template)
    monkeypatch.setattr(tool, "read_catalog", lambda lang: catalog)
    text = "".join(tool.missing_entries("hi"))
    assert 'msgctxt "Qt"\nmsgid "Brand new"' in text
    assert 'msgid_plural "{n} copies"' in text
    assert "Already there" not in text
