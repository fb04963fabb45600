"""rollup import of bundles altered on the way (the header is not signed; its bytes must not count), on both
stores."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from app.services import bundle, obligations, rollup
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


def with_header(path, out, change):
    """The bundle at ``path`` with its header line rewritten by ``change(header_text) -> text``."""
    data = path.read_bytes()
    end = data.index(b"\n", len(bundle.MAGIC))
    out.write_bytes(data[:len(bundle.MAGIC)] + change(data[len(bundle.MAGIC):end].decode()).encode()
                    + data[end:])
    return out


def header_json(change):
    def rewrite(line: str) -> str:
        header = json.loads(line)
        change(header)
        return json.dumps(header, separators=(",", ":"))
    return rewrite


@pytest.mark.parametrize("change", [
    lambda line: line.replace('{"station_uid":', '{ "station_uid":'),  # a space: the same signed payload
    header_json(lambda h: h.update(note="x")),
    header_json(lambda h: h.update(sequence=True)),
    header_json(lambda h: h.update(sequence=2 ** 40)),
    header_json(lambda h: h.update(sequence=-1)),
], ids=["space", "extra-key", "bool-sequence", "huge-sequence", "negative-sequence"])
def test_a_header_changed_on_the_way_is_refused_and_writes_nothing(enrolled, station, tmp_path, change):
    first = bundle.export_bundle(station, tmp_path / "b1").path
    assert rollup.import_paths(enrolled, [first]).imported
    with station.session() as s:
        pending = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().all()
    obligations.mark_entered(station, [pending[0]], "CAS-1")
    second = bundle.export_bundle(station, tmp_path / "b2").path
    for path in (first, second):  # the one imported already, and the next one
        report = rollup.import_paths(enrolled, [with_header(path, tmp_path / f"x-{path.name}", change)])
        assert not report.imported and not report.unchanged and "header is damaged" in report.rejected[0]["reason"]
    state = rollup.list_stations(enrolled)[0]
    assert not state.needs_full and state.last_sequence == 1
    report = rollup.import_paths(enrolled, [second])  # the station's own file still goes in
    assert report.imported and report.imported[0]["digest_ok"]
    assert rollup.make_rollup_ack(enrolled, state.station_uid)["sequence"] == 2
