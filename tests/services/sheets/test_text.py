"""Kruti Dev, case numbers, names and dates: the text helpers the importer and reconciliation share (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.sheets import (
    CaseKey,
    NameIndex,
    SheetError,
    case_key,
    is_krutidev,
    krutidev_to_unicode,
    name_key,
    name_score,
    parse_case_number,
    parse_date,
    transliterate,
)


@pytest.mark.parametrize("kruti, unicode", [
    ("fganh", "हिंदी"),  # ि typed before its consonant
    ("fLFkfr", "स्थिति"),  # ि before a conjunct goes after the whole cluster
    ("dhfrZ", "कीर्ति"),  # reph typed after the syllable, over a ि
    ("dk;Z", "कार्य"), ("dk;kZy;", "कार्यालय"), ("/kesZUnz", "धर्मेन्द्र"), ("ekpZ", "मार्च"),
    ("fdz;k", "क्रिया"), ("/kkjk", "धारा"), ("fnukad", "दिनांक"), ("eq0v0la0", "मु0अ0सं0"),
    ("foospd", "विवेचक"), ("vfHk;qDr", "अभियुक्त"), ("ekuuh; U;k;ky;", "माननीय न्यायालय"),
    ("Hkkjrh; U;k; lafgrk", "भारतीय न्याय संहिता"), ("jke dqekj", "राम कुमार"), ("mi fujh{kd", "उप निरीक्षक"),
    ("vkjksi i=", "आरोप पत्र"), ("iqfyl", "पुलिस"), ("#i;s", "रुपये"), (":i", "रूप"), ("fç;", "प्रिय"),
    ("izkFkZuk i=", "प्रार्थना पत्र"), ("fxj¶rkjh", "गिरफ्तारी"), ("mÙkj izns'k", "उत्तर प्रदेश"), ("Jh", "श्री"),
    ("yM+dh", "लड़की"), ("v‚fQl", "ऑफिस"), ("fo|ky;", "विद्यालय"), ("czã", "ब्रह्म"), ("lw{e", "सूक्ष्म"),
    ("vk;q/k vf/kfu;e", "आयुध अधिनियम"), ("302@307", "302/307"),
])
def test_kruti_dev_converts_with_both_reorderings(kruti, unicode):
    assert krutidev_to_unicode(kruti) == unicode


@pytest.mark.parametrize("text", ["jke dqekj", "/kkjk", "Hkkjrh; U;k; lafgrk", "eq0v0la0", "dhfrZ"])
def test_kruti_dev_is_recognised(text):
    assert is_krutidev(text)


@pytest.mark.parametrize("text", ["FIR No.", "Registration date", "Ram Kumar", "Sections", "Remarks", "ok",
                                  "SI Ramesh Yadav", "NDPS Act", "राम कुमार", "303(2)", "", None])
def test_english_unicode_and_numbers_are_not_kruti_dev(text):
    assert not is_krutidev(text)


@pytest.mark.parametrize("text", ["123/24", "मु0अ0सं0 १२३/२०२४", "FIR No. 123-2024", "0123/2024",
                                  "Cr. No. 123 of 2024", "मु0 अ0 सं0- 123/2024", "अपराध संख्या 123/2024",
                                  "Case Crime No. 123/24", " 123 / 2024 ", "123.2024", "f.i.r. no: 123/2024"])
def test_every_way_of_writing_a_case_number_gives_one_key(text):
    assert case_key(text) == CaseKey(123, 2024)
    assert case_key(text).key == "123/2024"


def test_case_number_years_and_refusals():
    assert case_key("5/99") == CaseKey(5, 1999)  # a two-digit year past next year is last century
    assert case_key("5/00") == CaseKey(5, 2000)
    assert case_key("17", default_year=2023) == CaseKey(17, 2023)
    assert case_key(17) == CaseKey(17, None) and case_key(17.0, 2024) == CaseKey(17, 2024)
    for bad in ("", None, "abc", "0/2024", "12/2024/5", "12/3024", True, 12.5):
        assert case_key(bad) is None
    with pytest.raises(SheetError, match="not a case number"):
        parse_case_number("six/2024")


def test_names_across_scripts_spellings_and_ranks():
    assert transliterate("राम कुमार") == "raam kumaar"
    assert name_key("राम कुमार") == name_key("Ram Kumar") == name_key("RAMKUMAR") == name_key("Shri Ramkumaar")
    assert name_key("उ0नि0 राम कुमार") == name_key("SI Ram Kumar")
    assert name_score("राम कुमार", "Ram Kumar") == 100
    assert name_score("धर्मेन्द्र", "Dharmendra") >= 90
    assert name_score("राम कुमार", "Shyam Lal") < 60
    assert name_score("", "Ram") == 0


def test_name_index_finds_exact_and_scores_candidates_without_deciding():
    index = NameIndex({1: "राम कुमार", 2: ["Suresh Chandra", "सुरेश चन्द्र"], 3: "Ramesh Yadav", 4: ""})
    assert index.exact("Ram Kumar") == [1]
    assert index.exact("सुरेश चन्द्र") == [2]
    assert index.exact("Mahesh") == []
    assert index.exact("Ramesh Yadaw") == [3]  # w and v are one letter to a typist
    found = index.candidates("Ramesh Yada")
    assert found[0][0] == 3 and 80 <= found[0][1] < 100
    assert all(score >= 80 for _, score in found)
    assert index.candidates("") == []


@pytest.mark.parametrize("value, fmt, expected", [
    ("05/03/2024", "DD/MM/YYYY", dt.date(2024, 3, 5)), ("05/03/2024", "MM/DD/YYYY", dt.date(2024, 5, 3)),
    ("05.03.24", "DD/MM/YYYY", dt.date(2024, 3, 5)), ("०५-०३-२०२४", "DD/MM/YYYY", dt.date(2024, 3, 5)),
    ("2024-03-05", "DD/MM/YYYY", dt.date(2024, 3, 5)), ("2024-03-05T10:30:00", "YYYY-MM-DD", dt.date(2024, 3, 5)),
    ("05/03/2024 10:30 AM", "DD/MM/YYYY", dt.date(2024, 3, 5)), ("5-Mar-2024", "DD-MON-YYYY", dt.date(2024, 3, 5)),
    ("5 मार्च 2024", "DD/MM/YYYY", dt.date(2024, 3, 5)), (45356, "DD/MM/YYYY", dt.date(2024, 3, 5)),
    ("45356", "DD/MM/YYYY", dt.date(2024, 3, 5)), (45356.75, "DD/MM/YYYY", dt.date(2024, 3, 5)),
    (20240305, "DD/MM/YYYY", dt.date(2024, 3, 5)), (dt.datetime(2024, 3, 5, 9, 0), "MM/DD/YYYY", dt.date(2024, 3, 5)),
])
def test_dates_in_the_chosen_format(value, fmt, expected):
    assert parse_date(value, fmt) == expected


@pytest.mark.parametrize("value, words", [
    ("31/02/2024", "not a real date"), ("13/13/2024", "not a real date"), ("yesterday", "not a date"),
    ("05/03", "not a date"), (None, "not a date"), ("", "not a date"), (-5, "not a date"), (True, "not a date"),
])
def test_bad_dates_say_why(value, words):
    with pytest.raises(SheetError, match=words):
        parse_date(value, "DD/MM/YYYY")


def test_an_unknown_date_format_is_refused():
    with pytest.raises(SheetError, match="Unknown date format"):
        parse_date("05/03/2024", "DD.MM.YY")


def test_every_line_of_the_kruti_dev_table_is_loaded():
    from app.paths import resource_path
    from app.services.sheets.krutidev import _table

    lines = [ln for ln in resource_path("sheets", "krutidev.tsv").read_text(encoding="utf-8").splitlines()
             if "\t" in ln and not ln.startswith("# ")]
    table, _longest = _table()
    assert len(table) == len(lines) + 2  # and 'f', 'Z', placed in code
    assert all(len(ln.split("\t")) == 2 for ln in lines)


@pytest.mark.parametrize("text, pno", [
    ("102345678", "102345678"), ("PNO 102345678", "102345678"), ("P.N.O.: 102345678", "102345678"),
    ("पीएनओ- १०२३४५६७८", "102345678"), ("SI Ram Kumar (102345678)", "102345678"), (102345678, "102345678"),
    ("Ram Kumar", None), ("12/2024", None), ("05/03/2024", None), ("102345678 / 998877665", None), (None, None),
])
def test_a_pno_is_found_in_what_a_register_writes(text, pno):
    from app.services.sheets import pno_of

    assert pno_of(text) == pno
