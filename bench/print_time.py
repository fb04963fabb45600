"""Print time of each document, end to end from the CLI, on a demo station: best of N runs, wall and CPU
(user + system) seconds, each run a fresh process as a user's would be.

    .venv/bin/python bench/print_time.py DEMO.sqlite [runs] [lang]

Give it a copy of a demo file (``python -m app demo --years 5``). The goal (issue 17) is under 1.5 s wall
per document. On a loaded machine wall time grows with the load; CPU time shows what the program itself
spends. The slip of one person is the busiest person's (the most pending entries).
"""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def busiest(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT person_id FROM obligations WHERE status = 'pending' AND person_id IS NOT NULL "
                           "GROUP BY person_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    return int(row[0])


def documents(db: Path) -> dict[str, list[str]]:
    return {"checklist": ["checklist"],
            "slip (one person)": ["slip", "--person", str(busiest(db))],
            "slips (all)": ["slip", "--all"],
            "compliance report": ["report", "compliance", "--from", "2026-11-01", "--to", "2026-11-30"],
            "pendency report": ["report", "pendency", "--from", "2026-11-01", "--to", "2026-11-30"],
            "attendance sheet": ["attendance-sheet", "--month", "2026-11"]}


def run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    db = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    lang = sys.argv[3] if len(sys.argv) > 3 else "hi"
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{db.name}, --lang {lang}, best of {runs} runs")
        for name, args in documents(db).items():
            out = Path(tmp) / "doc.pdf"
            results = [run([*args, "--db", str(db), "--lang", lang, "--out", str(out)]) for _ in range(runs)]
            wall, cpu = min(r[0] for r in results), min(r[1] for r in results)
            print(f"  {name:20s} wall {wall:5.2f} s   cpu {cpu:5.2f} s   {'ok' if wall < 1.5 else 'OVER 1.5 s'}",
                  flush=True)


if __name__ == "__main__":
    main()
