"""Reading a spreadsheet the station already has into plain rows, whatever it really is.

The kind is told by the file's CONTENT, never its name: portals export an HTML page named ``.xls``, and a
"CSV" may be UTF-8, UTF-16 or the Windows code page. Every spreadsheet kind (xlsx, xlsm, xlsb, xls, ods) is read
with python-calamine: one Rust reader for all of them, values only (a formula comes as its last computed
value), several times faster than openpyxl on big sheets and able to read the old binary ``.xls`` that openpyxl
cannot. openpyxl is not used for reading: it reads only xlsx, is slower, and its read-only mode gives neither
merged ranges nor a cheap row count; it fits the writing side (exports, our sample files). HTML tables are read
with lxml's C parser (lenient with what portals write), Excel 2003's "XML Spreadsheet" (another thing portals
name .xls) with lxml's XML parser, entities never expanded, and CSV with the ``csv`` module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.errors import UserError
from app.services.sheets.krutidev import convert_columns

MAX_ROWS = 100_000  # data rows; a sheet may hold HEADROOM more (titles, header lines, totals)
HEADROOM = 50
MAX_BYTES = 64 * 1024 * 1024  # a 100,000-row register is 5-20 MB in any kind
MAX_UNPACKED = 1024 * 1024 * 1024  # what an xlsx/ods may unpack to (a zip bomb is refused before reading)
# a register has tens of columns; a stray value far to the right (column XFD) would make every row 16,384 cells
# wide: 2,000 rows took 1.6 GB and 41 s. Refused before the cells are made, saying where the stray value is.
MAX_COLUMNS = 256  # as many as an old .xls can hold
MAX_CELLS = 10_000_000

Value = str | int | float | bool | dt.date | dt.datetime | None


class SheetError(UserError):
    """A file that cannot be read as a table, or a value that cannot be understood; the message says why."""


@dataclass(frozen=True)
class Table:
    kind: str
    sheet: str | None
    sheets: tuple[str, ...]
    rows: list[list[Value]]
    encoding: str | None = None
    krutidev: bool = False


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<table|<\?xml[^>]*>\s*<html|<head|<meta|<body|<style)",
                         re.IGNORECASE)
_NOT_TEXT = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf", b"MZ",
             b"SQLite format 3")


def sniff_kind(data: bytes) -> str | None:
    """The kind of table in ``data`` from its bytes alone: xlsx, xlsb, ods, xls, html, csv; None if none."""
    if not data:
        return None
    if data.startswith(_ZIP):
        head = data[:4096] + data[-65536:]
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in data[:200]:
            return "ods"
        if b"xl/workbook.bin" in head:
            return "xlsb"
        if b"xl/" in head or b"[Content_Types].xml" in head:
            return "xlsx"
        return None
    if data.startswith(_OLE2):
        return "xls"
    if any(data.startswith(sig) for sig in _NOT_TEXT):
        return None
    text = _decode(data[:65536])[0] if data else ""
    if text is None:
        return None
    probe = text.lstrip("\ufeff").lstrip()[:2000].lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in probe or 'progid="excel.sheet"' in probe:
        return "xml2003"  # Excel's "XML Spreadsheet 2003", which web portals also save as .xls
    if _HTML_START.match(probe.encode("utf-8", "replace")) or ("<table" in probe and "<td" in probe):
        return "html"
    if "\x00" in text:
        return None
    return "csv"


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """The text and its encoding: UTF-8 (BOM or not), UTF-16 (BOM, or NULs between ASCII), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), "utf-16"
    sample = data[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) >= 4 and max(even, odd) > len(sample) // 20 and min(even, odd) <= max(even, odd) // 10:
        # UTF-16 without a BOM: every ASCII letter, digit and separator leaves a NUL on the odd (LE) or even (BE)
        # bytes, and only there (Hindi letters leave none, so a Hindi-heavy file has fewer, but never on both)
        le = odd > even
        return data.decode("utf-16-le" if le else "utf-16-be", "replace"), "utf-16-le" if le else "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a multi-byte letter cut by our sample's end
            return data[:exc.start].decode("utf-8"), "utf-8"
    return data.decode("cp1252", "replace"), "cp1252"


