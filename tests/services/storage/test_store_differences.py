"""What SQLite and a PostgreSQL server would do differently, and the services make the same.

Each test runs on both stores (``ANUPALAN_TEST_DATABASE_URL`` for PostgreSQL, see tests/conftest.py),
except the concurrent writers, which only a server has (SQLite lets one window write: the instance lock).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from app.services import audit, cases, staff
from app.services.core import clock
from app.services import obligations as ob
from app.services.core.errors import UserError

NOW = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def station(station_db):
    clock.pin(NOW)
    return station_db


# --- opening by URL -------------------------------------------------------------------------------------

def test_a_sqlite_url_is_the_file(tmp_path, capsys):
    from app.cli import main
    from app.services.station import open_database
    from app.services.storage import Database

    path = tmp_path / "station.sqlite3"
    with Database.from_url(f"sqlite:///{path}") as db:
        assert db.path == path and db.storage.kind == "sqlite" and db.storage.has_file
        staff.add_person(db, "Ram", "HC")
    with open_database(path) as db:
        assert [p.name for p in staff.list_persons(db)] == ["Ram"]
    assert main(["staff", "list", "--db", f"sqlite:///{path}", "--json"]) == 0
    assert "Ram" in capsys.readouterr().out
    with pytest.raises(ValueError, match="made into a path"):  # a URL folded by Path() is never a file name
        open_database(Path(f"sqlite:///{path}"))
    with pytest.raises(UserError, match="only SQLite files and PostgreSQL servers"):
        open_database("mysql://user:pw@host/db")
    for driver in ("pg8000", "asyncpg", "psycopg2"):  # another driver for the server: a message, exit 2, no trace
        with pytest.raises(UserError, match=f"postgresql\\+psycopg://USER@HOST:PORT/DB, not with {driver}"):
            open_database(f"postgresql+{driver}://user@127.0.0.1:1/db")
        assert main(["staff", "list", "--db", f"postgresql+{driver}://user@127.0.0.1:1/db"]) == 2
        assert "Traceback" not in capsys.readouterr().err


# --- searching: case, and the user's text taken literally ------------------------------------------------

def test_case_search_ignores_case_and_takes_wildcards_literally(station):
    at = NOW - dt.timedelta(hours=2)
    ids = {}
    for key, description in (("pct", "Loss of 50% of the crop"), ("plain", "Loss of 50 bags of the crop"),
                             ("under", "Found at gate_2"), ("gate", "Found at gate22"),
                             ("case", "Stolen MOBILE phone")):
        ids[key] = cases.add_case(station, "ncr", registered_at=at, description=description).case.id

    def found(text):
        return {c.id for c in cases.list_cases(station, search=text)}

    assert found("50%") == {ids["pct"]}  # '%' is the user's text, not "anything"
    assert found("gate_2") == {ids["under"]}  # '_' is the user's text, not "any one character"
    assert found("mobile") == found("Mobile") == found("MOBILE") == {ids["case"]}
    assert found("%") == {ids["pct"]} and found("_") == {ids["under"]}


def test_pending_search_ignores_case_and_takes_wildcards_literally(station):
    entries = {}
    for name in ("Ravi_Kumar", "RaviXKumar"):  # '_' would match the X if it were LIKE's wildcard
        pid = staff.add_person(station, name, "SI").id
        staff.assign_role(station, pid, "io", dt.date(2026, 1, 1))
        made = cases.add_case(station, "fir", registered_at=NOW - dt.timedelta(hours=3), act="BNS",
                              sections="303(2)", io_person_id=pid).obligations
        entries[name] = {r.id for r in made if r.person_id == pid}
    assert entries["Ravi_Kumar"] and entries["RaviXKumar"]

    def found(text):
        return set(ob.ids(station, ob.ObligationFilter(search=text)))

    assert found("Ravi_Kumar") == found("ravi_kumar") == found("RAVI_KUMAR") == entries["Ravi_Kumar"]
    assert found("i_k") == entries["Ravi_Kumar"]
    assert found("ravixkumar") == entries["RaviXKumar"]
    assert found("100%") == set()


def test_audit_search_ignores_case_and_takes_wildcards_literally(station):
    staff.add_person(station, "Meera 100% Singh", "HC")
    staff.add_person(station, "Meera 1000 Singh", "HC")
    staff.add_person(station, "kishan_lal", "HC")
    staff.add_person(station, "kishanXlal", "HC")

    def found(text):
        rows = audit.list_entries(station, audit.check_filter(family="person", search=text))
        return sorted(r.after for r in rows)

    assert len(found("100%")) == 1 and "Meera 100% Singh" in found("100%")[0]
    assert len(found("kishan_lal")) == 1 and "kishan_lal" in found("kishan_lal")[0]
    assert found("MEERA") == found("meera") and len(found("meera")) == 2
    assert len(audit.list_entries(station, audit.check_filter(family="PERSON"))) == 4


def test_search_text_a_server_cannot_hold_is_refused_with_a_message(station):
    """PostgreSQL text cannot contain NUL: the search is refused as every stored text is, not a crash."""
    with pytest.raises(UserError, match="Search contains characters that cannot be stored"):
        cases.list_cases(station, search="FIR\x00")
    with pytest.raises(UserError, match="Search contains characters that cannot be stored"):
        ob.ids(station, ob.ObligationFilter(search="\x00"))


def test_numbers_no_integer_column_holds_are_refused_or_match_nothing(station):
    """PostgreSQL's integer is 32 bits: a larger id is refused with a message (SQLite would just not find it)."""
    from app.services.core.validate import MAX_INTEGER, parse_int

    with pytest.raises(UserError, match="Entry id must be between 1 and 2147483647"):
        parse_int(str(MAX_INTEGER + 1), "Entry id", minimum=1)
    assert parse_int(str(MAX_INTEGER), "Entry id", minimum=1) == MAX_INTEGER
    cases.add_case(station, "ncr", registered_at=NOW - dt.timedelta(hours=1))
    assert cases.list_cases(station, search=str(MAX_INTEGER + 1)) == []
    assert ob.ids(station, ob.ObligationFilter(search="99999999999")) == []
    assert len(cases.list_cases(station, search="1")) == 1


