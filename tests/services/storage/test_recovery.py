"""Start-up check, guided recovery, restore with preview, the instance lock, newer and failing schemas."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest

from app.services import backup, storage
from app.services.station import open_database
from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError, UserError
from app.services.storage import DatabaseInUseError, acquire, is_locked
from app.services.storage import integrity_ok
from tests.services.storage.test_backup import add_people, damage, pad, rows

pytestmark = pytest.mark.sqlite_only("recovery, restore and the instance lock of an SQLite file")


def names(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("select name from persons order by id")]
    finally:
        con.close()


# --- start-up check ------------------------------------------------------------------------
def test_startup_check_ok_missing_newer(station_db, tmp_path):
    assert storage.startup_check(station_db.path).status == "ok"
    assert storage.startup_check(tmp_path / "none.sqlite3").status == "missing"
    station_db.close()
    con = sqlite3.connect(station_db.path)
    con.execute("insert into alembic_version values ('9999_future')")
    con.commit()
    con.close()
    check = storage.startup_check(station_db.path)
    assert check.status == "newer" and "newer version" in check.detail


def test_damaged_file_offers_the_latest_verified_backup(station_db):
    add_people(station_db, 2)
    older = storage.make_backup(station_db.path)
    newest = storage.make_backup(station_db.path)
    newest.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # the newest copy rotted on disk
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    check = storage.startup_check(station_db.path)
    assert check.status == "damaged" and check.detail
    assert check.latest_backup == older.file


def test_not_a_database_is_damaged_not_a_crash(tmp_path):
    p = tmp_path / "station.sqlite3"
    p.write_bytes(b"PK\x03\x04 a zip file, not a database" * 50)
    check = storage.startup_check(p)
    assert check.status == "damaged" and check.latest_backup is None


def test_export_reads_what_it_can_and_leaves_the_damaged_file_alone(station_db, tmp_path):
    add_people(station_db, 4)
    station_db.close()
    pad(station_db.path, 300)
    damage(station_db.path, from_fraction=0.6)  # the padding rows at the end of the file
    assert not integrity_ok(station_db.path)[0]
    before = station_db.path.read_bytes()
    result = storage.export_readable(station_db.path, tmp_path / "export")
    assert station_db.path.read_bytes() == before
    folder = tmp_path / "export" / os.path.basename(result.folder)
    assert (folder / "README.txt").exists()
    assert result.tables  # some tables could be read
    for table, n in result.tables.items():
        lines = (folder / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) >= 1 + min(n, 1)  # header + rows (a row may span lines only if it holds newlines)
    assert result.tables.get("roles") == 5 and result.tables.get("persons") == 4
    assert "settings" in result.errors  # the damaged table is reported, with what could be read


# --- restore -------------------------------------------------------------------------------
def test_preview_shows_date_station_and_counts(station_db):
    add_people(station_db, 3)
    rec = storage.make_backup(station_db.path)
    info = storage.preview(rec.file, station_db.path)
    assert info.integrity_ok and not info.newer
    assert info.created_at == rec.created_at and info.station == "Kotwali Nagar, Lucknow"
    assert info.counts["persons"] == 3 and set(info.revisions) == storage.head_revisions()


def test_restore_takes_a_safety_copy_first_and_brings_the_data_back(station_db):
    add_people(station_db, 2)
    rec = storage.make_backup(station_db.path)
    add_people(station_db, 3, start=10)
    current = rows(station_db.path)
    station_db.close()
    with pytest.raises(backup.RestoreNeedsConfirmation) as refused:
        backup.restore_backup(station_db.path, rec.file)
    assert [c.code for c in refused.value.consequences] == ["older"] and "3 recorded changes" in refused.value.message
    assert rows(station_db.path) == current
    result = backup.restore_backup(station_db.path, rec.file, confirm=True)
    assert names(station_db.path) == ["Person 0", "Person 1"]
    assert result.safety_backup and rows(result.safety_backup) == current  # nothing lost
    assert integrity_ok(station_db.path)[0]
    con = sqlite3.connect(station_db.path)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    last = con.execute("select action, after from audit_entries order by seq desc limit 1").fetchone()
    con.close()
    assert last[0] == "backup.restore" and json.loads(last[1])["safety_backup"] == result.safety_backup
    db = open_database(station_db.path)  # the restored file opens normally
    db.close()


def test_restore_over_a_damaged_file_moves_it_aside_untouched(station_db):
    add_people(station_db, 2)
    rec = storage.make_backup(station_db.path)
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    damaged_bytes = station_db.path.read_bytes()
    result = backup.restore_backup(station_db.path, rec.file)
    assert result.safety_backup is None and result.moved_aside
    kept = [p for p in result.moved_aside if p.endswith(".damaged-" + p.split(".damaged-")[1]) and "-wal" not in p
            and "-shm" not in p]
    assert open(kept[0], "rb").read() == damaged_bytes
    assert names(station_db.path) == ["Person 0", "Person 1"]


def test_on_a_drive_without_hard_links_the_damaged_file_is_copied_aside(station_db, monkeypatch):
    """The damaged file keeps its name until the restored one replaces it atomically: where the drive cannot
    link (FAT), it is copied aside, never renamed away first (a kill then would leave no file, and the next
    start would take the station for a new one)."""
    add_people(station_db, 2)
    rec = storage.make_backup(station_db.path)
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    damaged_bytes = station_db.path.read_bytes()

    def no_links(*_a, **_k):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    replace = os.replace
    live = str(station_db.path)

    def watched(src, dst, *a, **k):
        assert str(src) != live, "the live file was renamed away before its replacement was in place"
        if str(dst) == live:
            assert os.path.exists(live)
        return replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", watched)
    result = backup.restore_backup(station_db.path, rec.file)
    kept = [p for p in result.moved_aside if p.endswith(tuple("0123456789"))]
    assert len(kept) == 1 and open(kept[0], "rb").read() == damaged_bytes
    assert names(station_db.path) == ["Person 0", "Person 1"]


def test_restore_refuses_bad_backups_and_changes_nothing(station_db, tmp_path):
    add_people(station_db, 1)
    before = rows(station_db.path)
    station_db.close()
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database " * 100)
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copyfile(station_db.path, damaged)
    pad(damaged)
    damage(damaged)
    newer = tmp_path / "newer.sqlite3"
    storage.make_backup(station_db.path)
    shutil.copyfile(storage.last_good(station_db.path).path, newer)
    con = sqlite3.connect(newer)
    con.execute("insert into alembic_version values ('9999_future')")
    con.commit()
    con.close()
    blank = tmp_path / "blank.sqlite3"
    sqlite3.connect(blank).execute("create table t(x)").connection.close()
    count = len(storage.list_backups(station_db.path))
    for bad, error in ((tmp_path / "missing.sqlite3", UserError), (text, DatabaseDamagedError),
                       (damaged, DatabaseDamagedError), (newer, DatabaseNewerError), (blank, UserError),
                       (station_db.path, UserError)):
        with pytest.raises(error):
            backup.restore_backup(station_db.path, bad)
    assert rows(station_db.path) == before
    assert len(storage.list_backups(station_db.path)) == count  # no safety copy for a refused restore


def test_cli_restore_preview_and_restore(capsys, station_db):
    from app.cli import main

    add_people(station_db, 1)
    rec = storage.make_backup(station_db.path)
    add_people(station_db, 1, start=5)
    station_db.close()
    path = str(station_db.path)
    assert main(["restore", rec.file, "--preview", "--db", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["persons"] == 1
    assert len(names(station_db.path)) == 2  # a preview changes nothing
    assert main(["restore", rec.file, "--db", path]) == 2
    assert "--confirm-consequence" in capsys.readouterr().err
    assert main(["restore", rec.file, "--db", path, "--confirm-consequence"]) == 0
    assert "kept in" in capsys.readouterr().out
    assert names(station_db.path) == ["Person 0"]
    assert main(["restore", path + ".nope", "--db", path]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_restore_refuses_while_the_window_has_the_database(capsys, station_db):
    from app.cli import main

    rec = storage.make_backup(station_db.path)
    with acquire(station_db.path):
        assert main(["restore", rec.file, "--db", str(station_db.path)]) == 2
    assert "already open" in capsys.readouterr().err


# --- one writer ----------------------------------------------------------------------------
def test_second_instance_is_refused_clearly_and_can_read(db_path):
    first = open_database(db_path, lock=True)
    try:
        assert is_locked(db_path)
        with pytest.raises(DatabaseInUseError) as info:
            open_database(db_path, lock=True)
        assert str(os.getpid()) in info.value.message and "read-only" in info.value.message
        assert info.value.holder.pid == os.getpid()
        reader = open_database(db_path, readonly=True)
        from app.services.catalogue import list_duties

        assert len(list_duties(reader)) == 69
        reader.close()
    finally:
        first.close()
    assert not is_locked(db_path)
    open_database(db_path, lock=True).close()


def test_lock_dies_with_its_process(db_path, tmp_path):
    import subprocess
    import sys

    code = ("import sys, time; from pathlib import Path; from app.services.storage import acquire; "
            "l = acquire(Path(sys.argv[1])); print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db_path)], stdout=subprocess.PIPE, text=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert is_locked(db_path)
    finally:
        proc.kill()
        proc.wait()
    assert not is_locked(db_path)  # no stale lock after a crash


# --- schema upgrades -----------------------------------------------------------------------
def test_newer_file_is_refused_untouched_and_not_backed_up(station_db):
    station_db.close()
    con = sqlite3.connect(station_db.path)
    con.execute("insert into alembic_version values ('9999_future')")
    con.commit()
    con.close()
    before = station_db.path.read_bytes()
    with pytest.raises(DatabaseNewerError):
        open_database(station_db.path)
    assert station_db.path.read_bytes() == before
    assert storage.list_backups(station_db.path) == []


def test_failing_upgrade_keeps_every_row_and_a_backup_was_taken(tmp_path, monkeypatch):
    from tests.services.storage.test_schema_fixtures import FIXTURES, _rows

    path = tmp_path / "station.sqlite3"
    shutil.copyfile(next(f for f in FIXTURES if f.stem == "0001"), path)
    before = _rows(path)
    from tests.services.storage.migration_tools import migrations_with_extra

    migrations_with_extra(tmp_path, monkeypatch, "zz_broken",
                          "    op.execute('DELETE FROM persons')\n    op.execute('INSERT INTO no_such_table VALUES (1)')")
    with pytest.raises(UserError) as info:
        open_database(path)
    assert "rolled back" in info.value.message
    assert _rows(path) == before and storage.file_revisions(path) == {"0001"}
    pre = storage.list_backups(path)
    assert pre and pre[0].reason == "pre-migration" and _rows(pre[0].path) == before
