"""A window on a one-year demo station (with a visit, an equipment fault, handholding staff and a campaign
added when the demo has none), as the app opens it: for tests that walk every page or work on real volumes."""

from __future__ import annotations


import pytest

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.services.station import open_database
from tests.ui.waiting import wait_idle
from tests.conftest import copy_station


@pytest.fixture(scope="module")
def demo_file(ui_demo_file):
    return ui_demo_file


@pytest.fixture
def window(qtbot, demo_file, tmp_path, make_ctx):
    from app.ui.station_switch import build_window

    copy = copy_station(demo_file, tmp_path / "station.sqlite3")
    db = open_database(copy)
    ctx = make_ctx(db, Preferences(tmp_path / "prefs.json"))
    win = build_window(ctx)  # with the Backup menu and the other hooks, as the app opens it
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, ctx)
    yield win
    win.close()
    ctx.close()
    db.close()
    set_language("en")
