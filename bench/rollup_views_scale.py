"""The district views at more stations than this machine can build (issue 19: the state on paper): the
precomputed rows of the real stations of a rollup, copied under new station uids into a throwaway rollup, and
the views measured there at growing station counts.

    .venv/bin/python -m bench.rollup_views_scale --source ROLLUP_URL --target NEW_DATABASE_URL --stations 40,200,1500

What is copied, per copy of a real station (taken in turn): its ``rollup_stations`` row, every precomputed row
(counts by role/form/status/age band/due month, per person, its figures, on time per form, 12 weeks) and its
inspection, role and circular records — all that the ranking, the planner and the report read (the views never
read the raw entries: tests/services/rollup/test_views.py). The stations' entries and other rows are NOT copied:
the drill-down of one station reads them, and it reads one station whatever the rollup holds.

Copies are placed 40 to a district (8 circles of 5), as a district of the issue; the figures are:
- every station ranked and the planner over the whole rollup (the state's view when it holds them all);
- one district's views inside that rollup (what an SP opens: its 40 stations among all the others);
each against the same statements run raw (bench.rollup_views_bench).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_DISTRICT, PER_CIRCLE = 40, 5
RECORDS = ("inspections", "roles", "circulars")  # the records the views read from rollup_rows


def _tables():
    from app.services.rollup import METADATA

    names = ("rollup_stations", "rollup_counts", "rollup_person_counts", "rollup_station_figures",
             "rollup_form_ontime", "rollup_weekly", "rollup_rows")
    return [METADATA.tables[n] for n in names]


def _copy_templates(source_url: str, target) -> list[str]:
    """The real stations' rows into ``tpl_<table>`` tables of the target (same columns); their uids."""
    from sqlalchemy import create_engine, select, text

    src = create_engine(source_url)
    try:
        with src.connect() as s, target.begin() as t:
            uids = [r[0] for r in s.execute(text("select station_uid from rollup_stations "
                                                 "where last_sequence is not null order by code"))]
            for table in _tables():
                t.execute(text(f"create table if not exists tpl_{table.name} (like {table.name})"))
                t.execute(text(f"truncate tpl_{table.name}"))
                q = select(table).where(table.c.station_uid.in_(uids))
                if table.name == "rollup_rows":
                    q = q.where(table.c.tbl.in_(RECORDS))
                rows = [dict(r._mapping) for r in s.execute(q)]
                if rows:
                    t.execute(text(f"insert into tpl_{table.name} ({', '.join(table.c.keys())}) values "
                                   f"({', '.join(':' + c for c in table.c.keys())})"), rows)
            t.execute(text("create table if not exists scale_map (n int primary key, src_uid text, uid text, "
                           "code text, district text, circle text)"))
    finally:
        src.dispose()
    return uids


def _place(n: int) -> tuple[str, str]:
    district = f"District {n // PER_DISTRICT + 1:02d}"
    return district, f"Circle {(n % PER_DISTRICT) // PER_CIRCLE + 1}"


def _grow(target, uids: list[str], have: int, want: int) -> None:
    """Copies ``have`` .. ``want`` - 1 (each of a real station, in turn) into the rollup's own tables."""
    from sqlalchemy import text

    from app.services.rollup.schema import ensure_partition

    with target.begin() as t:
        codes = dict(t.execute(text("select station_uid, code from tpl_rollup_stations")).all())
        rows = []
        for n in range(have, want):
            src = uids[n % len(uids)]
            district, circle = _place(n)
            uid = hashlib.sha256(f"copy-{n}".encode()).hexdigest()[:32]
            rows.append({"n": n, "src": src, "uid": uid, "code": f"{codes[src]}-C{n:04d}", "district": district,
                         "circle": circle})
        t.execute(text("insert into scale_map values (:n, :src, :uid, :code, :district, :circle)"), rows)
        for district in sorted({r["district"] for r in rows}):
            ensure_partition(t, district)
        for table in _tables():
            cols = table.c.keys()
            picked = ", ".join({"station_uid": "m.uid", "district": "m.district", "circle": "m.circle",
                                "code": "m.code"}.get(c, f"x.{c}") for c in cols if c != "id")
            names = ", ".join(c for c in cols if c != "id")
            t.execute(text(f"insert into {table.name} ({names}) select {picked} from tpl_{table.name} x "
                           f"join scale_map m on m.src_uid = x.station_uid where m.n >= :a and m.n < :b"),
                      {"a": have, "b": want})
        for table in _tables():
            t.execute(text(f"analyze {table.name}"))


def _one_district(store):
    from app.services import rollup_views

    district, _circle = _place(0)
    _scope, rows = rollup_views.ranked_stations(store, district=district)
    _scope, plan = rollup_views.plan_view(store, district=district, include_all=True)
    return [rows, plan]


def run(source: str, target: str, counts: list[int], runs: int) -> list[dict]:
    from app.services import rollup
    from bench import rollup_views_bench as views

    rollup.init_store(target, "Benchmark state (copies)")
    out = []
    with rollup.open_rollup(target) as store:
        uids = _copy_templates(source, store.engine)
        have = 0
        for want in counts:
            started = time.perf_counter()
            _grow(store.engine, uids, have, want)
            have = want
            grown = time.perf_counter() - started
            every, one = views._timed(store, views._district, runs), views._timed(store, _one_district, runs)
            out.append({"stations": want, "real_stations": len(uids), "copy_s": grown,
                        "all_views_s": every["s"], "all_raw_s": every["raw_s"], "all_ratio": every["s"] / every["raw_s"],
                        "all_best_ratio": every["best_s"] / every["raw_best_s"],
                        "all_cpu_s": every["cpu_s"], "all_raw_cpu_s": every["raw_cpu_s"],
                        "district_views_s": one["s"], "district_raw_s": one["raw_s"],
                        "district_ratio": one["s"] / one["raw_s"], "district_best_ratio": one["best_s"] / one["raw_best_s"],
                        "district_cpu_s": one["cpu_s"], "district_raw_cpu_s": one["raw_cpu_s"],
                        "statements": [every["statements"], one["statements"]]})
            sys.stderr.write(describe(out[-1]) + "\n")
    return out


def describe(r: dict) -> str:
    return (f"  {r['stations']:>5} stations (copies of {r['real_stations']} real ones): every station ranked + the "
            f"planner {r['all_views_s'] * 1000:7.1f} ms (raw {r['all_raw_s'] * 1000:7.1f} ms, "
            f"{r['all_ratio']:.2f}x, best runs {r['all_best_ratio']:.2f}x, client CPU {r['all_cpu_s'] * 1000:.1f} / "
            f"{r['all_raw_cpu_s'] * 1000:.1f} ms); one district of {PER_DISTRICT} {r['district_views_s'] * 1000:6.1f} ms "
            f"(raw {r['district_raw_s'] * 1000:6.1f} ms, {r['district_ratio']:.2f}x, best runs "
            f"{r['district_best_ratio']:.2f}x, client CPU {r['district_cpu_s'] * 1000:.1f} / "
            f"{r['district_raw_cpu_s'] * 1000:.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--source", required=True, help="a PostgreSQL rollup holding real (imported) stations")
    p.add_argument("--target", required=True, help="an EMPTY PostgreSQL database for the copies")
    p.add_argument("--stations", default="40,200,1500", help="station counts, growing (comma separated)")
    p.add_argument("--runs", type=int, default=11)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    counts = sorted({int(x) for x in args.stations.split(",") if x.strip()})
    result = run(args.source, args.target, counts, args.runs)
    print(json.dumps(result, indent=2) if args.json else "\n".join(describe(r) for r in result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
