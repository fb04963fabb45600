"""Backups: store settings, verified copies, the log, failures with clear messages, second destination."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sqlite3
import stat

import pytest

from app.services import backup, storage
from app.services.storage import backups as snapshot_backups, snapshot
from app.services.core import clock
from app.services import storage
from app.services.station import open_database
from app.services.core.errors import UserError
from app.services.storage import backups_dir_for, integrity_ok

pytestmark = pytest.mark.sqlite_only("backups are verified copies of the SQLite file (its backup API, PRAGMA "
                                     "settings); on a server pg_dump does backups")


def rows(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'select * from "{t}" order by rowid').fetchall()
                for (t,) in con.execute("select name from sqlite_master where type='table'")}
    finally:
        con.close()


def add_people(db, n, start=0):
    from app.services.staff import add_person

    for i in range(start, start + n):
        add_person(db, f"Person {i}", "HC", f"P{i}")


def test_store_settings_are_the_safe_ones(db):
    with db.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_backups_and_log_are_private(station_db):
    assert stat.S_IMODE(station_db.path.stat().st_mode) == 0o600
    rec = storage.make_backup(station_db.path)
    assert stat.S_IMODE(rec.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(storage.log_path(station_db.path).stat().st_mode) == 0o600


def test_backup_is_verified_recorded_and_complete(station_db):
    add_people(station_db, 5)
    rec = storage.make_backup(station_db.path, reason="manual")
    assert rec.ok and rec.available and rec.detail == "ok"
    assert rec.path.parent == backups_dir_for(station_db.path)
    assert rows(rec.path) == rows(station_db.path)
    assert rec.counts["persons"] == 5 and rec.size == rec.path.stat().st_size
    assert integrity_ok(rec.path) == (True, "ok")
    logged = json.loads(storage.log_path(station_db.path).read_text())
    assert logged[-1]["file"] == rec.file and logged[-1]["ok"] is True
    assert storage.last_good(station_db.path) == rec


def test_backups_are_numbered_not_dated_so_a_reset_clock_cannot_reorder_them(station_db):
    clock.pin(dt.datetime(2026, 5, 1, 10, 0))
    first = storage.make_backup(station_db.path)
    clock.pin(dt.datetime(2001, 1, 1, 0, 0))  # CMOS battery died
    second = storage.make_backup(station_db.path)
    assert second.seq == first.seq + 1
    assert storage.list_backups(station_db.path)[0] == second
    assert first.path.exists() and second.path.exists()


def test_a_lost_log_never_makes_a_backup_overwrite_another(station_db):
    first = storage.make_backup(station_db.path)
    storage.log_path(station_db.path).write_text("{ not json")
    second = storage.make_backup(station_db.path)
    assert second.seq > first.seq and first.path.exists()


def pad(path, n=200):
    con = sqlite3.connect(path)
    con.executemany("insert into settings(key, value) values (?, ?)", [(f"pad{i}", "x" * 2000) for i in range(n)])
    con.commit()
    con.close()


def test_damaged_database_gives_a_failed_record_and_no_backup_file(station_db, tmp_path):
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    rec = storage.make_backup(station_db.path)
    assert not rec.ok and rec.detail
    assert not rec.path.exists() and not list(backups_dir_for(station_db.path).glob("*.part"))
    assert storage.list_backups(station_db.path)[0].ok is False
    assert storage.last_good(station_db.path) is None


def damage(path, from_fraction=0.0):
    """Overwrite every other page after the first few (or after ``from_fraction`` of the file) with garbage."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = path.stat().st_size
    start = max(4096 * 3, int(size * from_fraction) // 4096 * 4096)
    with open(path, "r+b") as fh:
        for offset in range(start, size - 4096, 4096 * 2):
            fh.seek(offset)
            fh.write(os.urandom(4096))


@pytest.mark.parametrize("code, needle", [
    (errno.ENOSPC, "disk is full"),
    (errno.EROFS, "read-only"),
    (errno.EACCES, "permission denied"),
])
def test_io_failure_during_backup_is_clear_and_harmless(station_db, monkeypatch, code, needle):
    add_people(station_db, 3)
    before = rows(station_db.path)
    good = storage.make_backup(station_db.path)

    real_replace = os.replace

    def failing_replace(src, dst, *args, **kw):  # the copy fails; the small log write still works
        if str(src).endswith(".part"):
            raise OSError(code, os.strerror(code))
        return real_replace(src, dst, *args, **kw)

    monkeypatch.setattr(snapshot.os, "replace", failing_replace)
    with pytest.raises(UserError) as info:
        storage.make_backup(station_db.path)
    monkeypatch.undo()
    assert needle in info.value.message and "unchanged" in info.value.message
    assert rows(station_db.path) == before
    assert integrity_ok(station_db.path)[0]
    assert not list(backups_dir_for(station_db.path).glob("*.part"))
    assert storage.last_good(station_db.path) == good  # the earlier copy is untouched
    assert storage.list_backups(station_db.path)[0].ok is False  # the failure is on record


def test_sqlite_reporting_a_full_disk_is_a_clear_message(station_db, monkeypatch):
    real_connect = sqlite3.connect

    class FullTarget:
        def __init__(self, conn):
            self._conn = conn

        def __getattr__(self, name):
            return getattr(self._conn, name)

    def connect(target, *a, **kw):
        conn = real_connect(target, *a, **kw)
        if str(target).endswith(".part"):
            raise sqlite3.OperationalError("database or disk is full")
        return conn

    monkeypatch.setattr(snapshot.sqlite3, "connect", connect)
    with pytest.raises(UserError) as info:
        storage.make_backup(station_db.path)
    assert "disk is full" in info.value.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_backup_folder(station_db):
    folder = backups_dir_for(station_db.path)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError) as info:
            storage.make_backup(station_db.path)
        assert "permission denied" in info.value.message
    finally:
        folder.chmod(0o700)
    assert integrity_ok(station_db.path)[0]


