"""Backups a person asks for, and restoring into the open database, through the backup package."""

from __future__ import annotations

import pytest

from app.services import backup, staff, storage
from app.services.access import Actor
from app.services.core.errors import UserError


FILE_ONLY = pytest.mark.sqlite_only("copies of the SQLite file; on a server pg_dump does backups")


def _people(db) -> list[str]:
    return [p.name for p in staff.list_persons(db)]


@FILE_ONLY
def test_a_person_without_the_right_cannot_make_a_backup_and_nothing_is_written(station_db):
    clerk = staff.add_person(station_db, "Mohan Lal", "Constable", "7001")
    before = storage.list_backups(station_db.storage.path)
    with pytest.raises(UserError):
        backup.backup_now(station_db, actor=Actor(person_id=clerk.id, label="Mohan Lal"))
    assert storage.list_backups(station_db.storage.path) == before


@FILE_ONLY
def test_backup_now_and_copy_now_make_verified_copies(station_db, tmp_path):
    record = backup.backup_now(station_db)
    assert record.ok and record.reason == "manual" and storage.integrity_ok(record.path)[0]
    (tmp_path / "usb").mkdir()  # a drive that is plugged in
    second = backup.copy_now(station_db, tmp_path / "usb")
    assert second.ok and second.path.is_relative_to(tmp_path / "usb")


@FILE_ONLY
def test_restore_into_gives_a_database_on_the_restored_data_and_keeps_the_lock(station_db):
    staff.add_person(station_db, "Before Backup", "SI", "7002")
    made = backup.backup_now(station_db)
    staff.add_person(station_db, "After Backup", "SI", "7003")
    lock = storage.acquire(station_db.storage.path)
    station_db.lock = lock
    with pytest.raises(backup.RestoreNeedsConfirmation):  # it loses "After Backup": said, nothing changed
        backup.restore_into(station_db, made.file)
    assert "After Backup" in _people(station_db)  # still usable after the refusal
    new, result = backup.restore_into(station_db, made.file, confirm=True)
    try:
        assert "Before Backup" in _people(new) and "After Backup" not in _people(new)
        assert result.safety_backup and new.lock is lock and station_db.lock is None
    finally:
        new.close()


@pytest.mark.postgresql_only("a database on a server")
def test_on_a_server_backups_say_why_they_do_not_apply(station_db, tmp_path):
    for ask in (lambda: backup.backup_now(station_db), lambda: backup.copy_now(station_db, tmp_path),
                lambda: backup.restore_into(station_db, tmp_path / "x.sqlite3")):
        with pytest.raises(UserError) as refused:
            ask()
        assert "pg_dump" in refused.value.message
