"""Migration 0011 makes accused of the events recorded before accused were (attack F31): the name an older
arrest, surrender or remand carries in its details becomes an accused of its case, linked to the event; a
first remand naming nobody goes to the case's first arrested accused (or a new, unnamed one); a bail naming
nobody on a single-accused case is his. So no upgraded remand is left as a clock nobody can stop."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.storage import migrate
from app.services.station import init_station, open_database



def down_and_up(path, target: str = "0010") -> None:
    """Take the station down to ``target`` and back to head (a file, or a PostgreSQL database)."""
    if not str(path).startswith("postgresql"):
        migrate.downgrade(path, target)
        migrate.upgrade(path)
        return
    from alembic import command

    from app.services.storage import postgres

    engine = postgres.make_engine(postgres.make_url(str(path)))
    try:
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), target)
        postgres.upgrade(engine)
    finally:
        engine.dispose()


def test_older_events_become_accused_whose_clocks_can_be_stopped(db_path):
    from app.services import cases, staff
    from app.services.core import clock

    path = db_path
    db = open_database(path)
    init_station(db, "Kotwali Nagar", "Sitapur")
    clock.pin(dt.datetime(2025, 2, 1, 10))
    io = staff.add_person(db, "Sunita Yadav", "SI").id
    staff.assign_role(db, io, "io", dt.date(2024, 1, 1))

    def fir(day):
        return cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, day, 10), act="BNS", sections="303(2)",
                              io_person_id=io).case.id

    # as the older console recorded them: the name only in the event's details
    one = fir(1)
    cases.add_event(db, one, "arrest", occurred_at="2025-01-01 12:00", details={"accused": "Raju"})
    cases.add_event(db, one, "first-remand", occurred_at="2025-01-02 11:00", details={"accused": "raju"})
    two = fir(2)
    cases.add_event(db, two, "arrest", occurred_at="2025-01-02 12:00", details={"accused": "B"})
    cases.add_event(db, two, "arrest", occurred_at="2025-01-02 13:00", details={"accused": "C"})
    cases.add_event(db, two, "first-remand", occurred_at="2025-01-03 11:00", accused="B")  # no name in details
    three = fir(3)
    cases.add_event(db, three, "first-remand", occurred_at="2025-01-04 11:00")
    cases.add_event(db, three, "bail", occurred_at="2025-01-10 11:00")
    db.close()
    down_and_up(path)

    db = open_database(path)
    try:
        raju = cases.list_accused(db, one)
        assert [(a.name, a.arrested_at, a.first_remand_at, a.custody) for a in raju] == [
            ("Raju", dt.datetime(2025, 1, 1, 12), dt.datetime(2025, 1, 2, 11), "in-custody")]
        b, c = cases.list_accused(db, two)
        assert (b.name, b.first_remand_at, c.name, c.first_remand_at) == ("B", dt.datetime(2025, 1, 3, 11), "C", None)
        (x,) = cases.list_accused(db, three)
        assert x.name == "" and x.custody == "bailed" and x.bailed_at == dt.datetime(2025, 1, 10, 11)
        rows = cases.statutory_clocks(db)
        assert sorted((r.case_id, r.accused) for r in rows) == [(one, "Raju"), (two, "B")]
        assert all(r.accused_id is not None for r in rows)
        # a bail naming him finds him (case-insensitive), creates nobody, and his clock stops
        cases.add_event(db, one, "bail", occurred_at="2025-01-20 10:00", accused="RAJU")
        assert [a.id for a in cases.list_accused(db, one)] == [raju[0].id]
        cases.bail_accused(db, raju[0].id, "2025-01-20 10:00")
        assert [r.accused for r in cases.statutory_clocks(db)] == ["B"]
    finally:
        db.close()


def test_open_chargesheet_entries_take_the_new_day_count_on_the_first_open_after_the_upgrade(db_path):
    """Attack F21: an open chargesheet entry dated by the older rule (remand + 60 days at the remand's time)
    is re-dated by the app itself on the first open after the upgrade: by the end of day 60, the remand
    day counted as day 1 (Kapil Wadhawan). On SQLite and PostgreSQL."""
    import json

    from app.services import cases, obligations, staff
    from app.services.core import clock
    from tests.pg_store import raw_sql

    db = open_database(db_path)
    init_station(db, "Kotwali Nagar", "Sitapur")
    clock.pin(dt.datetime(2025, 2, 1, 10))
    io = staff.add_person(db, "Sunita Yadav", "SI").id
    staff.assign_role(db, io, "io", dt.date(2024, 1, 1))
    case_id = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                             io_person_id=io).case.id
    cases.add_event(db, case_id, "arrest", occurred_at="2025-01-01 12:00", accused="Raju")  # a remand follows one
    cases.add_event(db, case_id, "first-remand", occurred_at="2025-01-01 15:00", details={"accused": "Raju"})
    db.close()
    # as an older release seeded the rule and dated the entry: 60 days after the remand's moment
    ((data,),) = raw_sql(db_path, "select data from rules where key = 'fir.iif5.lt10' and active = ?", True)
    rule = json.loads(data)
    for term in rule["due"]:
        term.pop("inclusive", None)
        term.pop("extendable_days", None)
    rule.pop("pick", None)
    raw_sql(db_path, "update rules set data = ? where key = 'fir.iif5.lt10'", json.dumps(rule))
    raw_sql(db_path, "update obligations set due_at = ? where rule_key = 'fir.iif5.lt10'",
            dt.datetime(2025, 3, 2, 15))
    down_and_up(db_path)

    db = open_database(db_path)
    try:
        row = next(r for r in cases.get_case(db, case_id).obligations if r.duty_code == "C-4")
        assert row.due_at == dt.datetime(2025, 3, 1, 23, 59, 59)
        assert obligations.preview_recompute(db) == []
        assert obligations.redate_after_upgrade(db) == 0  # once only
        (raju,) = cases.list_accused(db, case_id)
        assert raju.name == "Raju" and raju.default_bail_at == dt.datetime(2025, 3, 1, 23, 59, 59)
    finally:
        db.close()
