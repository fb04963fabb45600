"""The rows an import refused, as a sheet to correct from (csvkit's error file): row number, column, message, and
the row's cells as read. CSV (UTF-8 with a BOM, so Excel shows Hindi) or xlsx, by the name's ending."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.i18n import _
from app.services.core.atomic import write_bytes
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
        writer.writerows([[_safe(v) for v in row] for row in rows])
        data = buffer.getvalue().encode("utf-8-sig")
    elif suffix == ".xlsx":
        data = _xlsx(headers, rows)
    else:
        raise UserError(_("The error sheet is written as .csv or .xlsx, not '{name}'.").format(name=path.name))
    write_bytes(path, data)
    return path


def _xlsx(headers: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Errors")[:31]
    ws.append(headers)
    for row in rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    for letter, width in zip("ABC", (8, 24, 90)):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _safe(value):
    """A cell that starts like a formula is written as text (a sheet from outside must not run on opening)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
