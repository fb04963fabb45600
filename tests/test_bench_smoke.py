"""The benchmark harness runs end to end on a one-year demo station (issue 10). Not a timed test: it checks
that ``python -m app bench --json --quick`` prints one JSON object with every figure, each a positive number.
``--quick`` runs every part on small inputs, once, without warm-up runs (bench/run.py QUICK_*): the same code as
a full run, a tenth of the work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = ("start_ratio", "start_app_s", "start_bare_s", "dashboard_ms", "dashboard_sqlite3_ms", "dashboard_ratio",
        "pending_first_rows_ms", "scroll_total_s", "checklist_ratio", "checklist_shaped_s", "checklist_unshaped_s",
        "backup_s", "backup_longest_gui_gap_ms", "rss_mb", "language_switch_ms", "language_floor_ms",
        "close_window_gone_s", "close_file_free_s", "close_backup_done_s", "close_copy_floor_s", "reconcile_s")


def test_bench_json_on_a_one_year_demo(tmp_path):
    env = dict(os.environ, ANUPALAN_BENCH_CACHE=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    out = tmp_path / "result.json"
    proc = subprocess.run([sys.executable, "-m", "app", "bench", "--json", "--quick", "--years", "1", "--runs", "1",
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stdout[-2000:]
    result = json.loads(lines[0])
    for key in KEYS:
        value = result[key]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), key
        assert value > 0, (key, value)
    assert result["obligations"] > 1000
    assert result["backup_ok"] is True
    assert result["quick"] is True
    assert result["scroll_rows"] == min(result["obligations"], 2000)  # --quick scrolls the first 2,000 rows
    assert result["checklist_rows"] > 50 and result["reconcile_rows"] == 500 and result["import_rows"] == 1000
    assert set(result["goals"]) >= {"start_ratio", "dashboard_ms", "rss_mb", "checklist_ratio"}
    assert json.loads(out.read_text(encoding="utf-8"))["dashboard_ms"] == result["dashboard_ms"]
    assert list((tmp_path / "cache").glob("demo-y1-s1-*.sqlite3")), "the demo station is cached for the next run"


def test_bench_refuses_unknown_parts(tmp_path):
    env = dict(os.environ, ANUPALAN_BENCH_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "app", "bench", "--only", "startup,paint"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "paint" in proc.stderr
    assert not (tmp_path / "cache").exists()
