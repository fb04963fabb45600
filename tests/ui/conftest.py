"""Fixtures shared by the page and dialog tests: an ``AppContext`` on a fresh station database."""

from __future__ import annotations

import gc

import pytest

from app.services.core.preferences import Preferences
from app.ui.context import AppContext


@pytest.fixture
def ctx(station_db, tmp_path):
    """The context a page gets from the window (own preferences file); its worker is stopped after the test."""
    context = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    yield context
    context.tasks.shutdown()



@pytest.fixture(autouse=True)
def _gc_on_the_main_thread():
    """As in the app (app/ui/gc_guard.py): no automatic collection while widgets and the worker
    thread live, so a cycle holding a Qt object is never destroyed on the worker; collect here."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()
