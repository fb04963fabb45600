"""What a bundle carries: the station's rows table by table, as JSON records with a hash each.

A row's record is every column by name (dates and times ISO, booleans true/false); its hash is the first 32
hex of sha256 over the record's canonical JSON. Comparing these hashes with the ones the last acknowledged
bundle carried finds every change, whichever path made it (a service, a correction, a migration, a repair
by hand), and touches no write path. Accounts, the audit trail's rows, settings, rules and the bundle
tables themselves are never carried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

import orjson
from sqlalchemy import Float, Numeric, select
from sqlalchemy.orm import Session

from app.models import full_metadata

# Order matters for the rollup (referenced rows first); each table's key column.
TABLES: tuple[tuple[str, str], ...] = (
    ("roles", "code"),
    ("circulars", "id"),
    ("duties", "id"),
    ("persons", "id"),
    ("role_assignments", "id"),
    ("cases", "id"),
    ("accused", "id"),
    ("events", "id"),
    ("obligations", "id"),
    ("inspections", "id"),
    ("inspection_findings", "id"),
    ("inspection_instructions", "id"),
    ("equipment", "id"),
    ("equipment_faults", "id"),
    ("hh_staff", "id"),
    ("hh_attendance", "id"),
)
TABLE_NAMES = tuple(t for t, _key in TABLES)
NEVER_CARRIED = ("accounts", "audit_entries", "settings", "station_identity", "bundles", "bundle_base")
HASH_CHARS = 32


def _value(v):
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    return v


def canonical(record: dict) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def row_hash(record: dict) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()[:HASH_CHARS]


def digest_term(table: str, row_id, h: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{table}:{row_id}:{h}".encode()).digest(), "big")


def state_digest_of(terms: int) -> str:
    return f"{terms:064x}"


def columns(table: str) -> list[str]:
    """The columns a record of ``table`` carries, in the order of its values in the file."""
    return [c.name for c in full_metadata().tables[table].columns]


def record_of(names: list[str], values: list) -> dict:
    """A row record as a dict, from the file's value list (the rollup's way back to the hashed form)."""
    return dict(zip(names, values))


def iter_rows(s: Session, table: str) -> Iterator[tuple[object, list, str]]:
    """(origin id, values in ``columns(table)`` order, hash of the record) of every row of ``table``."""
    t = full_metadata().tables[table]
    key = dict(TABLES)[table]
    names = columns(table)
    at = names.index(key)
    # only dates, times and bytes need converting (a call per value would double the export's time)
    convert = [i for i, c in enumerate(t.columns)
               if c.type.python_type in (dt.datetime, dt.date, dt.time, bytes)] if _typed(t) else list(range(len(names)))
    order = sorted(range(len(names)), key=lambda i: names[i])
    sorted_names = [names[i] for i in order]
    encode = canonical_encoder(table)
    sha = hashlib.sha256
    result = s.execute(select(t).order_by(t.c[key])).yield_per(5000)
    for row in result:
        values = list(row)
        for i in convert:
            v = values[i]
            if v is not None:
                values[i] = _value(v)
        # the canonical form: keys in sorted order are what sort_keys=True writes
        h = sha(encode(dict(zip(sorted_names, [values[i] for i in order])))).hexdigest()[:HASH_CHARS]
        yield values[at], values, h


def canonical_encoder(table: str):
    """``canonical`` for records of ``table`` whose keys are already in sorted order, fast: orjson writes the same
    bytes as ``json.dumps(..., separators=(",", ":"), ensure_ascii=False)`` for text, whole numbers, booleans and
    null (a test compares them on every table of a demo station); a table with a float column, whose text the two
    may write differently, and any value orjson refuses (a whole number past 64 bits) go through json itself."""
    slow = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    t = full_metadata().tables.get(table)
    if t is None or any(isinstance(c.type, (Float, Numeric)) for c in t.columns):
        return lambda record: slow(record).encode("utf-8")
    dumps = orjson.dumps

    def encode(record: dict) -> bytes:
        try:
            return dumps(record)
        except (TypeError, orjson.JSONEncodeError):
            return slow(record).encode("utf-8")

    return encode


def line_of(table: str, values: list) -> bytes:
    """One row record as the file writes it: ``[table, values]`` in compact JSON (not hashed; any JSON reader)."""
    try:
        return orjson.dumps([table, values])
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps([table, values], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _typed(t) -> bool:
    try:
        for c in t.columns:
            c.type.python_type
    except NotImplementedError:
        return False
    return True
