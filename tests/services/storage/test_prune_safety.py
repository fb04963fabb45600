"""Pruning deletes only copies this app made, inside their backup folder (#12), and keeps older generations
on a second destination by time tiers, never only by count (#10)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from app.services import storage
from app.services.core import clock
from app.services.storage import backups as backups_module

pytestmark = pytest.mark.sqlite_only("backups are copies of the SQLite file")


def log_entries(db_path):
    return json.loads(storage.log_path(db_path).read_text(encoding="utf-8"))


def forge(db_path, **entry):
    """Add a record to the backup log by hand, as anyone who can write the folder could."""
    data = log_entries(db_path)
    base = {"seq": 1, "created_at": "2020-01-01 10:00:00", "reason": "manual", "ok": True, "detail": "ok",
            "destination": "primary"}
    base.update(entry)
    data.append(base)
    storage.log_path(db_path).write_text(json.dumps(data), encoding="utf-8")


def test_a_log_entry_naming_the_live_database_never_gets_it_deleted(station_db, tmp_path):
    path = station_db.path
    first = storage.make_backup(path)
    precious = tmp_path / "precious.sqlite3"
    precious.write_bytes(path.read_bytes())
    lookalike = tmp_path / "anupalan-000002-20200101-100000-manual.sqlite3"  # our name, outside the folder
    lookalike.write_bytes(path.read_bytes())
    forge(path, seq=2, file=str(path))
    forge(path, seq=3, file=str(precious))
    forge(path, seq=4, file=str(lookalike))
    forge(path, seq=5, file=str(path.with_name(path.name + "-wal")))
    for _ in range(4):
        assert storage.make_backup(path).ok
    assert path.exists() and storage.check_database(path).ok
    assert precious.exists() and lookalike.exists()
    assert first.path.exists()
    con = sqlite3.connect(path)
    assert con.execute("select count(*) from stations").fetchone()[0] == 1
    con.close()
    # the same for the second destination's pruning
    drive = tmp_path / "usb"
    drive.mkdir()
    forge(path, seq=90, file=str(path), destination="second")
    for _ in range(3):
        assert storage.copy_to(path, drive, keep=1).ok
    assert path.exists() and storage.check_database(path).ok


def test_ten_quick_copies_to_a_drive_keep_the_older_generations(station_db, tmp_path):
    drive = tmp_path / "usb"
    drive.mkdir()
    older = []
    for days in (40, 9, 3, 1):
        clock.pin(dt.datetime(2026, 3, 20, 9, 0) - dt.timedelta(days=days))
        older.append(storage.copy_to(station_db.path, drive))
    clock.pin(dt.datetime(2026, 3, 20, 10, 0))
    today = [storage.copy_to(station_db.path, drive, keep=3) for _ in range(10)]
    left = {p.name for p in (drive / backups_module.SECOND_FOLDER / station_db.path.stem).glob("*.sqlite3")}
    assert {r.path.name for r in older} <= left  # every earlier day's copy is still there
    assert {r.path.name for r in today[-3:]} <= left and len(left) == len(older) + 3


def test_the_last_verified_copy_of_an_earlier_day_is_never_pruned(station_db):
    path = station_db.path
    clock.pin(dt.datetime(2026, 3, 19, 18, 0))
    yesterday = storage.make_backup(path)
    clock.pin(dt.datetime(2026, 3, 20, 10, 0))
    for _ in range(5):
        storage.make_backup(path)
    settings = storage.BackupSettings(keep_all_hours=0, daily=0, weekly=0, monthly=0)
    storage.prune_backups(path, settings)
    assert yesterday.path.exists()


def test_recovery_never_offers_a_file_the_log_names_outside_our_copies(station_db, tmp_path):
    path = station_db.path
    good = storage.make_backup(path)
    stranger = tmp_path / "stranger.sqlite3"
    stranger.write_bytes(path.read_bytes())
    forge(path, seq=50, file=str(stranger), created_at="2099-01-01 10:00:00")
    forge(path, seq=51, file=str(path), created_at="2099-01-01 10:00:00")
    assert storage.latest_verified(path) == good
