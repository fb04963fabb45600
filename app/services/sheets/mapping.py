"""A sheet's rows turned into fields: the profile (which header is which field, the date format, the rows to
skip), the parsed values with each cell's error, and a preview that shows how each value was understood."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _
from app.services.core.formatting import format_date, format_datetime
from app.services.core.progress import Cancel, Progress, Steps
from app.services.sheets.casenum import CaseKey, case_key, full_year
from app.services.sheets.dates import DATE_FORMATS, DEFAULT_DATE_FORMAT, parse_date, parse_moment
from app.services.sheets.fields import (
    FIELDS,
    TABLE_KINDS,
    fields_for,
    find_header_row,
    guess_mapping,
    header_texts,
    normalise_header,
    required_fields,
)
from app.services.sheets.reading import SheetError, Table

PROFILE_VERSION = 1
# the dates whose time of day a register may give and the register keeps (an FIR's registration starts its
# 24-hour clocks; an arrest or remand its own): read with the time when the cell has one
_MOMENTS = ("registered_on", "event_date")
MAX_NAME = 60


@dataclass
class Profile:
    """How to read one source's sheets. ``columns`` maps a field to a HEADER TEXT (never a position, so a
    moved column still maps); empty means "guess every column from its header"."""

    name: str
    kind: str = "cases"
    columns: dict[str, str] = field(default_factory=dict)
    date_format: str = DEFAULT_DATE_FORMAT
    header_row: int | None = None  # index of the header row in the sheet (0 = first row); None: find it
    skip_bottom: int = 0  # footer rows to drop (totals, signatures)
    sheet: str | None = None
    version: int = PROFILE_VERSION
    builtin: bool = False

    def check(self) -> None:
        """SheetError when the profile cannot be used (unknown kind, field or date format; bad numbers)."""
        if self.kind not in TABLE_KINDS:
            raise SheetError(_("Unknown kind of sheet {kind}.").format(kind=self.kind))
        if self.date_format not in DATE_FORMATS:
            raise SheetError(_("Unknown date format {format}.").format(format=self.date_format))
        for key in self.columns:
            if key not in fields_for(self.kind):
                raise SheetError(_("Unknown field {field} in the profile {name}.").format(field=key, name=self.name))
        if self.header_row is not None and not 0 <= self.header_row <= 1000:
            raise SheetError(_("The header row must be between 1 and 1001."))
        if not 0 <= self.skip_bottom <= 1000:
            raise SheetError(_("The rows to skip at the end must be between 0 and 1000."))

    def to_json(self) -> str:
        return json.dumps({
            "version": self.version, "name": self.name, "kind": self.kind, "columns": self.columns,
            "date_format": self.date_format, "header_row": self.header_row, "skip_bottom": self.skip_bottom,
            "sheet": self.sheet,
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, *, builtin: bool = False) -> Profile:
        try:
            data = json.loads(text)
        except (ValueError, TypeError):
            raise SheetError(_("The saved profile could not be read.")) from None
        if not isinstance(data, dict):
            raise SheetError(_("The saved profile could not be read."))
        version = data.get("version")
        if version != PROFILE_VERSION:
            raise SheetError(_("The profile {name} was saved by another version of Anupalan (format {version}) "
                               "and cannot be used here.").format(name=data.get("name", "?"), version=version))
        try:
            profile = cls(
                name=str(data["name"]), kind=str(data.get("kind", "cases")),
                columns={str(k): str(v) for k, v in dict(data.get("columns") or {}).items()},
                date_format=str(data.get("date_format", DEFAULT_DATE_FORMAT)),
                header_row=None if data.get("header_row") is None else int(data["header_row"]),
                skip_bottom=int(data.get("skip_bottom") or 0),
                sheet=None if data.get("sheet") is None else str(data["sheet"]),
                version=PROFILE_VERSION, builtin=builtin)
        except (KeyError, TypeError, ValueError):
            raise SheetError(_("The saved profile could not be read.")) from None
        profile.check()
        return profile


@dataclass(frozen=True)
class CellError:
    row: int  # the row's number as the user sees it in the sheet (1-based)
    column: str  # the column's header text
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class MappedRow:
    row: int
    values: dict[str, Any]
    raw: dict[str, str]
    errors: list[CellError]


@dataclass
class Mapped:
    profile: Profile
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    missing: list[str]
    unmapped: list[str]
    rows: list[MappedRow]

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        day = f"{value.day:02d}/{value.month:02d}/{value.year}"
        return f"{day} {value.hour:02d}:{value.minute:02d}" if (value.hour or value.minute) else day
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, str):
        return value.strip() if " " not in value.strip() and "\n" not in value else " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def resolve_columns(headers: list[str], profile: Profile) -> dict[str, int]:
    """Field -> column index: the profile's header names found wherever they now stand (or guessed)."""
    if not profile.columns:
        return guess_mapping(headers, profile.kind)
    where = {}
    for i, h in enumerate(headers):
        where.setdefault(normalise_header(h), i)
    found: dict[str, int] = {}
    for key, header in profile.columns.items():
        col = where.get(normalise_header(header))
        if col is not None:
            found[key] = col
    return found


