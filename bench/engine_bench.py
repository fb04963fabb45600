"""Benchmark of the obligation engine on the 5-year demo station (a script, not a timed test).

Prints: the demo's build time and size; then the dashboard counts — the service
``obligations.dashboard_counts`` (SQLAlchemy, the grouped query with the staff's names + Python sums) against the same
grouped SQL run through plain ``sqlite3`` in the same run — as medians of interleaved runs, with
their ratio. Goal: ≤ 1.5× the raw query and under 50 ms. Also times a few list queries the UI makes.

    .venv/bin/python bench/engine_bench.py [--years 5] [--seed 1] [--runs 30] [--db PATH]

``--db`` reuses an existing demo file (built there if missing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.core import clock
from app.services import obligations
from app.services.station import open_database
from app.services.demo import build_demo
from app.services.obligations import dashboard_statements
from app.services.obligations import DUE_SOON_SETTING
from app.models.audit import Setting
from sqlalchemy import select  # noqa: E402


def compiled(engine, stmt, values: dict | None = None) -> tuple[str, tuple]:
    """A statement compiled for SQLite (as the service's connection runs it), with its parameters as
    plain sqlite3 takes them."""
    state = stmt.compile(engine).construct_expanded_state(values or {})
    params = tuple(v.isoformat(sep=" ", timespec="microseconds") if isinstance(v, dt.datetime) else v
                   for v in state.positional_parameters)
    return state.statement, params


def raw_dashboard(conn: sqlite3.Connection, statements: list[tuple[str, tuple]]):
    """The service's statements, run through plain sqlite3 in one read transaction."""
    conn.execute("BEGIN")
    try:
        return [conn.execute(sql, params).fetchall() for sql, params in statements]
    finally:
        conn.execute("ROLLBACK")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()

    path = args.db or Path(tempfile.mkdtemp(prefix="anupalan-bench-")) / "demo.sqlite3"
    if not path.exists():
        t0 = time.perf_counter()
        result = build_demo(path, years=args.years, seed=args.seed)
        build = time.perf_counter() - t0
        print(f"demo build: {args.years} years, seed {args.seed}: {build:.1f} s "
              f"({result.cases:,} cases, {result.events:,} events, {result.obligations:,} obligations, "
              f"{result.persons} staff); file {path.stat().st_size / 1e6:.0f} MB")
    else:
        print(f"demo file: {path} (reused)")

    db = open_database(path)
    conn = sqlite3.connect(str(path))
    now = clock.now()
    with db.session() as s:
        days = obligations.due_soon_days(s)
    soon = now + dt.timedelta(days=days)
    (counts_q,) = dashboard_statements()
    statements = [compiled(db.engine, select(Setting.value).where(Setting.key == DUE_SOON_SETTING)),
                  compiled(db.engine, counts_q, {"now": now, "soon": soon})]
    conn.isolation_level = None
    total = conn.execute("select count(*) from obligations").fetchone()[0]
    pending = conn.execute("select count(*) from obligations where status='pending'").fetchone()[0]
    print(f"obligations: {total:,}, pending: {pending:,}")
    sql, params = statements[1]
    plan = " | ".join(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    print(f"grouped count's plan: {plan}")

    # warm both paths once, and check they agree
    service = obligations.dashboard_counts(db, as_of=now)
    _setting, grouped = raw_dashboard(conn, statements)
    assert service.total.pending == sum(r[4] for r in grouped if r[0] == "pending"), "service and raw SQL disagree"
    assert service.total.overdue == sum(r[5] for r in grouped if r[0] == "pending")
    assert service.missed == sum(r[4] for r in grouped if r[0] == "missed")

    svc_times, raw_times, one_times = [], [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        t0 = time.perf_counter()
        obligations.dashboard_counts(db, as_of=now)
        svc_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        raw_dashboard(conn, statements)
        raw_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        conn.execute(sql, params).fetchall()
        one_times.append(time.perf_counter() - t0)
    svc, raw, one = (statistics.median(t) for t in (svc_times, raw_times, one_times))
    print(f"dashboard counts, median of {args.runs}: service {ms(svc)}   same SQL via sqlite3 {ms(raw)}   "
          f"ratio {svc / raw:.2f}x   (the grouped statement alone: {ms(one)}; {len(grouped)} groups)")
    verdict = "OK" if svc <= 1.5 * raw and svc < 0.050 else "MISSED"
    print(f"goal (≤ 1.5x raw and < 50 ms): {verdict}")

    def timed(label, fn, runs=10):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
        print(f"{label:<46} {ms(statistics.median(times))}  ({len(out) if hasattr(out, '__len__') else out} rows)")

    timed("ids: all pending, by due", lambda: obligations.ids(db, obligations.ObligationFilter()))
    timed("ids: overdue for the IO role", lambda: obligations.ids(db, obligations.ObligationFilter(role="io", overdue=True)))
    some = obligations.ids(db, obligations.ObligationFilter())[:200]
    timed("rows: 200 rows for a table page", lambda: obligations.rows(db, some))
    timed("scores: last 90 days", lambda: obligations.scores(db, now.date() - dt.timedelta(days=90), now.date()).by_form, 5)
    timed("weekly history: 12 weeks", lambda: obligations.weekly_history(db, 12), 5)
    busiest = max((c for c in service.by_person.items() if c[0] is not None), key=lambda kv: kv[1].pending)[0]
    surname = service.person_names[busiest].split()[-1]
    timed(f"search: a surname ('{surname}')", lambda: obligations.ids(db, obligations.ObligationFilter(search=surname)), 5)
    conn.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
