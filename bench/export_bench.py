"""Exporting lists to .xlsx on a station database (issue 20): the pending list as the window opens it, every
entry of every status (the largest list a station can export), and the case register.

    .venv/bin/python bench/export_bench.py STATION.sqlite [--runs 3] [--skip-all]

Reads a copy of the file. Prints, per list: rows, seconds (median), rows per second, file size, and the peak
memory (RSS) of the process at the end, as JSON.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.i18n import set_language  # noqa: E402
from app.services import export, obligations, station  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-all", action="store_true", help="leave out the every-status list (slow)")
    args = ap.parse_args()
    set_language("en")
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    path = work / "station.sqlite3"
    shutil.copyfile(args.db, path)
    path.chmod(0o600)
    db = station.open_database(path, readonly=True)
    lists = {
        "pending (default filter)": lambda: [export.pending_sheet(db, obligations.ObligationFilter())],
        "pending, overdue only": lambda: [export.pending_sheet(db, obligations.ObligationFilter(overdue=True))],
        "cases (whole register)": lambda: [export.cases_sheet(db)],
    }
    if not args.skip_all:
        lists["every entry, every status"] = lambda: [export.pending_sheet(db, obligations.ObligationFilter(
            statuses=tuple(obligations.STATUS_LABELS)))]
    out = {}
    try:
        for name, sheets in lists.items():
            times, rows = [], 0
            runs = 1 if name.startswith("every") else args.runs
            for _ in range(runs):
                target = work / "out.xlsx"
                start = time.perf_counter()
                rows = export.write_xlsx(target, sheets())
                times.append(time.perf_counter() - start)
            seconds = statistics.median(times)
            out[name] = {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds),
                         "file_kb": round(target.stat().st_size / 1024), "runs": runs}
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
