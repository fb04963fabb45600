"""Commands that only read (the printed documents, the lists; ``pending`` when nothing is to be made) open the
station's file read-only, without the quick check a writer runs first; a damaged page they meet is still said as
damage with the backup to restore, and nothing is changed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from app.cli import main
from app.services import obligations, storage
from app.services.core import clock
from app.services.station import open_database, open_to_read

pytestmark = pytest.mark.sqlite_only("the station's SQLite file and its quick check")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(capsys, tmp_path):
    clock.pin(dt.datetime(2025, 3, 5, 12))
    path = tmp_path / "station.sqlite3"
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", path)[0] == 0
    assert run(capsys, "staff", "add", "--name", "Ram", "--rank", "HC", "--db", path)[0] == 0
    yield path
    clock.pin(None)


@pytest.fixture
def checks(monkeypatch):
    """Every integrity check run (the writers' quick check goes through ``snapshot.assess``)."""
    from app.services.storage import snapshot

    seen = []
    real = snapshot.assess

    def counting(path, *, quick=False):
        seen.append(quick)
        return real(path, quick=quick)

    monkeypatch.setattr(snapshot, "assess", counting)
    return seen


def test_prints_read_without_the_quick_check(capsys, station, checks):
    clock.pin(dt.datetime(2025, 4, 10, 12))
    for argv in (["checklist", "--json"], ["report", "compliance", "--json", "--from", "05.03.2025", "--to", "31.03.2025"],
                 ["report", "pendency", "--json", "--from", "05.03.2025", "--to", "31.03.2025"]):
        code, out, err = run(capsys, *argv, "--db", station)
        assert code == 0, err
        assert json.loads(out)
    assert checks == []


def test_pending_writes_only_when_there_is_something_to_make(capsys, station, checks):
    code, out, err = run(capsys, "pending", "--json", "--db", station)
    assert code == 0, err
    first = json.loads(out)
    checks.clear()
    code, out, err = run(capsys, "pending", "--json", "--db", station)  # made today already: only reads
    assert code == 0 and json.loads(out) == first and checks == []
    clock.pin(dt.datetime(2025, 3, 7, 12))  # two days on: the recurring duties of the new days are made
    code, out, err = run(capsys, "pending", "--json", "--db", station)
    assert code == 0 and checks, err
    assert len(json.loads(out)) > len(first)


def test_catch_up_due(station):
    db = open_database(station)
    try:
        obligations.catch_up(db)
        assert not obligations.catch_up_due(db)
        clock.pin(dt.datetime(2025, 3, 6, 12))
        assert obligations.catch_up_due(db)
    finally:
        db.close()


def test_open_to_read_is_read_only_and_declines_what_needs_a_writer(station, tmp_path):
    db = open_to_read(station)
    assert db is not None and db.readonly
    db.close()
    assert open_to_read(tmp_path / "none.sqlite3") is None and not (tmp_path / "none.sqlite3").exists()
    con = sqlite3.connect(station)
    con.execute("DELETE FROM circulars")  # the catalogue still to seed: the writer's open does it
    con.commit()
    con.close()
    assert open_to_read(station) is None


def test_a_damaged_page_met_while_reading_is_damage(capsys, station):
    made = storage.make_backup(station)
    con = sqlite3.connect(station)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    page = sqlite3.connect(station).execute("PRAGMA page_size").fetchone()[0]
    with open(station, "r+b") as fh:  # every page but the first (the header and the schema) overwritten
        fh.seek(page)
        size = fh.seek(0, 2)
        fh.seek(page)
        fh.write(b"\xff" * (size - page))
    before = station.read_bytes()
    code, out, err = run(capsys, "report", "compliance", "--json", "--from", "05.03.2025", "--to", "31.03.2025",
                         "--db", station)
    assert code == 2 and "damaged" in err and made.file in err and "Traceback" not in err, err
    assert station.read_bytes() == before


def test_the_lists_read_without_the_quick_check(capsys, station, checks):
    """The lists open the file as the prints do. Those that read the due-date rules (rules list, clocks, a case
    and its accused) do so once the file holds every shipped rule (a case added stored them)."""
    code, out, err = run(capsys, "case", "add", "fir", "--number", "1/2025", "--date", "05.03.2025 10:00",
                         "--db", station)
    assert code == 0, err
    checks.clear()
    for argv in (["staff", "list"], ["case", "list"], ["equipment", "list"], ["support-staff", "list"],
                 ["accounts", "list"], ["clocks"], ["rules", "list"], ["case", "show", "1"],
                 ["case", "accused", "list", "1"]):
        code, out, err = run(capsys, *argv, "--json", "--db", station)
        assert code == 0, (argv, err)
        listed = json.loads(out)
        assert listed or argv[0] in ("equipment", "support-staff", "accounts", "clocks") or "accused" in argv
    assert checks == []


def test_a_new_station_s_rules_are_stored_by_a_writer_s_open_first(capsys, station, checks):
    """On a new station no rule is stored yet: the first reader of the rules opens the file to write and stores
    them (read-only, the list would be empty); after that, the rules are read read-only."""
    with open_database(station) as db:
        assert not obligations.rules_stored(db)
    code, out, err = run(capsys, "rules", "list", "--json", "--db", station)
    assert code == 0 and len(json.loads(out)["rules"]) > 50 and checks, err
    with open_database(station) as db:
        assert obligations.rules_stored(db)
    checks.clear()
    code, out, err = run(capsys, "rules", "list", "--json", "--db", station)
    assert code == 0 and len(json.loads(out)["rules"]) > 50 and checks == [], err
