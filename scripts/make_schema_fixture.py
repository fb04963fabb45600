#!/usr/bin/env python3
"""Save a small database at a schema revision, with data in every table, as an upgrade test fixture.

``python scripts/make_schema_fixture.py`` makes one at the current head(s); ``--revision 0001`` at an
older revision. The file goes to ``tests/fixtures/schema/<revision>.sqlite3``; ``test_schema_fixtures``
upgrades every fixture there to head and checks that every row of every table survives. Keep each
released revision's fixture forever (Electrum keeps every old wallet format the same way).

The rows are made from the schema itself (so the script works at any revision), with values that
look like the station's: real role codes and statuses, Hindi and English text, dates, NULLs in
nullable columns, foreign keys pointing at real parents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "schema"
ROWS = 4

# (table, column) → values to cycle through, where a column holds a code the app interprets
KNOWN = {
    ("roles", "code"): ["sho", "mohrir", "io", "operator", "court"],
    ("roles", "section"): ["a", "b", "c", "d", "e"],
    ("duties", "kind"): ["event", "recurring", "standing", "event"],
    ("duties", "recurrence"): [None, "daily", "weekly", "monthly"],
    ("duties", "code"): ["A-1", "B-2", "C-3", "D-4"],
    ("obligations", "status"): ["pending", "entered", "verified", "na"],
    ("cases", "status"): ["open", "open", "closed", "open"],
    ("cases", "kind"): ["fir", "fir", "ncr", "missing"],
    ("cases", "punishment_class"): [None, "lt10", "ge10", "death_life"],
    ("cases", "act"): ["BNS", "IPC", "BNS", "NDPS"],
    ("events", "kind"): ["arrest", "seizure", "chargesheet", "court_disposal"],
    ("obligations", "form"): ["IIF-1", "IIF-3", "IIF-4", None],
    ("duties", "form"): ["IIF-1", "IIF-3", "IIF-4", None],
}
HINDI = ["प्रथम सूचना रिपोर्ट", "गिरफ्तारी", "विवेचक", "थाना प्रभारी"]


def _tables(conn) -> list[str]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
    deps = {n: {r[2] for r in conn.execute(f'PRAGMA foreign_key_list("{n}")') if r[2] != n} for n in names}
    order: list[str] = []
    while deps:
        ready = sorted(n for n, d in deps.items() if not (d - set(order)))
        if not ready:
            raise SystemExit(f"foreign-key cycle among {sorted(deps)}")
        order += ready
        for n in ready:
            del deps[n]
    return order


def _value(table: str, col: dict, i: int, parents: dict, fks: dict):
    name, ctype, notnull = col["name"], (col["type"] or "").upper(), col["notnull"]
    if name in fks:
        ptable, pcol = fks[name]
        keys = parents.get((ptable, pcol), [])
        if not keys:
            return None
        if not notnull and i == ROWS - 1:
            return None
        return keys[i % len(keys)]
    if (table, name) in KNOWN:
        v = KNOWN[(table, name)][i % len(KNOWN[(table, name)])]
        return v if (v is not None or not notnull) else KNOWN[(table, name)][0]
    if not notnull and i == ROWS - 1:
        return None
    day = dt.date(2024, 6, 28) + dt.timedelta(days=3 * i)
    if "DATETIME" in ctype or "TIMESTAMP" in ctype:
        return f"{day.isoformat()} {9 + i:02d}:{15 * i % 60:02d}:00.000000"
    if "DATE" in ctype:
        return day.isoformat()
    if "BOOL" in ctype:
        return i % 2
    if "INT" in ctype:
        return 2020 + i if name == "year" else i + 1
    if "CHAR" in ctype or "TEXT" in ctype or "CLOB" in ctype or not ctype:
        length = int(ctype.split("(")[1].rstrip(")")) if "(" in ctype else 10_000
        text = f"{name}-{i + 1} {HINDI[i % len(HINDI)]}" if length >= 40 else f"{name[:4]}{i + 1}"
        return text[:length]
    if "FLOAT" in ctype or "REAL" in ctype or "NUMERIC" in ctype:
        return 1.5 * (i + 1)
    return f"{name}-{i + 1}"


def fill(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    parents: dict[tuple[str, str], list] = {}
    counts = {}
    try:
        for table in _tables(conn):
            cols = [dict(zip(("cid", "name", "type", "notnull", "dflt", "pk"), r))
                    for r in conn.execute(f'PRAGMA table_info("{table}")')]
            fks = {r[3]: (r[2], r[4]) for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
            int_pk = [c for c in cols if c["pk"] and "INT" in (c["type"] or "").upper()]
            for i in range(ROWS):
                values = {}
                for c in cols:
                    if c in int_pk and len(int_pk) == 1:
                        continue  # let SQLite number it
                    v = _value(table, c, i, parents, fks)
                    if v is None and c["notnull"]:
                        v = c["dflt"].strip("'") if c["dflt"] else f"{c['name']}-{i + 1}"
                    values[c["name"]] = v
                names = ", ".join(f'"{n}"' for n in values)
                marks = ", ".join("?" for _ in values)
                conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))
            for c in cols:
                parents[(table, c["name"])] = [r[0] for r in conn.execute(
                    f'SELECT "{c["name"]}" FROM "{table}" WHERE "{c["name"]}" IS NOT NULL ORDER BY rowid')]
            counts[table] = ROWS
        conn.commit()
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise SystemExit(f"foreign-key problems in the fixture: {problems[:5]}")
    finally:
        conn.close()
    return counts


def make(revision: str | None, out_dir: Path = FIXTURES) -> Path:
    from app.services import storage

    target = revision or "heads"
    name = revision or "+".join(sorted(storage.head_revisions()))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.sqlite3"
    if path.exists():
        raise SystemExit(f"{path} exists; a released revision's fixture is never remade")
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    storage.upgrade(tmp, target)
    counts = fill(tmp)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    tmp.replace(path)
    print(f"{path.relative_to(ROOT)}: revision {name}, {len(counts)} tables, {sum(counts.values())} rows")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", help="an older revision id (default: the current head)")
    args = parser.parse_args()
    make(args.revision)
    return 0


if __name__ == "__main__":
    sys.exit(main())
