"""Columns mapped from their headers, profiles by header name, and the shipped samples' expected parse
(issue 20). A change in a reader or a mapping that alters what a sample means fails here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.services.access import SYSTEM
from app.services.core.errors import UserError
from app.services.sheets import (
    CaseKey,
    Profile,
    SheetError,
    Table,
    builtin_profiles,
    delete_profile,
    get_profile,
    guess_mapping,
    list_profiles,
    map_table,
    match_profile,
    preview,
    read_table,
    save_profile,
)

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "sheets"
D = dt.date


def _register() -> Profile:
    return next(p for p in builtin_profiles() if p.name == "FIR register")


def _by_case(mapped):
    return {r.values["case_number"].key: r for r in mapped.rows if r.values.get("case_number")}


@pytest.mark.parametrize("headers", [
    ["क्र0सं0", "मु0अ0सं0", "दिनांक पंजीकरण", "घटना दिनांक", "अधिनियम", "धारा", "विवेचक"],
    ["S.No.", "FIR No.", "Registration date", "Date of offence", "Act", "Sections", "IO"],
    ["Sl", "F.I.R. No", "REGISTRATION DATE", "Date of Offense", "ACT", "Section", "I.O."],
])
def test_an_fir_register_is_understood_without_a_profile(headers):
    assert guess_mapping(headers, "cases") == {"case_number": 1, "registered_on": 2, "occurred_on": 3, "act": 4,
                                               "sections": 5, "io": 6}


def test_the_cas_list_headers():
    assert guess_mapping(["FIR No.", "Form", "CAS Reference", "Entry Date"], "cas_list") == {
        "case_number": 0, "form": 1, "cas_reference": 2, "entry_date": 3}


def test_sample_fir_register_xlsx():
    table = read_table(SAMPLES / "fir_register.xlsx")
    mapped = map_table(table, _register())
    assert mapped.header_row == 2 and not mapped.missing  # the merged title and the blank row skipped
    cases = _by_case(mapped)
    # the numbering row "1 2 3 …" under the header is not a case
    assert [r.row for r in mapped.rows][:2] == [5, 6]
    first = cases["12/2024"].values
    assert first["registered_on"] == D(2024, 1, 5) and first["occurred_on"] == D(2024, 1, 4)
    assert first["act"] == "भारतीय न्याय संहिता" and first["sections"] == "303(2)" and first["io"] == "उ0नि0 राम कुमार"
    assert cases["13/2024"].values["registered_on"] == D(2024, 1, 7)  # "07.01.2024" as text
    assert cases["13/2024"].values["occurred_on"] == D(2024, 1, 6)  # "06/01/24"
    assert cases["13/2024"].values["act"] == "BNS"  # English in a Unicode column is left alone
    assert cases["14/2024"].values["registered_on"] == D(2024, 1, 9)  # Excel serial 45300
    assert cases["15/2024"].values["registered_on"] == dt.datetime(2024, 2, 1, 10, 30)  # a date with a time: kept
    errors = {(e.row, e.column): e.message for e in mapped.errors}
    assert errors[(8, "घटना दिनांक")] == "“31/02/2024” is not a real date."
    assert (13, "मु0अ0सं0") in errors  # the footer "कुल / 6 मुकदमे" …
    # … which the profile's footer setting drops
    footer = Profile("x", skip_bottom=1)
    assert not [e for e in map_table(table, footer).errors if e.row == 13]
    # the merged case number: its second line carries the case's key too
    assert [r.values["sections"] for r in mapped.rows if r.values["case_number"] == CaseKey(17, 2024)] == [
        "309(4)", "317(2)"]
    assert len(mapped.rows) == 8


def test_sample_portal_html_saved_as_xls():
    table = read_table(SAMPLES / "fir_register_portal.xls")
    assert table.kind == "html"
    mapped = map_table(table, _register())
    assert mapped.header_row == 1 and not mapped.errors
    assert [r.values["case_number"].key for r in mapped.rows] == ["101/2023", "102/2023", "103/2023"]  # no header
    third = mapped.rows[2].values
    assert third["occurred_on"] is None and third["act"] == "NDPS Act" and third["sections"] == "8/20"
    assert mapped.rows[1].values["io"] == "उ0नि0 रमेश यादव"


def test_sample_utf16_csv_with_a_year_column():
    table = read_table(SAMPLES / "cases_utf16.csv")
    assert (table.kind, table.encoding) == ("csv", "utf-16")
    mapped = map_table(table, _register())
    assert not mapped.errors
    assert [(r.values["case_number"], r.values["registered_on"]) for r in mapped.rows] == [
        (CaseKey(201, 2024), D(2024, 3, 5)), (CaseKey(202, 2024), D(2024, 3, 6)), (CaseKey(203, 2024), D(2024, 3, 7))]


def test_sample_kruti_dev_register():
    table = read_table(SAMPLES / "krutidev_register.xlsx")
    assert table.krutidev
    mapped = map_table(table, _register())
    assert mapped.headers == ["मु0अ0सं0", "दिनांक पंजीयन", "धारा", "अधिनियम", "विवेचक", "वादी"]
    assert not mapped.errors and not mapped.missing
    rows = [r.values for r in mapped.rows]
    assert [r["io"] for r in rows] == ["राम कुमार", "सुरेश चन्द्र", "उप निरीक्षक रमेश यादव"]
    assert rows[0]["act"] == "भारतीय न्याय संहिता" and rows[2]["act"] == "आयुध अधिनियम"
    assert rows[0]["complainant"] == "धर्मेन्द्र सिंह" and rows[2]["complainant"] == "कीर्ति"
    assert rows[0]["sections"] == "303(2)" and rows[2]["registered_on"] == D(2024, 4, 3)


def _table(rows) -> Table:
    return Table(kind="csv", sheet=None, sheets=(), rows=rows)


def test_a_profile_maps_by_header_name_so_a_moved_column_still_maps():
    profile = Profile("Mine", columns={"case_number": "Crime Number", "registered_on": "Dated", "io": "Officer"},
                      date_format="MM/DD/YYYY")
    before = map_table(_table([["Crime Number", "Dated", "Officer"], ["4/2024", "03/05/2024", "Ram"]]), profile)
    moved = map_table(_table([["Officer", "Extra", "Dated", "Crime Number"], ["Ram", "x", "03/05/2024", "4/2024"]]),
                      profile)
    for mapped in (before, moved):
        assert mapped.rows[0].values == {"case_number": CaseKey(4, 2024), "registered_on": D(2024, 3, 5), "io": "Ram"}
    assert moved.unmapped == ["Extra"]
    lost = map_table(_table([["Officer", "Dated"], ["Ram", "03/05/2024"]]), profile)
    assert lost.missing == ["case_number"]


def test_header_row_chosen_explicitly_and_preview_shows_dates_as_understood():
    rows = [["Police Station Kotwali"], ["FIR No.", "Registration date"], ["7/24", "45356"], ["8/24", "bad"]]
    mapped = map_table(_table(rows), Profile("x", header_row=1))
    shown = preview(mapped)
    assert shown[0]["row"] == "3" and shown[0]["case_number"] == "7/24 → 7/2024"
    assert shown[0]["registered_on"].startswith("45356 → ") and "2024" in shown[0]["registered_on"]
    assert shown[1]["registered_on"].startswith("⚠ ")
    assert mapped.errors[0].as_dict() == {"row": 4, "column": "Registration date",
                                          "message": "“bad” is not a date in the chosen format DD/MM/YYYY."}
    with pytest.raises(SheetError, match="past the end"):
        map_table(_table(rows), Profile("x", header_row=10))


def test_profile_json_round_trip_and_refusals():
    profile = Profile("Thana list", kind="cases", columns={"case_number": "मु0अ0सं0"}, date_format="YYYY-MM-DD",
                      header_row=2, skip_bottom=1, sheet="2024")
    back = Profile.from_json(profile.to_json())
    assert back == profile
    for bad in ("{", "[]", '{"version": 2, "name": "x"}', '{"version": 1}',
                '{"version": 1, "name": "x", "kind": "cases", "columns": {"nope": "A"}}',
                '{"version": 1, "name": "x", "date_format": "DD.MM"}'):
        with pytest.raises(SheetError):
            Profile.from_json(bad)


def test_profiles_saved_in_the_station_audited_and_matched(station_db):
    from sqlalchemy import func, select

    from app.models.audit import AuditEntry

    with station_db.session() as s:
        names = [p.name for p in list_profiles(s)]
        assert names[:2] == ["CAS entry list", "FIR register"] or set(names) >= {"CAS entry list", "FIR register"}
        count = s.scalar(select(func.count()).select_from(AuditEntry))
        save_profile(s, SYSTEM, Profile("  Old   register ", columns={"case_number": "Crime Number",
                                                                         "registered_on": "Dated"}))
    with station_db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == count + 1
        saved = get_profile(s, "old register")
        assert saved.name == "Old register" and not saved.builtin
        assert match_profile(s, ["Dated", "x", "Crime Number"], "cases").name == "Old register"
        assert match_profile(s, ["FIR No.", "Registration date"], "cases").name == "FIR register"
        assert match_profile(s, ["Something"], "cases") is None
        for bad in ("", "   ", "x" * 61, "FIR register"):
            with pytest.raises(SheetError):
                save_profile(s, SYSTEM, Profile(bad))
        with pytest.raises(SheetError, match="shipped"):
            delete_profile(s, SYSTEM, "CAS entry list")
        delete_profile(s, SYSTEM, "Old register")
    with station_db.session() as s:
        with pytest.raises(UserError, match="no import profile"):
            get_profile(s, "Old register")


def test_sample_legacy_binary_xls():
    table = read_table(SAMPLES / "fir_register_legacy.xls")
    assert (table.kind, table.sheet) == ("xls", "FIR 2023")
    mapped = map_table(table, _register())
    assert mapped.header_row == 1 and not mapped.errors
    rows = [r.values for r in mapped.rows]
    assert [r["case_number"] for r in rows] == [CaseKey(401, 2023), CaseKey(402, 2023), CaseKey(403, 2023)]
    assert rows[0]["registered_on"] == D(2023, 6, 1) and rows[1]["occurred_on"] == D(2023, 6, 1)
    assert rows[2]["occurred_on"] is None and rows[2]["io"] == "PNO 102345678"


def test_a_case_number_without_a_year_takes_the_registrations_year_or_says_so():
    with_date = map_table(_table([["FIR No.", "Registration date"], ["17", "03/01/2023"]]), Profile("x"))
    assert with_date.rows[0].values["case_number"] == CaseKey(17, 2023) and not with_date.errors
    without = map_table(_table([["FIR No.", "Registration date"], ["17", None]]), Profile("x"))
    assert without.rows[0].values["case_number"] == CaseKey(17, None)
    assert [e.message for e in without.errors] == ["The case number 17 has no year, and no year column is mapped."]


def test_a_case_number_or_section_that_excel_turned_into_a_date_is_flagged():
    mapped = map_table(_table([["FIR No.", "Registration date", "Sections"],
                               [dt.date(2024, 12, 5), "05/12/2024", dt.date(2024, 4, 3)]]), Profile("x"))
    assert {e.field for e in mapped.errors} == {"case_number", "sections"}
    assert "Format the column as Text" in mapped.errors[0].message
    assert mapped.rows[0].values["case_number"] is None


def test_a_two_line_header_with_a_merged_group_over_it():
    # "दिनांक" merged over "पंजीकरण" and "घटना" (the merge repeats it), the case number merged down two lines
    rows = [["थाना कोतवाली: अपराध रजिस्टर"], ["मु0अ0सं0", "दिनांक", "दिनांक", "धारा"],
            ["मु0अ0सं0", "पंजीकरण", "घटना", "धारा"], ["5/2024", "05/03/2024", "04/03/2024", "303(2)"]]
    mapped = map_table(_table(rows), Profile("x"))
    assert mapped.header_row == 2
    assert mapped.headers == ["मु0अ0सं0", "दिनांक पंजीकरण", "दिनांक घटना", "धारा"]
    assert mapped.rows[0].values == {"case_number": CaseKey(5, 2024), "registered_on": D(2024, 3, 5),
                                     "occurred_on": D(2024, 3, 4), "sections": "303(2)"}
    # a one-line header under a title is not joined to the title
    plain = map_table(_table([["Kotwali"], ["FIR No.", "Registration date"], ["5/2024", "05/03/2024"]]), Profile("x"))
    assert plain.headers == ["FIR No.", "Registration date"]


@pytest.mark.parametrize("header, kind, field", [
    ("मु.अ.सं.", "cases", "case_number"), ("मु०अ०सं०", "cases", "case_number"), ("अ0सं0", "cases", "case_number"),
    ("प्राथमिकी संख्या", "cases", "case_number"), ("प्राथमिकी दिनांक", "cases", "registered_on"),
    ("पंजीकरण का दिनांक", "cases", "registered_on"), ("FIR Reg. Date", "cases", "registered_on"),
    ("Date & Time of Registration", "cases", "registered_on"), ("घटना का दिनांक व समय", "cases", "occurred_on"),
    ("Date of Occurrence", "cases", "occurred_on"), ("Acts & Sections", "cases", "sections"),
    ("धारा व अधिनियम", "cases", "sections"), ("Name of IO", "cases", "io"), ("विवेचक का नाम व पीएनओ", "cases", "io"),
    ("CAS Ref No", "cas_list", "cas_reference"), ("Acknowledgement no", "cas_list", "cas_reference"),
    ("Date of Entry in CAS", "cas_list", "entry_date"), ("फॉर्म", "cas_list", "form"),
])
def test_header_variants_as_registers_write_them(header, kind, field):
    assert guess_mapping([header], kind) == {field: 0}
