"""rollup init and enrol, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select, text

from app.services import rollup
from app.services.core.errors import UserError
from tests.services.rollup.conftest import PG_URL, enrol_file


def test_init_records_the_revision_and_is_repeatable(rollup_url):
    info = rollup.init_store(rollup_url, "Circle office")
    assert info.created and info.revision == rollup.REVISION
    again = rollup.init_store(rollup_url)
    assert not again.created and again.upgraded_from is None and again.name == "Circle office"
    with rollup.open_rollup(rollup_url) as store, store.connect() as conn:
        meta = rollup.meta_values(conn)
        tables = set(inspect(conn).get_table_names())
    assert meta["schema_revision"] == str(rollup.REVISION)
    assert len(meta["public_key"]) == 64 and len(meta["uid"]) == 32
    assert {"rollup_stations", "rollup_entries", "rollup_rows", "rollup_counts", "rollup_weekly"} <= tables
    assert "obligations" not in tables  # the station's schema is not the rollup's


def test_open_refuses_a_missing_or_newer_store(rollup_url, tmp_path):
    with pytest.raises(UserError, match="rollup init"):
        rollup.open_rollup(str(tmp_path / "none.sqlite3") if not PG_URL else str(tmp_path / "x.sqlite3"))
    rollup.init_store(rollup_url)
    with rollup.open_rollup(rollup_url) as store, store.begin() as conn:
        conn.execute(text("UPDATE rollup_meta SET value = '99' WHERE key = 'schema_revision'"))
    with pytest.raises(UserError, match="newer version"):
        rollup.open_rollup(rollup_url)
    with pytest.raises(UserError, match="newer version"):
        rollup.init_store(rollup_url)


def test_a_station_file_is_not_a_rollup(db_path, db):
    if PG_URL:
        pytest.skip("a station's SQLite file")
    db.close()
    with pytest.raises(UserError, match="not a rollup"):
        rollup.init_store(str(db_path))


def test_enrol_then_again_then_another_key_refused(store, station_db, tmp_path):
    path = enrol_file(station_db, tmp_path / "enrol.json")
    first = rollup.enrol_station(store, path)
    assert first.changed and first.district == "Lucknow" and first.code == "LKO-01"
    assert not rollup.enrol_station(store, path).changed
    other = enrol_file(station_db, tmp_path / "other.json", public_key="ab" * 32)
    with pytest.raises(UserError, match="another key"):
        rollup.enrol_station(store, other)
    moved = enrol_file(station_db, tmp_path / "moved.json", district="Agra")
    with pytest.raises(UserError, match="district"):
        rollup.enrol_station(store, moved)
    with store.connect() as conn:
        rows = conn.execute(text("SELECT station_uid, district, public_key FROM rollup_stations")).all()
    assert len(rows) == 1 and rows[0][1] == "Lucknow" and rows[0][2] != "ab" * 32


def test_enrol_makes_the_districts_partition_on_postgresql(store, station_db, tmp_path):
    rollup.enrol_station(store, enrol_file(station_db, tmp_path / "enrol.json"))
    with store.connect() as conn:
        names = set(inspect(conn).get_table_names())
    if PG_URL:
        assert rollup.partition_name("rollup_entries", "Lucknow") in names
        assert rollup.partition_name("rollup_rows", "Lucknow") in names
    else:
        assert not any(n.startswith("rollup_entries_d") for n in names)


@pytest.mark.parametrize("content", [b"", b"not json", b'{"format": "anupalan-enrol/1"}',
                                     json.dumps({"format": "anupalan-enrol/1", "station_uid": "0" * 32,
                                                 "public_key": "zz" * 32, "name": "A", "district": "B"}).encode()])
def test_bad_enrol_files_refused(store, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(UserError, match="enrol file"):
        rollup.enrol_station(store, path)
    with store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rollup_stations")).scalar() == 0


def test_a_refused_file_is_left_as_it_was(tmp_path):
    if PG_URL:
        pytest.skip("a SQLite file")
    import sqlite3

    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("create table x (a)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="not a rollup"):
        rollup.init_store(str(path))
    assert path.read_bytes() == before and not (tmp_path / "other.sqlite3-wal").exists()
    rollup.init_store(str(tmp_path / "r.sqlite3"))
    assert sqlite3.connect(tmp_path / "r.sqlite3").execute("pragma journal_mode").fetchone()[0] == "wal"


def test_an_enrol_file_that_cannot_be_read_is_refused_with_the_reason(tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "station.enrol.json"
    path.write_text("{}", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(UserError, match="Cannot read"):
        rollup.read_enrol_file(path)
