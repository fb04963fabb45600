"""Two-language documents: each half wholly in its language (issue 17)."""

from __future__ import annotations

import datetime as dt
import re

from app.services.catalogue import case_label
from app.services.reports import DocLang

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DEVANAGARI = re.compile("[\u0900-\u097F]")


def test_a_formatted_sentence_keeps_each_half_in_its_language():
    lang = DocLang("both")
    text = lang("Police station {station}, district {district}. Period: {start} to {end}.").format(
        station="Kotwali", district="Sitapur", start=lang.date(dt.date(2026, 11, 1)), end=lang.date(dt.date(2026, 11, 30)))
    hi, en = text.split(" / ")
    assert not any(m in hi for m in MONTHS), hi
    assert "1 November 2026" in en and "30 November 2026" in en
    assert not DEVANAGARI.search(en), en
    assert "नवंबर" in hi


def test_a_plain_field_goes_into_both_halves_and_one_language_documents_are_unchanged():
    both = DocLang("both")
    text = both("Police station {station}, district {district}").format(station="Kotwali", district="Sitapur")
    assert text == "थाना Kotwali, जनपद Sitapur / Police station Kotwali, district Sitapur"
    assert DocLang("hi")("Police station {station}, district {district}").format(
        station="K", district="S") == "थाना K, जनपद S"
    assert DocLang("en").date(dt.date(2026, 11, 1)) == "1 November 2026"
    assert type(DocLang("en")("Total")) is str and type(DocLang("hi").date(dt.date(2026, 1, 1))) is str


def test_pair_and_half():
    lang = DocLang("both")
    v = lang.pair("थाना कोतवाली", "Kotwali PS")
    assert lang.half(v, "hi") == "थाना कोतवाली" and lang.half(v, "en") == "Kotwali PS" and lang.half("x", "en") == "x"
    assert DocLang("en").pair("क", "k") == "k" and DocLang("hi").pair("क", "k") == "क"


def test_people_name_once_in_a_cell_and_each_half_in_a_sentence():
    both = DocLang("both")
    p = both.person("राम सिंह", "Sub-Inspector", "132451007")
    assert str(p) == "उ0नि0 / SI राम सिंह (PNO 132451007)"
    assert str(p).count("राम सिंह") == 1
    assert p.hi == "उ0नि0 राम सिंह (PNO 132451007)" and p.en == "SI राम सिंह (PNO 132451007)"
    assert DocLang("hi").person("राम सिंह", "Sub-Inspector", None) == "उ0नि0 राम सिंह"
    assert DocLang("en").rank("मुख्य आरक्षी") == "HC" and DocLang("hi").rank("Head Constable") == "मु0आ0"
    assert str(both.rank("Havaldar Major")) == "Havaldar Major"


def test_case_labels_as_officers_write_them_in_each_language():
    label = case_label("fir", 624, 2022, 1, act="BNS", sections="303(2)")
    assert DocLang("hi").case(label) == "मु0अ0सं0 624/2022 धारा 303(2) BNS"
    assert DocLang("en").case(label) == "Case Crime No. 624/2022 u/s 303(2) BNS"
    both = DocLang("both").case(label)
    assert both.hi == "मु0अ0सं0 624/2022 धारा 303(2) BNS" and both.en == "Case Crime No. 624/2022 u/s 303(2) BNS"
    assert str(both) == "मु0अ0सं0 / Case Crime No. 624/2022 धारा / u/s 303(2) BNS"
    sentence = DocLang("both")("Case: {case}").format(case=both)
    hi, en = str(sentence).split(" / ", 1)
    assert "Case Crime" not in hi and not DEVANAGARI.search(en)
    assert DocLang("en").case(case_label("ncr", 3, 2026, 2)) == "NCR 3/2026"
    assert DocLang("en").case("plain text") == "plain text"


def test_join_keeps_the_halves_and_numbers_are_shown_once():
    both = DocLang("both")
    people = both.join([both.person("राम", "Sub-Inspector", "1"), both.person("श्याम", "Constable")])
    assert people.hi == "उ0नि0 राम (PNO 1), आरक्षी श्याम" and people.en == "SI राम (PNO 1), Ct. श्याम"
    assert str(people) == "उ0नि0 / SI राम (PNO 1), आरक्षी / Ct. श्याम"
    assert DocLang("en").join(["a", "b"]) == "a, b"
    from app.services.core.formatting import set_devanagari_digits

    set_devanagari_digits(True)
    try:
        n = both.number(1234)
        assert str(n) == "१,२३४" and n.en == "1,234"
    finally:
        set_devanagari_digits(False)


def test_bi_format_with_positional_fields_and_specs_and_pickle():
    import pickle

    from app.services.reports.common import Bi

    t = Bi("{0} से {1:>3}", "{0} to {1:>3}")
    out = t.format(Bi("क", "k"), 7)
    assert out.hi == "क से   7" and out.en == "k to   7" and str(out) == "क से   7 / k to   7"
    again = pickle.loads(pickle.dumps(out))
    assert again.hi == out.hi and str(again) == str(out)
    same = Bi("x", "x")
    assert str(same) == "x" and str(Bi("a {n}", "a {n}").format(n=Bi("१", "1", "१"))) == "a १ / a 1"
