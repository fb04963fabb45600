"""File menu: another station database is opened through the start-up's checks, the current one is
closed cleanly (backup when closing, lock released), the choice is remembered; a refusal keeps the
current database open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.services import station
from app.services.station import open_database
from app.services.storage import is_locked
from app.services.core.preferences import Preferences
from app.services.storage import copy_database
from app.ui import station_switch
from app.ui.startup import DB_PREF, start_path
from app.ui.station_switch import StationSwitcher


def make_station(template: Path, path: Path, name: str) -> Path:
    copy_database(template, path)
    db = open_database(path)
    try:
        station.init_station(db, name, "Lucknow")
    finally:
        db.close()
    return path


@pytest.fixture
def stations(db, tmp_path):
    template = Path(db.path)
    db.close()
    return (make_station(template, tmp_path / "kotwali.sqlite3", "Kotwali Nagar"),
            make_station(template, tmp_path / "hazratganj.sqlite3", "Hazratganj"),
            template)


@pytest.fixture
def switcher(qtbot, tmp_path, monkeypatch):
    closed: list[str] = []
    from app.ui import backup_hooks

    real = backup_hooks.close_with_backup

    def recording_backup(ctx):
        closed.append(str(ctx.db.path))
        return real(ctx)

    monkeypatch.setattr(backup_hooks, "close_with_backup", recording_backup)
    warnings: list[str] = []
    prefs = Preferences(tmp_path / "prefs.json")
    sw = StationSwitcher(prefs, sign_in=lambda ctx: True, warn=lambda _parent, text: warnings.append(text))
    sw.closed, sw.warnings = closed, warnings
    yield sw
    window = sw.window
    if window is not None:
        window.close()
    sw.close_current()
    if window is not None:
        window.deleteLater()  # the window the app would leave to the process's exit


def wait_idle(qtbot, sw):
    qtbot.waitUntil(lambda: sw.ctx.tasks.pending == 0, timeout=10000)


def test_open_another_database_closes_the_current_one_cleanly_and_is_remembered(qtbot, stations, switcher):
    first, second, _template = stations
    assert switcher.start(first) == "ok"
    old_window = switcher.window
    wait_idle(qtbot, switcher)
    assert is_locked(first)
    assert switcher.prefs.get(DB_PREF) == str(first.resolve())
    switcher.switch("open", str(second))
    wait_idle(qtbot, switcher)
    assert Path(switcher.ctx.db.path) == second and is_locked(second)
    assert not is_locked(first)  # the lock of the closed database was released
    assert switcher.closed == [str(first)]  # through the backup-on-close hook
    assert old_window is not switcher.window and switcher.window.isVisible()
    qtbot.waitUntil(lambda: "Hazratganj" in switcher.window.station_label.text(), timeout=10000)
    assert switcher.window.file_label.text() == "File: hazratganj.sqlite3"
    assert Preferences(switcher.prefs.path).get(DB_PREF) == str(second.resolve())  # saved for the next start
    assert start_path(None, Preferences(switcher.prefs.path)) == (second.resolve(), None)


def test_a_refused_or_cancelled_open_keeps_the_current_database(qtbot, stations, switcher, tmp_path):
    first, second, _template = stations
    switcher.start(first)
    window = switcher.window
    switcher._open_checked = lambda path: None  # e.g. the user chose Quit on "in use", or recovery was closed
    switcher.switch("open", str(second))
    assert switcher.window is window and Path(switcher.ctx.db.path) == first and is_locked(first)
    assert not is_locked(second)
    switcher.switch("open", str(tmp_path / "nowhere.sqlite3"))
    assert "does not exist" in switcher.warnings[-1]
    switcher.switch("new", str(second))  # a new station never goes into a file that has data
    assert "already exists" in switcher.warnings[-1]
    assert switcher.window is window and switcher.closed == []
    messages: list[str] = []
    switcher.ctx.status_message.connect(messages.append)
    switcher.switch("open", str(first))  # the open one again: nothing to do
    assert messages == ["That database is already open."] and switcher.window is window


def test_sign_in_cancelled_on_the_new_database_keeps_the_current_one(qtbot, stations, switcher):
    first, second, _template = stations
    switcher.start(first)
    window = switcher.window
    switcher._sign_in = lambda ctx: False
    switcher.switch("open", str(second))
    assert switcher.window is window and not is_locked(second) and is_locked(first)


def test_new_station_runs_the_wizard_into_a_new_file(qtbot, stations, switcher, tmp_path):
    first, _second, _template = stations
    switcher.start(first)
    seen: list[Path] = []

    def wizard(ctx):  # stands for the first-run wizard: sets the station up in the new file
        seen.append(Path(ctx.db.path))
        station.init_station(ctx.db, "Naya Thana", "Sitapur")
        return True

    switcher._first_start = wizard
    new = tmp_path / "naya.sqlite3"
    switcher.switch("new", str(new))
    assert seen == [new] and Path(switcher.ctx.db.path) == new
    assert station.get_station(switcher.ctx.db).name == "Naya Thana"
    assert switcher.prefs.get(DB_PREF) == str(new.resolve())


def test_demo_station_is_marked_in_the_status_bar(qtbot, stations, switcher, tmp_path, monkeypatch):
    first, second, _template = stations
    demo = tmp_path / "demo.sqlite3"
    copy_database(second, demo)
    monkeypatch.setattr(station_switch, "demo_file", lambda: demo)
    switcher._build_demo = lambda ctx, parent, ready: ready(demo)  # already built
    switcher.start(first)
    assert not switcher.window.demo_label.isVisible()
    switcher.switch("demo")
    assert Path(switcher.ctx.db.path) == demo and switcher.ctx.demo
    assert switcher.window.demo_label.isVisible()
    assert "Demo" in switcher.window.demo_label.text()


def test_a_remembered_file_that_is_gone_opens_the_usual_one_with_a_note(tmp_path):
    prefs = Preferences(tmp_path / "prefs.json")
    prefs.set(DB_PREF, str(tmp_path / "usb" / "gone.sqlite3"))
    path, note = start_path(None, prefs)
    assert path.name == "anupalan.sqlite3" and "gone.sqlite3" in note
    assert start_path("/x/given.sqlite3", prefs) == (Path("/x/given.sqlite3"), None)  # --db wins


def test_file_menu_lists_the_three_choices_in_both_languages(qtbot, stations, switcher):
    from app.i18n import set_language

    switcher.start(stations[0])
    window = switcher.window
    texts = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert texts[:3] == ["&Open database…", "&New station…", "Open the &demo station"]
    try:
        window.switch_language("hi")
        assert window.open_action.text() and window.demo_action.text()
    finally:
        window.switch_language("en")
        set_language("en")
    assert QApplication.instance() is not None


def test_todays_totals_are_counted_before_the_window_is_built(qtbot, stations, switcher, monkeypatch):
    """The totals are counted on the worker as soon as the file is open, before the main window is built on the
    GUI thread, and put on the tiles before the rest of the page's data (read once, as before)."""
    from app.ui.pages import dashboard

    first, _second, _template = stations
    order: list[str] = []
    real_load, real_build = dashboard.load_today, station_switch.build_window
    monkeypatch.setattr(dashboard, "load_today", lambda *a, **k: (order.append("count"), real_load(*a, **k))[1])
    totals: list[bool] = []
    real_totals = dashboard.DashboardPage._totals_loaded
    monkeypatch.setattr(dashboard.DashboardPage, "_totals_loaded", lambda page, counts: (
        totals.append(page._data is None), real_totals(page, counts))[1])

    def build(ctx):
        order.append("build")
        assert isinstance(ctx.early_today, dashboard.EarlyTotals)  # asked for before the window exists
        return real_build(ctx)

    monkeypatch.setattr(station_switch, "build_window", build)
    from app.ui import recurring_hook  # the day's recurring entries made at start would (rightly) count again

    monkeypatch.setattr(recurring_hook, "RecurringHook", lambda ctx, window: None)
    assert switcher.start(first) == "ok"
    page = switcher.window.current_page()
    qtbot.waitUntil(lambda: page._data is not None and switcher.ctx.tasks.pending == 0, timeout=10000)
    assert sorted(order) == ["build", "count"]  # asked for before the build (above), read once
    assert totals == [True]  # the tiles' totals came first, on their own, before the rest of the page
    assert switcher.ctx.early_today is None  # taken by the page
    assert page.tiles["pending"].text().startswith("0") and "Counted at" in page.as_of.text()
    page.refresh()  # any later refresh counts again, for its own period
    qtbot.waitUntil(lambda: switcher.ctx.tasks.pending == 0 and order.count("count") == 2, timeout=10000)


def test_an_early_count_that_fails_is_said_on_the_page(qtbot, stations, switcher, monkeypatch):
    from app.services import obligations
    from app.services.core.errors import UserError

    def broken(*_a, **_k):
        raise UserError("the counts are broken")

    first, _second, _template = stations
    monkeypatch.setattr(obligations, "dashboard_counts", broken)
    assert switcher.start(first) == "ok"
    page = switcher.window.current_page()
    qtbot.waitUntil(lambda: not page.loading and switcher.ctx.tasks.pending == 0, timeout=10000)
    assert page._data is None and "the counts are broken" in page.clock_banner.text()
