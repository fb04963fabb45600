"""The command line's figures for the bench: whole processes timed in pairs against their floor.

Each figure is a command run as its own process (``python -m app …``, as a user types it) against the floor
``python -c "import sqlalchemy.orm"`` (what any command that reads the database must import), run
alternately, ``runs`` times each (the first of each unmeasured: the OS file cache warm); medians. The
machine is shared: only the medians and the ratios of the same run mean anything.

- cli_help: ``anupalan --help`` (goal ≤ 0.3 s)
- cli_pending: ``pending --role io --overdue --json`` (goal ≤ 1.5× the floor)
- cli_checklist: ``checklist --lang hi --out FILE`` end to end (goal ≤ 1 s)
- cli_compliance / cli_pendency: ``report compliance|pendency --lang hi`` for the last full month

    .venv/bin/python -m bench.cli_bench DB [--root SOURCE_TREE] [--runs N]   (alone, e.g. on an older tree)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ["-c", "import sqlalchemy.orm"]
GOALS = {"cli_help_s": 0.3, "cli_pending_ratio": 1.5, "cli_checklist_s": 1.0, "bundle_mb": 150.0}


def _last_month(db: Path) -> tuple[str, str]:
    """The last full calendar month before the station's latest entry's due day (dates as typed)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        latest = conn.execute("SELECT max(created_at) FROM obligations").fetchone()[0]
    finally:
        conn.close()
    day = dt.date.fromisoformat(str(latest)[:10]) if latest else dt.date.today()
    end = day.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    return start.strftime("%d.%m.%Y"), end.strftime("%d.%m.%Y")


def commands(db: Path, out: Path) -> dict[str, list[str]]:
    start, end = _last_month(db)
    d = ["--db", str(db)]
    return {
        "cli_help": ["-m", "app", "--help"],
        "cli_pending": ["-m", "app", "pending", "--role", "io", "--overdue", "--json", *d],
        "cli_checklist": ["-m", "app", "checklist", "--lang", "hi", "--out", str(out / "checklist.pdf"), *d],
        "cli_compliance": ["-m", "app", "report", "compliance", "--lang", "hi", "--from", start, "--to", end,
                           "--out", str(out / "compliance.pdf"), *d],
        "cli_pendency": ["-m", "app", "report", "pendency", "--lang", "hi", "--from", start, "--to", end,
                         "--out", str(out / "pendency.pdf"), *d],
    }


def _time(args: list[str], root: Path, env: dict) -> tuple[float, float]:
    """The command's wall time and its CPU time (user + system: what a busy machine disturbs least)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], cwd=root, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed (exit {proc.returncode}): {err.strip()[-500:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def measure_cli(db: Path, work: Path, runs: int, root: Path = ROOT) -> dict:
    """Every command against the floor, in pairs, alternating which goes first."""
    out = work / "cli-out"
    out.mkdir(parents=True, exist_ok=True)
    data = work / "cli-data"
    data.mkdir(exist_ok=True)
    env = dict(os.environ, ANUPALAN_LANG="en", ANUPALAN_DATA_DIR=str(data))
    env.pop("PYTHONPATH", None)  # the tree under test comes from the working folder (python -m app)
    # the app's modules compiled once, as an installed app ships them (the floor's SQLAlchemy is): with
    # PYTHONDONTWRITEBYTECODE set, every run of the tree under test compiled its ~300 modules again (~0.3 s)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result: dict = {}
    floors: list[float] = []
    quick = os.environ.get("ANUPALAN_BENCH_QUICK") == "1"  # bench --quick (bench/run.py): no warm-up runs
    # --quick checks that every figure is made: its one floor process serves every command (a full run times
    # each command against floors run alternately with it)
    quick_floor = [_time(FLOOR, root, env)] if quick else None
    for name, args in commands(db, out).items():
        if not quick:
            _time(FLOOR, root, env), _time(args, root, env)  # warm: the file cache, the catch-up to today
        cmd, floor = [], []
        for i in range(runs):
            for which in (("cmd", "floor") if i % 2 == 0 else ("floor", "cmd")):
                if which == "floor" and quick_floor:
                    floor.extend(quick_floor)
                    continue
                (cmd if which == "cmd" else floor).append(_time(args if which == "cmd" else FLOOR, root, env))
        wall, cpu = statistics.median(c[0] for c in cmd), statistics.median(c[1] for c in cmd)
        floor_wall, floor_cpu = statistics.median(f[0] for f in floor), statistics.median(f[1] for f in floor)
        result.update({f"{name}_s": wall, f"{name}_floor_s": floor_wall, f"{name}_ratio": wall / floor_wall,
                       f"{name}_cpu_s": cpu, f"{name}_floor_cpu_s": floor_cpu, f"{name}_cpu_ratio": cpu / floor_cpu})
        floors.extend(f[0] for f in floor)
    result["cli_floor_s"] = statistics.median(floors)
    return result


def bundle_size(root: Path = ROOT) -> dict:
    """The one-folder bundle's size when a build is present (dist/anupalan)."""
    folder = root / "dist" / "anupalan"
    if not folder.is_dir():
        return {}
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return {"bundle_mb": total / 1e6}


