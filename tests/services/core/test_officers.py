"""Ranks, people and cases as UP Police offices write them (issue 17)."""

from __future__ import annotations

import pytest

from app.services.core import officers


@pytest.mark.parametrize("typed, code", [
    ("Sub-Inspector", "si"), ("sub inspector", "si"), ("SI", "si"), ("S.I.", "si"), ("उपनिरीक्षक", "si"),
    ("उ0नि0", "si"), ("उ०नि०", "si"), ("उ॰नि॰", "si"), ("Head Constable", "hc"), ("मुख्य आरक्षी", "hc"),
    ("मु0आ0", "hc"), ("H.C.", "hc"), ("Constable", "ct"), ("आरक्षी", "ct"), ("का0", "ct"), ("कांस्टेबल", "ct"),
    ("Inspector", "insp"), ("निरीक्षक", "insp"), ("नि0", "insp"), ("प्रभारी निरीक्षक", "insp_incharge"),
    ("प्र0नि0", "insp_incharge"), ("Woman Constable", "wct"), ("म0आ0", "wct"), ("Home Guard", "hg"),
    ("Computer Operator", "operator"), ("  senior sub-inspector ", "ssi"), ("ASI", "asi"),
])
def test_known_ranks_are_recognised_however_typed(typed, code):
    assert officers.rank_code(typed) == code


@pytest.mark.parametrize("typed", ["", None, "   ", "Chowkidar", "Sub", "Inspector General of Zoo"])
def test_unknown_ranks_are_not_guessed(typed):
    assert officers.rank_code(typed) is None


def test_rank_text_in_each_language_and_unknown_as_typed():
    assert officers.rank_text("Sub-Inspector", "hi") == "उ0नि0"
    assert officers.rank_text("Sub-Inspector", "en") == "SI"
    assert officers.rank_text("उपनिरीक्षक", "en") == "SI"  # a rank typed in Hindi prints in English
    assert officers.rank_text("Head Constable", "hi") == "मु0आ0"
    assert officers.rank_text("Constable", "hi") == "आरक्षी"
    assert officers.rank_text("Inspector", "hi") == "नि0"
    assert officers.rank_text("Sub-Inspector", "hi", full=True) == "उपनिरीक्षक"
    assert officers.rank_text("मु0आ0", "en", full=True) == "Head Constable"
    assert officers.rank_text(" Chowkidar ", "hi") == "Chowkidar"
    assert officers.rank_text(None, "en") == ""


def test_person_text_puts_the_pno_after_the_name():
    assert officers.person_text("राम सिंह", "Sub-Inspector", "132451007", "hi") == "उ0नि0 राम सिंह (PNO 132451007)"
    assert officers.person_text("Ram Singh", "उ0नि0", "132451007", "en") == "SI Ram Singh (PNO 132451007)"
    assert officers.person_text("Ram Singh", "Sub-Inspector", None, "en") == "SI Ram Singh"
    assert officers.person_text("Ram Singh", "", "  ", "hi") == "Ram Singh"
    assert officers.person_text("Ram", "Chowkidar", "7", "hi") == "Chowkidar Ram (PNO 7)"


def test_fir_as_officers_write_it():
    assert officers.fir_text(624, 2022, "BNS", "303(2)", "hi") == "मु0अ0सं0 624/2022 धारा 303(2) BNS"
    assert officers.fir_text(624, 2022, "BNS", "303(2)", "en") == "Case Crime No. 624/2022 u/s 303(2) BNS"
    assert officers.fir_text(624, 2022, None, None, "hi") == "मु0अ0सं0 624/2022"
    assert officers.fir_text(624, 2022, "IPC", "302, 34", "en", with_sections=False) == "Case Crime No. 624/2022"
    assert officers.fir_text(5, None, "", "379", "hi") == "मु0अ0सं0 5 धारा 379"


def test_case_label_renders_the_office_form_and_other_kinds_as_before():
    from app.services.catalogue import case_label

    fir = case_label("fir", 624, 2022, 9, act="BNS", sections="303(2)")
    assert fir.office(lambda m: m, "en") == "Case Crime No. 624/2022 u/s 303(2) BNS"
    assert fir.office(lambda m: m, "hi", with_sections=False) == "मु0अ0सं0 624/2022"
    ncr = case_label("ncr", 12, 2026, 10)
    assert ncr.office(lambda m: m, "en") == "NCR 12/2026"
    import pickle

    again = pickle.loads(pickle.dumps(fir))
    assert again.sections == "303(2)" and again.act == "BNS" and again == fir
