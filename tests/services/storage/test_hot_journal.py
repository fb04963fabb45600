"""A change interrupted in rollback-journal mode (a kill during the switch to WAL, or inside a backup copy
that is still in rollback mode) leaves a hot ``-journal``: every entry point rolls it back with a read-write
open before judging the file, so a sound file is never called damaged."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services import storage

pytestmark = [pytest.mark.sqlite_only("the rollback journal of an SQLite file"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]

# The child changes every person's name in one transaction that spills pages into the file (a tiny cache),
# then is killed before it commits: the file holds half-written pages and the journal the old ones.
CHILD = r"""
import os, signal, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size=2")
con.execute("BEGIN")
con.execute("UPDATE settings SET value = hex(randomblob(1500))")
con.execute("UPDATE persons SET name = 'CHANGED'")
os.kill(os.getpid(), signal.SIGKILL)
"""


def names(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("select name from persons order by id")]
    finally:
        con.close()


@pytest.fixture
def hot(station_db):
    from tests.services.storage.test_backup import add_people, pad

    add_people(station_db, 3)
    station_db.close()
    path = Path(station_db.path)
    pad(path, 300)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")  # as a backup copy is stored
    con.close()
    before = names(path)
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT)
    assert done.returncode != 0
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    return path, before


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_start_up_check_rolls_a_hot_journal_back_and_calls_the_file_sound(hot):
    path, before = hot
    check = storage.startup_check(path)
    assert check.status == "ok", check
    assert names(path) == before and not path.with_name(path.name + "-journal").exists()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_check_and_a_read_only_command_roll_it_back_too(hot, capsys):
    path, before = hot
    assert main(["check", "--db", str(path)]) == 0, capsys.readouterr()
    assert "Integrity: ok" in capsys.readouterr().out
    assert names(path) == before


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_read_only_open_rolls_it_back_before_reading(hot):
    from app.services.station import open_database

    path, before = hot
    with open_database(path, readonly=True, migrate=False, seed=False) as db:
        from app.services.staff import list_persons

        assert sorted(p.name for p in list_persons(db)) == sorted(before)


# The hostile test's own case: kills while the file switches between rollback mode (as backups are stored) and
# WAL (as the app opens it). The child switches back and forth as fast as it can; each kill may leave a hot
# journal, and whatever it leaves, the file must be judged sound.
SWITCHER = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA synchronous=FULL")
print("ready", flush=True)
while True:
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("UPDATE settings SET value = value WHERE rowid % 7 = 0")
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("UPDATE settings SET value = value WHERE rowid % 5 = 0")
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kills_during_the_switch_to_wal_never_make_a_sound_file_damaged(station_db):
    import random
    import signal
    import time

    from tests.services.storage.test_backup import pad

    station_db.close()
    path = Path(station_db.path)
    pad(path, 100)
    rng = random.Random(16)
    hot = rounds = 0
    # At least 20 kills, and on until one has left a journal behind: where a kill lands depends on how busy the
    # machine is (on a loaded one the first 20 may all land between transactions), so the count of kills is
    # not fixed, only what each must leave: a sound file. The bound only stops a run that can never hit.
    while rounds < 20 or (not hot and rounds < 400):
        rounds += 1
        child = subprocess.Popen([sys.executable, "-c", SWITCHER, str(path)], stdout=subprocess.PIPE)
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        journal = path.with_name(path.name + "-journal")
        hot += journal.exists() and journal.stat().st_size > 0
        check = storage.startup_check(path)
        assert check.status == "ok", check
    assert hot, rounds  # some kills did leave a journal behind (else this test proves nothing)
