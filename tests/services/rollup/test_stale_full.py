"""An old full bundle that arrives after a newer one was imported is refused and changes nothing; a restored
station's new full bundle (an old sequence, made now) still re-bases it. Both stores."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.services import bundle, obligations, rollup
from app.services import station as station_svc
from app.services.core import clock
from tests.pg_store import raw_sql
from tests.services.report_seed import seed_station
from tests.services.rollup.conftest import enrol_file


@pytest.fixture
def station(db):
    seed_station(db, obligations=30)
    return db


@pytest.fixture
def enrolled(store, station, tmp_path):
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))
    return store


def entry_status(store, origin_id) -> str:
    with store.connect() as conn:
        return conn.execute(text(f"select status from rollup_entries where origin_id = {origin_id}")).scalar()


def export_at(db, folder, hour: int, full: bool = True):
    clock.pin(dt.datetime(2026, 12, 5, hour, 0))  # the bundle's made_at (whole seconds)
    try:
        return bundle.export_bundle(db, folder, full=full).path
    finally:
        clock.pin(None)


def test_an_old_full_bundle_arriving_late_is_refused(enrolled, station, tmp_path):
    with station.session() as s:
        first = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().first()
    old = export_at(station, tmp_path / "a", 10)
    obligations.mark_entered(station, [first], "CAS-1")
    new = export_at(station, tmp_path / "b", 11)
    assert rollup.import_paths(enrolled, [new]).imported
    report = rollup.import_paths(enrolled, [old])
    assert not report.imported and "made before" in report.rejected[0]["reason"]
    state = rollup.list_stations(enrolled)[0]
    assert state.last_sequence == 2 and not state.needs_full
    assert entry_status(enrolled, first) == "entered"
    # a station restored from a backup taken before bundle 2 sends a new full with sequence 2 again: taken
    station.close()
    raw_sql(station.path, "delete from bundles where sequence = 2")
    db = station_svc.open_database(station.path)
    try:
        report = rollup.import_paths(enrolled, [export_at(db, tmp_path / "c", 12)])
        assert report.imported and report.imported[0]["digest_ok"]
    finally:
        db.close()


def test_a_delta_arriving_after_a_newer_full_is_refused_without_asking_for_a_full(enrolled, station, tmp_path):
    assert rollup.import_paths(enrolled, [export_at(station, tmp_path / "a", 9)]).imported
    late = export_at(station, tmp_path / "b", 10, full=False)  # sent by mail, read days later
    assert rollup.import_paths(enrolled, [export_at(station, tmp_path / "c", 11)]).imported
    report = rollup.import_paths(enrolled, [late])
    assert not report.imported and "made before" in report.rejected[0]["reason"]
    state = rollup.list_stations(enrolled)[0]
    assert state.last_sequence == 3 and not state.needs_full
