"""One benchmark run: every figure of issue 10 against a floor measured in the same run.

    python -m app bench [--json] [--runs N] [--years N] [--seed N] [--out FILE] [--no-save]
    .venv/bin/python -m bench.run  (the same)

Figures (medians of ``--runs`` interleaved runs; each ratio against its floor from the same run):

- start: the app started as a subprocess with ``--db DEMO`` offscreen, until its main window is shown
  and the first page's data has arrived (bench/probes.py), against a bare QApplication + QMainWindow
  subprocess. Goal ≤ 3×. The OS file cache is warm (one unmeasured start of each first). Also from the
  same runs: the start-up shell drawn (goal ≤ 2×) and the fresh figures (Today's tiles counted anew and
  painted in place of the ones saved at the last close).
- rss: the peak resident memory of that app process when ready (its own ``VmHWM``), the worst run.
  Goal ≤ 200 MB.
- dashboard: ``obligations.dashboard_counts`` against the very statements it sent (recorded from the
  engine while it ran) replayed through the DB-API on the same pooled connection, in one read transaction
  like the service's, checked to read the same rows; CPU time, medians of many interleaved calls.
  Goal ≤ 1.5×, < 50 ms.
- pending: what the workbench reads before it shows a filter's first rows — ``obligations.first_ids``
  (the first page's ids with a LIMIT, the count, their rows) — for a few filters (the slowest is the
  figure; goal < 100 ms), and apart the whole ordered id list it reads next (``obligations.ids``); a full scroll through the lazy model (``ObligationTableModel``,
  every row and column's text, a screenful at a time) of every obligation.
- checklist: the 1,000-row bilingual checklist shaped against the same document unshaped, cold caches
  (bench/checklist_bench.py's data and builds). Goal ≤ 1.3×.
- language: a switch of the main window (every page built) on Today and on Pending entries, hi↔en: the
  longest the GUI thread was busy (wall, and its own CPU time) against a bare window relabelled just
  before each switch (bench/window_bench.py). Goal ≤ 200 ms.
- backup: ``storage.make_backup`` of the demo file run through the window's TaskManager while a 10 ms
  QTimer on the GUI thread records the longest gap between its ticks (the window's responsiveness).

The demo station is built once per (years, seed, schema heads) into a cache folder
(``$ANUPALAN_BENCH_CACHE`` or ``~/.cache/anupalan-bench``); each run works on a copy, so the cached file
is never changed. Results go to ``bench/results/<commit>.json`` (compare with ``bench/compare.py``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# Parts kept in their own modules, run after the ones below, in this order: (name for --only, module). Each
# module has ``measure(demo: Path, work: Path, runs: int) -> dict`` (``demo``: the cached demo, never to be
# changed: work on a copy in ``work``), ``describe(result) -> list[str]`` (its lines of the summary) and
# ``GOALS`` ({figure: the most it may be}). A new part (rollup, import …) is one line here and its module.
PART_MODULES = (
    ("cli", "bench.cli_bench"),
)
PARTS = ("start", "dashboard", "pending", "checklist", "backup", "reconcile", "import", "language", "close") + tuple(
    name for name, _module in PART_MODULES)
GOALS = {"start_ratio": 3.0, "dashboard_ratio": 1.5, "dashboard_ms": 50.0, "pending_first_rows_ms": 100.0,
         "checklist_ratio": 1.3, "rss_mb": 200.0, "language_switch_ms": 200.0, "close_window_gone_s": 0.5,
         "close_file_free_s": 2.0, "reconcile_s": 5.0, "import_dry_run_s": 10.0}


# ``bench --quick``: every part on small inputs, once, without warm-up runs. It checks the harness end to end (the
# test suite's smoke test runs it); its figures are not comparable with a full run's (the result says "quick").
QUICK_ENV = "ANUPALAN_BENCH_QUICK"
QUICK_SCROLL_ROWS = 2000  # the lazy model's scroll: the first rows only
QUICK_CHECKLIST_OBLIGATIONS = 300  # the checklist's seeded station (~100 table rows instead of ~1,000)
QUICK_RECONCILE_ROWS = 500
QUICK_IMPORT_ROWS, QUICK_IMPORT_WRITE = 1000, 50


def quick() -> bool:
    return os.environ.get(QUICK_ENV) == "1"


def log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the demo station, built once ----------------------------------------------------------------

def cache_dir() -> Path:
    return Path(os.environ.get("ANUPALAN_BENCH_CACHE") or Path.home() / ".cache" / "anupalan-bench")


def cached_demo(years: int, seed: int) -> Path:
    """The demo station for (years, seed) at the current schema heads, built on first use."""
    from app.services.demo import build_demo
    from app.services.storage import head_revisions

    heads = "+".join(sorted(head_revisions()))
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-y{years}-s{seed}-{heads}.sqlite3"
    if path.exists():
        return path
    building = folder / f"building-{os.getpid()}-{path.name}"
    log(f"building the {years}-year demo station (seed {seed}) once into {path} …")
    result = build_demo(building, years=years, seed=seed)
    conn = sqlite3.connect(building)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(building) + suffix).unlink(missing_ok=True)
    mark = Path(str(building) + ".committed")  # the file's committed mark goes with it (never left behind)
    if mark.exists():
        os.replace(mark, Path(str(path) + ".committed"))
    os.replace(building, path)
    log(f"  {result.obligations:,} obligations in {result.seconds:.1f} s")
    return path


def work_copy(src: Path, folder: Path) -> Path:
    """A private copy of the cached demo for this run (the app and the backup write next to it)."""
    dst = folder / "station.sqlite3"
    shutil.copyfile(src, dst)
    return dst


# --- start-up and memory (subprocesses) ----------------------------------------------------------

def _probe(kind: str, db: Path, data_dir: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANUPALAN_DATA_DIR=str(data_dir),
               ANUPALAN_LANG="en", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env["BENCH_T0"] = repr(time.time())
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.probes", kind, str(db)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = proc.stdout.readline()
    wall = time.perf_counter() - t0
    proc.stdout.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        report = json.loads(line)
    except ValueError:
        raise RuntimeError(f"the {kind} start probe printed nothing usable (exit {proc.returncode})") from None
    if "error" in report:
        raise RuntimeError(f"the {kind} start probe failed: {report['error']}")
    report["wall"] = wall
    # The child's own high-water mark (VmHWM) when it was ready. Not ru_maxrss: Linux carries the
    # parent's resident size at fork into the child's ru_maxrss across exec, so it would count the bench.
    report["peak_rss_mb"] = report["rss_now_mb"] or usage.ru_maxrss / 1024
    return report


def measure_start(db: Path, runs: int, work: Path) -> dict:
    data_dir = work / "data"
    data_dir.mkdir(exist_ok=True)
    if not quick():
        _probe("bare", db, data_dir)  # warm the OS file cache for both, and let the app catch up once
        _probe("app", db, data_dir)
    bare, app, shown, rss, shell, fresh = [], [], [], [], [], []
    for i in range(runs):  # interleaved, alternating which goes first
        for kind in (("bare", "app") if i % 2 == 0 else ("app", "bare")):
            r = _probe(kind, db, data_dir)
            if kind == "bare":
                bare.append(r["ready"])
            else:
                app.append(r["ready"])
                shown.append(r["shown"])
                rss.append(r["peak_rss_mb"])
                if r.get("shell") is not None:  # the start-up shell drawn (app/ui/shell.py), before the heavy imports
                    shell.append(r["shell"])
                if r.get("fresh") is not None:  # Today's fresh figures painted in place of the saved ones
                    fresh.append(r["fresh"])
    figures = {"start_app_s": median(app), "start_app_shown_s": median(shown), "start_bare_s": median(bare),
               "start_ratio": median(app) / median(bare), "rss_mb": max(rss), "rss_median_mb": median(rss)}
    if shell:
        figures.update(start_shell_s=median(shell), start_shell_ratio=median(shell) / median(bare))
    if fresh:
        figures.update(start_fresh_s=median(fresh), start_fresh_ratio=median(fresh) / median(bare))
    return figures


# --- dashboard counts ----------------------------------------------------------------------------

def _record_statements(db, fn) -> list[tuple[str, tuple]]:
    """The SQL statements (and parameters, as the driver got them) that ``fn`` sends."""
    from sqlalchemy import event

    sent: list[tuple[str, tuple]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, tuple(parameters) if parameters else ()))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return sent


def _replay(conn, statements: list[tuple[str, tuple]]) -> list:
    """The recorded statements on a DB-API connection, in one read transaction as the service's own
    connection runs them (its ``BEGIN`` is issued by the engine's listener, not recorded)."""
    cur = conn.cursor()
    try:
        cur.execute("BEGIN")
        out = [cur.execute(sql, params).fetchall() for sql, params in statements]
        cur.execute("ROLLBACK")
    finally:
        cur.close()
    return out


def _same_rows(counts, replayed: list) -> bool:
    """The replay read what the service summed: every open entry counted once (pending and missed)."""
    grouped = max(replayed, key=len)
    return sum(row[4] for row in grouped) == counts.total.pending + counts.missed


def measure_dashboard(db, path: Path, runs: int) -> dict:
    """``dashboard_counts`` against its own statements replayed through the DB-API on the very connection
    the engine's pool hands the service (same file, same PRAGMAs, same page cache), in CPU time: the
    machine is shared, and wall time would count the waits for a core. Interleaved, many short runs."""
    from app.services import obligations

    counts = obligations.dashboard_counts(db)  # warm: statement caches, page cache
    statements = _record_statements(db, lambda: obligations.dashboard_counts(db))
    if not statements:
        raise RuntimeError("dashboard_counts sent no SQL")
    fairy = db.engine.raw_connection()  # the connection the pool hands the service (it keeps one while idle)
    try:
        same = _same_rows(counts, _replay(fairy.driver_connection, statements))
    finally:
        fairy.close()
    if not same:
        raise RuntimeError("the replayed SQL did not read the rows the service counted")
    svc, raw = [], []
    for i in range(max(runs, 5) * 20):
        for which in (("svc", "raw") if i % 2 == 0 else ("raw", "svc")):
            t0 = time.process_time()
            if which == "svc":
                obligations.dashboard_counts(db)
                svc.append(time.process_time() - t0)
            else:
                fairy = db.engine.raw_connection()
                try:
                    _replay(fairy.driver_connection, statements)
                finally:
                    fairy.close()
                raw.append(time.process_time() - t0)
    s, r = median(svc) * 1000, median(raw) * 1000
    return {"dashboard_ms": s, "dashboard_sqlite3_ms": r, "dashboard_ratio": s / r,
            "dashboard_statements": len(statements)}


# --- pending workbench -------------------------------------------------------------------------

def pending_filters(db) -> dict:
    from app.services import obligations
    from app.services import staff

    people = [p for p in staff.list_persons(db) if p.roles]
    busiest = people[0].id if people else None
    return {
        "pending": obligations.ObligationFilter(),
        "overdue": obligations.ObligationFilter(overdue=True),
        "io_overdue": obligations.ObligationFilter(role="io", overdue=True),
        "person": obligations.ObligationFilter(person_id=busiest),
        "form_any_status": obligations.ObligationFilter(form="IIF-1", statuses=()),
        "everything": obligations.ObligationFilter(statuses=()),
    }


def measure_pending(db, runs: int) -> dict:
    """What the page's first task reads (first ids with a LIMIT, the count, the first page's rows) — the
    time to first rows — and, apart, its second task (the whole ordered id list, read while rows show)."""
    from app.services import obligations
    from app.ui.item_models.page_cache import PAGE_SIZE

    per: dict[str, float] = {}
    whole: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, flt in pending_filters(db).items():
        times, rest = [], []
        for _ in range(max(runs, 3)):
            t0 = time.perf_counter()
            first = obligations.first_ids(db, flt, limit=PAGE_SIZE)
            t1 = time.perf_counter()
            if not first.complete:
                obligations.ids(db, flt)
            times.append(t1 - t0)
            rest.append(time.perf_counter() - t1)
        per[name] = median(times) * 1000
        whole[name] = median(rest) * 1000
        counts[name] = first.total
    worst = max(per, key=per.get)
    return {"pending_first_rows_ms": per[worst], "pending_first_rows_worst_filter": worst,
            "pending_first_rows_by_filter_ms": per, "pending_rows_by_filter": counts,
            "pending_whole_list_by_filter_ms": whole}


def measure_scroll(db) -> dict:
    """Every row of the largest view read through the lazy model, a screenful at a time (what a view
    asks for while painting: the display text of each visible cell)."""
    from PySide6.QtCore import Qt

    from app.services import obligations
    from app.ui.item_models.obligation_table import ObligationTableModel

    model = ObligationTableModel(lambda wanted: obligations.rows(db, wanted))
    t0 = time.perf_counter()
    model.set_ids(obligations.ids(db, obligations.ObligationFilter(statuses=())))
    set_ids = time.perf_counter() - t0
    screen, cols, role = 30, model.columnCount(), Qt.ItemDataRole.DisplayRole
    n = min(model.rowCount(), QUICK_SCROLL_ROWS) if quick() else model.rowCount()
    steps = []
    t_all = time.perf_counter()
    for top in range(0, n, screen):
        t0 = time.perf_counter()
        for r in range(top, min(n, top + screen)):
            for c in range(cols):
                model.data(model.index(r, c), role)
        steps.append(time.perf_counter() - t0)
    total = time.perf_counter() - t_all
    return {"scroll_rows": n, "scroll_total_s": total + set_ids, "scroll_ids_s": set_ids,
            "scroll_screenful_mean_ms": statistics.mean(steps) * 1000 if steps else 0.0,
            "scroll_screenful_worst_ms": max(steps) * 1000 if steps else 0.0,
            "scroll_pages_fetched": model.fetch_count}


# --- checklist ----------------------------------------------------------------------------------

def measure_checklist(runs: int, work: Path) -> dict:
    from app.services.core import clock
    from app.services.reports import DocLang
    from bench import checklist_bench as cb

    data, rows = cb.seeded_data(work, QUICK_CHECKLIST_OBLIGATIONS) if quick() else cb.seeded_data(work)
    clock.pin(None)
    cb.build_once(data, DocLang("both"))  # imports and font loading out of the way
    results = cb.measure(data, cold=True, runs=1 if quick() else max(runs, 3))
    (unshaped, pages), (shaped, _p) = results[False], results[True]
    return {"checklist_rows": rows, "checklist_pages": pages, "checklist_shaped_s": shaped,
            "checklist_unshaped_s": unshaped, "checklist_ratio": shaped / unshaped}


# --- backup with the window's task runner -------------------------------------------------------

def measure_backup(path: Path) -> dict:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from app.services import storage
    from app.ui.tasks import TaskManager

    tasks = TaskManager()
    loop = QEventLoop()
    clock_ = QElapsedTimer()
    state = {"last": 0, "worst": 0, "ticks": 0, "result": None, "error": None}

    def tick() -> None:
        now = clock_.elapsed()
        state["worst"] = max(state["worst"], now - state["last"])
        state["last"] = now
        state["ticks"] += 1

    def done(record) -> None:
        state["result"] = record
        loop.quit()

    def failed(exc) -> None:
        state["error"] = exc
        loop.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    clock_.start()
    timer.start()
    t0 = time.perf_counter()
    tasks.run(lambda: storage.make_backup(path, reason="manual"), on_done=done, on_error=failed)
    loop.exec()
    seconds = time.perf_counter() - t0
    timer.stop()
    tick()
    tasks.shutdown()
    if state["error"] is not None:
        raise RuntimeError(f"backup failed: {state['error']}")
    record = state["result"]
    return {"backup_s": seconds, "backup_ok": bool(record.ok), "backup_mb": path.stat().st_size / 1e6,
            "backup_longest_gui_gap_ms": float(state["worst"]), "backup_gui_ticks": state["ticks"]}


# --- the run ------------------------------------------------------------------------------------

def commit_id() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run(years: int = 5, seed: int = 1, runs: int = 5, only: set[str] | None = None) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    want = (lambda part: only is None or part in only)
    demo = cached_demo(years, seed)
    out: dict = {"commit": commit_id(), "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "years": years, "seed": seed,
                 "runs": runs, "python": platform.python_version(), "machine": platform.machine(),
                 "cpus": os.cpu_count(), "quick": quick()}
    with tempfile.TemporaryDirectory(prefix="anupalan-bench-") as tmp:
        work = Path(tmp)
        path = work_copy(demo, work)
        if want("start"):
            log("start-up (subprocesses) …")
            out.update(measure_start(path, runs, work))
        from app.i18n import set_language
        from app.services.station import open_database
        from app.ui.qapp import create_application

        app = create_application()  # the app's own (its bundled font): the window parts measure what users get
        set_language("en")
        db = open_database(path)
        try:
            out["obligations"] = sqlite3.connect(str(path)).execute("SELECT count(*) FROM obligations").fetchone()[0]
            if want("dashboard"):
                log("dashboard counts …")
                out.update(measure_dashboard(db, path, runs))
            if want("pending"):
                log("pending view …")
                out.update(measure_pending(db, runs))
                out.update(measure_scroll(db))
        finally:
            db.close()
        if want("checklist"):
            log("checklist …")
            (work / "checklist").mkdir()
            out.update(measure_checklist(runs, work / "checklist"))
        if want("backup"):
            log("backup …")
            out.update(measure_backup(path))
        if want("reconcile"):
            log("reconciling a CAS list of 5,000 rows …")
            from bench import reconcile_bench

            out.update(reconcile_bench.measure(demo, QUICK_RECONCILE_ROWS if quick() else 5000,
                                               1 if quick() else max(1, min(runs, 3))))
        if want("import"):
            from bench.import_bench import measure_import

            log("import: 10,000 register rows, dry run …")
            (work / "import").mkdir()  # its own copy: the one above carries its committed mark beside it
            out.update(measure_import(work_copy(demo, work / "import"), *(
                (QUICK_IMPORT_ROWS, QUICK_IMPORT_WRITE) if quick() else ())))
        from bench import window_bench

        if want("language"):
            log("language switch …")
            out.update(window_bench.measure_language(work_copy(demo, work), runs))
        if want("close"):
            log("closing (subprocesses) …")
            out.update(window_bench.measure_close(demo, work, max(1, min(runs, 3))))
        del app
        goals = dict(GOALS)
        for name, module in PART_MODULES:
            part = importlib.import_module(module)
            goals.update(part.GOALS)
            if want(name):
                log(f"{name} …")
                out.update(part.measure(demo, work, runs))
    out["goals"] = {k: {"goal": g, "value": out[k], "met": out[k] <= g} for k, g in goals.items() if k in out}
    return out


def describe(r: dict) -> str:
    def line(label, value, unit, floor=None, ratio=None, goal=None):
        s = f"{label:<34} {value:>9.3f} {unit:<3}"
        if floor is not None:
            s += f"  floor {floor:>8.3f} {unit:<3} ratio {ratio:5.2f}x"
        if goal:
            s += f"  (goal {goal})"
        return s

    out = [f"Anupalan bench — commit {r['commit']}, {r.get('obligations', 0):,} obligations "
           f"({r['years']}-year demo, seed {r['seed']}), medians of {r['runs']} runs"]
    if "start_ratio" in r:
        out.append(line("cold start to ready main window", r["start_app_s"], "s", r["start_bare_s"],
                        r["start_ratio"], "<= 3x"))
        out.append(f"{'  (window shown at)':<34} {r['start_app_shown_s']:>9.3f} s")
        if "start_shell_s" in r:
            out.append(line("cold start to the start-up shell", r["start_shell_s"], "s", r["start_bare_s"],
                            r["start_shell_ratio"], "<= 2x"))
        if "start_fresh_s" in r:
            out.append(line("cold start to fresh figures", r["start_fresh_s"], "s", r["start_bare_s"],
                            r["start_fresh_ratio"]))
        out.append(line("peak RSS, app with the demo open", r["rss_mb"], "MB", goal="<= 200 MB"))
    if "dashboard_ratio" in r:
        out.append(line("dashboard counts", r["dashboard_ms"], "ms", r["dashboard_sqlite3_ms"], r["dashboard_ratio"],
                        "<= 1.5x and < 50 ms"))
    if "pending_first_rows_ms" in r:
        out.append(line("pending first rows (slowest filter)", r["pending_first_rows_ms"], "ms", goal="< 100 ms")
                   + f"  [{r['pending_first_rows_worst_filter']}]")
        for name, v in r["pending_first_rows_by_filter_ms"].items():
            rest = r.get("pending_whole_list_by_filter_ms", {}).get(name, 0.0)
            out.append(f"    {name:<30} {v:>9.3f} ms  ({r['pending_rows_by_filter'][name]:,} rows)"
                       + (f"  then the whole id list in {rest:.1f} ms" if rest else ""))
        out.append(f"{'full scroll through the lazy model':<34} {r['scroll_total_s']:>9.3f} s    "
                   f"{r['scroll_rows']:,} rows, screenful mean {r['scroll_screenful_mean_ms']:.2f} ms, "
                   f"worst {r['scroll_screenful_worst_ms']:.1f} ms")
    if "checklist_ratio" in r:
        out.append(line(f"checklist {r['checklist_rows']} rows, shaped", r["checklist_shaped_s"], "s",
                        r["checklist_unshaped_s"], r["checklist_ratio"], "<= 1.3x"))
    if "import_dry_run_s" in r:
        out.append(line(f"import dry run, {r['import_rows']:,} rows", r["import_dry_run_s"], "s", goal="<= 10 s")
                   + f"  (read+map {r['import_read_map_s']:.2f} s, plan {r['import_plan_s']:.2f} s)")
        if "import_write_s" in r:
            out.append(line(f"import of {r['import_write_rows']} rows", r["import_write_s"], "s")
                       + f"  (same file again {r['import_same_file_s']:.2f} s, no-op {r['import_same_file_noop']})")
    if "backup_s" in r:
        out.append(line(f"backup of {r['backup_mb']:.0f} MB", r["backup_s"], "s")
                   + f"  longest GUI gap {r['backup_longest_gui_gap_ms']:.0f} ms (10 ms timer)")
    if "language_switch_ms" in r:
        out.append(line("language switch, window frozen", r["language_switch_ms"], "ms", r["language_floor_ms"],
                        r["language_switch_ms"] / max(r["language_floor_ms"], 1e-3), "<= 200 ms")
                   + f"  Today {r['language_switch_dashboard_ms']:.0f} ms, Pending {r['language_switch_pending_ms']:.0f} ms"
                   f" (settled {r['language_switch_dashboard_settled_ms']:.0f} / {r['language_switch_pending_settled_ms']:.0f} ms)")
        if "language_switch_cpu_ms" in r:  # the same stretches in the GUI thread's CPU time (no waits for a core)
            out.append(line("  the same, GUI thread's CPU time", r["language_switch_cpu_ms"], "ms",
                            r["language_floor_cpu_ms"],
                            r["language_switch_cpu_ms"] / max(r["language_floor_cpu_ms"], 1e-3))
                       + f"  Today {r['language_switch_dashboard_cpu_ms']:.0f} ms, "
                         f"Pending {r['language_switch_pending_cpu_ms']:.0f} ms")
    if "close_file_free_s" in r:
        out.append(line("Ctrl+Q to the window gone", r["close_window_gone_s"], "s", goal="<= 0.5 s"))
        out.append(line("Ctrl+Q to the file free", r["close_file_free_s"], "s", r["close_copy_floor_s"],
                        r["close_file_free_s"] / r["close_copy_floor_s"], "<= 2 s")
                   + f"  (closing backup verified at {r['close_backup_done_s']:.1f} s)")
    if "reconcile_s" in r:
        c = r["reconcile_counts"]
        out.append(line(f"reconcile {r['reconcile_rows']:,} CAS rows", r["reconcile_s"], "s", goal="<= 5 s")
                   + f"  read {r['reconcile_read_s']:.2f} s, match {r['reconcile_match_s']:.2f} s; matched "
                   f"{c['matched']:,}, differ {c['differ']:,}, review {c['review']:,}, only in CAS {c['only_there']:,}")
    for _name, module in PART_MODULES:
        out.extend(importlib.import_module(module).describe(r))
    missed = [k for k, g in r.get("goals", {}).items() if not g["met"]]
    out.append("goals: " + ("all met" if not missed else "NOT met: " + ", ".join(missed)))
    return "\n".join(out)


def save(result: dict, out: Path | None = None) -> Path:
    from app.services.core.atomic import write_text

    path = out or RESULTS / f"{result['commit']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(result, indent=2, sort_keys=True) + "\n")
    return path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=int, default=5, help="runs per figure (medians)")
    p.add_argument("--years", type=int, default=5, help="years of the demo station")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", help="comma-separated: " + ",".join(PARTS))
    p.add_argument("--out", type=Path, help="write the figures here (default bench/results/<commit>.json)")
    p.add_argument("--no-save", action="store_true", help="do not write a results file")


def main(args: argparse.Namespace) -> int:
    only = set(args.only.split(",")) if args.only else None
    result = run(years=args.years, seed=args.seed, runs=max(1, args.runs), only=only)
    if not args.no_save:
        result["saved_to"] = str(save(result, args.out))
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    else:
        sys.stdout.write(describe(result) + "\n")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Anupalan benchmark")
    add_arguments(parser)
    parser.add_argument("--json", action="store_true")
    raise SystemExit(main(parser.parse_args()))
