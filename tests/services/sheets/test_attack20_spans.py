"""Attack on issue 20: an HTML page (or Excel 2003 XML) whose merged cells would expand past what a sheet can hold
is refused instead of filling memory (each 1000×1000 span made a million entries)."""

from __future__ import annotations

import pytest

from app.services.sheets import SheetError, read_table


def test_html_spans_past_a_sheet_are_refused(monkeypatch):
    monkeypatch.setattr("app.services.sheets.reading.MAX_CELLS", 100_000)
    cells = "".join('<td rowspan="1000" colspan="1000">x</td>' for _ in range(3))
    page = f"<html><body><table><tr><th>FIR No.</th></tr><tr>{cells}</tr></table></body></html>".encode()
    with pytest.raises(SheetError):
        read_table(page)


def test_xml2003_merges_past_a_sheet_are_refused(monkeypatch):
    monkeypatch.setattr("app.services.sheets.reading.MAX_CELLS", 100_000)
    ss = "urn:schemas-microsoft-com:office:spreadsheet"
    cell = '<Cell ss:MergeAcross="999" ss:MergeDown="999"><Data ss:Type="String">x</Data></Cell>'
    page = (f'<?xml version="1.0"?><Workbook xmlns="{ss}" xmlns:ss="{ss}"><Worksheet ss:Name="R"><Table>'
            f'<Row>{cell}</Row></Table></Worksheet></Workbook>').encode()
    with pytest.raises(SheetError):
        read_table(page)


def test_ordinary_spans_are_read():
    page = ('<html><body><table><tr><th colspan="2">दिनांक</th></tr><tr><td rowspan="2">1/2026</td><td>a</td></tr>'
            '<tr><td>b</td></tr></table></body></html>').encode()
    rows = read_table(page).rows
    assert rows[0] == ["दिनांक", "दिनांक"] and rows[2] == ["1/2026", "b"]
