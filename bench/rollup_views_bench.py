"""The supervisors' views of the rollup benchmark (issue 19): the district views as the window and the CLI run them
(``rollup_views``: stations ranked, the worst station drilled down, the inspection planner) against the same SQL run
raw, and a SQLite circle rollup of up to 8 stations with its views.

- views: the district views' wall time (every circle ranked, the inspection planner; median of ``runs``) as the
  services return their values; and, apart, the worst station drilled down (one station's rows, not a district view);
- raw: the very statements those views sent (captured from the engine), run again through the driver's own cursor
  with every row fetched — the floor the views cannot beat. Goals: the district views <= 1 s, <= 1.5x raw.
- circle: a SQLite rollup file holding up to 8 stations' full bundles (the circle office's store), its views'
  total. Goal <= 300 ms for 8 stations.

Called by the rollup part (bench/rollup_bench.py) after its import; also on its own over any rollup:

    .venv/bin/python -m bench.rollup_views_bench --url ROLLUP [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"rollup_views_s": 1.0, "rollup_views_ratio": 1.5, "rollup_circle_views_s": 0.300}


def _district(store) -> list:
    """The district views: what the SP opens (every circle ranked) and the inspection planner."""
    from app.services import rollup_views

    _scope, rows = rollup_views.ranked_stations(store)
    _scope, plan = rollup_views.plan_view(store, include_all=True)
    return [rows, plan]


def _drill(store):
    """One station drilled down: the worst of the district (its roles, persons, 200 pending entries, weeks)."""
    from app.services import rollup_views

    _scope, rows = rollup_views.ranked_stations(store)
    return rollup_views.station_view(store, rows[0].code or rows[0].uid) if rows else None


def _captured(store, views) -> list[list[tuple[str, object]]]:
    """The statements (with their parameters) ``views(store)`` sends, one list per connection it opened (each
    view reads in one transaction of its own connection)."""
    from sqlalchemy import event

    seen: list[list[tuple[str, object]]] = []

    def opened(_conn):
        seen.append([])

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):  # the store's own transaction
            seen[-1].append((statement, parameters))

    event.listen(store.engine, "engine_connect", opened)
    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        views(store)
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
        event.remove(store.engine, "engine_connect", opened)
    return [group for group in seen if group]


def _raw(store, groups) -> float:
    """Run the captured statements through the driver's own cursor on one connection, as the views did: each
    view's statements in one transaction (begun by the first, ended by a rollback, as the views end theirs),
    every row fetched; seconds. The pool's check of a connection at checkout is not counted (it is not the
    views' SQL): the floor is the statements, their rows and their transactions."""
    with store.engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        dbapi.rollback()
        started = time.perf_counter()
        for statements in groups:
            cursor = dbapi.cursor()
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            cursor.close()
            dbapi.rollback()
        return time.perf_counter() - started


def _timed(store, views, runs: int) -> dict:
    """The wall times of ``views`` and of its statements run raw (median and best of ``runs``), and the client's
    CPU for each (median): the two are timed in turns, run after run, so both see the same load. On a machine
    shared with other work the median moves with the load; the best run and the client's CPU move less."""
    groups = _captured(store, views)
    views(store)  # warm: the first run pays for imports and the statement cache
    _raw(store, groups)
    took, raw, cpu, raw_cpu = [], [], [], []
    for _ in range(runs):
        started, c = time.perf_counter(), time.process_time()
        views(store)
        took.append(time.perf_counter() - started)
        cpu.append(time.process_time() - c)
        c = time.process_time()
        raw.append(_raw(store, groups))
        raw_cpu.append(time.process_time() - c)
    return {"s": statistics.median(took), "raw_s": statistics.median(raw), "best_s": min(took),
            "raw_best_s": min(raw), "cpu_s": statistics.median(cpu), "raw_cpu_s": statistics.median(raw_cpu),
            "statements": sum(len(g) for g in groups)}


def measure(store, runs: int = 11) -> dict:
    v, d = _timed(store, _district, runs), _timed(store, _drill, runs)
    out = {"rollup_views_s": v["s"], "rollup_views_raw_s": v["raw_s"],
           "rollup_views_ratio": v["s"] / v["raw_s"] if v["raw_s"] else None,
           "rollup_views_best_ratio": v["best_s"] / v["raw_best_s"] if v["raw_best_s"] else None,
           "rollup_views_best_s": v["best_s"], "rollup_views_raw_best_s": v["raw_best_s"],
           "rollup_views_cpu_s": v["cpu_s"], "rollup_views_raw_cpu_s": v["raw_cpu_s"],
           "rollup_views_statements": v["statements"], "rollup_views_dialect": store.dialect,
           "rollup_drill_s": d["s"], "rollup_drill_raw_s": d["raw_s"],
           "rollup_drill_ratio": d["s"] / d["raw_s"] if d["raw_s"] else None, "rollup_drill_statements": d["statements"]}
    out.update(_sizes(store))
    return out


