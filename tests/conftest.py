"""Shared fixtures: a fresh database per test, English pinned, the data folder in a temp dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.i18n import set_language
from app.services.core import clock


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


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory):
    """One database migrated to head and seeded, made once; each test gets its own copy.

    Migrating a fresh file costs most of a second (DDL with fsync); copying a finished one costs
    milliseconds. Tests of migrations themselves open fresh files directly.
    """
    from app.services.station import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).close()
    return path


@pytest.fixture
def db(db_path, _template_db):
    from app.services.station import open_database
    from app.services.storage import copy_database

    copy_database(_template_db, db_path)
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def station_db(db):
    from app.services.station import init_station

    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    return db
