"""Issue 16 #16: no test proved that migrations keep the audit chain verifiable (the saved fixtures carry
placeholder hashes). Here each saved revision's file gets a real chain — a person.add for each person and an
account.create for each account, hashed from the stored text as the app hashes it — and after the upgrade to
head ``audit verify`` must find the chain intact and every account and person equal to its after-image."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.services import audit
from app.services.station import open_database

pytestmark = pytest.mark.sqlite_only("upgrades the SQLite files saved at each released revision")

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "schema").glob("*.sqlite3"))
AT = "2024-06-28 09:00:00.000000"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _write_real_chain(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        images = []
        for pid, name, rank, pno, cctns, active in con.execute(
                "select id, name, rank, pno, cctns_user_id, active from persons order by id"):
            images.append(("person.add", "person", pid, {"name": name, "rank": rank, "pno": pno,
                                                         "cctns_user_id": cctns, "active": bool(active)}))
        if "accounts" in tables:
            for aid, username, pid, admin, inspector, active, pw in con.execute(
                    "select id, username, person_id, is_admin, is_inspector, active, password_hash from accounts"):
                images.append(("account.create", "account", aid, {
                    "username": username, "person_id": pid, "admin": bool(admin), "inspector": bool(inspector),
                    "active": bool(active), "password_pending": pw is None}))
        con.execute("delete from audit_entries")
        prev = "0" * 64
        iso = AT.replace(" ", "T").replace(".000000", "")
        for seq, (action, entity, entity_id, after) in enumerate(images, start=1):
            after_s = _dump(after)
            digest = audit.row_hash(prev, seq, iso, iso, None, "system", action, entity, str(entity_id), None, after_s)
            con.execute("insert into audit_entries (seq, at_utc, at_local, actor_person_id, actor_label, action, "
                        "entity, entity_id, before, after, prev_hash, hash) values (?, ?, ?, null, 'system', ?, ?, ?, "
                        "null, ?, ?, ?)", (seq, AT, AT, action, entity, str(entity_id), after_s, prev, digest))
            prev = digest
        con.commit()
        return len(images)
    finally:
        con.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_real_chain_saved_at_an_old_revision_verifies_after_the_upgrade(fixture, tmp_path):
    path = tmp_path / "station.sqlite3"
    shutil.copyfile(fixture, path)
    rows = _write_real_chain(path)
    assert rows > 0
    db = open_database(path)  # upgrades to head (after a verified backup)
    try:
        report = audit.verify(db)
    finally:
        db.close()
    assert report.intact, [p.detail for p in report.problems]
    assert report.rows == rows


def test_the_check_can_fail_a_tampered_upgrade(tmp_path):
    """The same check after a value changed behind the app's back: not intact (the test can fail)."""
    path = tmp_path / "station.sqlite3"
    shutil.copyfile(FIXTURES[-1], path)
    _write_real_chain(path)
    con = sqlite3.connect(path)
    con.execute("update persons set name = 'Forged' where id = (select min(id) from persons)")
    con.commit()
    con.close()
    db = open_database(path)
    try:
        report = audit.verify(db)
    finally:
        db.close()
    assert [(p.kind, p.entity) for p in report.problems] == [("row", "person")]
