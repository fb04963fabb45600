"""Closing: the closing backup holds the file only while it is copied (the lock is released before the copy's
fsync and integrity check), and a window started meanwhile waits with a word instead of saying the file is open
in another window."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import storage
from app.services.staff import add_person
from app.services.storage import snapshot
from app.services.storage.instance_lock import acquire, mark_closing, read_holder

pytestmark = pytest.mark.sqlite_only("the one-writer lock and the backup copy are about the SQLite file")


def test_the_file_is_free_before_the_copy_is_verified(station_db, monkeypatch):
    from app.services.station import open_database

    path = station_db.path
    station_db.close()
    db = open_database(path, lock=True)
    add_person(db, "Naya Sipahi", "Constable")
    seen: list[tuple[str, bool, bool]] = []
    real_ro, real_check = snapshot._ro, snapshot.integrity_ok

    def ro(p):  # the source is read: the window still holds the file, and says it is saving
        if str(p) == str(path):
            holder = read_holder(path)
            seen.append(("copy", storage.is_locked(path), bool(holder and holder.closing)))
        return real_ro(p)

    def check(p, **kw):  # the copy is verified: the file is already free for the next window
        seen.append(("verify", storage.is_locked(path), False))
        return real_check(p, **kw)

    monkeypatch.setattr(snapshot, "_ro", ro)
    monkeypatch.setattr(snapshot, "integrity_ok", check)
    assert storage.close_with_backup(db) is None
    assert seen[0] == ("copy", True, True) and ("verify", False, False) in seen
    last = storage.last_good(path)
    assert last is not None and last.ok and last.reason == "close"
    assert not storage.is_locked(path) and db.lock is None
    # nothing changed since the last copy made while the window ran: closing makes no copy at all
    again = open_database(path, lock=True)
    add_person(again, "Doosra Sipahi", "Constable")
    made = storage.make_backup(path)  # the timer's copy
    seen.clear()
    assert storage.close_with_backup(again) is None
    assert storage.last_good(path) == made and seen == [] and not storage.is_locked(path)


def test_a_window_started_while_the_last_one_saves_waits_and_opens(qtbot, station_db, monkeypatch):
    from app.ui import startup

    path = station_db.path
    station_db.close()
    closing = acquire(path)
    mark_closing(closing)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    said: list[str] = []
    once = threading.Lock()

    def copy_done() -> None:  # the previous window's copy is done: it lets go of the file
        if once.acquire(blocking=False):
            closing.release()

    timer = threading.Timer(10.0, copy_done)  # at the latest: the test then fails on what was said, not hangs
    timer.start()

    def look() -> None:  # the word while it waits; once said, the copy ends
        from PySide6.QtWidgets import QApplication, QProgressDialog

        said.extend(w.labelText() for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible())
        if any("still saving its backup" in text for text in said):
            copy_done()

    from PySide6.QtCore import QTimer

    watch = QTimer()
    watch.setInterval(100)
    watch.timeout.connect(look)
    watch.start()
    try:
        db = startup.open_checked(path)
    finally:
        watch.stop()
        timer.cancel()
        copy_done()
    assert db is not None and not db.readonly and shown == []
    assert any("still saving its backup" in text for text in said), said
    db.close()


def test_the_wait_has_a_limit_and_then_says_who_holds_it(qtbot, station_db, monkeypatch):
    from app.ui import startup

    path = station_db.path
    station_db.close()
    closing = acquire(path)
    mark_closing(closing)
    assert "still saving its backup" in storage.closing_message(path)
    assert startup.wait_for_closing_window(path, limit=0.3) is False
    closing.release()
    assert startup.wait_for_closing_window(path, limit=0.3) is True
