"""A rollup made anew (README: a lost rollup re-imports each station's full bundle) has a new office key; a
station that pinned the old one takes the new office's acknowledgements once it is given the new key's fingerprint
(``bundle ack FILE --new-office-key FINGERPRINT``), and only then. Both stores."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.services import bundle, rollup
from app.services.core.errors import UserError
from app.services.station import fingerprint
from tests.services.report_seed import seed_station
from tests.services.rollup.conftest import enrol_file


@pytest.fixture
def station(db):
    seed_station(db, obligations=20)
    return db


def test_a_station_takes_a_new_offices_key_only_by_its_fingerprint(store, station, tmp_path, db_path, capsys):
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))
    rollup.import_paths(store, [bundle.export_bundle(station, tmp_path / "a", full=True).path])
    rollup.write_rollup_ack(store, "LKO-01", tmp_path / "ack1.json")
    assert bundle.apply_ack(station, tmp_path / "ack1.json").changed  # the first office's key is pinned
    # the office's rollup is lost and made anew: a new office key (rollup init makes one); the station sends a
    # full bundle again
    from nacl.signing import SigningKey
    from sqlalchemy import text

    key = SigningKey.generate()
    with store.begin() as conn:
        for name, value in (("private_key", key.encode().hex()), ("public_key", key.verify_key.encode().hex())):
            conn.execute(text("UPDATE rollup_meta SET value = :v WHERE key = :k"), {"v": value, "k": name})
    rollup.import_paths(store, [bundle.export_bundle(station, tmp_path / "b", full=True).path])
    ack = rollup.write_rollup_ack(store, "LKO-01", tmp_path / "ack2.json")
    new_fp = fingerprint(ack["rollup_key"])
    with pytest.raises(UserError, match=f"--new-office-key {new_fp}"):
        bundle.apply_ack(station, tmp_path / "ack2.json")
    with pytest.raises(UserError, match="fingerprint"):
        bundle.apply_ack(station, tmp_path / "ack2.json", new_office_key="0" * 16)
    station.close()
    code = main(["bundle", "ack", str(tmp_path / "ack2.json"), "--db", str(db_path), "--new-office-key",
                 new_fp.upper(), "--json"])
    out = capsys.readouterr()
    assert code == 0 and json.loads(out.out)["changed"], out.err
    # the new key is the pinned one now: the old office's key is refused, the new one's acks need no option
    from app.services.station import open_database

    db = open_database(db_path)
    try:
        with pytest.raises(UserError, match="another office key"):
            bundle.apply_ack(db, tmp_path / "ack1.json")
        assert not bundle.apply_ack(db, tmp_path / "ack2.json").changed
    finally:
        db.close()
