"""Know what was committed (issue 16 #7): the audit head kept beside the file finds a database that lost
committed work — a damaged WAL that SQLite silently stops reading, an older copy put in place, another
file swapped in — at the next open, says it plainly, refuses to write over the evidence and offers the
newest good backup; a restore and a migration move the mark with the file, so nobody cries wolf."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services import staff
from app.services.storage import (
    LostCommitsError,
    compare_committed,
    make_backup,
    open_store,
    read_mark,
    record_committed,
    startup_check,
)
from app.services.storage import committed

pytestmark = pytest.mark.sqlite_only("the mark is kept beside an SQLite file")


def persons(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from persons").fetchone()[0]
    finally:
        conn.close()


def crash_copy(path: Path, folder: Path) -> Path:
    """The files as a power cut would leave them while a connection holds the WAL open."""
    folder.mkdir()
    for suffix in ("", "-wal", committed.SUFFIX):
        src = path.with_name(path.name + suffix)
        if src.exists():
            shutil.copyfile(src, folder / src.name)
    return folder / path.name


def test_a_flipped_byte_in_the_wal_that_loses_committed_work_is_found(tmp_path, capsys):
    path = tmp_path / "station.sqlite3"
    open_store(path).close()
    holder = sqlite3.connect(path)  # like the window: a connection open, so the WAL is not checkpointed away
    holder.execute("select 1 from persons").fetchall()
    db = open_store(path)
    try:
        for i in range(5):
            staff.add_person(db, f"Person {i}", "HC")
        mark = read_mark(path)
        assert mark is not None and mark.seq >= 5
        copy = crash_copy(path, tmp_path / "after")
    finally:
        db.close()
        holder.close()
    wal = copy.with_name(copy.name + "-wal")
    data = bytearray(wal.read_bytes())
    data[32 + 24 + 100] ^= 0x01  # frame 1's page: its checksum fails, SQLite ignores it and every frame after
    wal.write_bytes(bytes(data))

    assert persons(copy) == 0  # the defect: five committed adds silently gone, and the file looks fine
    found = compare_committed(copy)
    assert not found.ok and "Committed work is missing" in found.detail and f"#{mark.seq}" in found.detail
    with pytest.raises(LostCommitsError):
        open_store(copy)  # a read-write open would checkpoint the damaged WAL away: refused
    assert wal.exists() and wal.read_bytes() == bytes(data)  # the evidence is kept
    open_store(copy, readonly=True).close()  # reading what is left still works

    check = startup_check(copy)  # the window's start-up: "damaged", with the newest good backup offered
    assert check.status == "damaged" and "Committed work is missing" in check.detail
    assert main(["check", "--db", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "Integrity: ok" in out and "Committed work: MISSING" in out


def test_an_older_copy_put_in_place_behind_the_apps_back_is_found(tmp_path):
    path = tmp_path / "station.sqlite3"
    db = open_store(path)
    try:
        staff.add_person(db, "First", "SI")
        old = tmp_path / "old.sqlite3"
        shutil.copyfile(path, old)  # checkpointed on each close? not needed: copy the file after a checkpoint
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(path, old)
        staff.add_person(db, "Second", "SI")
    finally:
        db.close()
    shutil.copyfile(old, path)
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    with pytest.raises(LostCommitsError) as caught:
        open_store(path)
    assert "Committed work is missing" in caught.value.message


def test_an_emptied_file_is_found(tmp_path):
    path = tmp_path / "station.sqlite3"
    with open_store(path) as db:
        staff.add_person(db, "First", "SI")
    path.write_bytes(b"")
    assert not compare_committed(path).ok
    with pytest.raises(LostCommitsError):
        open_store(path)


def test_another_file_with_a_different_history_is_found(tmp_path):
    path, other = tmp_path / "station.sqlite3", tmp_path / "other.sqlite3"
    with open_store(path) as db:
        staff.add_person(db, "Ours", "SI")
    with open_store(other) as db:
        for name in ("Theirs", "More", "Still more"):
            staff.add_person(db, name, "SI")
    shutil.copyfile(other, path)
    with pytest.raises(LostCommitsError) as caught:
        open_store(path)
    assert "not the file that was last saved" in caught.value.message


def test_every_committing_write_moves_the_mark_and_reads_do_not(tmp_path):
    path = tmp_path / "station.sqlite3"
    with open_store(path) as db:
        start = read_mark(path)
        staff.add_person(db, "One", "SI")
        after = read_mark(path)
        assert after.seq > start.seq and after.counter == start.counter + 1
        staff.list_persons(db)
        assert read_mark(path) == after
        with sqlite3.connect(path) as conn:
            head = conn.execute("select seq, hash from audit_entries order by seq desc limit 1").fetchone()
        assert (after.seq, after.head) == tuple(head)


def test_a_restore_and_record_committed_move_the_mark_back(tmp_path):
    path = tmp_path / "station.sqlite3"
    with open_store(path) as db:
        staff.add_person(db, "One", "SI")
        backup = make_backup(path, reason="manual")
        assert backup.ok
        staff.add_person(db, "Two", "SI")
    from app.services.backup import restore_backup

    restore_backup(path, backup.file, confirm=True)  # puts the older file in place: the mark follows it
    with open_store(path) as db:  # no false alarm
        assert [p.name for p in staff.list_persons(db)] == ["One"]
        # an administrator accepting the file as it is (after a restore made by hand) resets the mark
        record_committed(db)
    assert compare_committed(path).ok


def test_a_torn_write_of_the_mark_keeps_the_previous_value(tmp_path):
    path = tmp_path / "x.sqlite3"
    committed.write_mark(path, 3, "a" * 64)
    committed.write_mark(path, 4, "b" * 64)
    raw = bytearray(committed.mark_path(path).read_bytes())
    newest_slot = 0 if b" 4 " in raw[:256] else 1
    raw[newest_slot * 256 + 30] ^= 0xFF  # the newest slot torn
    committed.mark_path(path).write_bytes(bytes(raw))
    assert read_mark(path).seq == 3
    committed.write_mark(path, 2, "c" * 64)  # a late writer never moves the mark back …
    assert read_mark(path).seq == 3
    committed.write_mark(path, 2, "c" * 64, force=True)  # … a restore does
    assert read_mark(path).seq == 2


def test_the_backup_log_keeps_the_head_and_stands_in_when_the_mark_is_gone(tmp_path):
    from app.services.storage import read_log

    path = tmp_path / "station.sqlite3"
    with open_store(path) as db:
        staff.add_person(db, "One", "SI")
        staff.add_person(db, "Two", "SI")
        record = make_backup(path, reason="manual")
        mark = read_mark(path)
    assert record.ok and read_log(path)[-1].audit_head == [mark.seq, mark.head]
    committed.mark_path(path).unlink()  # the mark lost together with …
    with sqlite3.connect(path) as conn:  # … the work since a file that was older than the backup
        conn.execute("delete from audit_entries where seq > 1")
    found = compare_committed(path)
    assert not found.ok and f"#{mark.seq}" in found.detail


def test_an_administrator_may_accept_the_file_as_it_is_and_that_is_audited(tmp_path, capsys):
    path = tmp_path / "station.sqlite3"
    with open_store(path) as db:
        staff.add_person(db, "One", "SI")
        staff.add_person(db, "Two", "SI")
        mark = read_mark(path)
    with sqlite3.connect(path) as conn:
        conn.execute("delete from audit_entries where seq = ?", (mark.seq,))  # the last commit's row lost
    d = ("--db", str(path))
    assert main(["check", "--accept-file", *d]) == 0  # no accounts: the station's own console
    out = capsys.readouterr().out
    assert f"#{mark.seq}" in out and "recorded in its audit trail" in out
    assert compare_committed(path).ok
    with sqlite3.connect(path) as conn:
        action, after = conn.execute("select action, after from audit_entries order by seq desc limit 1").fetchone()
    assert action == "database.accept" and f'"committed_seq": {mark.seq}' in after
    assert main(["check", "--accept-file", *d]) == 2  # nothing left to accept
    assert "nothing to accept" in capsys.readouterr().err
