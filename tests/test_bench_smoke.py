"""The benchmark harness runs end to end on a one-year demo station (issue 10). Not a timed test: it checks
that ``python -m app bench --json --quick`` prints one JSON object with every figure, each a positive number.
``--quick`` runs every part on small inputs, once, without warm-up runs (bench/run.py QUICK_*): the same code as
a full run, a tenth of the work. Its demo station (one year, seed 1, today) is the one the UI tests walk, built once
per test run and put in the bench's cache as a run before this one would have left it; the cache's own build is
checked apart, with a stand-in for the seconds-long build."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.cli import main
from tests.ui.demo_station import ui_demo

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
KEYS = ("start_ratio", "start_app_s", "start_bare_s", "dashboard_ms", "dashboard_sqlite3_ms", "dashboard_ratio",
        "pending_first_rows_ms", "scroll_total_s", "checklist_ratio", "checklist_shaped_s", "checklist_unshaped_s",
        "backup_s", "backup_longest_gui_gap_ms", "rss_mb", "language_switch_ms", "language_floor_ms",
        "close_window_gone_s", "close_file_free_s", "close_backup_done_s", "close_copy_floor_s", "reconcile_s")


def _heads() -> str:
    from app.services.storage import head_revisions

    return "+".join(sorted(head_revisions()))


@pytest.fixture
def cache(tmp_path, tmp_path_factory):
    """A bench cache holding the one-year seed-1 demo at today's schema heads (bench/run.py cached_demo's name)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    shutil.copyfile(ui_demo(tmp_path_factory), folder / f"demo-y1-s1-{_heads()}.sqlite3")
    return folder / f"demo-y1-s1-{_heads()}.sqlite3"


def test_bench_json_on_a_one_year_demo(tmp_path, cache):
    cached = cache.stat()
    env = dict(os.environ, ANUPALAN_BENCH_CACHE=str(cache.parent), QT_QPA_PLATFORM="offscreen")
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
    for name in ("cli_help", "cli_pending", "cli_checklist", "cli_compliance", "cli_pendency"):  # each with its floor
        assert result[f"{name}_s"] > 0 and result[f"{name}_floor_s"] > 0 and result[f"{name}_cpu_ratio"] > 0, name
    assert json.loads(out.read_text(encoding="utf-8"))["dashboard_ms"] == result["dashboard_ms"]
    now = cache.stat()  # the cached demo was used as it was: not built again, not changed (each part works on a copy)
    assert (now.st_size, now.st_mtime_ns) == (cached.st_size, cached.st_mtime_ns), "the cached demo is reused"
    assert [p.name for p in cache.parent.glob("*.sqlite3")] == [cache.name]


def test_the_demo_station_is_built_once_into_the_cache(tmp_path, tmp_path_factory, monkeypatch):
    """bench/run.py cached_demo: the first run builds the demo under a name of its own, folds its journal in and
    moves it to the cache's name for (years, seed, heads); the next run takes it as it is, built no more."""
    from app.services import demo as demo_service
    from bench import run

    builds = []
    source = ui_demo(tmp_path_factory)  # built (or found) before the build is replaced below

    def build_demo(path, *, years, seed):  # the real build (seconds) is tested in tests/services/demo
        builds.append((Path(path).name, years, seed))
        shutil.copyfile(source, path)
        conn = sqlite3.connect(path)  # the build leaves its last writes in the journal beside the file
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("CREATE TABLE bench_probe (x)")
        conn.execute("INSERT INTO bench_probe VALUES (42)")
        conn.commit()
        assert Path(str(path) + "-wal").stat().st_size > 0
        Path(str(path) + ".committed").write_bytes(b"the app's committed mark")  # as the app's build leaves it
        return SimpleNamespace(obligations=conn.execute("SELECT count(*) FROM obligations").fetchone()[0], seconds=1.0)

    monkeypatch.setenv("ANUPALAN_BENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(demo_service, "build_demo", build_demo)
    path = run.cached_demo(1, 3)
    assert path == tmp_path / "cache" / f"demo-y1-s3-{_heads()}.sqlite3"
    assert len(builds) == 1 and builds[0][0].startswith("building-") and builds[0][1:] == (1, 3)
    assert sorted(p.name for p in path.parent.glob("*.sqlite3*")) == [path.name, path.name + ".committed"], \
        "no journal, no half-built file, the mark moved with the file"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("SELECT x FROM bench_probe").fetchone() == (42,)  # the journal was folded in
    conn.close()
    assert run.cached_demo(1, 3) == path and len(builds) == 1, "built once"
    assert run.cached_demo(1, 4) != path and len(builds) == 2  # another seed is another station


def test_bench_refuses_unknown_parts(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANUPALAN_BENCH_CACHE", str(tmp_path / "cache"))
    assert main(["bench", "--only", "startup,paint"]) == 2
    assert "paint" in capsys.readouterr().err
    assert not (tmp_path / "cache").exists()
