"""An entry's duty code and kind in the rollup follow its duty, on both stores: a delta that changes a duty
relabels the entries held before (not carried again), and an entry read before its duty in a file takes it."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json

import pytest
from sqlalchemy import text

from app.services import bundle, rollup
from app.services import station as station_svc
from tests.pg_store import raw_sql
from tests.services.report_seed import seed_station
from tests.services.rollup.conftest import enrol_file


@pytest.fixture
def station(db):
    seed_station(db, obligations=40)
    return db


@pytest.fixture
def enrolled(store, station, tmp_path):
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))
    return store


def names_by_duty(store) -> dict[int, set[tuple[str, str]]]:
    out: dict[int, set] = {}
    with store.connect() as conn:
        for duty_id, code, kind in conn.execute(text("select duty_id, duty_code, duty_kind from rollup_entries")):
            out.setdefault(duty_id, set()).add((code, kind))
    return out


def station_names(db) -> dict[int, tuple[str, str]]:
    with db.session() as s:
        return {i: (c, k) for i, c, k in s.execute(text("select id, code, kind from duties"))}


def test_a_delta_changing_a_duty_relabels_the_entries_held_before(enrolled, station, tmp_path):
    rollup.import_paths(enrolled, [bundle.export_bundle(station, tmp_path / "a", full=True).path])
    rollup.write_rollup_ack(enrolled, "LKO-01", tmp_path / "ack.json")
    bundle.apply_ack(station, tmp_path / "ack.json")
    held = names_by_duty(enrolled)
    duty_id = max(held, key=lambda d: len(held[d]) and d)
    raw_sql(station, "update duties set code = ?, kind = ? where id = ?", "Z-9", "weekly", duty_id)
    report = rollup.import_paths(enrolled, [bundle.export_bundle(station, tmp_path / "b").path])
    done = report.imported[0]
    assert done["kind"] == "delta" and done["digest_ok"] and done["rows"] == 1  # the duty alone travelled
    after = names_by_duty(enrolled)
    assert after[duty_id] == {("Z-9", "weekly")}
    assert {d: v for d, v in after.items() if d != duty_id} == {d: v for d, v in held.items() if d != duty_id}


def test_an_entry_before_its_duty_in_the_file_takes_the_duty(enrolled, station, tmp_path):
    path = bundle.export_bundle(station, tmp_path / "a", full=True).path
    header, payload = bundle.read_header(path.read_bytes())
    lines = gzip.decompress(payload).split(b"\n")
    duties = [x for x in lines[1:] if x.startswith(b'["duties"')]
    rest = [x for x in lines[1:] if x and not x.startswith(b'["duties"')]
    new = gzip.compress(b"\n".join([lines[0], *rest, *duties, b""]), mtime=0)  # every duty after every entry
    with station.session() as s:
        key = station_svc.get_identity(s).signing_key()
    header.update(payload_sha256=hashlib.sha256(new).hexdigest(),
                  signature=base64.b64encode(key.sign(new).signature).decode())
    out = tmp_path / "reordered.anb"
    out.write_bytes(bundle.MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + new)
    report = rollup.import_paths(enrolled, [out])
    assert report.imported[0]["digest_ok"] and not report.imported[0]["quarantined"]
    names = station_names(station)
    got = names_by_duty(enrolled)
    assert got and all(v == {names[d]} for d, v in got.items() if d is not None)
