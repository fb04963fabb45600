"""Shared fixtures: a fresh database per test, English pinned, the data folder in a temp dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.i18n import set_language
from app.services import clock


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "i18n_complete: the Hindi catalog covers every string in app/ (deselect with "
        "-m 'not i18n_complete' while strings are being added; scripts/i18n.py missing lists the gaps)")


def pytest_sessionstart(session):
    """Compiled catalogs (.mo) are built, never committed: compile them when missing or older than the .po."""
    from tests.i18n_tool import load_tool

    tool = load_tool()
    if any(tool.mo_is_stale(lang) for lang in tool.LANGS):
        tool.compile_catalogs()


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("ANUPALAN_DATA_DIR", str(tmp_path / "data"))
    set_language("en")
    clock.pin(None)
    yield
    set_language("en")
    clock.pin(None)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "station.sqlite3"


@pytest.fixture
def db(db_path):
    from app.services.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def station_db(db):
    from app.services.station import init_station

    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    return db