def read_table(source: str | Path | bytes, *, sheet: str | None = None, max_rows: int = MAX_ROWS) -> Table:
    """The rows of the file's chosen (or first non-empty) sheet; SheetError with the reason when it cannot."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise SheetError(_("The file {name} is too big to import ({size} MB; at most {limit} MB). "
                                   "Split it into smaller files.").format(
                    name=path.name, size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
            data = path.read_bytes()
        except FileNotFoundError:
            raise SheetError(_("The file {name} was not found.").format(name=str(path))) from None
        except IsADirectoryError:
            raise SheetError(_("{name} is a folder, not a file.").format(name=str(path))) from None
        except OSError as exc:
            raise SheetError(_("The file {name} could not be read: {reason}").format(
                name=str(path), reason=exc.strerror or str(exc))) from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise SheetError(_("The file is empty."))
    kind = sniff_kind(data)
    if kind is None:
        raise SheetError(_("This file is not a spreadsheet. Choose an Excel (xlsx, xls), OpenDocument (ods) or "
                           "CSV file."))
    encoding = None
    if kind in ("xlsx", "xlsb", "xls", "ods"):
        name, names, rows = _read_workbook(data, sheet, max_rows)
    elif kind == "html":
        text, encoding = _decode(data)
        rows = _read_html(text or "")
        name, names = None, ()
    elif kind == "xml2003":
        name, names, rows = _read_xml2003(data, sheet, max_rows)
    else:
        text, encoding = _decode(data)
        rows = _read_csv(text or "", max_rows)
        name, names = None, ()
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    if not any(not _blank(v) for row in rows for v in row):
        raise SheetError(_("The file has no rows to read."))
    if len(rows) > max_rows + HEADROOM:
        raise SheetError(_too_many(len(rows), max_rows))
    rows, converted = convert_columns(rows)
    return Table(kind=kind, sheet=name, sheets=tuple(names), rows=rows, encoding=encoding, krutidev=converted)


def _too_many(count: int, limit: int) -> str:
    return _("The sheet has {count} rows; at most {limit} can be read at once. Split it into smaller files.").format(
        count=count, limit=limit)


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_workbook(data: bytes, sheet: str | None, max_rows: int) -> tuple[str, list[str], list[list[Value]]]:
    import python_calamine as calamine

    if data.startswith(_ZIP):
        _check_unpacked(data)
    elif "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or \
            "EncryptedPackage".encode("utf-16-le") in data[-(1 << 16):]:
        # an xlsx saved with a password is an encrypted package inside an OLE2 file: it cannot be read
        raise SheetError(_("The workbook is protected by a password. Save a copy without the password and "
                           "import that."))
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise SheetError(_("The workbook is protected by a password. Save a copy without the password and "
                           "import that.")) from None
    except Exception as exc:  # calamine raises several kinds for a damaged file
        raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
            reason=str(exc)[:200])) from None
    names = list(book.sheet_names)
    if not names:
        raise SheetError(_("The workbook has no sheets."))
    if sheet is not None and sheet not in names:
        raise SheetError(_("The workbook has no sheet named {sheet}. Its sheets: {names}.").format(
            sheet=sheet, names=", ".join(names)))
    try:
        candidates = [sheet] if sheet is not None else names
        for name in candidates:
            ws = book.get_sheet_by_name(name)
            if ws.height == 0 and sheet is None:
                continue
            if ws.total_height > max_rows + HEADROOM:
                raise SheetError(_too_many(ws.total_height, max_rows))
            last_row, last_col = ws.end or (0, 0)
            if last_col + 1 > MAX_COLUMNS or (last_row + 1) * (last_col + 1) > MAX_CELLS:
                raise SheetError(_("The sheet {sheet} spans {rows} rows and {count} columns (to column {column}): more "
                                   "than can be read at once. If a value stands far to the right of the table, delete "
                                   "the columns after the table and save again; else split the file.").format(
                    sheet=name, rows=last_row + 1, count=last_col + 1, column=_column_letters(last_col)))
            rows = [[_cell(v) for v in row] for row in ws.to_python(skip_empty_area=False)]
            _fill_merged(rows, ws.merged_cell_ranges or ())
            return name, names, rows
    except SheetError:
        raise
    except Exception as exc:
        raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
            reason=str(exc)[:200])) from None
    raise SheetError(_("The file has no rows to read."))


def _column_letters(index: int) -> str:
    """A column's letters as the spreadsheet shows them (0 -> A, 16383 -> XFD)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_unpacked(data: bytes) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
            reason="zip")) from None
    if unpacked > MAX_UNPACKED:
        raise SheetError(_("The workbook unpacks to {size} MB, more than can be read at once ({limit} MB). "
                           "Split it into smaller files.").format(size=unpacked // (1024 * 1024),
                                                                  limit=MAX_UNPACKED // (1024 * 1024)))


def _cell(value: object) -> Value:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, dt.timedelta):  # a time-of-day cell
        return str(value)
    return value  # type: ignore[return-value]


def _fill_merged(rows: list[list[Value]], ranges) -> None:
    """Copy a merged range's top-left value into every cell of it (a merged header or case number repeats)."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, c1 + 1):
                if c < len(row) and row[c] is None:
                    row[c] = value


def _read_csv(text: str, max_rows: int) -> list[list[Value]]:
    first, _nl, rest = text.lstrip("\ufeff").partition("\n")
    if re.fullmatch(r"sep=.\r?", first, re.IGNORECASE):  # Excel's hint line: "sep=;"
        return _csv_rows(rest, first[4], max_rows)
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return _csv_rows(text, delimiter, max_rows)


def _csv_rows(text: str, delimiter: str, max_rows: int) -> list[list[Value]]:
    rows: list[list[Value]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append([c.strip() or None for c in row])
            if len(rows) > max_rows + HEADROOM:
                raise SheetError(_("The file has more than {limit} rows; at most {limit} can be read at once. "
                                   "Split it into smaller files.").format(limit=max_rows))
    except csv.Error as exc:
        raise SheetError(_("Line {line} of the CSV file could not be read: {reason}").format(
            line=reader.line_num, reason=str(exc))) from None
    return rows


def _span(text: str | None) -> int:
    try:
        return max(1, min(int(text or 1), 1000))
    except ValueError:
        return 1


def _read_html(text: str) -> list[list[Value]]:
    """The cells of the HTML table with the most cells (lxml's C parser: lenient with what portals write);
    a rowspan/colspan repeats its value like a merged cell."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(text.lstrip("\ufeff") or "<html></html>")
    except (etree.ParserError, ValueError) as exc:
        raise SheetError(_("The HTML table could not be read ({reason}).").format(reason=str(exc)[:200])) from None
    best, best_cells = None, 0
    for table in root.iter("table"):
        cells = sum(1 for _ in _own_rows(table) for _c in _.iterchildren("td", "th"))
        if cells > best_cells:
            best, best_cells = table, cells
    if best is None:
        raise SheetError(_("The file has no rows to read."))
    grid: list[list[Value]] = []
    taken: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(_own_rows(best)):
        out: list[Value] = []
        c = 0
        for td in tr.iterchildren("td", "th"):
            while (r, c) in taken:
                out.append(taken.pop((r, c)) or None)
                c += 1
            value = " ".join(td.text_content().split())
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            if rs * cs > 1 and len(taken) + rs * cs > MAX_CELLS:  # spans that would fill more than a sheet can hold
                raise SheetError(_("The HTML table could not be read ({reason}).").format(reason="rowspan/colspan"))
            for k in range(cs):
                out.append(value or None)
                for d in range(1, rs):
                    taken[(r + d, c + k)] = value
            c += cs
        while (r, c) in taken:
            out.append(taken.pop((r, c)) or None)
            c += 1
        grid.append(out)
    return grid


def _own_rows(table):
    """The table's rows, not those of a table nested in one of its cells."""
    for child in table.iterchildren():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from child.iterchildren("tr")


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _read_xml2003(data: bytes, sheet: str | None, max_rows: int) -> tuple[str, list[str], list[list[Value]]]:
    """Excel 2003's XML Spreadsheet: Worksheet / Table / Row / Cell / Data, with ss:Index for a skipped cell or
    row and ss:MergeAcross / ss:MergeDown for merged cells (repeated like the other kinds' merged cells)."""
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
            reason=str(exc)[:200])) from None
    sheets = root.findall(f"{_SS}Worksheet")
    names = [ws.get(f"{_SS}Name") or str(i + 1) for i, ws in enumerate(sheets)]
    if sheet is not None and sheet not in names:
        raise SheetError(_("The workbook has no sheet named {sheet}. Its sheets: {names}.").format(
            sheet=sheet, names=", ".join(names)))
    for name, ws in zip(names, sheets):
        if sheet is not None and name != sheet:
            continue
        rows: list[list[Value]] = []
        pending: dict[tuple[int, int], Value] = {}
        r = -1
        for row in ws.iterfind(f"{_SS}Table/{_SS}Row"):
            r = _index(row, r + 1)
            while len(rows) < r:
                rows.append([])
            out: list[Value] = []
            c = -1
            for cell in row.iterfind(f"{_SS}Cell"):
                c = _index(cell, c + 1)
                while len(out) < c:
                    out.append(pending.pop((r, len(out)), None))
                value = _xml_value(cell.find(f"{_SS}Data"))
                across = _span(str(1 + _whole(cell.get(f"{_SS}MergeAcross"))))
                down = _span(str(1 + _whole(cell.get(f"{_SS}MergeDown"))))
                if across * down > 1 and len(pending) + across * down > MAX_CELLS:
                    raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
                        reason="ss:MergeDown"))
                for k in range(across):
                    out.append(value)
                    for d in range(1, down):
                        pending[(r + d, c + k)] = value
                c += across - 1
            while (r, len(out)) in pending:
                out.append(pending.pop((r, len(out))))
            rows.append(out)
            if len(rows) > max_rows + HEADROOM:
                raise SheetError(_too_many(len(rows), max_rows))
        if rows or sheet is not None:
            return name, names, rows
    raise SheetError(_("The file has no rows to read."))


def _whole(text: str | None) -> int:
    try:
        return max(0, int(text or 0))
    except ValueError:
        return 0


def _index(element, default: int) -> int:
    text = element.get(f"{_SS}Index")
    try:
        index = int(text) - 1 if text else default
    except ValueError:
        return default
    if not default <= index <= default + 100_000:  # an index must move forward, and not absurdly far
        raise SheetError(_("The workbook could not be read; it may be damaged ({reason}).").format(
            reason="ss:Index"))
    return index


def _xml_value(datum) -> Value:
    if datum is None:
        return None
    text = "".join(datum.itertext())
    kind = datum.get(f"{_SS}Type")
    if kind == "Number":
        try:
            return _cell(float(text))
        except ValueError:
            return text or None
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(text[:19])
            return moment.date() if moment.time() == dt.time() else moment
        except ValueError:
            return text or None
    if kind == "Boolean":
        return text.strip() == "1"
    text = " ".join(text.split())
    return text or None
