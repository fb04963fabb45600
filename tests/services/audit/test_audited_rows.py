"""Audit beyond its own table (issue 16 #9): ``audit verify`` also finds a row of accounts, persons, role
assignments, cases, events or entries changed behind the app's back, compares each with its last recorded
after-image; a row whose stored time cannot be read is reported broken, not a crash; heads carry 128 bits."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import build_with_db, starting_from
from tests.pg_store import raw_sql
from app.services import accounts, audit, cases, obligations, staff
from app.services.access import Actor
from app.services.core import clock
from app.services.station import open_database

PW = "river tea window"
DAY = dt.datetime(2025, 3, 3, 9, 0)


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


def _station(db):
    """An administrator, an SHO, a constable with an account, a case with entries, one entered and verified."""
    from app.services.station import init_station

    accounts.use_params(accounts.Argon2Params(1, 8, 1))  # made before the tests' own cheap_hashing
    try:
        clock.pin(DAY)
        init_station(db, "Kotwali Nagar", "Sitapur")
        kamal = staff.add_person(db, "Kamal", "Constable").id
        shiv = staff.add_person(db, "Shiv", "Inspector").id
        sho = staff.assign_role(db, shiv, "sho", dt.date(2024, 1, 1))
        admin = accounts.create_first_admin(db, username="omop", password=PW, confirm=PW, name="Omop", rank="HC")
        accounts.create_account(db, kamal, "kamal", actor=admin.actor)
        clock.pin(DAY + dt.timedelta(hours=10))
        made = cases.add_case(db, "ncr", registered_at=DAY)
        first = made.obligations[0].id
        obligations.mark_entered(db, [first], "NCR-1", actor=admin.actor)
        obligations.verify(db, [first], by_person_id=shiv, actor=Actor(shiv, "Shiv"))
        report = audit.verify(db)
        assert report.intact, report.problems
    finally:
        accounts.use_params(None)
    return {"kamal": kamal, "shiv": shiv, "sho_assignment": sho.id, "case": made.case.id, "entry": first,
            "admin": admin.account.id}


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db_path, made):
    """The station's database (made once for the module; each test its own copy, closed) and its ids; the clock
    where the set-up left it."""
    clock.pin(DAY + dt.timedelta(hours=10))
    return db_path, dict(made.value)


def _verify(path):
    db = open_database(path, readonly=True)  # as ``audit verify`` does
    try:
        return audit.verify(db)
    finally:
        db.close()


@pytest.mark.parametrize("statement, entity", [
    ("update accounts set is_admin = 1 where username = 'kamal'", "account"),
    ("update accounts set password_hash = 'x' where username = 'kamal'", "account"),
    ("update persons set name = 'Someone Else' where name = 'Kamal'", "person"),
    ("update role_assignments set to_date = '2024-02-01' where role_code = 'sho'", "role_assignment"),
    ("update cases set io_person_id = (select id from persons where name = 'Kamal')", "case"),
    ("update obligations set status = 'na'", "obligation"),
    ("update obligations set verified_by_id = (select id from persons where name = 'Kamal') "
     "where status = 'verified'", "obligation"),
])
def test_a_row_changed_behind_the_apps_back_is_found(station, statement, entity):
    path, _ids = station
    raw_sql(path, statement.replace("is_admin = 1", "is_admin = true"))
    report = _verify(path)
    assert not report.intact
    kinds = {(p.kind, p.entity) for p in report.problems}
    assert ("row", entity) in kinds, report.problems
    assert all(p.kind == "row" for p in report.problems)  # the chain itself is untouched


def test_an_account_added_behind_the_apps_back_is_found(station):
    path, ids = station
    raw_sql(path, "insert into accounts (person_id, username, password_hash, is_admin, is_inspector, active, "
                  f"failed_count, created_at) values ({ids['shiv']}, 'shiv', 'x', true, false, true, 0, "
                  "'2025-03-03 10:00:00')")
    report = _verify(path)
    assert [(p.kind, p.entity) for p in report.problems] == [("row", "account")]
    assert "no audit record" in report.problems[0].detail


def test_rows_changed_through_the_app_stay_intact(station):
    path, ids = station
    db = open_database(path)
    try:
        admin = accounts.actor_for(db, ids["admin"])
        accounts.set_flags(db, accounts.list_accounts(db)[1].id, inspector=True, actor=admin)
        accounts.start_reset(db, ids["admin"] + 1, actor=admin)
        staff.update_person(db, ids["kamal"], name="Kamal Singh", actor=admin)
        staff.end_assignment(db, ids["sho_assignment"], DAY.date(), actor=admin)
        staff.assign_role(db, ids["kamal"], "sho", DAY.date() + dt.timedelta(days=1), actor=admin)
        obligations.reopen(db, ids["entry"], "typed twice")
        cases.add_event(db, ids["case"], "io-change", person_id=ids["kamal"], occurred_at=DAY)
        cases.update_case(db, ids["case"], sensitive=True)
        fir = cases.add_case(db, "fir", registered_at=DAY, act="BNS", sections="303(2)").case.id
        cases.update_case(db, fir, punishment_class="ge10", punishment_reason="the value stolen is a temple's idol")
        (followed,), = raw_sql(db, "select after from audit_entries where action = 'case.update' "
                                   "order by seq desc limit 1")
        assert '"obligations_closed": [' in followed and '"obligations_closed": []' not in followed
        other = cases.add_case(db, "fir", registered_at=DAY, act="BNS", sections="303(2)")
        event = cases.add_event(db, other.case.id, "io-change", person_id=ids["shiv"], occurred_at=DAY)
        cases.edit_event(db, event.event_id, occurred_at=DAY + dt.timedelta(hours=1), reason="typed the wrong hour")
        arrest = cases.add_event(db, other.case.id, "arrest", occurred_at=DAY + dt.timedelta(hours=2),
                                 details={"accused": "Raju"})
        cases.void_event(db, arrest.event_id, reason="recorded on the wrong case")
        cases.void_case(db, other.case.id, reason="registered twice")
        seema = cases.add_case(db, "missing", registered_at=DAY, description="Seema, 14, left for school").case.id
        cases.add_event(db, seema, "traced", occurred_at=DAY + dt.timedelta(hours=3))
        ravi = cases.add_case(db, "missing", registered_at=DAY, description="Ravi, 9").case.id
        body = cases.add_case(db, "unidentified-body", registered_at=DAY, description="found by the canal").case.id
        cases.match_cases(db, ravi, body, occurred_at=DAY + dt.timedelta(hours=4))
        assert audit.verify(db).intact, audit.verify(db).problems
    finally:
        db.close()


@pytest.mark.sqlite_only("PostgreSQL does not store text in a timestamp column")
def test_an_unreadable_time_in_a_row_is_reported_broken_not_a_crash(station):
    path, _ids = station
    raw_sql(path, "update audit_entries set at_utc = 'garbage' where seq = 3")
    raw_sql(path, "update audit_entries set at_local = '2025-13-45 99:00:00' where seq = 5")
    report = _verify(path)
    assert [(p.seq, p.kind) for p in report.problems if p.kind != "row"] == [(3, "changed"), (5, "changed")]


def test_heads_carry_at_least_128_bits(station):
    path, _ids = station
    report = _verify(path)
    printed = report.head_text.rsplit(" ", 1)[-1]
    assert len(printed) >= 32 and report.head_hash.startswith(printed)
    assert audit.HEAD_HASH_CHARS >= 32


def _kamal_with_password(path, ids):
    """Kamal sets his password with the administrator's one-time code (a fresh reset gives the code)."""
    db = open_database(path)
    try:
        admin = accounts.actor_for(db, ids["admin"])
        kamal = next(a for a in accounts.list_accounts(db) if a.username == "kamal")
        code = accounts.start_reset(db, kamal.id, actor=admin).setup_code
        accounts.set_first_password(db, "kamal", "kamal's own words", "kamal's own words", code=code)
        return kamal.id
    finally:
        db.close()