def _is_numbering_row(cells: list[object]) -> bool:
    """The "1 2 3 4 …" row many registers print under the header."""
    numbers = [c for c in cells if c is not None and str(c).strip()]
    if len(numbers) < 3 or str(numbers[0]).strip() not in ("0", "1", "०", "१"):
        return False
    try:
        values = [int(str(c).strip().translate(str.maketrans("०१२३४५६७८९", "0123456789"))) for c in numbers]
    except ValueError:
        return False
    return values == list(range(values[0], values[0] + len(values))) and values[0] in (0, 1)


def map_table(table: Table, profile: Profile, *, progress: Progress | None = None,
              cancelled: Cancel | None = None) -> Mapped:
    """Every data row of ``table`` read through ``profile``: parsed values, raw texts and each cell's error.
    ``progress(done, total)`` is told every few hundred rows and ``cancelled()`` asked as often (a true answer
    stops it: ``Cancelled``)."""
    profile.check()
    rows = table.rows
    header_row = profile.header_row if profile.header_row is not None else find_header_row(rows, profile.kind)
    if header_row >= len(rows):
        raise SheetError(_("The header row {row} is past the end of the sheet ({count} rows).").format(
            row=header_row + 1, count=len(rows)))
    headers = [_text(v) for v in header_texts(rows, header_row, profile.kind)]
    columns = resolve_columns(headers, profile)
    missing = [k for k in required_fields(profile.kind) if k not in columns]
    used = set(columns.values())
    unmapped = [h for i, h in enumerate(headers) if h and i not in used]
    header_norm = {k: normalise_header(headers[c]) for k, c in columns.items()}
    end = len(rows) - profile.skip_bottom
    out: list[MappedRow] = []
    span = range(header_row + 1, max(end, header_row + 1))
    steps = Steps(len(span), progress, cancelled, message=_("Reading the sheet was stopped; nothing was imported."))
    for index in span:
        steps.step()
        cells = rows[index]
        picked = {k: (cells[c] if c < len(cells) else None) for k, c in columns.items()}
        raw = {k: _text(v) for k, v in picked.items()}
        if not any(raw.values()):
            continue
        if all(normalise_header(raw[k]) == header_norm[k] for k in raw if raw[k]):
            continue  # the header repeated (a page break in a printed export)
        if _is_numbering_row(list(cells)):
            continue
        out.append(_parse_row(index + 1, picked, raw, columns, headers, profile))
    if steps.active:
        steps.check()
    return Mapped(profile=profile, header_row=header_row, headers=headers, columns=columns, missing=missing,
                  unmapped=unmapped, rows=out)