# --- sorting: the same order on every store --------------------------------------------------------------

NAMES = ("amit Kumar", "Ravi Kumar", "Ravi kumar", "ravi", "Zeeshan", "रमेश", "अमित", "_Helper", "Éva", "10 Batch")


def test_names_sort_the_same_on_every_store(station):
    """By code point (SQLite's BINARY), whatever the server's collation: "Ravi" before "amit"."""
    for name in NAMES:
        staff.add_person(station, name, "HC")
    assert [p.name for p in staff.list_persons(station)] == sorted(NAMES)


def test_pending_entries_by_person_sort_the_same_on_every_store(station):
    people = {}
    for name in ("amit", "Ravi", "Bela"):
        people[name] = staff.add_person(station, name, "SI").id
        staff.assign_role(station, people[name], "io", dt.date(2026, 1, 1))
        cases.add_case(station, "fir", registered_at=NOW - dt.timedelta(hours=1), act="BNS", sections="303(2)",
                       io_person_id=people[name])
    rows = ob.rows(station, ob.ids(station, ob.ObligationFilter(), order="person"))
    named = [r.person for r in rows if r.person in people]
    assert named == sorted(named) and set(named) == set(people)


# --- lengths: refused with a message before anything is written -------------------------------------------

def test_act_that_grows_past_its_column_when_normalised_is_refused(station):
    """"a,b,c,…" (39 characters) is written back as "a, b, c, …" (58): longer than the 40 the column holds.
    PostgreSQL refuses to store it (SQLite would keep it whole): refused first, with a message."""
    act = ",".join("ABCDEFGHIJKLMNOPQRST")
    assert len(act) <= 40
    before = len(cases.list_cases(station))
    with pytest.raises(UserError, match=r"Act is too long \(58 characters; at most 40\)"):
        cases.add_case(station, "ncr", registered_at=NOW - dt.timedelta(hours=1), act=act)
    assert len(cases.list_cases(station)) == before


# --- concurrent writers on a server ------------------------------------------------------------------------

def _waiting_on_locks(url: str) -> int:
    from sqlalchemy.engine import make_url

    from tests.pg_store import raw_sql

    name = make_url(url).database
    return raw_sql(url, "select count(*) from pg_stat_activity where datname = ? and wait_event_type = 'Lock'",
                   name)[0][0]


def _two_writers_at_once(db, write) -> list:
    """Run ``write`` in two threads whose transactions are both open at once: a third connection locks the
    audit table, where both stop (each service appends an audit row last); it lets them go only when both
    wait. Returns what each returned; fails on any error."""
    import psycopg
    from sqlalchemy.engine import make_url

    blocker = psycopg.connect(make_url(db.path).set(drivername="postgresql").render_as_string(hide_password=False))
    blocker.execute("LOCK TABLE audit_entries IN EXCLUSIVE MODE")
    results, errors = [], []

    def run():
        try:
            results.append(write())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    writers = [threading.Thread(target=run) for _ in range(2)]
    try:
        for w in writers:
            w.start()
        deadline = time.monotonic() + 20
        while _waiting_on_locks(db.path) < 2:  # one at the table lock, the other at it or at the first's lock
            assert time.monotonic() < deadline, "the two writers never waited at the same time"
            time.sleep(0.02)
    finally:
        blocker.rollback()
        blocker.close()
        for w in writers:
            w.join(30)
    assert not errors, errors
    return results


@pytest.mark.postgresql_only("two writers at once: SQLite lets one window write at a time (the instance lock)")
def test_concurrent_writers_get_distinct_audit_rows(station):
    """Both read "the last audit row" before either commits: without a lock both append row #2 (the same
    number and the same previous hash), and the second fails on the unique constraint or forks the chain."""
    names = _two_writers_at_once(station, lambda: staff.add_person(station, "Ram", "HC").name)
    assert names == ["Ram", "Ram"]
    report = audit.verify(station)
    assert report.intact and report.rows == 3  # station.init + two person.add, one chain


@pytest.mark.postgresql_only("two writers at once: SQLite lets one window write at a time (the instance lock)")
def test_concurrent_writers_get_distinct_case_numbers(station):
    """Both read "the highest FIR number this year" before either commits: without a lock both take 1."""
    made = _two_writers_at_once(station, lambda: cases.add_case(
        station, "fir", registered_at=NOW - dt.timedelta(hours=1), act="BNS", sections="303(2)").case.label)
    assert sorted(made) == ["FIR 1/2026", "FIR 2/2026"]
    report = audit.verify(station)
    assert report.intact and report.rows == 3
