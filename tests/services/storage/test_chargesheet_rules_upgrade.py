"""Migration 0011 brings a station's chargesheet rules to the shipped text when the station never changed
them (the 60/90/180 days counted with the remand day as day 1, Kapil Wadhawan, SC 2023), keeps the old
version, and leaves a rule the station changed as the station made it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from app.services.storage import migrate
from app.services.station import init_station, open_database

pytestmark = pytest.mark.sqlite_only("downgrades and upgrades a station file in place")


def test_unchanged_chargesheet_rules_take_the_shipped_text(tmp_path):
    path = tmp_path / "station.sqlite3"
    db = open_database(path)
    init_station(db, "Kotwali Nagar", "Sitapur")
    from app.services import cases, obligations, staff
    from app.services.core import clock

    clock.pin(dt.datetime(2025, 2, 1, 10))
    io = staff.add_person(db, "Sunita Yadav", "SI").id
    staff.assign_role(db, io, "io", dt.date(2024, 1, 1))
    case_id = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                             io_person_id=io).case.id
    cases.add_event(db, case_id, "first-remand", occurred_at="2025-01-01 15:00")
    db.close()
    migrate.downgrade(path, "0010")
    conn = sqlite3.connect(path)
    old = {}
    for key, data in conn.execute("select key, data from rules where key like 'fir.iif5.%' and active = 1"):
        rule = json.loads(data)
        for term in rule["due"]:
            term.pop("inclusive", None)
            term.pop("extendable_days", None)
        rule.pop("pick", None)
        old[key] = rule
    for key, rule in old.items():  # as an older release seeded them; the station changed ge10 itself
        conn.execute("update rules set data = ?, source = ? where key = ? and active = 1",
                     (json.dumps(rule, ensure_ascii=False), "station" if key == "fir.iif5.ge10" else "default", key))
    # the chargesheet entry as the older release dated it: 60 days after the remand's moment
    conn.execute("update obligations set due_at = '2025-03-02 15:00:00' where rule_key = 'fir.iif5.lt10'")
    conn.commit()
    conn.close()

    migrate.upgrade(path)
    conn = sqlite3.connect(path)
    rows = {(k, v): (json.loads(d), a, s) for k, v, d, a, s in
            conn.execute("select key, version, data, active, source from rules where key like 'fir.iif5.%'")}
    conn.close()
    lt10_old, lt10_new = rows[("fir.iif5.lt10", 1)], rows[("fir.iif5.lt10", 2)]
    assert lt10_old[1] == 0 and "inclusive" not in lt10_old[0]["due"][0]  # kept, inactive
    assert lt10_new[1] == 1 and lt10_new[2] == "default" and lt10_new[0]["due"][0]["inclusive"] is True
    assert rows[("fir.iif5.sexual", 2)][0]["pick"] == "earliest"
    assert rows[("fir.iif5.ndps", 2)][0]["due"][0]["extendable_days"] == 365
    assert ("fir.iif5.ge10", 2) not in rows and rows[("fir.iif5.ge10", 1)][1] == 1  # the station's own rule stays

    # the app re-dates the open entry itself on the first open after the upgrade (attack F21): by the end of
    # 1 March (1 January is day 1), audited as the system; once only (the migration's mark is gone)
    db = open_database(path)
    try:
        from sqlalchemy import select

        from app.models.audit import AuditEntry, Setting
        from app.models.obligations import Obligation

        assert obligations.preview_recompute(db) == []
        with db.session() as s:
            (ob,) = s.scalars(select(Obligation).where(Obligation.rule_key == "fir.iif5.lt10")).all()
            assert ob.due_at == dt.datetime(2025, 3, 1, 23, 59, 59) and ob.status == "pending"
            (entry,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "rule.recompute")).all()
            assert entry.actor_person_id is None and '"after_upgrade": "0011"' in entry.after
            assert s.get(Setting, "upgrade.redate_chargesheet") is None
        assert obligations.redate_after_upgrade(db) == 0
    finally:
        db.close()
