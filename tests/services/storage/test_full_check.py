"""Damage that SQLite's quick_check does not see (an index that disagrees with its table) is found by the full
integrity_check: at start-up once a day, with every backup (which then fails loudly and keeps the good
generations), and a console command that would write checks the file first."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from app.cli import main
from app.services import storage
from app.services.core import clock
from app.services.storage import assess, full_check
from tests.services.storage.test_backup import add_people, damage, pad

pytestmark = pytest.mark.sqlite_only("SQLite's own integrity checks of the file")


def break_an_index(path):
    """Point an index's definition at another column: every row is then "missing from index" for the full
    check, while quick_check (which does not compare indexes with tables) still says ok."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_audit_entries_action ON audit_entries (entity)' "
                "WHERE name = 'ix_audit_entries_action'")
    con.commit()
    con.close()


@pytest.fixture
def index_damage(station_db):
    add_people(station_db, 3)
    clock.pin(dt.datetime(2026, 3, 19, 9, 0))
    good = storage.make_backup(station_db.path)
    station_db.close()
    clock.pin(dt.datetime(2026, 3, 20, 9, 0))
    break_an_index(station_db.path)
    assert assess(station_db.path, quick=True) == (True, "ok")  # what the old start-up check saw
    return station_db.path, good


def test_start_up_runs_the_full_check_when_a_day_has_passed_and_finds_it(index_damage):
    path, good = index_damage
    clock.pin(dt.datetime(2026, 3, 21, 9, 30))  # the backup's full check was two days ago
    check = storage.startup_check(path)
    assert check.full and check.status == "damaged" and "missing from index" in check.detail
    assert check.latest_backup == good.file
    entry = full_check.last(path)
    assert entry["ok"] is False and entry["at"].startswith("2026-03-21")


def test_a_backup_of_a_damaged_file_fails_loudly_and_keeps_the_good_generations(index_damage, capsys):
    path, good = index_damage
    assert main(["backup", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "integrity check" in err and "missing from index" in err
    assert good.path.exists() and storage.last_good(path) == good  # nothing good was pushed out
    assert storage.list_backups(path)[0].ok is False
    # and the start-up that follows runs the full check again (the last one failed), not only the quick one
    check = storage.startup_check(path)
    assert check.full and check.status == "damaged"


def test_the_full_check_runs_once_a_day_not_at_every_start(station_db):
    path = station_db.path
    station_db.close()
    clock.pin(dt.datetime(2026, 3, 20, 9, 0))
    assert storage.startup_check(path).full
    clock.pin(dt.datetime(2026, 3, 20, 17, 0))
    assert not storage.startup_check(path).full
    clock.pin(dt.datetime(2026, 3, 21, 9, 1))
    assert storage.startup_check(path).full
    clock.pin(dt.datetime(2025, 1, 1, 9, 0))  # a clock set back: the record is "in the future"
    assert storage.startup_check(path).full


def test_a_console_command_that_writes_checks_the_file_first(station_db, capsys):
    add_people(station_db, 2)
    station_db.close()
    path = station_db.path
    pad(path)
    damage(path)
    before = path.read_bytes()
    code = main(["staff", "add", "--name", "New", "--rank", "HC", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "is damaged" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_a_console_write_runs_the_full_check_once_a_day(index_damage, capsys):
    path, _good = index_damage
    clock.pin(dt.datetime(2026, 3, 21, 9, 30))  # the last full check (the backup's) was two days ago
    code = main(["staff", "add", "--name", "New", "--rank", "HC", "--db", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "missing from index" in err
    assert full_check.last(path)["ok"] is False
    assert [r[0] for r in sqlite3.connect(path).execute("select name from persons where name = 'New'")] == []
