"""A station whose name already starts with "थाना" / "PS" is named with that word once in the documents'
station lines (letter, checklist, slip, pendency), read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from app.services import staff, station
from app.services.core.formatting import station_bare
from app.services.reports import build_checklist, build_compliance, build_pendency, build_slips
from tests.services.report_seed import backdate_station

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def office(station_db):
    sho = staff.add_person(station_db, "Ram Singh", "Inspector", pno="132451007")
    staff.assign_role(station_db, sho.id, "sho", "2026-01-01")
    backdate_station(station_db, dt.date(2026, 1, 1))
    station.set_office_particulars(station_db, {"station_hi": "थाना कोतवाली नगर", "station_en": "PS Kotwali Nagar",
                                                "district_hi": "लखनऊ", "district_en": "Lucknow"})
    return station_db, sho.id


@pytest.mark.parametrize("lang", ["hi", "en", "both"])
def test_station_word_printed_once(office, tmp_path, lang):
    db, sho = office
    texts = []
    for name, build in (
            ("letter", lambda out: build_compliance(db, out, date_from="2026-10-01", date_to="2026-10-31", lang=lang)),
            ("pendency", lambda out: build_pendency(db, out, date_from="2026-10-01", date_to="2026-10-31", lang=lang)),
            ("checklist", lambda out: build_checklist(db, out, lang=lang)),
            ("slip", lambda out: build_slips(db, out, [sho], lang=lang))):
        out = tmp_path / f"{name}.pdf"
        build(out)
        text = _text(out)
        texts.append(text)
        assert "थाना थाना" not in text and "थाना PS" not in text, name
        assert "station PS" not in text and "station Thana" not in text, name
        if lang != "en":
            assert "थाना कोतवाली नगर" in text, name
        if lang != "hi":
            assert "Police station Kotwali Nagar" in text or "police station Kotwali Nagar" in text, name


@pytest.mark.parametrize("name, bare", [
    ("थाना कोतवाली", "कोतवाली"), ("थाना-कोतवाली", "कोतवाली"), ("Thana Kotwali", "Kotwali"), ("PS Kotwali", "Kotwali"),
    ("P.S. Kotwali", "Kotwali"), ("Police Station Kotwali", "Kotwali"), ("कोतवाली", "कोतवाली"),
    ("थानाभवन", "थानाभवन"), ("Psalm Road", "Psalm Road"), ("थाना", "थाना"), ("", "")])
def test_station_bare(name, bare):
    assert station_bare(name) == bare
