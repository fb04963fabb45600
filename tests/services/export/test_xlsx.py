"""The workbook writer: headers, frozen row, widths, dates as dates, text never a formula, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.services import export
from app.services.core.errors import UserError
from app.services.export import Column, Sheet


def _sheet(rows, title="List"):
    return Sheet(title, [Column("Id", "int"), Column("When", "datetime"), Column("Day", "date"), Column("Text")], rows)


def test_dates_are_dates_the_header_frozen_and_widths_set(tmp_path):
    out = tmp_path / "a.xlsx"
    rows = [[1, dt.datetime(2025, 3, 5, 14, 30, 12), dt.date(2025, 3, 1), "राम कुमार"],
            [2, None, "?", "x" * 200]]
    assert export.write_xlsx(out, [_sheet(rows)]) == 2
    ws = load_workbook(out)["List"]
    assert [c.value for c in ws[1]] == ["Id", "When", "Day", "Text"]
    assert ws[1][0].font.bold
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == dt.datetime(2025, 3, 5, 14, 30, 12)  # a real date (the format shows minutes)
    assert ws["B2"].number_format == export.DATETIME_FORMAT
    assert ws["C2"].value == dt.datetime(2025, 3, 1) and ws["C2"].number_format == export.DATE_FORMAT
    assert ws["C3"].value == "?"  # a text where a date was expected is kept, not lost
    assert ws["D2"].value == "राम कुमार"
    assert ws.column_dimensions["D"].width == 60  # capped
    assert 6 <= ws.column_dimensions["A"].width < 10


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    out = tmp_path / "f.xlsx"
    export.write_xlsx(out, [_sheet([[1, None, None, '=HYPERLINK("http://x","y")']])])
    cell = load_workbook(out)["List"]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'


def test_control_characters_and_overlong_text_are_cleaned(tmp_path):
    out = tmp_path / "c.xlsx"
    export.write_xlsx(out, [_sheet([[1, None, None, "a\x00b\x07c" + "z" * 40_000]])])
    value = load_workbook(out)["List"]["D2"].value
    assert value.startswith("abc") and len(value) == 32_767


def test_bad_paths_are_refused_before_anything_is_written(tmp_path):
    with pytest.raises(UserError, match="xlsx"):
        export.write_xlsx(tmp_path / "a.csv", [_sheet([])])
    with pytest.raises(UserError, match="does not exist"):
        export.write_xlsx(tmp_path / "nowhere" / "a.xlsx", [_sheet([])])
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(UserError, match="folder"):
        export.write_xlsx(tmp_path / "d.xlsx", [_sheet([])])


def test_a_cancelled_or_failed_export_leaves_the_old_file_and_no_temporary(tmp_path):
    import tempfile
    from pathlib import Path

    def streams():  # openpyxl streams each sheet to a temporary file until the save
        return set(Path(tempfile.gettempdir()).glob("openpyxl.*"))

    before = streams()
    out = tmp_path / "keep.xlsx"
    out.write_bytes(b"old")
    rows = ([i, None, None, "t"] for i in range(5000))
    with pytest.raises(export.ExportCancelled):
        export.write_xlsx(out, [_sheet(rows)], cancelled=lambda: True)
    assert out.read_bytes() == b"old"

    def boom():
        yield [1, None, None, "a"]
        raise RuntimeError("reading failed")

    with pytest.raises(RuntimeError):
        export.write_xlsx(out, [_sheet(boom())])
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.xlsx"]
    assert streams() <= before


def test_progress_is_told_and_too_many_rows_refused(tmp_path, monkeypatch):
    seen = []
    export.write_xlsx(tmp_path / "p.xlsx", [_sheet([i, None, None, ""] for i in range(1200))], progress=seen.append)
    assert seen == [500, 1000, 1200]
    monkeypatch.setattr("app.services.export.xlsx.MAX_ROWS", 10)
    with pytest.raises(UserError, match="more than 10 rows"):
        export.write_xlsx(tmp_path / "big.xlsx", [_sheet([i, None, None, ""] for i in range(11))])
    assert not (tmp_path / "big.xlsx").exists()


def test_sheet_titles_are_made_acceptable_and_distinct(tmp_path):
    out = tmp_path / "t.xlsx"
    export.write_xlsx(out, [_sheet([], "Pending: A/B [x]" + "y" * 40), _sheet([], "Pending: A/B [x]" + "y" * 40)])
    names = load_workbook(out).sheetnames
    assert len(names) == 2 and len(set(names)) == 2 and all(len(n) <= 31 for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