def test_a_password_hash_copied_by_hand_is_found(station):
    """Attack 16 A2: the administrator copies his own hash onto another account, signs in as its holder."""
    path, ids = station
    _kamal_with_password(path, ids)
    assert _verify(path).intact
    raw_sql(path, "update accounts set password_hash = (select password_hash from accounts where username = 'omop') "
                  "where username = 'kamal'")
    report = _verify(path)
    assert [(p.kind, p.entity) for p in report.problems] == [("row", "account")], report.problems
    assert "password_digest" in report.problems[0].detail
    digest = raw_sql(path, "select password_hash from accounts where username = 'omop'")[0][0]
    assert digest not in report.problems[0].detail  # never the hash itself


def test_a_one_time_code_hash_replaced_by_hand_is_found(station):
    path, _ids = station
    raw_sql(path, "update accounts set setup_code_hash = (select password_hash from accounts where username = 'omop') "
                  "where username = 'kamal'")
    report = _verify(path)
    assert [(p.kind, p.entity) for p in report.problems] == [("row", "account")], report.problems
    assert "setup_code_digest" in report.problems[0].detail


def test_every_password_path_records_the_new_digest(station):
    """Set with a code, changed by its holder, renewed at sign-in with stronger settings, reset: no false alarm;
    no audit row holds a password hash."""
    path, ids = station
    kamal = _kamal_with_password(path, ids)
    db = open_database(path)
    try:
        me = accounts.actor_for(db, kamal)
        accounts.change_password(db, kamal, "kamal's own words", "a new river stone", "a new river stone", actor=me)
        assert audit.verify(db).intact, audit.verify(db).problems
        accounts.use_params(accounts.Argon2Params(2, 8, 1))  # settings made stronger: the next sign-in rehashes
        accounts.sign_in(db, "kamal", "a new river stone")
        (action,), = raw_sql(db, "select action from audit_entries where action = 'account.password_upgrade'")
        assert audit.verify(db).intact, audit.verify(db).problems
        accounts.start_reset(db, kamal, actor=accounts.actor_for(db, ids["admin"]))
        assert audit.verify(db).intact, audit.verify(db).problems
        hashes = [h for (h,) in raw_sql(db, "select password_hash from accounts where password_hash is not null")]
        images = " ".join(a or "" for (a,) in raw_sql(db, "select after from audit_entries"))
        assert hashes and not any(h in images for h in hashes)
    finally:
        db.close()


