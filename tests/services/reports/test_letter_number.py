"""An English document cites a headquarters letter by its English number ("TS-CCTNS-35/2010"), a Hindi one as the
letter prints it ("टीएस-सीसीटीएनएस-35/2010"): the station's compliance letter, checklist and attendance sheet."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from app.services.reports import build_compliance
from app.services.catalogue import number_in_english
from tests.services.report_seed import backdate_station


@pytest.mark.parametrize("hindi, english", [
    ("टीएस-सीसीटीएनएस-35/2010", "TS-CCTNS-35/2010"),
    ("टीएस-सीसीटीएनएस-08/2013", "TS-CCTNS-08/2013"),
    ("डीजीपी-१२/२०१९", "DGP-12/2019"),            # Devanagari digits too
    ("एक्स-डब्ल्यू-क्यू-जेड", "X-W-Q-Z"),         # the longer letter names are read whole
    ("TS-CCTNS-35/2010", "TS-CCTNS-35/2010"),     # already English
    ("डीजी-परिपत्र-45/2019", "डीजी-परिपत्र-45/2019"),  # a word, not initials: cited as printed, never guessed
    ("", ""),
])
def test_number_in_english(hindi, english):
    assert number_in_english(hindi) == english


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("lang, number, other", [("en", "TS-CCTNS-35/2010", "टीएस"),
                                                 ("hi", "टीएस-सीसीटीएनएस-35/2010", "TS-CCTNS")])
def test_station_compliance_letter_cites_the_number_of_its_language(station_db, tmp_path, lang, number, other):
    backdate_station(station_db, dt.date(2026, 1, 1))
    out = tmp_path / f"{lang}.pdf"
    build_compliance(station_db, out, date_from="2026-10-01", date_to="2026-10-31", lang=lang)
    text = _text(out)
    assert number in text and other not in text
