"""``case accused …``, ``case event … --accused`` and ``clocks``: the command line of the per-accused
default-bail clocks (BNSS 187(3): the remand day is day 1, Kapil Wadhawan, SC 2023)."""

from __future__ import annotations

import datetime as dt
import json

from tests.cli.test_cases_cli import db_path, run, station, template  # noqa: F401 (fixtures)
from tests.pg_store import raw_sql
from app.services.core import clock


def counts(db_path) -> tuple:
    return tuple(raw_sql(db_path, f"select count(*) from {t}")[0][0]
                 for t in ("accused", "events", "obligations", "audit_entries"))


def test_accused_remands_and_the_clocks_command(station, capsys, db_path):  # noqa: F811
    d = ("--db", str(db_path))
    clock.pin(dt.datetime(2025, 3, 5, 12))
    code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-01-10 10:00", "--io", "3", "--act", "BNS",
                         "--sections", "103(1)", "--punishment", "ge10", "--json", *d)
    assert code == 0, err
    case_id = str(json.loads(out)["id"])
    code, out, err = run(capsys, "case", "accused", "add", case_id, "--name", "Raju", "--arrested",
                         "2025-01-10 18:00", "--json", *d)
    assert code == 0, err
    raju = json.loads(out)["accused"]["id"]
    assert [o["duty"] for o in json.loads(out)["obligations"]] == ["C-2"]
    # a first remand recorded as 'remand' (the only accused: implied) starts his clock
    code, out, err = run(capsys, "case", "event", case_id, "remand", "--date", "2025-01-11 12:00", *d)
    assert code == 0, err
    # a second first remand of the same accused: refused, exit 2, nothing written
    before = counts(db_path)
    code, out, err = run(capsys, "case", "event", case_id, "first-remand", "--date", "2025-01-12 12:00",
                         "--accused", str(raju), *d)
    assert code == 2 and "already has his first remand" in err and counts(db_path) == before
    # a second accused by name: his own clock (a remand follows his arrest)
    code, out, err = run(capsys, "case", "event", case_id, "arrest", "--date", "2025-01-19 12:00",
                         "--accused", "Mohan", *d)
    assert code == 0, err
    code, out, err = run(capsys, "case", "event", case_id, "first-remand", "--date", "2025-01-20 12:00",
                         "--accused", "Mohan", *d)
    assert code == 0, err
    code, out, err = run(capsys, "case", "accused", "list", case_id, "--json", *d)
    days = {a["name"]: a["default_bail_at"] for a in json.loads(out)}
    assert days == {"Raju": "2025-04-10 23:59:59", "Mohan": "2025-04-19 23:59:59"}  # day 90 of each
    # with two accused a remand must say whose
    before = counts(db_path)
    code, out, err = run(capsys, "case", "event", case_id, "remand", "--date", "2025-01-25 12:00", *d)
    assert code == 2 and "say which one" in err and counts(db_path) == before

    code, out, err = run(capsys, "clocks", "--within", "40", "--json", *d)
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["accused"], r["last_day"], r["days_left"]) for r in rows] == [("Raju", "2025-04-10", 36)]
    assert rows[0]["io"] == "Sunita Yadav" and "C-4" in [o["duty"] for o in rows[0]["owed"]]
    code, out, err = run(capsys, "clocks", "--within", "60", *d)
    assert code == 0 and "Raju" in out and "Mohan" in out and "36 days left" in out
    code, out, err = run(capsys, "clocks", "--within", "soon", *d)
    assert code == 2 and "whole number" in err

    code, out, err = run(capsys, "case", "accused", "bail", str(raju), "--on", "2025-02-01 15:00", *d)
    assert code == 0, err
    code, out, err = run(capsys, "clocks", "--within", "60", "--json", *d)
    assert [r["accused"] for r in json.loads(out)] == ["Mohan"]
    code, out, err = run(capsys, "case", "accused", "extend", str(raju), "--days", "365", "--on", "2025-02-01", *d)
    assert code == 2 and "cannot be extended" in err
    code, out, err = run(capsys, "case", "show", case_id, *d)
    assert code == 0 and "on bail" in out and "19 Apr 2025" in out


def test_case_event_first_remand_on_a_case_with_no_accused_still_works(station, capsys, db_path):  # noqa: F811
    d = ("--db", str(db_path))
    clock.pin(dt.datetime(2025, 3, 5, 12))
    code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-01-01 10:00", "--io", "3", "--act", "BNS",
                         "--sections", "303(2)", "--punishment", "lt10", "--json", *d)
    case_id = str(json.loads(out)["id"])
    code, out, err = run(capsys, "case", "event", case_id, "first-remand", "--date", "2025-01-01 15:00", *d)
    assert code == 0, err
    code, out, err = run(capsys, "case", "accused", "list", case_id, "--json", *d)
    (a,) = json.loads(out)
    assert a["name"] == "" and a["default_bail_at"] == "2025-03-01 23:59:59"
    code, out, err = run(capsys, "case", "accused", "name", str(a["id"]), "--name", "Kallu", *d)
    assert code == 0 and "Kallu" in out
    code, out, err = run(capsys, "clocks", *d)  # 1 March is 0 days... already passed on 5 March
    assert code == 0 and "DEFAULT BAIL ACCRUED 3 days ago" in out and "Kallu" in out


def test_clocks_lists_the_arrested_not_yet_produced(station, capsys, db_path):  # noqa: F811
    """Attack F19: BNSS 58, produced before a Magistrate within 24 hours of the arrest."""
    d = ("--db", str(db_path))
    clock.pin(dt.datetime(2025, 3, 5, 12))
    code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-05 08:00", "--io", "3", "--act", "BNS",
                         "--sections", "303(2)", "--punishment", "lt10", "--json", *d)
    assert code == 0, err
    case_id = str(json.loads(out)["id"])
    code, out, err = run(capsys, "case", "event", case_id, "arrest", "--date", "2025-03-05 09:30", "--accused", "Kallu",
                         *d)
    assert code == 0, err
    code, out, err = run(capsys, "clocks", *d)
    assert code == 0, err
    assert "not yet produced before a Magistrate" in out and "Kallu" in out and "6 Mar 2025, 09:30" in out
    assert "21 hours left" in out
    code, out, err = run(capsys, "case", "event", case_id, "first-remand", "--date", "2025-03-05 11:30",
                         "--accused", "kallu", *d)
    assert code == 0, err
    code, out, err = run(capsys, "clocks", "--within", "70", *d)
    assert code == 0 and "not yet produced" not in out and "Kallu" in out  # now his default-bail clock
