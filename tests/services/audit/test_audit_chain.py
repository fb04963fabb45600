"""The audit chain: intact on an untouched file; breaks found after direct SQL edits of the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.pg_store import raw_sql
from app.services import audit, staff
from app.services.station import open_database
from app.services.core.errors import UserError


@pytest.fixture
def trail(station_db):
    for i in range(1, 8):
        staff.add_person(station_db, f"Person {i}", "HC", pno=str(9000 + i))
    report = audit.verify(station_db)
    assert report.intact and report.rows == 8
    station_db.close()
    return station_db.path


def _sql(path, *statements):
    for st in statements:
        raw_sql(path, st)


def _verify(path, **kw):
    db = open_database(path, readonly=True)  # as ``audit verify`` does: a file that lost work is still read
    try:
        return audit.verify(db, **kw)
    finally:
        db.close()


def test_untouched_file_is_intact(trail):
    report = _verify(trail)
    assert report.intact and report.first_break is None
    assert report.head_seq == 8 and len(report.head_hash) == 64


def test_changed_row(trail):
    _sql(trail, "update audit_entries set after = replace(after, 'Person 3', 'Person X') where seq = 4")
    report = _verify(trail)
    assert [(p.seq, p.kind) for p in report.problems] == [(4, "changed")]
    assert "Row #4 was changed" in report.problems[0].detail


@pytest.mark.sqlite_only("reads and rewrites the row through sqlite3, from the timestamps' stored text")
def test_changed_row_with_its_hash_recomputed(trail):
    """A careful forger recomputes the row's own hash: the next row's link gives it away."""
    con = sqlite3.connect(trail)
    row = con.execute("select prev_hash, seq, at_utc, at_local, actor_person_id, actor_label, action, entity, "
                      "entity_id, before, after from audit_entries where seq = 4").fetchone()
    con.close()
    after = row[10].replace("Person 3", "Person X")
    from datetime import datetime

    digest = audit.row_hash(row[0], row[1], datetime.fromisoformat(row[2]).isoformat(),
                            datetime.fromisoformat(row[3]).isoformat(), row[4], row[5], row[6], row[7], row[8],
                            row[9], after)
    con = sqlite3.connect(trail)
    con.execute("update audit_entries set after = ?, hash = ? where seq = 4", (after, digest))
    con.commit()
    con.close()
    report = _verify(trail)
    assert [(p.seq, p.kind) for p in report.problems] == [(5, "unlinked")]


def test_deleted_row(trail):
    _sql(trail, "delete from audit_entries where seq = 5")
    report = _verify(trail)
    assert [(p.seq, p.kind) for p in report.problems] == [(6, "missing")]
    assert "Rows #5 to #5 are missing" in report.problems[0].detail


def test_reordered_rows(trail):
    # swap the stored order of rows 3 and 4 (their ids), content untouched
    _sql(trail, "update audit_entries set id = -3 where seq = 3", "update audit_entries set id = 3 where seq = 4",
         "update audit_entries set id = 4 where seq = 3 and id = -3")
    report = _verify(trail)
    assert report.problems and {p.kind for p in report.problems} == {"reordered"}
    assert report.first_break.seq == 3


def test_renumbered_rows(trail):
    _sql(trail, "update audit_entries set seq = 100 where seq = 8", "update audit_entries set seq = 8 where seq = 7",
         "update audit_entries set seq = 7 where seq = 100")
    kinds = {(p.seq, p.kind) for p in _verify(trail).problems}
    assert (8, "reordered") in kinds or (8, "changed") in kinds
    assert any(k == "changed" for _s, k in kinds)


def _forget_committed_mark(path):
    from app.services.storage.committed import mark_path

    mark_path(Path(path)).unlink(missing_ok=True)


def test_deleted_tail_is_caught_against_a_printed_head_and_the_committed_mark(trail):
    db = open_database(trail)
    printed = audit.chain_head_text(db)
    db.close()
    assert printed.startswith("Audit #8 · ") and len(printed.split(" · ")[1]) == 32
    head = audit.parse_head_text(printed)
    assert _verify(trail, expected_head=head).intact
    _sql(trail, "delete from audit_entries where seq >= 7")
    if "://" not in str(trail):  # a file: the head kept beside it (issue 16 #9) says #8 was committed
        report = _verify(trail)
        assert [(p.seq, p.kind) for p in report.problems] == [(8, "committed")]
        _forget_committed_mark(trail)  # without that mark, a shorter chain is consistent in itself …
    assert _verify(trail).intact
    report = _verify(trail, expected_head=head)  # … but not with the paper copy
    assert [(p.seq, p.kind) for p in report.problems] == [(8, "head")]
    assert "ends at #6" in report.problems[0].detail


@pytest.mark.sqlite_only("rewrites the stored rows through sqlite3, from the timestamps' stored text")
def test_a_chain_rewritten_consistently_from_its_first_row_is_caught_by_the_committed_mark(trail):
    """Issue 16 #9: every row's content changed and every hash recomputed passes the chain check; the head
    kept outside the database file does not match any more."""
    from datetime import datetime

    con = sqlite3.connect(trail)
    rows = con.execute("select seq, at_utc, at_local, actor_person_id, actor_label, action, entity, entity_id, "
                       "before, after from audit_entries order by seq").fetchall()
    prev = "0" * 64
    for seq, at_utc, at_local, pid, label, action, entity, eid, before, after in rows:
        after = (after or "").replace("Person", "Forged")
        digest = audit.row_hash(prev, seq, datetime.fromisoformat(at_utc).isoformat(),
                                datetime.fromisoformat(at_local).isoformat(), pid, label, action, entity, eid,
                                before, after)
        con.execute("update audit_entries set after = ?, prev_hash = ?, hash = ? where seq = ?",
                    (after, prev, digest, seq))
        prev = digest
    con.commit()
    con.close()
    report = _verify(trail)
    assert [p.kind for p in report.chain_problems] == ["committed"]
    assert report.first_break.seq == 8 and not report.intact


def test_rewritten_chain_does_not_match_the_printed_head(trail):
    db = open_database(trail)
    head = audit.parse_head_text(audit.chain_head_text(db))
    db.close()
    _sql(trail, "update audit_entries set hash = '" + "a" * 64 + "' where seq = 8")
    problems = _verify(trail, expected_head=head).problems
    assert (8, "head") in [(p.seq, p.kind) for p in problems]


def test_parse_head_text_reads_a_pages_qr_code():
    digest = "3f2a9c81d0e4b7a25c0d1e9f4a7b3c62"
    seal = "ANUPALAN:1234:" + digest.upper() + ":" + "AB" * 16
    assert audit.parse_head_text(seal) == (1234, digest)


def test_parse_head_text_accepts_what_people_type():
    assert audit.parse_head_text("Audit #1234 · 3F2A9C81D0E4B7A2") == (1234, "3f2a9c81d0e4b7a2")
    assert audit.parse_head_text("#12 3f2a9c81…") == (12, "3f2a9c81")
    assert audit.parse_head_text("12:3f2a9c81") == (12, "3f2a9c81")
    with pytest.raises(UserError, match="not an audit head"):
        audit.parse_head_text("hello")


def test_empty_trail_is_intact(db):
    report = audit.verify(db)
    assert report.intact and report.rows == 0 and report.head_text.startswith("Audit #0")


def test_list_filter_and_export(station_db, tmp_path):
    for i in range(1, 4):
        staff.add_person(station_db, f"Person {i}", "HC")
    rows = audit.list_entries(station_db)
    assert [r.seq for r in rows] == [4, 3, 2, 1]
    assert [r.seq for r in audit.list_entries(station_db, limit=2, before_seq=4)] == [3, 2]
    flt = audit.check_filter(family="person", search="Person 2")
    assert [r.seq for r in audit.list_entries(station_db, flt)] == [3]
    assert audit.count_entries(station_db, audit.AuditFilter(family="station")) == 1
    with pytest.raises(UserError, match="before the 'from' date"):
        audit.check_filter(date_from="2026-11-22", date_to="2026-11-01")
    out = tmp_path / "out" / "audit.csv"
    n = audit.export_csv(station_db, out, audit.AuditFilter(family="person"))
    assert n == 3
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()) and b"Person 3" in data and data.count(b"\r\n") == 4
    assert audit.list_entries(station_db, limit=1)[0].action == "audit.export"
    assert audit.verify(station_db).intact


def test_export_neutralises_formulas(station_db, tmp_path):
    from app.services.access import Actor

    with station_db.session() as s:
        audit.record(s, Actor(label="=SUM(A1:A9)"), "person.add", "person", 1, after={"name": "x"})
    out = tmp_path / "a.csv"
    audit.export_csv(station_db, out)
    lines = out.read_bytes().decode("utf-8-sig").split("\r\n")
    assert ",'=SUM(A1:A9)," in lines[2]
    assert ",{" in lines[1] or ',"{' in lines[1]  # JSON cells start with '{' and are left alone


@pytest.mark.sqlite_only("the database file's permissions")
def test_files_are_private_to_the_user(db_path, tmp_path):
    import os
    import stat

    from app.services import audit
    from app.services.station import open_database as open_db

    if os.name != "posix":
        pytest.skip("POSIX permissions")
    database = open_db(db_path)
    try:
        out = tmp_path / "export.csv"
        audit.export_csv(database, out)
    finally:
        database.close()
    for path in (db_path, out):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_rolled_back_savepoint_leaves_no_gap(db):
    from app.services.access import SYSTEM

    with db.session() as s:
        audit.record(s, SYSTEM, "x.one", "x")
        nested = s.begin_nested()
        audit.record(s, SYSTEM, "x.two", "x")
        nested.rollback()
        audit.record(s, SYSTEM, "x.three", "x")
    report = audit.verify(db)
    assert report.intact and report.rows == 2


def test_many_rows_in_one_transaction_stay_chained(db):
    from app.services.access import SYSTEM

    with db.session() as s:
        for i in range(300):
            audit.record(s, SYSTEM, "x.bulk", "x", i, after={"i": i})
    with db.session() as s:
        audit.record(s, SYSTEM, "x.after", "x")
    report = audit.verify(db)
    assert report.intact and report.head_seq == 301