def _parse_row(number: int, picked: dict[str, object], raw: dict[str, str], columns: dict[str, int],
               headers: list[str], profile: Profile) -> MappedRow:
    """One sheet row read into typed values by the profile's mapping; a cell that cannot be read is None, with
    an error naming its column."""
    values: dict[str, Any] = {}
    errors: list[CellError] = []

    def fail(key: str, message: str) -> None:
        errors.append(CellError(number, headers[columns[key]] or FIELDS[key].label, key, message))

    year = None
    if "case_year" in picked and raw["case_year"]:
        try:
            year = full_year(int(float(raw["case_year"].translate(str.maketrans("०१२३४५६७८९", "0123456789")))))
            if not 1900 <= year <= 2200:
                raise ValueError
            values["case_year"] = year
        except ValueError:
            values["case_year"] = None
            fail("case_year", _("“{value}” is not a year.").format(value=raw["case_year"][:20]))
    # the case number last: without a year of its own or a year column, it takes the registration's year (an
    # FIR's number series starts again each calendar year, so a case registered in 2023 is case N of 2023)
    order = sorted(picked, key=lambda k: FIELDS[k].kind == "case_number")
    for key in order:
        if key == "case_year":
            continue
        if not raw[key]:
            values[key] = None
            continue
        values[key] = _parse_cell(key, picked[key], raw[key], values, year, profile, fail)
    return MappedRow(row=number, values=values, raw=raw, errors=errors)


def _parse_cell(key: str, value: object, text: str, values: dict[str, Any], year: int | None, profile: Profile,
                fail: Callable[[str, str], None]) -> Any:
    """One non-empty cell as its field's kind (a case number, a date or moment, a whole number, or text);
    None after ``fail`` when it cannot be read. ``text``: the cell as shown."""
    kind = FIELDS[key].kind
    if kind in ("case_number", "sections") and isinstance(value, (dt.date, dt.datetime)):
        # "5/12" or "3/4" that Excel turned into a day: the original is lost
        fail(key, _("This cell holds a date ({value}): the spreadsheet turned what was typed into a date. "
                    "Format the column as Text and type it again.").format(value=text))
        return None
    if kind == "case_number":
        registered = values.get("registered_on")
        fallback = year if year is not None else (registered.year if isinstance(registered, dt.date) else None)
        parsed = case_key(value, default_year=fallback)
        if parsed is None:
            fail(key, _("“{value}” is not a case number (expected, e.g., 123/2024).").format(value=text[:40]))
        elif parsed.year is None:
            fail(key, _("The case number {value} has no year, and no year column is mapped.").format(
                value=text[:40]))
        return parsed
    if kind == "date":
        try:
            keeps_time = key in _MOMENTS and profile.kind in ("cases", "events")
            return (parse_moment if keeps_time else parse_date)(value, profile.date_format)
        except SheetError as exc:
            fail(key, exc.message)
            return None
    if kind == "int":
        try:
            return int(float(text))
        except ValueError:
            fail(key, _("“{value}” is not a whole number.").format(value=text[:20]))
            return None
    return text


def display(value: Any) -> str:
    """A parsed value as the preview shows it (dates in the user's language)."""
    if value is None:
        return ""
    if isinstance(value, CaseKey):
        return value.key
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def preview(mapped: Mapped, limit: int = 20) -> list[dict[str, str]]:
    """Per row (at most ``limit``): field -> how the value was understood, e.g. "05/03/2024 → 5 Mar 2024";
    a cell that could not be understood shows its error. The key "row" holds the sheet's row number."""
    out: list[dict[str, str]] = []
    for row in mapped.rows[:limit]:
        shown = {"row": str(row.row)}
        errs = {e.field: e.message for e in row.errors}
        for key in mapped.columns:
            if key in errs:
                shown[key] = "⚠ " + errs[key]
            elif FIELDS[key].kind in ("date", "case_number") and row.raw.get(key):
                shown[key] = "{raw} → {value}".format(raw=row.raw[key], value=display(row.values.get(key)))
            else:
                shown[key] = display(row.values.get(key))
        out.append(shown)
    return out
