"""What ``--db`` may name, and what a station file that is empty or cut short is: damage, said plainly with the
backup to restore, never a new station built over it. Paths the file system cannot hold are a message."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services import storage

pytestmark = pytest.mark.sqlite_only("the station's SQLite file itself")

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(capsys, tmp_path):
    path = tmp_path / "station.sqlite3"
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", path)[0] == 0
    assert run(capsys, "staff", "add", "--name", "Ram", "--rank", "HC", "--db", path)[0] == 0
    return path


# --- #6: an empty or cut-short station file is damage ----------------------------------------------
def test_an_emptied_station_file_is_damage_and_the_backup_is_offered(capsys, station):
    made = storage.make_backup(station)
    for side in ("-wal", "-shm"):
        station.with_name(station.name + side).unlink(missing_ok=True)
    station.write_bytes(b"")
    code, out, err = run(capsys, "check", "--db", station)
    assert code == 1 and "DAMAGED" in out and "empty" in out and made.file in out
    code, out, err = run(capsys, "staff", "list", "--db", station)
    assert code == 2 and "empty" in err and made.file in err and "restore" in err
    assert station.stat().st_size == 0  # no schema was built in its place
    check = storage.startup_check(station)
    assert check.status == "damaged" and "empty" in check.detail and check.latest_backup == made.file
    code, out, err = run(capsys, "init", "--station", "New", "--district", "X", "--db", station)
    assert code == 2 and station.stat().st_size == 0
    # the recovery: restore the backup over it; the empty file is kept aside
    code, out, err = run(capsys, "restore", made.file, "--db", station)
    assert code == 0, err
    assert "kept as" in out and run(capsys, "check", "--db", station)[0] == 0


def test_a_station_file_cut_short_is_damage(capsys, station):
    con = sqlite3.connect(station)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    size = station.stat().st_size
    with open(station, "r+b") as fh:
        fh.truncate(size // 2)
    code, out, _err = run(capsys, "check", "--db", station)
    assert code == 1 and "cut short" in out
    code, _out, err = run(capsys, "staff", "list", "--db", station)
    assert code == 2 and "cut short" in err
    assert storage.startup_check(station).status == "damaged"


def test_a_new_station_file_is_private_and_complete_or_absent(capsys, tmp_path):
    path = tmp_path / "new" / "station.sqlite3"
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", path)[0] == 0
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    if os.name == "posix":  # SQLite gives its -wal and -shm the database file's mode
        from app.services.station import open_database
        from app.services.staff import add_person

        with open_database(path) as db:
            add_person(db, "Ram", "HC", "1")
            for side in ("-wal", "-shm"):
                assert stat.S_IMODE(path.with_name(path.name + side).stat().st_mode) == 0o600
    names = sorted(p.name for p in path.parent.iterdir() if not p.is_dir())
    assert "station.sqlite3" in names and not [n for n in names if ".new-" in n]  # no scratch file left


# --- #16: what --db names must be an ordinary file -------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_db_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.sqlite3"
    os.mkfifo(fifo)
    for argv in (["staff", "list"], ["check"], ["backup"], ["init", "--station", "A", "--district", "B"]):
        done = subprocess.run([sys.executable, "-m", "app", *argv, "--db", str(fifo)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (argv, done.stderr)
        assert "not an ordinary file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_dangling_symlink_as_db_is_refused_and_creates_nothing(capsys, tmp_path):
    link = tmp_path / "station.sqlite3"
    target = tmp_path / "elsewhere.sqlite3"
    link.symlink_to(target)
    for argv in (["staff", "list"], ["init", "--station", "A", "--district", "B"], ["check"]):
        code, _out, err = run(capsys, *argv, "--db", link)
        assert code == 2 and "does not exist" in err and "link" in err, (argv, err)
    assert not target.exists()


# --- #13: a path the file system cannot hold --------------------------------------------------------
def test_path_components_over_255_bytes_are_a_message(capsys, station, tmp_path):
    long = "क" * 100  # 300 bytes in UTF-8
    made = storage.make_backup(station)
    assert made.ok
    for argv in (["restore", tmp_path / f"{long}.sqlite3"],
                 ["restore", made.file, "--preview", "--lang", "en", "--db"],
                 ["backup", "--to", tmp_path / long],
                 ["checklist", "--out", tmp_path / f"{long}.pdf"]):
        code, _out, err = run(capsys, *argv, *([tmp_path / f"{long}.sqlite3"] if argv[-1] == "--db"
                                               else ["--db", station]))
        assert code == 2 and "too long" in err, (argv[0], err)
    code, _out, err = run(capsys, "staff", "list", "--db", tmp_path / f"{long}.sqlite3")
    assert code == 2 and "too long" in err
