"""``pending`` as its own process (``python -m app``), which ends without tearing the interpreter down
(``may_exit_quickly``): the entries its catch-up made are in the file afterwards, and its list is whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _app(*argv) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, argv)], capture_output=True, text=True, cwd=ROOT)


def test_what_pending_made_is_kept_and_its_list_is_whole(tmp_path, capsys):
    db = tmp_path / "station.sqlite3"
    # the station made in this process (the commands that are processes of their own are the ones checked below)
    assert main(["init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(db)]) == 0
    assert main(["staff", "add", "--name", "Ram", "--rank", "HC", "--db", str(db)]) == 0
    capsys.readouterr()
    first = _app("pending", "--json", "--db", db)  # a new station: today's recurring duties are made first
    assert first.returncode == 0, first.stderr
    listed = json.loads(first.stdout)
    assert listed and first.stdout.endswith("]\n")
    again = _app("catch-up", "--json", "--db", db)
    assert again.returncode == 0 and json.loads(again.stdout)["pending"] == 0, again.stdout + again.stderr
    table = _app("pending", "--db", db)
    assert table.returncode == 0 and f"{len(listed)} entries;" in table.stdout, table.stdout + table.stderr
