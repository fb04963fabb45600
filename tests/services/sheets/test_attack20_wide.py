"""Attack on issue 20: a workbook with a stray value far to the right (column XFD) is refused before every empty
cell of every row is made (2,000 such rows took 1.6 GB and 41 s); a normal register is read as before."""

from __future__ import annotations

import io

import openpyxl
import pytest

from app.services.sheets import SheetError, read_table


def _book(rows: int, stray_column: int | None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["FIR No.", "Registration date"])
    for i in range(rows):
        ws.append([f"{i + 1}/2026", "01/12/2026"])
    if stray_column is not None:
        ws.cell(row=rows + 1, column=stray_column, value="note")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_stray_value_in_column_xfd_is_refused_naming_it():
    with pytest.raises(SheetError) as err:
        read_table(_book(300, 16384))
    assert "XFD" in err.value.message and "16384" in err.value.message


def test_a_register_of_usual_width_is_read():
    table = read_table(_book(300, 40))
    assert len(table.rows) == 301 and table.rows[-1][39] == "note"
