"""Station bundles (issue 19, station side): identity, enrol file, full and delta bundles, signatures, acks."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import text

from app.services import bundle, storage
from app.services import station as station_svc
from app.services.core.errors import UserError
from app.services.station import init_station, open_database
from tests.conftest import starting_from
from tests.services.report_seed import seeded_once


def _key(db) -> str:
    with db.session() as s:
        return station_svc.get_identity(s).public_key


def _open(path, db):
    key = _key(db)
    return bundle.open_bundle(path.read_bytes(), lambda uid: key)


def _rows(opened) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for table, record in opened.records():
        key = "code" if table == "roles" else "id"
        out.setdefault(table, {})[record[key]] = record
    return out


def _ack(db, opened, tmp_path, name="ack.json", **changes):
    ack = bundle.make_ack(opened.manifest["station_uid"], opened.manifest["sequence"], opened.sha256,
                          opened.manifest["state_digest"], "Circle office")
    ack.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(ack), encoding="utf-8")
    return path


made, db_path = starting_from("station", lambda made_once: seeded_once(made_once, obligations=60))


@pytest.fixture
def station(db, made):
    """A station seeded with 60 entries (made once for the module; each test its own copy), the clock at TODAY."""
    made.on(db)
    return db


def test_identity_made_at_init(station_db):
    with station_db.session() as s:
        ident = station_svc.get_identity(s)
    assert len(ident.uid) == 32 and len(ident.public_key) == 64 and len(ident.private_key) == 64
    assert ident.signing_key().verify_key.encode().hex() == ident.public_key


@pytest.mark.sqlite_only("downgrades and upgrades a saved SQLite file")
def test_migration_gives_an_older_file_its_identity(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = open_database(path)
    init_station(db, "Thana Old", "Sitapur", "OLD-1")
    db.close()
    storage.downgrade(path, "0012")
    con = sqlite3.connect(path)
    assert not con.execute("select name from sqlite_master where name='station_identity'").fetchall()
    con.close()
    db = open_database(path)  # upgrades to head
    try:
        with db.session() as s:
            ident = station_svc.get_identity(s)
        assert ident is not None and len(ident.public_key) == 64
        assert bundle.enrol_record(db)["station_uid"] == ident.uid
    finally:
        db.close()
    # an empty file (no station) gets its identity at init, not from the migration
    empty = tmp_path / "empty.sqlite3"
    open_database(empty).close()
    con = sqlite3.connect(empty)
    assert con.execute("select count(*) from station_identity").fetchone()[0] == 0
    con.close()


def test_enrol_file(station, tmp_path):
    from app.services.station import set_office_particulars

    set_office_particulars(station, {"circle": "Chhatta"})
    out = tmp_path / "enrol.json"
    record = bundle.write_enrol_file(station, out)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved == record
    assert saved["format"] == "anupalan-enrol/1" and saved["name"] == "Kotwali Nagar"
    assert saved["code"] == "LKO-01" and saved["district"] == "Lucknow" and saved["circle"] == "Chhatta"
    with station.session() as s:
        ident = station_svc.get_identity(s)
    assert saved["public_key"] == ident.public_key and saved["station_uid"] == ident.uid
    assert ident.private_key not in out.read_text(encoding="utf-8")


def test_full_then_delta_then_ack(station, tmp_path):
    full = bundle.export_bundle(station, tmp_path / "out", full=True)
    opened = _open(full.path, station)
    rows = _rows(opened)
    with station.session() as s:
        n_obl = s.scalar(text("select count(*) from obligations"))
        n_persons = s.scalar(text("select count(*) from persons"))
    assert len(rows["obligations"]) == n_obl and len(rows["persons"]) == n_persons
    assert opened.manifest["kind"] == "full" and opened.manifest["sequence"] == 1
    assert opened.manifest["prev_bundle_sha256"] is None and full.rows == opened.manifest["rows"]
    # the digest the rollup can recompute from the rows alone
    terms = 0
    for table, recs in rows.items():
        for rid, rec in recs.items():
            terms ^= bundle.digest_term(table, rid, bundle.row_hash(rec))
    assert bundle.state_digest_of(terms) == opened.manifest["state_digest"]

    # nothing acknowledged yet: a delta carries everything again (a lost bundle loses nothing)
    again = bundle.export_bundle(station, tmp_path / "out")
    opened2 = _open(again.path, station)
    assert again.rows == full.rows and opened2.manifest["prev_bundle_sha256"] == opened.sha256
    assert opened2.manifest["base_sequence"] is None

    # the rollup acknowledges the full one: the next delta starts after it
    assert bundle.apply_ack(station, _ack(station, opened, tmp_path)).changed
    with station.session() as s:  # a change by hand (no service): the per-row hash still finds it
        oid = s.scalar(text("select min(id) from obligations where status = 'pending'"))
        s.execute(text("update obligations set status = 'na', na_reason = 'x' where id = :i"), {"i": oid})
    delta = bundle.export_bundle(station, tmp_path / "out")
    o3 = _open(delta.path, station)
    assert o3.manifest["base_sequence"] == 1 and o3.manifest["kind"] == "delta"
    # bundle 2 (unacknowledged, carried all) may be at the rollup: rows it carried that are unchanged are equal,
    # so only the changed row and the rows whose version differs from anything the rollup may hold go in
    assert _rows(o3) == {"obligations": {oid: _rows(o3)["obligations"][oid]}}
    assert _rows(o3)["obligations"][oid]["status"] == "na"
    assert o3.manifest["counts"]["obligations"] == {"rows": 1, "total": n_obl}
    # a delta with nothing changed after acknowledging the delta
    assert bundle.apply_ack(station, _ack(station, o3, tmp_path, "ack3.json")).changed
    empty = bundle.export_bundle(station, tmp_path / "out")
    assert empty.rows == 0 and _open(empty.path, station).manifest["state_digest"] == o3.manifest["state_digest"]


def test_delta_resends_what_an_unacknowledged_bundle_carried(station, tmp_path):
    full = bundle.export_bundle(station, tmp_path / "out", full=True)
    bundle.apply_ack(station, _ack(station, _open(full.path, station), tmp_path))
    with station.session() as s:
        oid = s.scalar(text("select min(id) from obligations where status = 'pending'"))
        s.execute(text("update obligations set status = 'missed' where id = :i"), {"i": oid})
    lost = bundle.export_bundle(station, tmp_path / "out")  # this USB drive is lost
    assert lost.rows == 1
    with station.session() as s:
        s.execute(text("update obligations set status = 'pending' where id = :i"), {"i": oid})  # changed back
    later = bundle.export_bundle(station, tmp_path / "out")
    # equal to the base again, but the lost bundle (which the rollup may have read) carried another version
    assert later.rows == 1 and _rows(_open(later.path, station))["obligations"][oid]["status"] == "pending"


def test_no_account_data_in_a_bundle(station, tmp_path):
    from app.services import accounts

    pw = "river tea window 7"
    signed = accounts.create_first_admin(station, username="amitk", password=pw, confirm=pw,
                                         name="Amit Kumar", rank="HC")
    with station.session() as s:
        pw_hash = s.scalar(text("select password_hash from accounts"))
    result = bundle.export_bundle(station, tmp_path / "out", full=True, actor=signed.actor)
    opened = _open(result.path, station)
    body = opened.body.decode("utf-8")
    assert "amitk" not in body and pw_hash not in body and "argon2" not in body
    assert not set(opened.manifest["columns"]) & {"accounts", "audit_entries", "settings", "station_identity"}
    with station.session() as s:
        assert station_svc.get_identity(s).private_key not in body
    assert "Amit Kumar" in body  # the person is staff, and is carried


def test_signature_verifies_and_a_flipped_byte_fails(station, tmp_path):
    result = bundle.export_bundle(station, tmp_path / "out", full=True)
    data = result.path.read_bytes()
    key = _key(station)
    assert bundle.open_bundle(data, lambda uid: key).manifest["rows"] == result.rows
    for at in (5, data.index(b"\n") + 20, len(data) // 2, len(data) - 3):
        bad = bytearray(data)
        bad[at] ^= 0x01
        with pytest.raises(UserError):
            bundle.open_bundle(bytes(bad), lambda uid: key)
    from nacl.signing import SigningKey

    other = SigningKey.generate().verify_key.encode().hex()
    with pytest.raises(UserError, match="signature"):
        bundle.open_bundle(data, lambda uid: other)
    with pytest.raises(UserError, match="not enrolled"):
        bundle.open_bundle(data, lambda uid: None)
    with pytest.raises(UserError):
        bundle.open_bundle(data[: len(data) // 2], lambda uid: key)


def test_wrong_acks_are_refused_and_change_nothing(station, tmp_path):
    full = bundle.export_bundle(station, tmp_path / "out", full=True)
    opened = _open(full.path, station)
    refused = [
        _ack(station, opened, tmp_path, "a1.json", station_uid="0" * 32),
        _ack(station, opened, tmp_path, "a2.json", sequence=9),
        _ack(station, opened, tmp_path, "a3.json", bundle_sha256="f" * 64),
        _ack(station, opened, tmp_path, "a4.json", format="other/1"),
        _ack(station, opened, tmp_path, "a6.json", state_digest="0" * 64),
        _ack(station, opened, tmp_path, "a7.json", sequence=True),
    ]
    (tmp_path / "a5.json").write_bytes(b"\xff\xfe not json")
    refused.append(tmp_path / "a5.json")
    for path in refused:
        with pytest.raises(UserError):
            bundle.apply_ack(station, path)
    with station.session() as s:
        assert bundle.acked_sequence(s) is None
    good = _ack(station, opened, tmp_path)
    assert bundle.apply_ack(station, good).changed
    assert not bundle.apply_ack(station, good).changed  # the same ack again: a no-op


def test_export_refuses_a_file_as_folder(station, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    with pytest.raises(UserError):
        bundle.export_bundle(station, f)
    with station.session() as s:
        assert s.scalar(text("select count(*) from bundles")) == 0


def test_bundles_without_an_ack_do_not_each_store_the_station_again(station, tmp_path):
    """Weeks with no ack: each delta carries everything (the station cannot know what arrived), but the
    station's record of what a bundle carried keeps only what changed since the bundle before; an ack of the
    latest then gives the same base as if every bundle had stored everything."""
    from app.models import Bundle

    first = bundle.export_bundle(station, tmp_path / "out")
    with station.session() as s:
        oid = s.scalar(text("select min(id) from obligations where status = 'pending'"))
        s.execute(text("update obligations set status = 'missed' where id = :i"), {"i": oid})
    second = bundle.export_bundle(station, tmp_path / "out")
    assert second.rows == first.rows  # everything again
    import zlib

    with station.session() as s:
        stored = json.loads(zlib.decompress(s.get(Bundle, 2).carried))
    assert stored == {"obligations": {str(oid): stored["obligations"][str(oid)]}}
    bundle.apply_ack(station, _ack(station, _open(second.path, station), tmp_path))
    assert bundle.export_bundle(station, tmp_path / "out").rows == 0
    # acking an older bundle after a newer one is refused; acking the newest again is a no-op
    with pytest.raises(UserError, match="older"):
        bundle.apply_ack(station, _ack(station, _open(first.path, station), tmp_path, "old.json"))


def test_export_reads_a_snapshot_and_does_not_hold_up_writers(station, db_path, tmp_path, monkeypatch):
    """A change made (by another connection) while the rows are read goes in the next bundle, not half in
    this one; the export never holds the write lock while it reads."""
    from app.services.bundle import export as export_module

    with station.session() as s:
        oid = s.scalar(text("select min(id) from obligations where status = 'pending'"))
    real = export_module.iter_rows
    other = open_database(db_path)

    def rows_while_writing(s, table):
        if table == "cases":
            with other.session() as w:  # would wait (and fail busy) if the export held the write lock
                w.execute(text("update obligations set status = 'missed' where id = :i"), {"i": oid})
        return real(s, table)

    monkeypatch.setattr(export_module, "iter_rows", rows_while_writing)
    try:
        first = bundle.export_bundle(station, tmp_path / "out", full=True)
    finally:
        other.close()
    monkeypatch.setattr(export_module, "iter_rows", real)
    assert _rows(_open(first.path, station))["obligations"][oid]["status"] == "pending"  # the snapshot's
    bundle.apply_ack(station, _ack(station, _open(first.path, station), tmp_path))
    second = bundle.export_bundle(station, tmp_path / "out")
    assert _rows(_open(second.path, station)) == {"obligations": {oid: _rows(_open(second.path, station))
                                                                  ["obligations"][oid]}}
    assert _rows(_open(second.path, station))["obligations"][oid]["status"] == "missed"


def test_a_bundle_that_cannot_be_written_records_nothing(station, tmp_path, monkeypatch):
    from app.services.bundle import export as export_module

    def fail(path, data, **_kw):
        raise UserError("the disk is full")

    monkeypatch.setattr(export_module, "write_bytes", fail)
    with pytest.raises(UserError):
        bundle.export_bundle(station, tmp_path / "out", full=True)
    monkeypatch.undo()
    with station.session() as s:
        assert s.scalar(text("select count(*) from bundles")) == 0
        assert s.scalar(text("select count(*) from audit_entries where action = 'bundle.export'")) == 0
    assert bundle.export_bundle(station, tmp_path / "out", full=True).sequence == 1


@pytest.mark.sqlite_only("copies the station's SQLite file as a backup would")
def test_a_restored_backup_signs_with_the_same_key_and_its_sequence_goes_back(station, db_path, tmp_path):
    from app.services.storage import copy_database

    first = bundle.export_bundle(station, tmp_path / "out", full=True)
    backup = tmp_path / "backup.sqlite3"
    copy_database(db_path, backup)
    with station.session() as s:  # work done after the backup, lost by the restore
        s.execute(text("update obligations set status = 'missed' where id = (select min(id) from obligations)"))
    second = bundle.export_bundle(station, tmp_path / "out")  # the rollup imports it and acknowledges it
    ack2 = _ack(station, _open(second.path, station), tmp_path, "ack2.json")
    restored = open_database(backup)
    try:
        with restored.session() as s:
            assert station_svc.get_identity(s).public_key == _key(station)  # the same key
        again = bundle.export_bundle(restored, tmp_path / "restored")
        opened = _open(again.path, station)  # verifies with the enrolled key
        # the same sequence as a bundle the rollup already holds, with another hash: the rollup sees it went back
        assert opened.manifest["sequence"] == second.sequence
        assert opened.sha256 != _open(second.path, station).sha256
        assert opened.manifest["prev_bundle_sha256"] == _open(first.path, station).sha256
        with pytest.raises(UserError, match="not the one this station sent"):
            bundle.apply_ack(restored, ack2)
    finally:
        restored.close()
    big = tmp_path / "big.json"
    big.write_text(" " * 100_000)
    with pytest.raises(UserError, match="too large"):
        bundle.apply_ack(station, big)


@pytest.mark.postgresql_only("the migration's identity for a station already on a server")
def test_migration_gives_a_server_station_its_identity(db, db_path):
    """A server database that holds a station at 0012 gets its identity from 0013 (as a file does)."""
    from alembic import command
    from sqlalchemy import create_engine

    from app.services.storage import alembic_config

    init_station(db, "Thana Server", "Agra", "SRV-1")
    db.close()
    engine = create_engine(db_path)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0012")
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "heads")
        with engine.connect() as conn:
            uid, pub, at = conn.execute(text("select uid, public_key, created_at from station_identity")).one()
    finally:
        engine.dispose()
    assert len(uid) == 32 and len(pub) == 64 and at is not None


def test_the_fast_canonical_form_is_byte_for_byte_the_documented_one(station, tmp_path):
    """The export hashes rows with orjson; the format says the hash is over json.dumps(sort_keys=True, compact,
    ensure_ascii=False). Every row of every table, plus values chosen to differ between the two libraries where
    they could (Hindi, quotes, control characters, U+2028, big numbers), must give the same bytes."""
    from sqlalchemy.orm import Session

    from app.services.bundle.rows import TABLES, canonical_encoder, iter_rows

    checked = 0
    with Session(station.engine) as s:
        for table, _key in TABLES:
            names = bundle.columns(table)
            encode = canonical_encoder(table)
            for _id, values, h in iter_rows(s, table):
                record = dict(sorted(bundle.record_of(names, values).items()))
                assert encode(record) == bundle.canonical(record), table
                assert h == bundle.row_hash(record)
                checked += 1
    assert checked > 100
    odd = {"a": "राम कुमार \"x\" \\ \n\t\x01\x1f\x7f\u2028\u2029 😀", "b": 2 ** 63 + 1, "c": -(2 ** 63),
           "d": True, "e": None, "f": "", "g": 0}
    assert canonical_encoder("cases")(odd) == bundle.canonical(odd)
