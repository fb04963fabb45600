#!/usr/bin/env python3
"""Crash harness: kill a writing Anupalan with SIGKILL at random moments, then check the file.

A child process opens the station database with the app's own settings (WAL, synchronous=FULL) and
commits real service writes (a person added with its audit row, a role assigned) in a loop; every so
often it makes a verified backup. After each commit returns, it prints the committed person id. The
parent kills it at a random moment, then checks:

- ``PRAGMA integrity_check`` of the database is "ok" and it opens with the app;
- every person the child reported as committed is present (durability);
- the audit hash chain is unbroken (atomicity across the rows of one transaction);
- every file under a backup's name passes its own integrity check (no half-written backups).

Usage: python scripts/crash_harness.py --kills 1000 [--seed 1] [--max-delay-ms 400] [--keep DIR]
Prints one line per failure and a summary figure; exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(db_path: Path) -> None:
    from app.services import staff
    from app.services.storage import make_backup
    from app.services.station import open_database

    db = open_database(db_path, seed=False)
    tag = os.getpid()
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        person = staff.add_person(db, f"Harness {tag}-{i}", "HC", f"{tag}-{i}")
        print(f"done {person.id}", flush=True)
        if i % 3 == 0:
            staff.assign_role(db, person.id, "mohrir", "2026-01-01")
        if i % 25 == 0:
            make_backup(db_path, reason="interval")


def _reader(stream, done: list[int], ready: threading.Event) -> None:
    for line in stream:
        if line.startswith("ready"):
            ready.set()
        elif line.startswith("done "):
            done.append(int(line.split()[1]))


def check(db_path: Path, confirmed: set[int], seen_backups: set[str]) -> list[str]:
    from app.services.audit import verify_chain
    from app.services.station import open_database
    from app.services.storage import backups_dir_for, integrity_ok

    problems = []
    ok, detail = integrity_ok(db_path)
    if not ok:
        return [f"integrity: {detail}"]
    conn = sqlite3.connect(db_path)
    try:
        present = {r[0] for r in conn.execute("SELECT id FROM persons")}
    finally:
        conn.close()
    missing = confirmed - present
    if missing:
        problems.append(f"{len(missing)} confirmed commits missing, e.g. {sorted(missing)[:5]}")
    db = open_database(db_path, seed=False)
    try:
        with db.session() as s:
            chain = verify_chain(s)
        if chain:
            problems.append(f"audit chain broken: {chain[:2]}")
    finally:
        db.close()
    leftovers = [f.name for f in backups_dir_for(db_path).glob("*.part*")]
    if len(leftovers) > 3:  # one interrupted copy (with its journal) at most; the next backup removes it
        problems.append(f"{len(leftovers)} scratch files pile up in the backups folder: {leftovers[:4]}")
    for f in backups_dir_for(db_path).glob("*.sqlite3"):
        if f.name in seen_backups:  # a named backup never changes after its rename
            continue
        seen_backups.add(f.name)
        good, why = integrity_ok(f)
        if not good:
            problems.append(f"backup {f.name}: {why}")
    return problems


def run(kills: int, seed: int, max_delay_ms: int, workdir: Path, quiet: bool = False) -> dict:
    from app.services.station import open_database
    from app.services.station import init_station

    rng = random.Random(seed)
    db_path = workdir / "crash.sqlite3"
    db = open_database(db_path)
    init_station(db, "Crash Harness", "Test")
    db.close()
    confirmed: set[int] = set()
    seen_backups: set[str] = set()
    failures: list[str] = []
    started = time.monotonic()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    for n in range(1, kills + 1):
        done: list[int] = []
        ready = threading.Event()
        if hasattr(os, "fork"):  # fork: the child starts in milliseconds, with the app already imported
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: write until killed
                try:
                    os.close(read_fd)
                    sys.stdout = os.fdopen(write_fd, "w", buffering=1)
                    child(db_path)
                finally:
                    os._exit(1)
            os.close(write_fd)
            stream = os.fdopen(read_fd, "r")
            kill, wait = (lambda: os.kill(pid, signal.SIGKILL)), (lambda: os.waitpid(pid, 0))
        else:  # pragma: no cover - a fresh interpreter where fork is missing
            proc = subprocess.Popen([sys.executable, __file__, "--child", str(db_path)], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
            stream, kill, wait = proc.stdout, proc.kill, proc.wait
        t = threading.Thread(target=_reader, args=(stream, done, ready), daemon=True)
        t.start()
        if not ready.wait(60):
            kill()
            failures.append(f"kill {n}: child did not start")
            break
        time.sleep(rng.uniform(0, max_delay_ms) / 1000)
        kill()
        wait()
        t.join(10)
        stream.close()
        confirmed.update(done)
        problems = check(db_path, confirmed, seen_backups)
        for p in problems:
            failures.append(f"kill {n}: {p}")
            if not quiet:
                print(f"kill {n}: {p}", flush=True)
        if problems:
            break
        if not quiet and n % 50 == 0:
            print(f"{n} kills, {len(confirmed)} confirmed commits, all present", flush=True)
    return {"kills": n if kills else 0, "confirmed_commits": len(confirmed), "failures": failures,
            "seconds": round(time.monotonic() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay-ms", type=int, default=400)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child))
        return 0
    if args.keep:
        workdir = Path(args.keep)
        workdir.mkdir(parents=True, exist_ok=True)
        result = run(args.kills, args.seed, args.max_delay_ms, workdir)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(args.kills, args.seed, args.max_delay_ms, Path(tmp))
    print(f"crash harness: {result['kills']} SIGKILLs, {result['confirmed_commits']} confirmed commits, "
          f"{len(result['failures'])} failures (integrity, lost commits, audit chain, backups) "
          f"in {result['seconds']} s")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