def test_missing_usb_drive_is_a_clear_message_and_creates_nothing(station_db, tmp_path):
    drive = tmp_path / "usb-drive-E"
    with pytest.raises(UserError) as info:
        storage.copy_to(station_db.path, drive)
    assert str(drive) in info.value.message and "not available" in info.value.message
    assert not drive.exists()
    with pytest.raises(UserError):
        storage.copy_to(station_db.path, "")


def test_second_destination_gets_verified_copies_and_keeps_its_newest(station_db, tmp_path):
    drive = tmp_path / "usb"
    drive.mkdir()
    made = [storage.copy_to(station_db.path, drive, keep=2) for _ in range(4)]
    assert all(r.ok and r.destination == "second" for r in made)
    folder = drive / snapshot_backups.SECOND_FOLDER / station_db.path.stem  # one subfolder per database file
    assert sorted(p.name for p in folder.glob("*.sqlite3")) == sorted(r.path.name for r in made[-2:])
    assert storage.last_good(station_db.path, "second") == made[-1]
    assert storage.last_good(station_db.path) is None  # the primary folder has none yet


def test_automatic_backup_is_due_only_after_a_change_and_the_interval(station_db):
    settings = storage.BackupSettings(interval_minutes=30)
    clock.pin(dt.datetime(2026, 3, 1, 10, 0))
    assert storage.backup_due(station_db.path, settings)  # never backed up
    storage.make_backup(station_db.path, reason="interval")
    clock.pin(dt.datetime(2026, 3, 1, 11, 0))
    assert not storage.backup_due(station_db.path, settings)  # nothing changed
    add_people(station_db, 1)
    assert storage.backup_due(station_db.path, settings)
    clock.pin(dt.datetime(2026, 3, 1, 11, 0))
    storage.make_backup(station_db.path, reason="interval")
    add_people(station_db, 1, start=10)
    clock.pin(dt.datetime(2026, 3, 1, 11, 10))
    assert not storage.backup_due(station_db.path, settings)  # changed, but only 10 minutes ago
    clock.pin(dt.datetime(2019, 1, 1))  # the clock went back: do not wait for it to catch up
    assert storage.backup_due(station_db.path, settings)
    assert not storage.backup_due(station_db.path, storage.BackupSettings(interval_minutes=0))


