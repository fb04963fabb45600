"""Reconciling a CAS entry list against a station (issue 20): 5,000 rows made from the station's own entries —
most already marked with their references, some still owed (to mark), some with another reference or day, some
without a year or with a form written as a name, some for cases the register does not have, repeated rows — written
as an xlsx with the shipped profile's English headers, then read and compared with the register.

    .venv/bin/python bench/reconcile_bench.py STATION.sqlite [--rows 5000] [--runs 3] [--apply]

Works on a copy of the file. Prints, as JSON: rows, the seconds (medians) to read and map the sheet, to compare it
with the register and both together (the goal: ≤ 5 s on the 5-year demo), the counts per category, and with
--apply the seconds to mark the matched entries (backup first) on the copy.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_S = 5.0
FORM_NAMES = {"IIF-3": "Arrest memo", "IIF-4": "Seizure memo", "IIF-5": "Final report", "IIF-1": "FIR"}


def make_list(path: Path, n: int, seed: int = 7) -> bytes:
    """An xlsx CAS entry list of ``n`` rows drawn from the station in ``path`` (read with sqlite3 directly)."""
    import openpyxl

    rnd = random.Random(seed)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    q = ("select o.form, c.number, c.year, o.status, o.cas_ref, coalesce(o.entered_at, o.due_at) "
         "from obligations o join cases c on c.id = o.case_id where o.form is not null and c.number is not null "
         "and c.kind in ('fir', 'ncr', 'mlc', 'missing') and o.status in ({}) order by o.id")
    done = con.execute(q.format("'entered', 'verified'")).fetchall()
    owed = con.execute(q.format("'pending', 'missed'")).fetchall()
    top = con.execute("select max(number), max(year) from cases where kind = 'fir'").fetchone()
    con.close()
    rows = []
    owed_n = min(len(owed), n // 5)
    today = time.strftime("%Y-%m-%d")
    for form, number, year, _status, _ref, when in rnd.sample(owed, owed_n):  # still owed here, entered in CAS
        rows.append([f"{number}/{year}", form, f"UP/{year}/{rnd.randrange(10**8):08d}", min(when[:10], today)])
    odd = n // 10
    for i in range(odd):  # cases CAS has and the register does not
        rows.append([f"{top[0] + 1 + i}/{top[1]}", "IIF-1", f"UP/{top[1]}/N{i:07d}", f"{top[1]}-01-15"])
    rest = n - len(rows) - n // 50
    for i, (form, number, year, _status, ref, when) in enumerate(rnd.sample(done, min(rest, len(done)))):
        case, shown, ref2, day = f"{number}/{year}", form, ref, when[:10]
        if i % 20 == 1:
            ref2 = ref + "-X"  # another reference: fields differ
        elif i % 20 == 2:
            case = str(number)  # no year: to review
        elif i % 20 == 3 and form in FORM_NAMES:
            shown = FORM_NAMES[form]
        rows.append([case, shown, ref2, day])
    rows.extend(rnd.sample(rows, n - len(rows)))  # repeated rows (a page printed twice)
    rnd.shuffle(rows)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("CAS")
    ws.append(["CAS Entry List — demo station"])
    ws.append([])
    ws.append(["S.No.", "FIR No.", "Form", "CAS Reference", "Entry Date"])
    for i, (case, form, ref, day) in enumerate(rows, start=1):
        y, m, d = day.split("-")
        ws.append([i, case, form, ref, f"{d}/{m}/{y}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def measure(db_path: Path, rows: int = 5000, runs: int = 3, apply: bool = False) -> dict:
    from app.services import reconcile
    from app.services.station import open_database

    with tempfile.TemporaryDirectory(prefix="reconcile-bench-") as tmp:
        path = Path(tmp) / "station.sqlite3"
        shutil.copyfile(db_path, path)
        data = make_list(path, rows)
        db = open_database(path)
        try:
            read_s, match_s, total_s = [], [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                found = reconcile.read_cas_list(db, data)
                t1 = time.perf_counter()
                recon = reconcile.reconcile_rows(db, found.rows, errors=found.errors, source=found.source)
                t2 = time.perf_counter()
                read_s.append(t1 - t0)
                match_s.append(t2 - t1)
                total_s.append(t2 - t0)
            out = {"reconcile_rows": rows, "reconcile_read_s": statistics.median(read_s),
                   "reconcile_match_s": statistics.median(match_s), "reconcile_s": statistics.median(total_s),
                   "reconcile_goal_s": GOAL_S, "reconcile_counts": recon.summary(),
                   "reconcile_list_kb": round(len(data) / 1024)}
            if apply:
                t0 = time.perf_counter()
                result = reconcile.apply(db, recon)
                out["reconcile_apply_s"] = time.perf_counter() - t0
                out["reconcile_marked"] = len(result.marked)
        finally:
            db.close()
    return out


def main() -> None:
    from app.i18n import set_language

    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--apply", action="store_true", help="also time marking the matched entries (on the copy)")
    args = ap.parse_args()
    set_language("en")
    result = measure(args.db, args.rows, max(1, args.runs), args.apply)
    result["reconcile_goal_met"] = result["reconcile_s"] <= GOAL_S
    sys.stdout.write(json.dumps(result, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
