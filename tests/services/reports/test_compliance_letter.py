"""The compliance report as an office letter, read back with pdftotext in Hindi and English (issue 17)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from app.services import staff, station
from app.services.core.errors import UserError
from app.services.reports import build_compliance
from tests.services.report_seed import backdate_station


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def office(station_db):
    sho = staff.add_person(station_db, "Ram Singh", "Inspector", pno="132451007")
    staff.assign_role(station_db, sho.id, "sho", "2026-01-01")
    backdate_station(station_db, dt.date(2026, 1, 1))
    station.set_office_particulars(station_db, {"station_hi": "कोतवाली नगर", "district_hi": "लखनऊ",
                                                "co_hi": "क्षेत्राधिकारी नगर", "co_en": "Circle Officer City"})
    return station_db


def test_hindi_letter_reads_as_an_office_letter(office, tmp_path):
    out = tmp_path / "hi.pdf"
    build_compliance(office, out, date_from="2026-10-01", date_to="2026-10-31", lang="hi", letter_no="17/2026",
                     enclosures=["निरीक्षण टिप्पणी"])
    text = _text(out)
    for words in ("कार्यालय प्रभारी निरीक्षक", "थाना कोतवाली नगर, जनपद लखनऊ", "पत्रांक: 17/2026", "दिनांक:",
                  "सेवा में", "पुलिस अधीक्षक, जनपद लखनऊ।", "नोडल अधिकारी सीसीटीएनएस, जनपद लखनऊ।",
                  "द्वारा: क्षेत्राधिकारी नगर, जनपद लखनऊ।", "विषय:", "सन्दर्भ:", "19.11.2018", "फरवरी, 2019",
                  "महोदय,", "संलग्नक:", "निरीक्षण टिप्पणी", "भवदीय,", "(Ram Singh)", "प्रभारी निरीक्षक",
                  "निरीक्षक, PNO 132451007", "प्रतिलिपि:"):
        assert words in text, words
    assert not re.search(r"January|February|March|October|November|December", text)
    sir = text.index("महोदय")
    assert sir < text.index("1. ", sir) < text.index("2. ", sir) < text.index("भवदीय") < text.index("प्रतिलिपि")


def test_english_letter_and_no_sho_leaves_a_line(station_db, tmp_path):
    backdate_station(station_db, dt.date(2026, 1, 1))
    out = tmp_path / "en.pdf"
    build_compliance(station_db, out, date_from="2026-10-01", date_to="2026-10-31", lang="en")
    text = _text(out)
    for words in ("Office of the Inspector In-charge", "Letter no.: ____", "Through: Circle Officer, district Lucknow.",
                  "Enclosures: nil", "Yours faithfully,", "(....", "Copy to: Office copy (guard file)."):
        assert words in text, words


def test_inactive_sho_does_not_sign(office, tmp_path):
    person = staff.list_persons(office)[0]
    staff.update_person(office, person.id, active=False)
    out = tmp_path / "x.pdf"
    build_compliance(office, out, date_from="2026-10-01", date_to="2026-10-31", lang="en")
    assert "(Ram Singh)" not in _text(out)


@pytest.mark.parametrize("kwargs", [{"letter_no": "x" * 81}, {"letter_no": "a\x07b"},
                                    {"enclosures": ["e"] * 11}, {"enclosures": ["x" * 201]}])
def test_bad_letter_input_is_refused_and_writes_nothing(office, tmp_path, kwargs):
    out = tmp_path / "bad.pdf"
    with pytest.raises(UserError):
        build_compliance(office, out, date_from="2026-10-01", date_to="2026-10-31", lang="hi", **kwargs)
    assert not out.exists()
