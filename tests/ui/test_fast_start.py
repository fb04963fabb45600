"""A fast start: pages built when first shown, the integrity check started early, nothing heavy imported.

The window builds only its first page; the others come from light entries (app/ui/pages/__init__.py)
and are built when asked for. The start-up check runs on its own thread while the rest is imported, and
its result still decides: a damaged file goes to the guided recovery and is never opened for work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, station_db, tmp_path):
    ctx = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)
    yield win
    win.close()
    ctx.close()
    set_language("en")


def _idle(qtbot, win):
    qtbot.waitUntil(lambda: win.ctx.tasks.pending == 0, timeout=10000)
    QApplication.processEvents()


def test_only_the_first_page_is_built_at_start_the_others_when_shown(qtbot, window):
    assert window.page_keys() == [entry.key for entry in PAGES]
    assert [p.key for p in window.built_pages()] == ["dashboard"]
    assert window.current_page().key == "dashboard"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [e.title() for e in PAGES]
    window.page_actions[2].trigger()  # Ctrl+3
    assert window.current_page().key == PAGES[2].key
    assert [p.key for p in window.built_pages()] == ["dashboard", PAGES[2].key]
    _idle(qtbot, window)
    assert window.page("audit") is window.page("audit")  # built once, kept
    assert window.current_page().key == PAGES[2].key  # page() builds without showing


def test_language_reaches_built_pages_and_titles_of_unbuilt_ones(qtbot, window):
    english = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.switch_language("hi")
    hindi = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert all(h and h != e for h, e in zip(hindi, english)), hindi
    assert window.nav.item(1).toolTip().startswith(hindi[1])
    pending = window.show_page("pending")  # built in Hindi
    assert pending.title() == hindi[1]
    window.switch_language("en")
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == english


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_each_entry_title_is_its_pages_own(qtbot, window, lang):
    window.switch_language(lang)
    for entry, page in zip(PAGES, window.build_all_pages()):
        assert page.key == entry.key
        assert entry.title() == page.title(), entry.key


def test_a_number_opens_the_unbuilt_workbench_with_its_filter(qtbot, window):
    assert not window.host.is_built("pending")
    window.ctx.open_pending.emit({"statuses": ("pending",), "role": "io", "overdue": True})
    page = window.current_page()
    assert page.key == "pending"
    assert page.filters.current() == {"statuses": ("pending",), "role": "io", "overdue": True}
    _idle(qtbot, window)
    window.ctx.open_pending.emit({"statuses": ("pending",), "unassigned": True})  # built now: its own slot
    assert page.filters.unassigned.isChecked() and not page.filters.overdue.isChecked()


def test_layouts_of_pages_never_built_are_kept(qtbot, window):
    window.ctx.prefs.set("page_layouts", {"audit/kept": "AAAA"})
    window.close()
    assert window.ctx.prefs.get("page_layouts")["audit/kept"] == "AAAA"


def test_an_early_check_of_a_damaged_file_still_leads_to_recovery(qtbot, station_db, monkeypatch):
    from app.ui import startup
    from app.ui.dialogs.recovery import RecoveryDialog
    from tests.services.storage.test_backup import damage, pad

    path = station_db.path
    station_db.close()
    pad(path)
    damage(path)
    before = path.read_bytes()
    early = startup.begin_check(path)  # as run_gui does, before the rest is imported
    seen = []

    def fake_exec(dialog):
        seen.append(dialog.check.status)
        dialog.choice = None  # the user closes the recovery: quit

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    assert startup.open_checked(path, early=early) is None
    assert seen == ["damaged"]
    assert path.read_bytes() == before  # never opened for work, never written


def test_start_imports_nothing_the_first_screen_does_not_need(station_db, tmp_path):
    """The real start (bench/probes.py: run_gui up to a ready window) in a subprocess; then which modules
    are loaded. Not timed: the benchmark times it."""
    path = station_db.path
    station_db.close()
    script = ("import sys, bench.probes as p\n"
              "finish = p._finish\n"
              "p._finish = lambda report: finish({**report, 'modules': sorted(sys.modules)})\n"
              "p.app_start(sys.argv[1])\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANUPALAN_DATA_DIR=str(tmp_path / "data"),
               ANUPALAN_LANG="en", BENCH_PROBE_TIMEOUT="60",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    report = json.loads(done.stdout.splitlines()[0])
    assert "error" not in report, report
    assert report["page"] == "dashboard"
    loaded = set(report["modules"])
    assert "app.ui.pages.dashboard" in loaded and "sqlalchemy" in loaded  # the probe did reach the window
    heavy = ("reportlab", "alembic", "pypdfium2", "pypdf", "PIL", "app.services.pdf", "app.services.reports",
             "app.ui.dialogs.first_admin", "app.ui.dialogs.restore", "app.ui.dialogs.backup_settings")
    unbuilt = tuple(entry.spec.partition(":")[0] for entry in PAGES[1:])
    too_much = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in heavy + unbuilt))
    assert not too_much, f"imported at start though the first screen does not need them: {too_much}"
    # The start-up shell (app/ui/shell.py) is drawn before anything heavy: the worker imports the rest after.
    assert report["shell"] is not None
    at_shell = set(report["shell_modules"])
    assert "app.ui.shell" in at_shell and "PySide6.QtWidgets" in at_shell
    not_yet = ("sqlalchemy", "alembic", "argon2", "reportlab", "app.models", "app.services.storage",
               "app.services.station", "app.services.obligations", "app.ui.context", "app.ui.main_window",
               "app.ui.pages.dashboard", "app.ui.operations", "app.ui.session", "app.ui.station_switch")
    early = sorted(m for m in at_shell if any(m == h or m.startswith(h + ".") for h in not_yet))
    assert not early, f"imported on the GUI thread before the shell was drawn: {early}"


def test_the_window_takes_a_file_and_refuses_a_server_url_with_a_message():
    from app.services.core.errors import UserError
    from app.ui.startup import window_file

    assert window_file("/data/station.sqlite3") == "/data/station.sqlite3"
    assert window_file("sqlite:////data/station.sqlite3") == "/data/station.sqlite3"
    with pytest.raises(UserError) as refused:
        window_file("postgresql+psycopg://anu:secret@db.example:5432/thana")
    assert "secret" not in refused.value.message and "command line" in refused.value.message


def test_a_file_unavailable_at_start_offers_retry(qtbot, station_db, monkeypatch):
    """Issue 18: "unavailable" (locked or unreadable now, not damaged) asks Retry or Quit; Retry checks again and
    opens the file once it can be used; Quit opens nothing."""
    from app.services import storage
    from app.services.storage import StartupCheck
    from app.ui import startup

    path = station_db.path
    station_db.close()
    real = storage.startup_check
    calls = []

    def flaky(p, *a, **k):
        calls.append(p)
        if len(calls) == 1:
            return StartupCheck(str(p), "unavailable", "The file is locked by another program.")
        return real(p, *a, **k)

    monkeypatch.setattr(storage, "startup_check", flaky)
    asked = []
    monkeypatch.setattr(startup, "ask_retry", lambda detail: asked.append(detail) or True)
    db = startup.open_checked(path)
    try:
        assert db is not None and len(calls) == 2 and asked == ["The file is locked by another program."]
    finally:
        db.close()
    calls.clear()
    monkeypatch.setattr(startup, "ask_retry", lambda detail: False)
    assert startup.open_checked(path) is None and len(calls) == 1
