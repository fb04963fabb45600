"""Documents name a case's kind in their own language, never as a raw code (UNIDENTIFIED-PERSON …)."""

from app.services.reports import DocLang
from app.services.catalogue import case_label


def test_case_label_reads_as_words_and_renders_per_document_language():
    label = case_label("unidentified-person", 8, 2023, 41)
    assert str(label) == "Unidentified person 8/2023"
    assert DocLang("en").case(label) == "Unidentified person 8/2023"
    hindi = DocLang("hi").case(label)
    assert hindi.endswith(" 8/2023") and "Unidentified" not in hindi
    assert any("\u0900" <= ch <= "\u097f" for ch in hindi)
    both = DocLang("both").case(label)  # issue 17: each half in its language; the number once in a cell
    assert both.hi == hindi and both.en == "Unidentified person 8/2023"
    assert str(both) == hindi.replace(" 8/2023", "") + " / Unidentified person 8/2023"
    assert DocLang("hi").case(case_label("fir", 123, 2026, 1)).endswith("123/2026")
    assert case_label(None, None, None, None) == ""
    assert DocLang("hi").case("") == ""
