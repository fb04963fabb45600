"""No service work on the GUI thread at start: opening the database (which may migrate and back up), asking
whether it has a station and whether it has accounts all run off the GUI thread, which keeps handling
events meanwhile."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

from app.services import accounts, station
from app.services.core.preferences import Preferences
from app.ui import session, startup, station_switch
from app.ui.context import AppContext


def _off_gui_and_gui_alive(real, seen: dict, gui_ran: threading.Event):
    def wrapped(*args, **kwargs):
        seen.setdefault("threads", []).append(threading.current_thread() is threading.main_thread())
        assert gui_ran.wait(10)  # set by a timer on the GUI thread: its event loop runs while this waits
        return real(*args, **kwargs)

    return wrapped


def test_the_database_is_opened_off_the_gui_thread(qtbot, station_db, monkeypatch):
    path = station_db.path
    station_db.close()
    seen: dict = {}
    gui_ran = threading.Event()
    monkeypatch.setattr(station, "open_database", _off_gui_and_gui_alive(station.open_database, seen, gui_ran))
    QTimer.singleShot(50, gui_ran.set)
    db = startup.open_checked(path)
    try:
        assert seen["threads"] == [False]
        assert db is not None and db.lock is not None and not db.readonly
    finally:
        db.close()


def test_the_first_start_and_sign_in_questions_are_asked_on_the_worker(qtbot, station_db, tmp_path, monkeypatch):
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    seen: dict = {}
    gui_ran = threading.Event()
    monkeypatch.setattr(station, "get_station", _off_gui_and_gui_alive(station.get_station, seen, gui_ran))
    monkeypatch.setattr(accounts, "has_accounts", _off_gui_and_gui_alive(accounts.has_accounts, seen, gui_ran))
    made: list = []

    class NoDialog:  # the first administrator's form would wait for a person
        def __init__(self, _ctx):
            made.append(1)

        def exec(self):
            return 0

    monkeypatch.setattr("app.ui.dialogs.first_admin.FirstAdminDialog", NoDialog)
    try:
        QTimer.singleShot(50, gui_ran.set)
        assert station_switch.run_first_start(ctx) is True  # the station exists: no wizard
        assert session.sign_in_at_start(ctx) is False  # no accounts: the first administrator's form, closed
        assert seen["threads"] == [False, False] and made == [1]
    finally:
        ctx.tasks.shutdown()
