"""rollup import on both stores: full and delta, idempotence, refusals, held bundles, a station gone back,
a newer schema, quarantined rows, and the precomputed rows against the station's own counts."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json

import pytest
from sqlalchemy import select, text

from app.services import bundle, obligations, rollup
from app.services import station as station_svc
from app.services.rollup import schema
from tests.pg_store import raw_sql
from tests.conftest import starting_from
from tests.services.report_seed import seeded_once
from tests.services.rollup.conftest import enrol_file


made, db_path = starting_from("station", lambda made_once: seeded_once(made_once, obligations=60))


@pytest.fixture
def station(db, made):
    """A station seeded with 60 entries (made once for the module; each test its own copy), the clock at TODAY."""
    made.on(db)
    return db


@pytest.fixture
def enrolled(store, station, tmp_path):
    rollup.enrol_station(store, enrol_file(station, tmp_path / "enrol.json"))
    return store


def export(db, tmp_path, full=False, folder="usb"):
    return bundle.export_bundle(db, tmp_path / folder, full=full).path


def count(store, table, **where) -> int:
    t = schema.METADATA.tables[table]
    q = select(text("count(*)")).select_from(t)
    for k, v in where.items():
        q = q.where(t.c[k] == v)
    with store.connect() as conn:
        return conn.execute(q).scalar()


def station_uid(db) -> str:
    with db.session() as s:
        return station_svc.get_identity(s).uid


def resign(db, path, out, edit):
    """The bundle at ``path`` with its payload lines changed by ``edit(lines)`` and signed again by the station."""
    data = path.read_bytes()
    header, payload = bundle.read_header(data)
    lines = gzip.decompress(payload).split(b"\n")
    lines = edit(lines)
    new = gzip.compress(b"\n".join(lines), mtime=0)
    with db.session() as s:
        key = station_svc.get_identity(s).signing_key()
    header.update(payload_sha256=hashlib.sha256(new).hexdigest(),
                  signature=base64.b64encode(key.sign(new).signature).decode())
    out.write_bytes(bundle.MAGIC + json.dumps(header, separators=(",", ":")).encode() + b"\n" + new)
    return out


def edit_manifest(change):
    def edit(lines):
        m = json.loads(lines[0])
        change(m)
        return [json.dumps(m).encode()] + lines[1:]
    return edit


def test_full_import_then_the_same_again(enrolled, station, tmp_path):
    path = export(station, tmp_path, full=True)
    report = rollup.import_paths(enrolled, [path])
    assert report.as_json()["imported"] == 1 and not report.rejected and report.imported[0]["digest_ok"]
    with station.session() as s:
        entries = s.execute(text("select count(*) from obligations")).scalar()
        persons = s.execute(text("select count(*) from persons")).scalar()
    assert count(enrolled, "rollup_entries") == entries
    assert count(enrolled, "rollup_rows", tbl="persons") == persons
    before = count(enrolled, "rollup_rows")
    again = rollup.import_paths(enrolled, [tmp_path / "usb"])  # the folder: the same file
    assert again.as_json()["imported"] == 0 and again.as_json()["unchanged"] == 1
    assert again.unchanged[0]["changed"] == 0 and count(enrolled, "rollup_rows") == before
    assert "0 rows changed" in again.describe()
    # a second full of the same data (another file): imported, 0 rows changed
    second = rollup.import_paths(enrolled, [export(station, tmp_path, full=True, folder="usb2")])
    assert second.imported[0]["changed"] == 0 and second.imported[0]["digest_ok"]


def test_figures_match_the_stations_own_counts(enrolled, station, tmp_path):
    rollup.import_paths(enrolled, [export(station, tmp_path, full=True)])
    counts = obligations.dashboard_counts(station)
    with enrolled.connect() as conn:
        fig = conn.execute(select(schema.station_figures)).mappings().one()
        by_role = dict(conn.execute(text("select role_code, sum(n) from rollup_counts where status = 'pending' "
                                         "group by role_code")).all())
        overdue = conn.execute(text("select sum(n) from rollup_counts where status = 'pending' "
                                    "and age_band not in ('not_due', '')")).scalar()
        weeks = conn.execute(text("select count(*) from rollup_weekly")).scalar()
        ontime = conn.execute(text("select sum(due) from rollup_form_ontime where period = 'all'")).scalar()
    assert fig["pending"] == counts.total.pending and fig["overdue"] == counts.total.overdue == overdue
    assert fig["missed"] == counts.missed
    assert by_role == {role: c.pending for role, c in counts.by_role.items() if c.pending}
    assert weeks == 12 and ontime > 0


def test_delta_after_ack_and_in_order(enrolled, station, tmp_path):
    first = export(station, tmp_path, full=True)
    rollup.import_paths(enrolled, [first])
    ack = rollup.write_rollup_ack(enrolled, "LKO-01", tmp_path / "ack.json")
    assert bundle.apply_ack(station, tmp_path / "ack.json").changed and ack["sequence"] == 1
    pending = obligations.dashboard_counts(station).total.pending
    with station.session() as s:
        oid = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().first()
    obligations.mark_entered(station, [oid], "CAS-1")
    delta = export(station, tmp_path, folder="usb2")
    report = rollup.import_paths(enrolled, [delta])
    assert report.imported[0]["kind"] == "delta" and report.imported[0]["digest_ok"]
    assert 1 <= report.imported[0]["changed"] <= report.imported[0]["rows"]
    with enrolled.connect() as conn:
        assert conn.execute(text(f"select status from rollup_entries where origin_id = {oid}")).scalar() == "entered"
        assert conn.execute(text("select pending from rollup_station_figures")).scalar() == pending - 1
        total = conn.execute(text("select rows_total from rollup_stations")).scalar()
    assert total == count(enrolled, "rollup_rows") + count(enrolled, "rollup_entries")


def test_out_of_order_delta_is_held_then_applied(enrolled, station, tmp_path):
    rollup.import_paths(enrolled, [export(station, tmp_path, full=True)])
    with station.session() as s:
        ids = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().all()
    obligations.mark_entered(station, [ids[0]], "CAS-1")
    second = export(station, tmp_path, folder="b2")
    obligations.mark_entered(station, [ids[1]], "CAS-2")
    third = export(station, tmp_path, folder="b3")
    report = rollup.import_paths(enrolled, [third])
    assert report.as_json()["held"][0]["missing"] == [2] and not report.imported
    assert "missing" in report.describe()
    assert count(enrolled, "rollup_held") == 1
    report = rollup.import_paths(enrolled, [second])
    assert [b["sequence"] for b in report.imported] == [2, 3] and not report.held
    assert count(enrolled, "rollup_held") == 0
    with enrolled.connect() as conn:
        assert conn.execute(text("select last_sequence from rollup_stations")).scalar() == 3


def test_refusals_write_nothing(enrolled, store, station, tmp_path, db_path):
    path = export(station, tmp_path, full=True)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x01
    (tmp_path / "tampered.anb").write_bytes(bytes(data))
    (tmp_path / "unsigned.anb").write_bytes(b"hello")
    report = rollup.import_paths(enrolled, [tmp_path / "tampered.anb", tmp_path / "unsigned.anb"])
    reasons = [r["reason"] for r in report.rejected]
    assert len(reasons) == 2 and any("changed" in r for r in reasons) and any("not an Anupalan" in r for r in reasons)
    # newer schema, re-signed by the station's own key
    newer = resign(station, path, tmp_path / "newer.anb", edit_manifest(lambda m: m.update(schema_revision="9999")))
    report = rollup.import_paths(enrolled, [newer])
    assert "newer version" in report.rejected[0]["reason"]
    assert count(enrolled, "rollup_entries") == 0 and count(enrolled, "rollup_bundles") == 0


def test_wrong_key_and_unknown_station(store, station, tmp_path):
    from nacl.signing import SigningKey

    path = export(station, tmp_path, full=True)
    report = rollup.import_paths(store, [path])
    assert "not enrolled" in report.rejected[0]["reason"]
    rollup.enrol_station(store, enrol_file(station, tmp_path / "e.json",
                                           public_key=SigningKey.generate().verify_key.encode().hex()))
    report = rollup.import_paths(store, [path])
    assert "signature" in report.rejected[0]["reason"]
    assert count(store, "rollup_rows") == 0


def test_station_gone_back_is_detected_and_rebased_by_a_full(enrolled, station, tmp_path):
    rollup.import_paths(enrolled, [export(station, tmp_path, full=True)])
    with station.session() as s:
        ids = s.execute(text("select id from obligations where status = 'pending' order by id")).scalars().all()
    obligations.mark_entered(station, [ids[0]], "CAS-1")
    rollup.import_paths(enrolled, [export(station, tmp_path, folder="b2")])
    # as a restored backup: the station forgets its bundle 2 and makes another bundle 2
    station.close()
    raw_sql(station.path, "delete from bundles where sequence = 2")
    db = station_svc.open_database(station.path)
    try:
        obligations.mark_entered(db, [ids[1]], "CAS-2")
        report = rollup.import_paths(enrolled, [export(db, tmp_path, folder="b2x")])
        assert "went back" in report.rejected[0]["reason"]
        with enrolled.connect() as conn:
            assert conn.execute(text(f"select status from rollup_entries where origin_id = {ids[1]}")).scalar() \
                == "pending"  # not written over
        assert rollup.list_stations(enrolled)[0].needs_full
        with pytest.raises(Exception, match="full bundle"):
            rollup.make_rollup_ack(enrolled, "LKO-01")
        report = rollup.import_paths(enrolled, [export(db, tmp_path, full=True, folder="full")])
        assert report.imported and report.imported[0]["digest_ok"]
        state = rollup.list_stations(enrolled)[0]
        assert not state.needs_full and state.last_sequence == 3
        assert rollup.make_rollup_ack(enrolled, "LKO-01")["sequence"] == 3
    finally:
        db.close()


def test_bad_rows_are_quarantined_once(enrolled, station, tmp_path):
    path = export(station, tmp_path, full=True)

    def spoil(lines):
        names = json.loads(lines[0])["columns"]["obligations"]
        for i, line in enumerate(lines[1:], 1):
            if line.startswith(b'["obligations"'):
                table, values = json.loads(line)
                values[names.index("status")] = "bogus"
                lines[i] = json.dumps([table, values]).encode()
                return lines
        raise AssertionError("no entry")

    spoiled = resign(station, path, tmp_path / "spoiled.anb", spoil)
    report = rollup.import_paths(enrolled, [spoiled])
    assert report.imported and report.imported[0]["digest_ok"] is False  # the station holds another status
    with enrolled.connect() as conn:
        reason = conn.execute(text("select reason from rollup_quarantine")).scalar()
    assert "unknown status" in reason
    again = rollup.import_paths(enrolled, [spoiled])
    assert again.unchanged and count(enrolled, "rollup_quarantine") == 1
    # the station's true full bundle re-bases: the good row replaces the quarantined one
    report = rollup.import_paths(enrolled, [export(station, tmp_path, full=True, folder="good")])
    assert report.imported[0]["digest_ok"] and count(enrolled, "rollup_quarantine") == 0


def test_signed_acks_are_verified_at_the_station(enrolled, station, tmp_path):
    from app.services.core.errors import UserError
    from nacl.signing import SigningKey

    rollup.import_paths(enrolled, [export(station, tmp_path, full=True)])
    ack = rollup.write_rollup_ack(enrolled, "LKO-01", tmp_path / "ack.json")
    with enrolled.connect() as conn:
        assert ack["rollup_key"] == rollup.meta_values(conn)["public_key"] and ack["signature"]
    forged = dict(ack, state_digest="0" * 64)
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    with pytest.raises(UserError, match="signature does not match"):
        bundle.apply_ack(station, tmp_path / "forged.json")
    assert bundle.apply_ack(station, tmp_path / "ack.json").changed  # the office's key is pinned now
    rollup.import_paths(enrolled, [export(station, tmp_path, folder="b2")])
    ack2 = rollup.make_rollup_ack(enrolled, "LKO-01")
    unsigned = {k: v for k, v in ack2.items() if k not in ("signature", "rollup_key")}
    (tmp_path / "unsigned.json").write_text(json.dumps(unsigned))
    with pytest.raises(UserError, match="not signed"):
        bundle.apply_ack(station, tmp_path / "unsigned.json")
    other = bundle.sign_ack(unsigned, SigningKey.generate().encode().hex())
    (tmp_path / "other.json").write_text(json.dumps(other))
    with pytest.raises(UserError, match="another office key"):
        bundle.apply_ack(station, tmp_path / "other.json")
    (tmp_path / "ack2.json").write_text(json.dumps(ack2))
    assert bundle.apply_ack(station, tmp_path / "ack2.json").sequence == 2


def test_text_with_backslashes_tabs_and_hindi_survives(enrolled, station, tmp_path):
    tricky = "a\\b\tc\nd \\N हिंदी \"q\""
    station.close()
    raw_sql(station.path, "update cases set description = ? where id = (select min(id) from cases)", tricky)
    db = station_svc.open_database(station.path)
    try:
        report = rollup.import_paths(enrolled, [export(db, tmp_path, full=True)])
    finally:
        db.close()
    assert report.imported[0]["digest_ok"]
    with enrolled.connect() as conn:
        rows = [json.loads(d) for (d,) in conn.execute(text("select data from rollup_rows where tbl = 'cases'"))]
    assert tricky in [r["description"] for r in rows]


def test_odd_manifest_fields_do_not_break_an_import(enrolled, station, tmp_path):
    path = export(station, tmp_path, full=True)
    odd = resign(station, path, tmp_path / "odd.anb",
                 edit_manifest(lambda m: m.update(deleted=5, audit_head="x", station_time=7)))
    report = rollup.import_paths(enrolled, [odd])
    assert report.imported and report.imported[0]["digest_ok"]


def test_enrol_a_district_named_in_hindi_with_a_quote(store, station_db, tmp_path):
    path = enrol_file(station_db, tmp_path / "e.json", district="आगरा's")
    assert rollup.enrol_station(store, path).district == "आगरा's"


def test_text_with_tabs_line_ends_backslashes_and_hindi_is_stored_as_sent(enrolled, station, tmp_path):
    """PostgreSQL takes the rows by COPY in its text format, written by the importer: a value with COPY's own
    separators (tab, line end, backslash) must come back exactly, in a row's JSON and in an entry's columns."""
    path = export(station, tmp_path, full=True)
    odd = 'राम\t"कुमार"\\n\n\r\\N\\'
    done = {}

    def spoil(lines):
        columns = json.loads(lines[0])["columns"]
        for i, line in enumerate(lines[1:], 1):
            if not line:
                continue
            table, values = json.loads(line)
            if table in ("persons", "obligations") and table not in done:
                field = "name" if table == "persons" else "period_key"
                values[columns[table].index(field)] = odd
                done[table] = values[columns[table].index("id")]
                lines[i] = json.dumps([table, values], ensure_ascii=False).encode()
        assert set(done) == {"persons", "obligations"}
        return lines

    spoiled = resign(station, path, tmp_path / "odd.anb", spoil)
    report = rollup.import_paths(enrolled, [spoiled])
    assert report.imported and not report.rejected
    r, e = schema.rows, schema.entries
    with enrolled.connect() as conn:
        data = conn.execute(select(r.c.data).where(r.c.tbl == "persons",
                                                   r.c.origin_id == str(done["persons"]))).scalar()
        period = conn.execute(select(e.c.period_key).where(e.c.origin_id == done["obligations"])).scalar()
    assert json.loads(data)["name"] == odd
    assert period == odd


@pytest.mark.postgresql_only("the planner's statistics of a district's partition")
def test_a_stations_first_load_is_analyzed_in_its_own_transaction(enrolled, station, tmp_path):
    """The refresh after a station's first load is planned knowing its entries: the district's entries partition
    is analyzed inside the import (a small sample: statistics target 10), not left to autovacuum, whose
    statistics would not know the new station (the planner then expects one entry and sorts them all)."""
    uid = station_uid(station)
    rollup.import_paths(enrolled, [export(station, tmp_path, full=True)])
    with enrolled.connect() as conn:
        district = conn.execute(select(schema.stations.c.district)).scalar()
        name = schema.partition_name("rollup_entries", district)
        stats = conn.execute(text(
            "select most_common_vals::text, coalesce(array_length(histogram_bounds::text::text[], 1), 0) "
            "from pg_stats where tablename = :t and attname = :a"), [{"t": name, "a": "station_uid"}]).all()
        bounds = conn.execute(text(
            "select coalesce(array_length(histogram_bounds::text::text[], 1), 0) from pg_stats "
            "where tablename = :t and attname = 'origin_id'"), {"t": name}).scalar()
    assert stats and uid in stats[0][0]
    assert 2 <= bounds <= 11  # 60 entries, target 10: at most 11 bounds (the default target would keep 60)
