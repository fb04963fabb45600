"""The monthly attendance sheet and the checklist section build as PDFs; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.core import clock
from app.services.core.errors import UserError
from app.services.reports import checklist_section
from app.services import handholding
from app.services import handholding
from app.services.reports import attendance_sheet
from tests.conftest import build_with_db, starting_from

NOW = dt.datetime(2026, 11, 20, 10, 0)


def _station(station_db):
    from app.services.station import init_station

    init_station(station_db, "Kotwali Nagar", "Lucknow", "LKO-01")  # as the station_db fixture does
    clock.pin(NOW)
    a = handholding.add_support_staff(station_db, "Rahul Verma", "circle", "Circle Office Kotwali", vendor="NIIT",
                             from_date="2026-10-01")
    b = handholding.add_support_staff(station_db, "Pooja Singh", "district_hq", "District HQ", from_date="2026-11-10")
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        handholding.mark_attendance(station_db, a.id, day, "present", time_in="10:00", time_out="17:00")
    handholding.mark_attendance(station_db, a.id, "2026-11-05", "leave")
    handholding.mark_attendance(station_db, b.id, "2026-11-10", "absent")
    cam = handholding.add_equipment(station_db, "cctv_camera", "Gate camera")
    handholding.report_fault(station_db, cam.id, "No picture", reported_at="2026-11-14 10:00", reported_by="Op",
                    ticket_no="HD-9")


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(NOW)
    return db


def _pages(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


@pytest.mark.parametrize("lang", ["hi", "en", "both"])
def test_attendance_sheet_one_register_per_staff(station, tmp_path, lang):
    out = tmp_path / f"sheet-{lang}.pdf"
    result = attendance_sheet(station, "2026-11", out, lang=lang)
    assert out.read_bytes().startswith(b"%PDF")
    assert result.pages == _pages(out) >= 2  # a register (at least one page) for each of the two
    if lang == "en":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "Rahul Verma" in text and "Pooja Singh" in text
        assert "Sunday: not a working day" in text
        assert "Not serving on this day" in text  # Pooja before the 10th
        assert f"Page 1 of {result.pages}" in text
        assert "Present: 3" in text and "Leave: 1" in text


def test_attendance_sheet_bad_input_writes_nothing(station, tmp_path):
    out = tmp_path / "sheet.pdf"
    with pytest.raises(UserError):
        attendance_sheet(station, "2026-13", out)
    with pytest.raises(UserError):
        attendance_sheet(station, "Nov 2026", out)
    with pytest.raises(UserError):
        attendance_sheet(station, "2026-11", out, lang="fr")
    assert not out.exists()


@pytest.mark.parametrize("lang", ["hi", "en", "both"])
def test_a_month_with_nobody_posted_prints_a_blank_register(station, tmp_path, lang):
    """The SOP makes the office in-charge keep the register whoever is sent: a month with no staff recorded
    gets one blank page to fill by hand (it used to be refused)."""
    from pypdf import PdfReader

    out = tmp_path / f"blank-{lang}.pdf"
    result = attendance_sheet(station, "2025-01", out, lang=lang)  # nobody served then; 31 days
    assert result.pages == _pages(out) == 1
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Rahul Verma" not in text and "Pooja Singh" not in text
    assert "31.01.2025" in text and "10.10.2014" in text  # every day; the 2014 SOP
    if lang != "hi":
        assert "No handholding staff is recorded as posted" in text
        assert "Sunday: not a working day" in text
        assert "Working days (Monday to Saturday): 27." in text


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_the_footer_cites_the_2014_sop_not_the_allocation_letter(station, tmp_path, lang):
    from pypdf import PdfReader

    out = tmp_path / "sheet.pdf"
    attendance_sheet(station, "2026-11", out, lang=lang)
    for page in PdfReader(str(out)).pages:
        text = page.extract_text()
        assert "10.10.2014" in text
        assert "19.11.2018" not in text and "35/2010" not in text


@pytest.mark.parametrize("lang", ["hi", "en", "both"])
def test_checklist_section_builds(station, tmp_path, lang):
    from app.services.pdf import build_pdf

    story = checklist_section(station, lang, NOW)
    assert len(story) > 5
    out = tmp_path / "section.pdf"
    pages = build_pdf(out, story, title="section", page_label="{page}/{pages}")
    assert pages >= 1 and out.stat().st_size > 1000
    if lang == "en":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
        assert "CCTV: NOT fully working: 1 of 1" in text
        assert "HD-9" in text and "Rahul Verma" in text
        assert "Open faults: 1; open for more than 3 days: 1." in text
