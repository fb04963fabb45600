"""A bundle carrying the same row twice (the station writes each once) is imported on both stores: the first is
taken, the second set aside with its reason, and the station's state digest still agrees."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from app.services import bundle, rollup
from tests.services.report_seed import seed_station
from tests.services.rollup.conftest import enrol_file
from tests.services.rollup.test_quarantine_report import resigned


@pytest.fixture
def station(db):
    seed_station(db, obligations=20)
    return db


def test_a_row_repeated_in_the_file_is_set_aside(store, station, tmp_path):
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))
    names = {}

    def repeat(lines):
        names.update(json.loads(lines[0])["columns"])
        first = next(i for i, x in enumerate(lines) if x.startswith(b'["obligations"'))
        table, values = json.loads(lines[first])
        values[names["obligations"].index("status")] = "missed"
        names["id"] = values[names["obligations"].index("id")]
        return lines[:first + 1] + [json.dumps([table, values]).encode()] + lines[first + 1:]

    path = resigned(station, bundle.export_bundle(station, tmp_path / "b", full=True).path, tmp_path / "x.anb",
                    repeat)
    report = rollup.import_paths(store, [path])
    done = report.imported[0]
    assert done["digest_ok"] and done["quarantined"] == 1
    assert f"repeated in the file (obligations {names['id']})" in done["quarantine"][0]["reason"]
    with store.connect() as conn:
        status = conn.execute(text(f"select status from rollup_entries where origin_id = {names['id']}")).scalar()
    with station.session() as s:
        assert status == s.execute(text(f"select status from obligations where id = {names['id']}")).scalar()


def test_a_nul_character_is_set_aside_not_a_failed_import(store, station, tmp_path):
    """PostgreSQL's text cannot hold NUL: an entry's form or a row's id carrying one is set aside, on both
    stores alike, and the rest of the bundle is imported."""
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))

    def nul(lines):
        names = json.loads(lines[0])["columns"]
        first = next(i for i, x in enumerate(lines) if x.startswith(b'["obligations"'))
        table, values = json.loads(lines[first])
        values[names["obligations"].index("form")] = "IIF\u00001"
        lines[first] = json.dumps([table, values]).encode()
        role = next(i for i, x in enumerate(lines) if x.startswith(b'["roles"'))
        table, values = json.loads(lines[role])
        values[names["roles"].index("code")] = "x\u0000y"
        lines[role] = json.dumps([table, values]).encode()
        return lines

    path = resigned(station, bundle.export_bundle(station, tmp_path / "b", full=True).path, tmp_path / "x.anb", nul)
    report = rollup.import_paths(store, [path])
    done = report.imported[0]
    assert done["quarantined"] == 2 and not report.rejected
    assert {q["table"] for q in done["quarantine"]} == {"obligations", "?"}
    assert any("NUL" in q["reason"] for q in done["quarantine"])
    with store.connect() as conn:
        assert conn.execute(text("select count(*) from rollup_entries")).scalar() > 0
