"""Rows the rollup sets aside (quarantine) are said in the import's report, and a full bundle that follows a line
that could not be read re-bases the station (that line never entered the state digest), on both stores."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json

import pytest

from app.services import bundle, rollup
from app.services import station as station_svc
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


def resigned(db, path, out, edit):
    header, payload = bundle.read_header(path.read_bytes())
    new = gzip.compress(b"\n".join(edit(gzip.decompress(payload).split(b"\n"))), mtime=0)
    with db.session() as s:
        key = station_svc.get_identity(s).signing_key()
    header.update(payload_sha256=hashlib.sha256(new).hexdigest(),
                  signature=base64.b64encode(key.sign(new).signature).decode())
    out.write_bytes(bundle.MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + new)
    return out


def bogus_status(lines):
    names = json.loads(lines[0])["columns"]["obligations"]
    for i, line in enumerate(lines[1:], 1):
        if line.startswith(b'["obligations"'):
            table, values = json.loads(line)
            values[names.index("status")] = "bogus"
            lines[i] = json.dumps([table, values]).encode()
            return lines
    raise AssertionError("no entry")


def test_the_report_says_which_rows_were_set_aside(enrolled, station, tmp_path):
    spoiled = resigned(station, bundle.export_bundle(station, tmp_path / "b", full=True).path,
                       tmp_path / "spoiled.anb", bogus_status)
    report = rollup.import_paths(enrolled, [spoiled])
    done = report.as_json()["bundles"][0]
    assert done["quarantined"] == 1 and done["quarantine"][0]["table"] == "obligations"
    assert "unknown status (bogus)" in done["quarantine"][0]["reason"]
    assert "1 rows were set aside" in report.describe() and "unknown status" in report.describe()


def test_a_full_bundle_after_an_unreadable_line_matches_the_station(enrolled, station, tmp_path):
    def unreadable(lines):
        return lines[:-1] + [b'["cases", null]', lines[-1]]

    spoiled = resigned(station, bundle.export_bundle(station, tmp_path / "b", full=True).path,
                       tmp_path / "spoiled.anb", unreadable)
    report = rollup.import_paths(enrolled, [spoiled])
    assert report.imported[0]["quarantined"] == 1 and report.imported[0]["quarantine"][0]["table"] == "?"
    report = rollup.import_paths(enrolled, [bundle.export_bundle(station, tmp_path / "full", full=True).path])
    assert report.imported[0]["digest_ok"], report.describe()
    assert not rollup.list_stations(enrolled)[0].needs_full
