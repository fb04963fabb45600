"""The window's backup side: menu and status bar, restore dialog, recovery at start, lock, close backup."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from app.services import storage



def persons(path):
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("select name from persons order by id")]
    finally:
        con.close()


def test_backup_menu_makes_a_copy_and_the_status_bar_shows_it(qtbot, ctx):
    from app.ui.backup_hooks import BackupHooks
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    hooks = BackupHooks(window, ctx)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
    assert "none yet" in window.backup_label.text()
    hooks.backup_now()
    qtbot.waitUntil(lambda: storage.last_good(ctx.db.path) is not None and window._last_backup is not None,
                    timeout=5000)
    assert "none yet" not in window.backup_label.text()
    assert [a.text() for a in hooks.menu.actions()][0] == "Back up now"


def test_restore_dialog_previews_and_restores_keeping_the_lock(qtbot, ctx, monkeypatch):
    from app.services.storage import acquire, is_locked
    from app.services.staff import add_person
    from app.ui.dialogs.restore import RestoreDialog

    ctx.db.lock = acquire(ctx.db.path)
    add_person(ctx.db, "Before", "HC", "1")
    rec = storage.make_backup(ctx.db.path)
    add_person(ctx.db, "After", "HC", "2")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=5000)
    assert dialog.table.rowCount() == 1
    shown = {dialog.counts.item(r, 0).text(): (dialog.counts.item(r, 1).text(), dialog.counts.item(r, 2).text())
             for r in range(dialog.counts.rowCount())}
    assert shown["Staff"] == ("1", "2")  # in the backup, now
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    warned = []  # the restore loses "After": the administrator is told what, and accepts it
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: warned.append(a[2]) or QMessageBox.StandardButton.Yes)
    old_db = ctx.db
    dialog._confirm()
    qtbot.waitUntil(lambda: dialog.restored is not None, timeout=10000)
    assert persons(ctx.db.path) == ["Before"] and ctx.db is not old_db
    assert ctx.db.lock is not None and is_locked(ctx.db.path)
    assert rec.file == dialog.restored.restored_from
    assert len(warned) == 1 and "1 recorded changes" in warned[0]
    ctx.db.close()


def test_recovery_dialog_offers_what_is_possible(qtbot, tmp_path):
    from app.services.storage import StartupCheck
    from app.ui.dialogs.recovery import RecoveryDialog

    none = RecoveryDialog(StartupCheck("x.sqlite3", "damaged", "malformed"))
    qtbot.addWidget(none)
    assert not none.restore_latest.isEnabled() and "malformed" in none.detail.text()
    some = RecoveryDialog(StartupCheck("x.sqlite3", "damaged", "bad", "/b/1.sqlite3", "2026-11-20 18:00:00"))
    qtbot.addWidget(some)
    assert some.restore_latest.isEnabled()
    some.restore_latest.click()
    assert some.choice == "restore" and some.backup_file == "/b/1.sqlite3"


def test_damaged_file_at_start_restores_the_latest_backup(qtbot, station_db, monkeypatch):
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog
    from tests.services.storage.test_backup import damage, pad

    storage.make_backup(station_db.path)
    station_db.close()
    pad(station_db.path)
    damage(station_db.path)
    chosen = []

    def fake_exec(self):
        chosen.append(self.check)
        self.choice = "restore"

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db = startup.open_checked(station_db.path)
    try:
        assert chosen and chosen[0].status == "damaged"
        assert db is not None and not db.readonly and db.lock is not None
        assert list(station_db.path.parent.glob("*.damaged-*"))  # the damaged file is kept
    finally:
        db.close()


def test_an_emptied_file_at_start_is_recovered_never_a_first_run(qtbot, station_db, monkeypatch):
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog

    made = storage.make_backup(station_db.path)
    station_db.close()
    for side in ("-wal", "-shm"):
        station_db.path.with_name(station_db.path.name + side).unlink(missing_ok=True)
    station_db.path.write_bytes(b"")
    chosen = []

    def fake_exec(self):
        chosen.append(self.check)
        self.choice = "restore"

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db = startup.open_checked(station_db.path)
    try:
        assert chosen[0].status == "damaged" and "empty" in chosen[0].detail
        assert chosen[0].latest_backup == made.file
        assert persons(station_db.path) == []  # the station's data is back (a station with no staff yet)
        assert [r[0] for r in sqlite3.connect(station_db.path).execute("select name from stations")] == \
            ["Kotwali Nagar"]
    finally:
        db.close()


def test_at_start_a_restore_that_loses_readable_changes_says_so_first(qtbot, station_db, monkeypatch):
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog
    from app.services.staff import add_person
    from tests.services.storage.test_backup import damage, pad

    storage.make_backup(station_db.path)
    add_person(station_db, "Added later", "HC", "9")
    station_db.close()
    pad(station_db.path, 300)
    damage(station_db.path, from_fraction=0.6)  # the end of the file: the audit trail stays readable
    monkeypatch.setattr(RecoveryDialog, "exec", lambda self: setattr(self, "choice", "restore"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    db = startup.open_checked(station_db.path)
    try:
        assert len(asked) == 1 and "damaged file, kept under a new name" in asked[0]
        assert persons(station_db.path) == []  # restored once the loss was accepted
    finally:
        db.close()


def test_an_unreadable_file_at_start_is_said_not_recovered(qtbot, station_db, monkeypatch):
    from app.ui import startup

    station_db.close()
    holder = sqlite3.connect(station_db.path, timeout=0)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    from app.services.storage import snapshot

    monkeypatch.setattr(snapshot, "CHECK_WAIT_S", 0.1)  # the check waits 5 s for the lock; a fiftieth of that here
    shown = []
    monkeypatch.setattr(startup, "ask_retry", lambda detail: shown.append(detail) or False)  # the user quits
    try:
        assert startup.open_checked(station_db.path) is None
    finally:
        holder.rollback()
        holder.close()
    assert "could not be checked" in shown[0] and not list(station_db.path.parent.glob("*.damaged-*"))


def test_second_window_is_told_and_can_open_read_only(qtbot, station_db, monkeypatch):
    from app.ui import startup

    station_db.close()
    first = startup.open_checked(station_db.path)
    seen = []

    def fake_exec(box):
        seen.append(box.text())
        box.buttons()[0].click()  # "Open read-only"

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        second = startup.open_checked(station_db.path)
        assert second is not None and second.readonly
        assert "already open" in seen[0]
        second.close()
    finally:
        first.close()


def test_close_backup_only_when_data_changed(ctx):
    from app.services.staff import add_person
    from app.ui.backup_hooks import backup_on_close

    assert backup_on_close(ctx) is None
    first = storage.last_good(ctx.db.path)
    assert first is not None and first.reason == "close"
    assert backup_on_close(ctx) is None
    assert storage.last_good(ctx.db.path) == first  # nothing changed: no new copy
    add_person(ctx.db, "New", "HC", "3")
    backup_on_close(ctx)
    assert storage.last_good(ctx.db.path).seq == first.seq + 1


def test_settings_are_read_and_saved_on_the_worker_and_copy_now_asks_for_a_drive_first(qtbot, ctx, tmp_path,
                                                                                       monkeypatch):
    from app.ui.backup_hooks import BackupHooks
    from app.ui.dialogs.backup_settings import BackupSettingsDialog
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    hooks = BackupHooks(window, ctx)
    shown = []
    monkeypatch.setattr(BackupSettingsDialog, "exec", lambda self: shown.append(self) or 0)
    hooks.copy_now()  # no second destination yet: the settings open instead of a copy
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.spins["daily"].value() == storage.load_settings(ctx.db.path).daily
    (tmp_path / "usb").mkdir()
    dialog.dir_edit.setText(str(tmp_path / "usb"))
    dialog.spins["daily"].setValue(5)
    dialog._save()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    saved = storage.load_settings(ctx.db.path)
    assert saved.daily == 5 and saved.second_dir == str(tmp_path / "usb")
    hooks.copy_now()  # now the copy is made there
    qtbot.waitUntil(lambda: any(r.destination == "second" for r in storage.list_backups(ctx.db.path)), timeout=5000)


def test_at_start_a_restore_over_a_damaged_file_is_recorded_as_the_backups_administrator(qtbot, station_db,
                                                                                           monkeypatch):
    """Nobody can sign in against a damaged file: the window asks who restores and checks him against the
    backup's own accounts; a wrong password restores nothing; the right one restores, audited under his name."""
    from app.services import accounts
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog
    from app.ui.dialogs.restore_sign_in import RestoreSignInDialog

    good = "Correct-Horse-7"
    accounts.create_first_admin(station_db, username="omop", password=good, confirm=good, name="Om Prakash",
                                rank="HC")
    storage.make_backup(station_db.path)
    station_db.close()
    for side in ("-wal", "-shm"):
        station_db.path.with_name(station_db.path.name + side).unlink(missing_ok=True)
    station_db.path.write_bytes(b"")
    choices = iter(["restore", "restore"])
    monkeypatch.setattr(RecoveryDialog, "exec", lambda self: setattr(self, "choice", next(choices, None)))
    passwords = iter(["wrong-password-1", good])

    def sign(self):
        self.username, self.password = "omop", next(passwords)
        return RestoreSignInDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreSignInDialog, "exec", sign)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    db = startup.open_checked(station_db.path)
    try:
        assert len(warned) == 1  # the wrong password: nothing restored, asked again
        row = sqlite3.connect(station_db.path).execute(
            "select actor_label, actor_person_id, after from audit_entries where action = 'backup.restore' "
            "order by seq desc").fetchone()
        assert row is not None and row[1] is not None and '"by": "' in row[2]
        assert "Om Prakash" in row[0] or "omop" in row[0]
    finally:
        db.close()
