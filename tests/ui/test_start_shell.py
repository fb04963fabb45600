"""The start-up shell: drawn at once with the figures saved at the last close, marked with their time; what is
clicked in it waits for the open file; the main window then shows the same numbers in the same places until
its own count replaces them (no jump), and keeps the fresh ones for the next start."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint

from app.i18n import set_language
from app.services import obligations
from app.services.core.formatting import set_devanagari_digits
from app.services.core.preferences import Preferences
from app.ui import start_figures
from app.ui.app import replay
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.shell import StartShell

NOW = dt.datetime(2026, 12, 5, 9, 15)
FIGURES = {"pending": 3930, "due_soon": 133, "overdue": 3198, "unassigned": 4, "missed": 0}


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_figures_are_kept_per_file_and_read_back(tmp_path):
    prefs = Preferences(tmp_path / "prefs.json")
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    start_figures.remember(prefs, a, dt.datetime(2026, 12, 4, 18, 42, 7, 5), FIGURES, 2)
    prefs.save()
    again = Preferences(tmp_path / "prefs.json")
    saved = start_figures.saved(again, tmp_path / "x" / ".." / "a.sqlite3")  # the same file, spelt otherwise
    assert saved == {**FIGURES, "due_soon_days": 2, "counted": dt.datetime(2026, 12, 4, 18, 42, 7)}
    assert start_figures.saved(again, b) is None  # another file: nothing (a first run looks the same)


@pytest.mark.parametrize("entry", ["junk", {"counted": "yesterday", **FIGURES}, {"counted": "2026-12-04T18:42"},
                                   {"counted": "2026-12-04T18:42", **FIGURES, "overdue": -1}])
def test_an_entry_that_is_not_figures_is_ignored(tmp_path, entry):
    prefs = Preferences(tmp_path / "prefs.json")
    path = tmp_path / "a.sqlite3"
    prefs.set(start_figures.FIGURES_PREF, {start_figures.file_key(path): entry})
    assert start_figures.saved(prefs, path) is None


def test_only_the_latest_files_are_kept(tmp_path):
    prefs = Preferences(tmp_path / "prefs.json")
    for i in range(start_figures.KEEP_FILES + 3):
        start_figures.remember(prefs, tmp_path / f"{i}.sqlite3", NOW, FIGURES, 2)
    kept = prefs.get(start_figures.FIGURES_PREF)
    assert len(kept) == start_figures.KEEP_FILES
    assert start_figures.saved(prefs, tmp_path / "0.sqlite3") is None
    assert start_figures.saved(prefs, tmp_path / f"{start_figures.KEEP_FILES + 2}.sqlite3") is not None


def test_as_of_says_when_in_the_users_language():
    assert start_figures.as_of_text(NOW.replace(hour=8, minute=5), NOW).startswith("As of 08:05 today")
    assert start_figures.as_of_text(dt.datetime(2026, 12, 4, 18, 42), NOW).startswith("As of 18:42 yesterday")
    older = start_figures.as_of_text(dt.datetime(2026, 11, 30, 18, 42), NOW)
    assert "18:42" in older and "30" in older and "yesterday" not in older
    set_language("hi")
    hindi = start_figures.as_of_text(dt.datetime(2026, 12, 4, 18, 42), NOW)
    assert hindi.startswith("कल 18:42") and "As of" not in hindi
    set_devanagari_digits(True)  # the user's choice of digits, as on the tiles
    try:
        assert start_figures.as_of_text(dt.datetime(2026, 12, 4, 18, 42), NOW).startswith("कल १८:४२")
    finally:
        set_devanagari_digits(False)


def _shell(qtbot, tmp_path, figures=None):
    prefs = Preferences(tmp_path / "prefs.json")
    path = tmp_path / "station.sqlite3"
    if figures is not None:
        start_figures.remember(prefs, path, dt.datetime.now() - dt.timedelta(days=1), figures, 2)
    shell = StartShell(prefs, path)
    qtbot.addWidget(shell)
    shell.resize(1366, 768)
    shell.show()
    return shell


def test_the_shell_shows_the_saved_figures_marked_with_their_time(qtbot, tmp_path):
    shell = _shell(qtbot, tmp_path, FIGURES)
    assert shell.tiles["pending"].text().startswith("3,930") and "3,198" in shell.tiles["overdue"].text()
    assert not shell.tiles["missed"].isVisible()  # none missed, as the dashboard shows it
    assert shell.unassigned_banner.isVisible()
    assert "yesterday" in shell.as_of.text()


def test_a_first_run_shell_has_no_numbers(qtbot, tmp_path):
    shell = _shell(qtbot, tmp_path)
    assert all(tile.text().startswith("…") for tile in shell.tiles.values())
    assert shell.as_of.text() == "Counting…" and not shell.unassigned_banner.isVisible()


def test_what_is_clicked_in_the_shell_waits_for_the_window(qtbot, tmp_path):
    shell = _shell(qtbot, tmp_path, FIGURES)
    assert shell.queued is None
    shell.tiles["overdue"].click()
    assert shell.queued == ("filter", {"overdue": True})
    shell.nav.setCurrentRow(2)
    assert shell.queued == ("page", "cases")
    assert "Case register" in shell.status.text()
    shell.hand_over()
    assert not shell.quit_requested  # the main window took its place
    closed = _shell(qtbot, tmp_path)
    closed.quit_action.trigger()  # Ctrl+Q in the shell: the start stops
    assert closed.quit_requested


@pytest.fixture
def window_after_shell(qtbot, station_db, tmp_path):
    prefs = Preferences(tmp_path / "prefs.json")
    # yesterday's numbers; none unassigned as today (a banner that comes or goes moves the tiles, as it should)
    yesterday = {**FIGURES, "unassigned": 0}
    start_figures.remember(prefs, station_db.storage.path, dt.datetime.now() - dt.timedelta(days=1), yesterday, 2)
    shell = StartShell(prefs, station_db.storage.path)
    qtbot.addWidget(shell)
    shell.resize(1366, 768)
    shell.show()
    ctx = AppContext(station_db, prefs)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    yield shell, win
    win.close()
    ctx.close()


def _places(window, tiles):
    return [(t.mapTo(window, QPoint(0, 0)), t.size()) for t in tiles.values() if t.isVisible()]


def test_the_window_takes_the_shells_place_without_a_jump(qtbot, window_after_shell):
    shell, win = window_after_shell
    win.show()  # as the start shows it: the first count is still on the worker
    dashboard = win.current_page()
    assert dashboard._data is None
    assert [t.text() for t in dashboard.tiles.values()] == [t.text() for t in shell.tiles.values()]
    assert dashboard.as_of.text() == shell.as_of.text()
    assert _places(win, dashboard.tiles) == _places(shell, shell.tiles)
    qtbot.waitUntil(lambda: dashboard._data is not None and win.ctx.tasks.pending == 0, timeout=10000)
    qtbot.wait(50)  # the layout pass after the new texts
    assert _places(win, dashboard.tiles) == _places(shell, shell.tiles)  # the fresh numbers, in place
    assert dashboard.tiles["pending"].text().startswith("0")  # a new station owes nothing yet
    assert "Counted at" in dashboard.as_of.text()
    fresh = start_figures.saved(win.ctx.prefs, win.ctx.db.storage.path)  # kept for the next start
    counts = obligations.dashboard_counts(win.ctx.db)
    assert fresh["pending"] == counts.total.pending == 0 and fresh["overdue"] == 0
    assert fresh["counted"].date() == dt.date.today()


def test_a_click_in_the_shell_is_done_on_the_open_file(qtbot, window_after_shell):
    shell, win = window_after_shell
    win.show()
    replay(("filter", {"overdue": True}), win)
    assert win.current_page().key == "pending"
    assert win.current_page().filters.current()["overdue"] is True
    replay(("page", "audit"), win)
    assert win.current_page().key == "audit"
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0, timeout=10000)


def test_closing_the_shell_stops_the_start_before_the_file_is_opened(qtbot, station_db, monkeypatch):
    """The user closes the shell (or presses Ctrl+Q) while the worker imports: nothing is opened for work, no
    window follows, and the app leaves with 0."""
    from app.ui import app as gui
    from app.ui import station_switch

    path = station_db.storage.path
    station_db.close()
    before = path.read_bytes()
    real = gui.begin_preload
    shells = []

    def preload_then_close(p):
        future = real(p)
        from PySide6.QtWidgets import QApplication

        shell = next(w for w in QApplication.topLevelWidgets() if isinstance(w, StartShell) and w.isVisible())
        shells.append(shell)
        shell.quit_action.trigger()
        return future

    opened = []
    monkeypatch.setattr(gui, "begin_preload", preload_then_close)
    monkeypatch.setattr(station_switch.StationSwitcher, "start", lambda self, *a: opened.append(a) or "ok")
    from PySide6.QtWidgets import QApplication

    from app.ui.gc_guard import MainThreadGc

    try:
        assert gui.run_gui(["--db", str(path)]) == 0
        assert shells and shells[0].quit_requested and not shells[0].isVisible()
        assert opened == []  # never opened: no lock, no migration, no window
        assert path.read_bytes() == before
        assert QApplication.instance().quitOnLastWindowClosed()
    finally:
        for guard in QApplication.instance().findChildren(MainThreadGc):  # run_gui's; the app's quit would stop it
            guard.restore()  # its timer collected every 30 s in the middle of the tests that followed
            guard.deleteLater()