def test_scheduled_run_reports_a_missing_drive_without_failing(station_db, tmp_path):
    storage.save_settings(station_db.path, storage.validated(second_dir=str(tmp_path / "gone"), interval_minutes=5))
    result = storage.run_scheduled(station_db.path)
    assert result.primary is not None and result.primary.ok
    assert result.second is None
    assert any("not available" in m for m in result.messages)


def test_settings_validate_save_and_survive_a_bad_file(db_path, tmp_path):
    s = storage.validated(daily="7", weekly=3, interval_minutes="15", on_close=False, second_dir=" /media/usb ")
    assert (s.daily, s.weekly, s.interval_minutes, s.on_close, s.second_dir) == (7, 3, 15, False, "/media/usb")
    for bad in ({"daily": "-1"}, {"monthly": "many"}, {"interval_minutes": 10**9}, {"on_close": "yes"},
                {"second_dir": "a\x00b"}, {"colour": 1}):
        with pytest.raises(UserError):
            storage.validated(**bad)
    storage.save_settings(db_path, s)
    assert storage.load_settings(db_path) == s
    (backups_dir_for(db_path) / "backup-settings.json").write_text("[garbage")
    assert storage.load_settings(db_path) == storage.BackupSettings()


def test_bulk_change_guard_makes_a_copy_or_refuses(station_db):
    rec = storage.before_bulk_change(station_db.path, "recompute")
    assert rec.ok and rec.reason == "pre-bulk"
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    with pytest.raises(UserError):
        storage.before_bulk_change(station_db.path, "recompute")


def test_cli_backup_backups_and_missing_drive(capsys, station_db, tmp_path):
    from app.cli import main

    path = str(station_db.path)
    assert main(["backup", "--db", path, "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["ok"] and os.path.exists(made["file"])
    assert main(["backups", "--db", path, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in listed] == [made["file"]]
    assert main(["backup", "--to", str(tmp_path / "no-drive"), "--db", path]) == 2
    out, err = capsys.readouterr()
    assert "not available" in err and out == ""
    assert main(["backups", "--db", path, "--lang", "hi"]) == 0
    assert made["file"] in capsys.readouterr().out


def test_a_finished_copy_the_log_missed_is_adopted(station_db):
    first = storage.make_backup(station_db.path)
    log = storage.log_path(station_db.path)
    log.write_text("[]")  # as if the power went after the rename, before the log was saved
    second = storage.make_backup(station_db.path)
    files = [r.file for r in storage.list_backups(station_db.path)]
    assert files == [second.file, first.file]
    assert storage.list_backups(station_db.path)[1].ok and storage.list_backups(station_db.path)[1].counts


def test_each_database_file_has_its_own_backups(tmp_path):
    """The demo station and the real station in one folder: neither is offered the other's backup."""
    from app.services.storage import latest_verified, list_backups, make_backup
    from app.services.station import init_station

    real, demo = tmp_path / "anupalan.sqlite3", tmp_path / "demo-station.sqlite3"
    for path, name in ((real, "Kotwali"), (demo, "Demo")):
        db = open_database(path)
        init_station(db, name, "Agra")
        db.close()
    make_backup(demo, reason="manual")
    assert latest_verified(real) is None
    assert [r.reason for r in list_backups(real)] == []
    make_backup(real, reason="manual")
    assert latest_verified(real).path.parent != latest_verified(demo).path.parent
    assert all(r.path.parent == backups_dir_for(demo) for r in list_backups(demo) if r.path)


def test_two_databases_copying_to_one_usb_drive_keep_both(tmp_path):
    from app.services.storage import copy_to
    from app.services.station import init_station

    usb = tmp_path / "usb"
    usb.mkdir()
    paths = [tmp_path / "a" / "anupalan.sqlite3", tmp_path / "b" / "demo-station.sqlite3"]
    records = []
    for path in paths:
        db = open_database(path)
        init_station(db, path.stem, "Agra")
        db.close()
        records.append(copy_to(path, usb))
    assert records[0].path != records[1].path
    assert records[0].path.exists() and records[1].path.exists()
