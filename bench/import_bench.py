"""Importing a big register (issue 20): 10,000 FIR rows as an xlsx sheet (IOs named from the demo station's staff,
half in Devanagari), read, mapped and DRY-RUN against the demo station (every row checked as a typed FIR is: the
dates, the act for the dates, the punishment class from the sections, the IO matched to the staff list, the key
looked up); then a smaller real import (one transaction, after a verified backup) and the same file again.

    .venv/bin/python bench/import_bench.py [--db DEMO.sqlite3] [--rows 10000] [--write 500]

Goal: the dry run of 10,000 rows (read + map + plan) within 10 s."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_DRY_RUN_S = 10.0
HEAD = ["क्र0सं0", "मु0अ0सं0", "दिनांक पंजीकरण", "घटना दिनांक", "अधिनियम", "धारा", "विवेचक"]
SECTIONS = ["303(2)", "115(2), 351(2)", "318(4)", "305(a)", "117(2)"]


def register_sheet(io_names: list[str], rows: int, year: int, first: int) -> bytes:
    """An xlsx FIR register of ``rows`` new FIRs of ``year`` from number ``first`` (dates in that year's first
    half, after BNS came in only when the year is after 2024)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEAD)
    start = dt.date(year, 1, 1)
    for i in range(rows):
        day = start + dt.timedelta(days=i % 180)
        ws.append([i + 1, f"{first + i}/{year}", day, day - dt.timedelta(days=i % 3),
                   "BNS", SECTIONS[i % len(SECTIONS)], io_names[i % len(io_names)]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _unique_names(everyone: list[str], active: list[str]) -> list[str]:
    """The active staff whose names no one else on the list shares (a shared name is refused: the PNO is asked)."""
    from collections import Counter

    from app.services.sheets import name_key

    keys = Counter(name_key(n) for n in everyone)
    return [n for n in active if keys[name_key(n)] == 1]


def _source(db, data: bytes, name: str):
    from app.services import imports, sheets

    table = sheets.read_table(data)
    mapped = sheets.map_table(table, sheets.Profile(name="", kind="cases"))
    return imports.source_from_mapped(mapped, kind="cases", file_name=name, data=data)


def measure_import(path: Path, rows: int = 10_000, write: int = 200) -> dict:
    """Figures on a private copy of a station file (``path`` is changed: pass a copy)."""
    from sqlalchemy import func, select

    from app.models.cases import Case
    from app.models.staff import Person
    from app.services import imports
    from app.services.station import open_database

    db = open_database(path)
    try:
        with db.session() as s:
            names = _unique_names([n for (n,) in s.execute(select(Person.name).order_by(Person.id))],
                                  [n for (n,) in s.execute(select(Person.name).where(Person.active.is_(True)))])
            year = 2025
            first = (s.scalar(select(func.max(Case.number)).where(Case.kind == "fir", Case.year == year)) or 0) + 1
        t0 = time.perf_counter()
        data = register_sheet(names, rows, year, first)
        made_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        source = _source(db, data, "register.xlsx")
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = imports.import_rows(db, source, dry_run=True)
        plan_s = time.perf_counter() - t0
        cpu_s = time.process_time() - c0  # the machine's other load shows in the wall time, not in this
        out = {"import_rows": rows, "import_sheet_bytes": len(data), "import_sheet_made_s": round(made_s, 3),
               "import_read_map_s": round(read_s, 3), "import_plan_s": round(plan_s, 3),
               "import_dry_run_s": round(read_s + plan_s, 3), "import_dry_run_cpu_s": round(cpu_s, 3),
               "import_dry_run_created": report.created,
               "import_dry_run_errors": len(report.errors)}
        if write:
            small = register_sheet(names, write, year, first + rows)
            t0 = time.perf_counter()
            done = imports.import_rows(db, _source(db, small, "small.xlsx"))
            out["import_write_rows"] = done.created
            out["import_write_s"] = round(time.perf_counter() - t0, 3)
            t0 = time.perf_counter()
            again = imports.import_rows(db, _source(db, small, "small.xlsx"))
            out["import_same_file_s"] = round(time.perf_counter() - t0, 3)
            out["import_same_file_noop"] = again.already is not None
        return out
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a station file to copy (default: the bench's cached 5-year demo)")
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--write", type=int, default=200)
    args = ap.parse_args()
    from app.i18n import set_language

    set_language("en")
    if args.db:
        src = Path(args.db)
    else:
        from bench.run import cached_demo

        src = cached_demo(5, 1)
    with tempfile.TemporaryDirectory(prefix="anupalan-import-bench-") as tmp:
        path = Path(tmp) / "station.sqlite3"
        shutil.copyfile(src, path)
        result = measure_import(path, args.rows, args.write)
    result["goal_dry_run_s"] = GOAL_DRY_RUN_S
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
