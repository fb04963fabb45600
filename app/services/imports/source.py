"""What an import works on: the rows of a sheet as mapped (``sheets.map_table``), each with its sheet row number,
its parsed values by field, its cells as text and the cell errors found while parsing; and the file's hash.

A row's hash is over its parsed values (not the cell text, so "05/03/2024" and a date cell agree), with the
row's OCCURRENCE in the file added: the second of two identical rows hashes differently from the first, so two
legitimately identical rows (two seizures of the same day) both survive, and a file imported again finds each."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the user sees it in the sheet (0: the file as a whole)
    column: str  # the column's header text ("" when the error is the row's)
    message: str  # in the user's language

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class SourceRow:
    row: int
    values: dict[str, Any]
    raw: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportSource:
    """A mapped sheet ready to import. ``columns``: field key -> the header text of its column (for messages)."""
    kind: str  # "cases" | "events"
    file_name: str
    file_sha256: str
    rows: list[SourceRow]
    columns: dict[str, str] = field(default_factory=dict)
    profile: str = ""
    problems: list[RowError] = field(default_factory=list)  # the file as a whole (a required column missing)

    def column(self, key: str) -> str:
        """The header of a field's column, or the field's own name when the sheet has none."""
        if self.columns.get(key):
            return self.columns[key]
        from app.services.sheets import FIELDS

        if key not in FIELDS:
            return key
        label = FIELDS[key].label  # an N_()-marked English label (sheets.fields)
        return _(label)  # i18n: marked


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_from_mapped(mapped, *, kind: str, file_name: str, data: bytes, profile: str = "") -> ImportSource:
    """An ``ImportSource`` from ``sheets.map_table``'s result: its rows, their cell errors, its missing columns."""
    headers = list(mapped.headers)
    columns = {key: str(headers[i]) for key, i in mapped.columns.items() if 0 <= i < len(headers)}
    rows = [SourceRow(r.row, dict(r.values), dict(r.raw),
                      [RowError(e.row, e.column, e.message) for e in r.errors]) for r in mapped.rows]
    source = ImportSource(kind, file_name, file_hash(data), rows, columns, profile)
    source.problems = [RowError(0, source.column(key), _(
        "The sheet has no column for {field}: map one, or pick a profile.").format(field=source.column(key)))
        for key in mapped.missing]
    return source


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    key = getattr(value, "key", None)  # a sheets.CaseKey
    if isinstance(key, str):
        return key
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    return value


def row_hashes(rows: list[SourceRow], fields: tuple[str, ...]) -> list[str]:
    """Each row's content hash with its occurrence in the file (the n-th identical row gets ``#n``)."""
    seen: Counter[str] = Counter()
    out = []
    for r in rows:
        content = json.dumps({k: _plain(r.values.get(k)) for k in fields}, sort_keys=True, ensure_ascii=False,
                             default=str)
        h = hashlib.sha256(content.encode("utf-8")).hexdigest()
        seen[h] += 1
        out.append(f"{h[:56]}#{seen[h]}")
    return out


def content_of(hash_with_occurrence: str) -> str:
    return hash_with_occurrence.split("#", 1)[0]
