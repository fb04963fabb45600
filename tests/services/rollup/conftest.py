"""The rollup's tests run on a SQLite file and, under scripts/test_pg.sh, on an empty PostgreSQL database."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PG_URL


@pytest.fixture
def rollup_url(tmp_path, _pg_databases):
    if _pg_databases is None:
        yield str(tmp_path / "rollup.sqlite3")
        return
    url = _pg_databases.empty_database()
    yield url
    _pg_databases.drop(url)


@pytest.fixture
def store(rollup_url):
    from app.services import rollup

    rollup.init_store(rollup_url, "Circle office Chhatta")
    with rollup.open_rollup(rollup_url) as s:
        yield s


def enrol_file(db, path, **changes):
    """The station's enrol file, as ``station enrol-file`` writes it (``changes`` edit it)."""
    from app.services import bundle

    record = bundle.write_enrol_file(db, path)
    if changes:
        record.update(changes)
        path.write_text(json.dumps(record), encoding="utf-8")
    return path


__all__ = ["PG_URL", "enrol_file"]
