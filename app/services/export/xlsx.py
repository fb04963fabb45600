"""Writing a list to an .xlsx workbook: a bold, frozen header row in the user's language, column widths set from
the header and the first rows, dates and moments as real Excel dates (so a station can sort and filter them).

openpyxl's write-only mode is used: it streams each row to the file as it is appended (memory stays flat for a
list of any length), where the normal mode keeps an object per cell until the save (tens of MB for a five-year
pending list). The workbook is written to a temporary file in the target's folder and renamed over the target at
the end, so a reader never finds half a workbook, and a cancelled or failed export leaves the old file as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.atomic import describe_io_error, fsync_dir
from app.services.core.errors import UserError

KINDS = ("text", "date", "datetime", "int", "number", "percent")
PERCENT_FORMAT = "0%"
DATE_FORMAT = "DD.MM.YYYY"  # as the app shows and takes dates, never the PC's locale (a station PC may be set to US)
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_ROWS = 1_048_575  # Excel's sheet holds 1,048,576 rows, one of them the header
MAX_CELL_CHARS = 32_767  # Excel refuses a longer text in a cell
WIDTH_SAMPLE = 300  # rows read ahead to set the widths
MIN_WIDTH, MAX_WIDTH = 6, 60
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # one of KINDS

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Sheet:
    """One worksheet: a title, its columns and its rows (an iterable, read once, of sequences as long as the
    columns: ``None`` for an empty cell)."""
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


class ExportCancelled(UserError):
    def __init__(self):
        super().__init__(_("The export was cancelled; no file was written."))


def check_out_path(path: Path | str) -> Path:
    """The file to write, refused with a clear message when it cannot be an Excel workbook or its folder is not
    there (before anything is read or written)."""
    path = Path(path).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UserError(_("The file name must end in .xlsx (an Excel workbook): {path}").format(path=path))
    if path.is_dir():
        raise UserError(_("{path} is a folder; give a file name ending in .xlsx.").format(path=path))
    if not path.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    title = _BAD_TITLE.sub(" ", _ILLEGAL.sub("", text)).strip().strip("'") or "Sheet"
    return title[:31]


def cell_text(value) -> str:
    """A text cell's value: control characters out, cut to Excel's limit."""
    text = _ILLEGAL.sub("", str(value))
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + "…"


def _value(value, kind: str):
    if value is None or value == "":
        return None
    if kind in ("date", "datetime"):
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None) if value.tzinfo else value  # Excel has no time zones
            return value.date() if kind == "date" else value.replace(microsecond=0)
        if isinstance(value, dt.date):
            return value
        return cell_text(value)  # a text where a date was expected ("?"): kept as text, never dropped
    if kind in ("int", "number", "percent"):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)):
            return value
        return cell_text(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return cell_text(value)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_xlsx(path: Path | str, sheets: Sequence[Sheet], *, progress: Callable[[int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> int:
    """Write ``sheets`` to ``path`` (replacing it whole, or leaving it as it was on any failure); returns the
    number of data rows written. ``progress(rows)`` is called every few hundred rows; ``cancelled()`` is asked as
    often, and a true answer stops the export (``ExportCancelled``, no file)."""
    from openpyxl import Workbook

    path = check_out_path(path)
    wb = Workbook(write_only=True)
    try:
        return _write(wb, path, sheets, progress, cancelled)
    except BaseException:
        _discard(wb)
        raise


def _discard(wb) -> None:
    """Close and remove the sheets' temporary files (openpyxl streams each sheet to one until the save)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        try:
            if getattr(ws, "_rows", None) is not None:
                ws._rows.close()
            if writer is not None:
                writer.close()
        except Exception:  # noqa: BLE001 - a half-written stream may refuse to close; its file goes below
            pass
        if writer is not None and isinstance(writer.out, str):
            try:
                os.remove(writer.out)
            except OSError:
                pass


def _write(wb, path: Path, sheets, progress, cancelled) -> int:
    """Every sheet written (titles made unique, widths from the first rows, a bold header), then the file
    saved; the number of rows written."""
    from itertools import chain, islice

    total = 0
    used_titles: set[str] = set()
    for sheet in sheets:
        kinds = [c.kind for c in sheet.columns]
        rows = iter(sheet.rows)
        head = [[_value(v, k) for v, k in zip(r, kinds)] for r in islice(rows, WIDTH_SAMPLE)]
        ws = _start_sheet(wb, sheet, _unique_title(sheet.title, used_titles), head)
        written = 0
        for values in chain(head, ([_value(v, k) for v, k in zip(r, kinds)] for r in rows)):
            ws.append(_cells(ws, values, kinds))
            written += 1
            total += 1
            _step(written, total, progress, cancelled)
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    _save(wb, path)
    if progress is not None:
        progress(total)
    return total


def _unique_title(text: str, used_titles: set[str]) -> str:
    """A sheet's title Excel takes, " (2)", " (3)"… added when the workbook has it already (any case)."""
    title = sheet_title(text)
    n = 2
    while title.casefold() in used_titles:
        suffix = f" ({n})"
        title = sheet_title(text)[:31 - len(suffix)] + suffix
        n += 1
    used_titles.add(title.casefold())
    return title


def _start_sheet(wb, sheet: Sheet, title: str, head: list[list]):
    """A new sheet: its columns as wide as their header and first rows (within bounds), the header row bold
    and frozen."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for i, col in enumerate(sheet.columns):
        width = max([len(col.header)] + [_width(r[i]) for r in head if i < len(r)])
        ws.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, value=cell_text(col.header))
        cell.data_type = "s"  # a header is text, even one that starts with "="
        cell.font = bold
        header.append(cell)
    ws.append(header)
    return ws


def _cells(ws, values, kinds: list[str]) -> list:
    """A row's values as the sheet takes them: plain values where they can be (a styled cell object costs a
    third more time per row); a date needs its format, and a text that starts with "=" a cell that says it
    is text, not a formula."""
    from openpyxl.cell import WriteOnlyCell

    out = list(values)
    for i, value in enumerate(out):
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            out[i] = cell
        elif kinds[i] == "percent" and isinstance(value, float):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = PERCENT_FORMAT
            out[i] = cell
        elif isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # "=HYPERLINK(…)" typed into a case's text stays text
            out[i] = cell
    return out


def _step(written: int, total: int, progress, cancelled) -> None:
    """After each row: refused past Excel's rows a sheet; every 500 rows, a cancel asked and progress told."""
    if written > MAX_ROWS:
        raise UserError(_("The list has more than {n} rows, more than one Excel sheet holds; narrow it with "
                          "the filters.").format(n=MAX_ROWS))
    if total % 500 == 0:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(total)


def _save(wb, path: Path) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise UserError(_("Cannot write to the folder {folder}: {reason}").format(
            folder=path.parent, reason=describe_io_error(exc))) from exc
    try:
        wb.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(_("Could not save {path}: {reason}").format(path=path, reason=describe_io_error(exc))) from exc
    finally:
        if os.path.exists(tmp):
            try:
                os.unlink(tmp)
            except OSError:
                pass
    fsync_dir(path.parent)
