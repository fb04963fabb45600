"""The options every command takes work before the command as after it (`anupalan --db F pending`)."""

from __future__ import annotations

import json

import pytest

from app.cli import globals_after_command, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, expected", [
    (["--db", "F", "pending"], ["pending", "--db", "F"]),
    (["--db=F", "--json", "staff", "list"], ["staff", "list", "--db=F", "--json"]),
    (["--lang", "hi", "--user", "sho", "done", "1", "--cas-ref", "R"],
     ["done", "1", "--cas-ref", "R", "--lang", "hi", "--user", "sho"]),
    (["--db", "F", "case", "add", "--", "-5"], ["case", "add", "--db", "F", "--", "-5"]),
    (["pending", "--db", "F"], ["pending", "--db", "F"]),  # already after: unchanged
    (["--db", "F"], ["--db", "F"]),  # no command: argparse says so
    (["--db", "F", "--bogus", "pending"], ["--db", "F", "--bogus", "pending"]),  # unknown option: as typed
    (["--db"], ["--db"]),
])
def test_the_line_is_reordered(argv, expected):
    assert globals_after_command(argv) == expected


def test_db_before_the_command_means_the_same(capsys, tmp_path):
    db = str(tmp_path / "s.sqlite3")
    code, out, err = run(capsys, "--db", db, "--json", "init", "--station", "Kotwali", "--district", "Lucknow")
    assert code == 0 and json.loads(out)["name"] == "Kotwali", err
    before = run(capsys, "--db", db, "--json", "catalogue", "--role", "io")
    after = run(capsys, "catalogue", "--role", "io", "--db", db, "--json")
    assert before == after and before[0] == 0 and len(json.loads(before[1])) == 6


def test_no_command_after_the_options_is_refused(capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(tmp_path / "s.sqlite3"))
    assert code == 2 and "Error:" in err and not (tmp_path / "s.sqlite3").exists()
