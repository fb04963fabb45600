"""The rows an import refused, as a sheet to correct from (csvkit's error file): row number, column, message, and
the row's cells as read. CSV (UTF-8 with a BOM, so Excel shows Hindi) or xlsx, by the name's ending."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.i18n import _
from app.services.core.atomic import write_bytes
from app.services.core.csv_cells import csv_cell
from app.services.core.errors import UserError
from app.services.imports.source import ImportSource, RowError


def error_rows(errors: list[RowError], source: ImportSource | None = None) -> tuple[list[str], list[list]]:
    headers = [_("Row"), _("Column"), _("Problem")]
    cells: list[str] = []
    raw_by_row = {}
    if source is not None:
        cells = [source.columns[k] for k in source.columns]
        raw_by_row = {r.row: r.raw for r in source.rows}
    rows = []
    for e in errors:
        raw = raw_by_row.get(e.row, {})
        rows.append([e.row or "", e.column, e.message] + [raw.get(k, "") for k in (source.columns if source else ())])
    return headers + cells, rows


def write_errors(path: Path | str, errors: list[RowError], source: ImportSource | None = None) -> Path:
    path = Path(path)
    headers, rows = error_rows(errors, source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows([[csv_cell(v) for v in row] for row in rows])
        write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
    elif suffix == ".xlsx":
        _xlsx(path, headers, rows)
    else:
        raise UserError(_("The error sheet is written as .csv or .xlsx, not '{name}'.").format(name=path.name))
    return path


def _xlsx(path: Path, headers: list[str], rows: list[list]) -> None:
    """Through the lists' workbook writer: the file replaced whole, control characters taken out (openpyxl refuses
    them; a legacy sheet's cell may hold one), a cell that starts with "=" stored as text, not as a formula."""
    from app.services.export import Column, Sheet, write_xlsx

    columns = [Column(headers[0], "int")] + [Column(h) for h in headers[1:]]
    write_xlsx(path, [Sheet(_("Errors"), columns, rows)])