def _sizes(store) -> dict:
    """The store's size and its entries (for the state on paper: storage per entry, per station)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        entries = conn.execute(text("select count(*) from rollup_entries")).scalar_one()
        rows = conn.execute(text("select count(*) from rollup_rows")).scalar_one()
        stations = conn.execute(text("select count(*) from rollup_stations")).scalar_one()
        size = None
        if store.dialect == "postgresql":
            size = conn.execute(text("select pg_database_size(current_database())")).scalar_one()
    return {"rollup_store_entries": entries, "rollup_store_rows": rows, "rollup_store_stations": stations,
            "rollup_store_bytes": size}


def circle(bundles: list[tuple[Path, Path, Path]], work: Path, runs: int = 5) -> dict:
    """A SQLite circle rollup of up to 8 of the stations (``(station, enrol file, full bundle)``), its views."""
    from app.services import rollup

    chosen = bundles[:8]
    location = str(work / "circle.sqlite3")
    rollup.init_store(location, "Circle office (benchmark)")
    with rollup.open_rollup(location) as store:
        for _station, enrol, path in chosen:
            rollup.enrol_station(store, enrol)
        started = time.perf_counter()
        rollup.import_paths(store, [p for _s, _e, p in chosen])
        imported = time.perf_counter() - started
        m = measure(store, runs)
    size = Path(location).stat().st_size
    return {"rollup_circle_stations": len(chosen), "rollup_circle_views_s": m["rollup_views_s"],
            "rollup_circle_views_raw_s": m["rollup_views_raw_s"], "rollup_circle_import_s": imported,
            "rollup_circle_bytes": size}


def goals(r: dict) -> dict:
    return {k: {"goal": g, "value": r[k], "met": r[k] is not None and r[k] <= g} for k, g in GOALS.items() if k in r}


def describe(r: dict) -> str:
    lines = []
    if "rollup_views_s" in r:
        lines.append(f"  district views ({r['rollup_views_dialect']}: every circle ranked, the inspection planner): "
                     f"{r['rollup_views_s'] * 1000:.0f} ms; the same {r['rollup_views_statements']} statements raw "
                     f"{r['rollup_views_raw_s'] * 1000:.0f} ms ({r['rollup_views_ratio']:.2f}x; goals <= 1 s, <= 1.5x); "
                     f"best runs {r['rollup_views_best_s'] * 1000:.0f} / {r['rollup_views_raw_best_s'] * 1000:.0f} ms "
                     f"({r['rollup_views_best_ratio']:.2f}x); the client's CPU {r['rollup_views_cpu_s'] * 1000:.1f} / "
                     f"{r['rollup_views_raw_cpu_s'] * 1000:.1f} ms")
        lines.append(f"  the worst station drilled down: {r['rollup_drill_s'] * 1000:.0f} ms; its "
                     f"{r['rollup_drill_statements']} statements raw {r['rollup_drill_raw_s'] * 1000:.0f} ms "
                     f"({r['rollup_drill_ratio']:.2f}x)")
    if r.get("rollup_store_bytes"):
        lines.append(f"  store: {r['rollup_store_stations']} stations, {r['rollup_store_entries']:,} entries and "
                     f"{r['rollup_store_rows']:,} other rows in {r['rollup_store_bytes'] / 1e6:.0f} MB "
                     f"({r['rollup_store_bytes'] / max(1, r['rollup_store_entries']):.0f} bytes per entry, all included)")
    if "rollup_circle_views_s" in r:
        lines.append(f"  SQLite circle rollup of {r['rollup_circle_stations']} stations: district views "
                     f"{r['rollup_circle_views_s'] * 1000:.0f} ms (raw {r['rollup_circle_views_raw_s'] * 1000:.0f} ms; "
                     f"goal <= 300 ms for 8), import {r['rollup_circle_import_s']:.1f} s, file "
                     f"{r['rollup_circle_bytes'] / 1e6:.1f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from app.services import rollup

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True, help="a rollup: a SQLite file or a PostgreSQL URL")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    with rollup.open_rollup(args.url) as store:
        result = measure(store, args.runs)
    result["rollup_views_goals"] = goals(result)
    print(json.dumps(result, indent=2, default=str) if args.json else describe(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
