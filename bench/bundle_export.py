"""Bundle export on a station database (issue 19): a full bundle, then a week's delta.

    .venv/bin/python bench/bundle_export.py STATION.sqlite [--days 7]

Works on a copy. A full bundle is exported and acknowledged; then the rows the station's data shows created or
changed in its last N days (any date-time column of the row at or after the cutoff; the station's 'now' is
its newest entry) are marked in the acknowledged base as the rollup not having them yet (created → absent,
changed → an older version), which is what the base would be had the previous week's bundle been acknowledged.
The delta exported then carries exactly those rows. Prints times, sizes and row counts as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import DateTime, text  # noqa: E402

from app.models import full_metadata  # noqa: E402
from app.services import bundle, station  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--days", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bundle-bench-"))
    path = work / "station.sqlite3"
    shutil.copyfile(args.db, path)
    path.chmod(0o600)
    db = station.open_database(path)
    out = work / "out"
    figures: dict = {}
    try:
        t0 = time.perf_counter()
        full = bundle.export_bundle(db, out, full=True)
        figures["full"] = {"seconds": round(time.perf_counter() - t0, 1), "rows": full.rows, "bytes": full.bytes}
        with db.session() as s:
            key = station.get_identity(s).public_key
        opened = bundle.open_bundle(full.path.read_bytes(), lambda uid: key)
        ack = work / "ack.json"
        ack.write_text(json.dumps(bundle.make_ack(opened.manifest["station_uid"], full.sequence, opened.sha256,
                                                  opened.manifest["state_digest"])))
        t0 = time.perf_counter()
        bundle.apply_ack(db, ack)
        figures["ack_full_seconds"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        nothing = bundle.export_bundle(db, out)
        figures["no_change_delta"] = {"seconds": round(time.perf_counter() - t0, 1), "rows": nothing.rows,
                                      "bytes": nothing.bytes}
        # the last N days as if the rollup did not have them yet
        marked = {"created": 0, "changed": 0}
        with db.session() as s:
            now = s.scalar(text("select max(created_at) from obligations"))
            now = dt.datetime.fromisoformat(str(now)) if not isinstance(now, dt.datetime) else now
            cutoff = now - dt.timedelta(days=args.days)
            for table in bundle.TABLE_NAMES:
                t = full_metadata().tables[table]
                stamps = [c.name for c in t.columns if isinstance(c.type, DateTime)]
                if not stamps or "id" not in t.c:
                    continue
                touched = " or ".join(f"{c} >= :cut" for c in stamps)
                created = "created_at >= :cut" if "created_at" in t.c else "0"
                for rid, is_new in s.execute(text(f"select id, {created} from {table} where {touched}"),
                                             {"cut": cutoff}):
                    if is_new:
                        s.execute(text("delete from bundle_base where tbl = :t and row_id = :r"),
                                  {"t": table, "r": str(rid)})
                        marked["created"] += 1
                    else:
                        s.execute(text("update bundle_base set hash = 'older' where tbl = :t and row_id = :r"),
                                  {"t": table, "r": str(rid)})
                        marked["changed"] += 1
        figures["week"] = {"days": args.days, "until": str(now), **marked}
        t0 = time.perf_counter()
        delta = bundle.export_bundle(db, out)
        figures["week_delta"] = {"seconds": round(time.perf_counter() - t0, 1), "rows": delta.rows,
                                 "bytes": delta.bytes}
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