def measure(demo: Path, work: Path, runs: int) -> dict:
    """The bench part (bench/run.py PART_MODULES): the command line's figures on a copy of the demo, and the
    bundle's size when a build is present."""
    folder = work / "cli"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "station.sqlite3"
    shutil.copyfile(demo, db)
    mark = demo.with_name(demo.name + ".committed")
    if mark.exists():
        shutil.copyfile(mark, db.with_name(db.name + ".committed"))
    result = measure_cli(db, folder, runs)
    result.update(bundle_size())
    return result


def describe(r: dict) -> list[str]:
    lines = []
    labels = {"cli_help": ("anupalan --help", "<= 0.3 s"),
              "cli_pending": ("pending --role io --overdue --json", "<= 1.5x"),
              "cli_checklist": ("checklist --lang hi, end to end", "<= 1 s"),
              "cli_compliance": ("report compliance --lang hi, 1 month", None),
              "cli_pendency": ("report pendency --lang hi, 1 month", None)}
    for key, (label, goal) in labels.items():
        if f"{key}_s" in r:
            s = (f"{label:<40} {r[key + '_s']:>7.3f} s   floor (import sqlalchemy.orm) {r[key + '_floor_s']:.3f} s"
                 f"  ratio {r[key + '_ratio']:5.2f}x")
            if key + "_cpu_s" in r:
                s += f"  [CPU {r[key + '_cpu_s']:.3f} s vs {r[key + '_floor_cpu_s']:.3f} s: {r[key + '_cpu_ratio']:.2f}x]"
            lines.append(s + (f"  (goal {goal})" if goal else ""))
    if "bundle_mb" in r:
        lines.append(f"{'one-folder bundle (dist/anupalan)':<40} {r['bundle_mb']:>7.1f} MB  (goal <= 150 MB)")
    return lines


def main() -> int:
    p = argparse.ArgumentParser(description="the command line's figures, whole processes in pairs")
    p.add_argument("db", type=Path, help="a demo station (copied; the copy is used)")
    p.add_argument("--root", type=Path, default=ROOT, help="the source tree whose app is timed")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--work", type=Path, help="a scratch folder (default: a new one in /tmp)")
    args = p.parse_args()
    import tempfile

    work = args.work or Path(tempfile.mkdtemp(prefix="anupalan-cli-bench-"))
    db = work / "station.sqlite3"
    shutil.copyfile(args.db, db)
    mark = args.db.with_name(args.db.name + ".committed")
    if mark.exists():
        shutil.copyfile(mark, db.with_name(db.name + ".committed"))
    r = measure_cli(db, work, max(1, args.runs), args.root.resolve())
    r.update(bundle_size(args.root.resolve()))
    sys.stdout.write("\n".join(describe(r)) + "\n" + json.dumps(r, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