def _rewrite_chain(path):
    """Attack 16 A8: Kamal made administrator in the table and in every after-image of his account, every hash
    recomputed from the first row, the committed mark rewritten: the chain and the mark agree again."""
    import json
    import sqlite3
    from pathlib import Path

    from app.services.audit.chain import GENESIS, row_hash
    from app.services.storage.committed import write_mark

    c = sqlite3.connect(path)
    c.execute("update accounts set is_admin = 1 where username = 'kamal'")
    kamal = c.execute("select id from accounts where username = 'kamal'").fetchone()[0]
    for rid, after in c.execute("select id, after from audit_entries where entity = 'account' and entity_id = ?",
                                (str(kamal),)).fetchall():
        image = json.loads(after) if after else None
        if isinstance(image, dict) and "admin" in image:
            image["admin"] = True
            c.execute("update audit_entries set after = ? where id = ?",
                      (json.dumps(image, ensure_ascii=False, sort_keys=True), rid))
    prev = GENESIS
    for rid, seq, au, al, pid, label, action, entity, eid, before, after in c.execute(
            "select id, seq, at_utc, at_local, actor_person_id, actor_label, action, entity, entity_id, before, after "
            "from audit_entries order by id").fetchall():
        digest = row_hash(prev, seq, dt.datetime.fromisoformat(au).isoformat(), dt.datetime.fromisoformat(al).isoformat(),
                          pid, label, action, entity, eid, before, after)
        c.execute("update audit_entries set prev_hash = ?, hash = ? where id = ?", (prev, digest, rid))
        prev = digest
    c.commit()
    seq = c.execute("select max(seq) from audit_entries").fetchone()[0]
    c.close()
    write_mark(Path(path), seq, prev, force=True)


@pytest.mark.sqlite_only("backups and the backup log are of the SQLite file")
def test_a_chain_rewritten_with_its_mark_disagrees_with_the_backup_log(station):
    from app.services.storage import make_backup

    path, ids = station
    assert make_backup(path, reason="manual").ok
    db = open_database(path)
    try:
        staff.add_person(db, "Later", "SI", actor=accounts.actor_for(db, ids["admin"]))
    finally:
        db.close()
    _rewrite_chain(path)
    report = _verify(path)
    assert not report.intact
    backup = [p for p in report.problems if p.kind == "backup"]
    assert len(backup) == 1 and "rewritten" in backup[0].detail, report.problems
    assert report.first_break is not None and report.first_break.seq == backup[0].seq


@pytest.mark.sqlite_only("backups and the backup log are of the SQLite file")
def test_a_restore_of_an_older_backup_is_no_false_alarm(station):
    from app.services.backup import restore_backup
    from app.services.storage import make_backup

    path, ids = station
    old = make_backup(path, reason="manual")
    db = open_database(path)
    try:
        staff.add_person(db, "Later", "SI", actor=accounts.actor_for(db, ids["admin"]))
    finally:
        db.close()
    assert make_backup(path, reason="manual").ok
    clock.pin(DAY + dt.timedelta(hours=11))
    restore_backup(path, old.file, confirm=True)
    clock.pin(DAY + dt.timedelta(hours=12))
    db = open_database(path)
    try:
        staff.add_person(db, "Another", "SI", actor=accounts.actor_for(db, ids["admin"]))
        staff.add_person(db, "And one more", "SI", actor=accounts.actor_for(db, ids["admin"]))
    finally:
        db.close()
    assert make_backup(path, reason="manual").ok
    report = _verify(path)
    assert report.intact, report.problems


def test_a_cas_reference_changed_by_hand_is_found(station):
    """Attack 16 A3: the CAS reference of a made entry is recorded when it is made, and compared."""
    path, ids = station
    raw_sql(path, f"update obligations set cas_ref = '999' where id = {ids['entry']}")
    report = _verify(path)
    assert [(p.kind, p.entity, p.entity_id) for p in report.problems] == [("row", "obligation", ids["entry"])]
    assert "cas_ref" in report.problems[0].detail

