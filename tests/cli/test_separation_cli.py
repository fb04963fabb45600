"""Issue 16 #1 and #3 through the command line, as the hostile test ran them: the operator (administrator and
computer operator) cannot make himself or a constable SHO and then verify his own entry; a reset account is
taken only with the one-time code ``accounts reset`` printed once."""

from __future__ import annotations

import json
import re

import pytest

from tests.pg_store import raw_sql
from app.cli import main
from app.services import accounts

PW = "river tea window"
SHIV_PW = "monsoon kite ladder"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    for var in ("ANUPALAN_PASSWORD", "ANUPALAN_USER", "ANUPALAN_NEW_PASSWORD", "ANUPALAN_ONE_TIME_CODE"):
        monkeypatch.delenv(var, raising=False)
    yield
    accounts.use_params(None)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _code(out: str) -> str:
    return re.search(r"One-time code .*: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", out).group(1)


@pytest.fixture
def station(capsys, db_path, monkeypatch):
    """omop (administrator + operator), shiv (SHO, with his password set), kamal (constable, no account)."""
    d = ("--db", str(db_path))
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", *d)[0] == 0
    ids = {}
    for name, rank in (("Shiv", "Inspector"), ("Kamal", "Constable")):
        code, out, _ = run(capsys, "staff", "add", "--name", name, "--rank", rank, "--json", *d)
        ids[name] = json.loads(out)["id"]
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    code, out, _ = run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
                       "--json", *d)
    ids["Omop"] = json.loads(out)["person_id"]
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    u = ("--user", "omop")
    assert run(capsys, "staff", "assign", str(ids["Shiv"]), "sho", "--from", "2020-01-01", *d, *u)[0] == 0
    code, out, _ = run(capsys, "accounts", "add", str(ids["Shiv"]), "shiv", *d, *u)
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", SHIV_PW)
    assert run(capsys, "accounts", "set-password", "--code", _code(out), *d, "--user", "shiv")[0] == 0
    monkeypatch.delenv("ANUPALAN_NEW_PASSWORD")
    return d, ids


def test_the_operator_cannot_make_himself_sho_and_verify_his_own_entry(capsys, station, monkeypatch):
    d, ids = station
    u = ("--user", "omop")
    code, out, err = run(capsys, "case", "add", "ncr", "--date", "2026-01-05 10:00", "--json", *d, *u)
    assert code == 0, err
    entry = str(json.loads(out)["obligations"][0]["id"])
    assert run(capsys, "done", entry, "--cas-ref", "555", *d, *u)[0] == 0
    code, _out, err = run(capsys, "verify", entry, "--by", str(ids["Shiv"]), *d, *u)
    assert code == 2
    code, _out, err = run(capsys, "staff", "assign", str(ids["Omop"]), "sho", "--from", "2026-01-05", *d, *u)
    assert code == 2 and "for himself" in err
    code, _out, err = run(capsys, "staff", "assign", str(ids["Kamal"]), "sho", "--from", "2026-01-05", *d, *u)
    assert code == 2 and "one SHO at a time" in err
    code, _out, err = run(capsys, "verify", entry, "--by", str(ids["Shiv"]), *d, *u)
    assert code == 2
    assert raw_sql(d[1], f"select status from obligations where id = {entry}") == [("entered",)]
    # the SHO verifies it himself (no --by: the signed-in person)
    monkeypatch.setenv("ANUPALAN_PASSWORD", SHIV_PW)
    code, out, err = run(capsys, "verify", entry, *d, "--user", "shiv")
    assert code == 0, err
    assert raw_sql(d[1], f"select status, verified_by_id from obligations where id = {entry}") == [
        ("verified", ids["Shiv"])]


def test_a_reset_account_is_taken_only_with_the_printed_code(capsys, station, monkeypatch):
    d, ids = station
    code, out, _err = run(capsys, "accounts", "reset", "shiv", *d, "--user", "omop")
    assert code == 0 and "shown only now" in out
    issued = _code(out)
    assert issued not in " ".join(str(r) for r in raw_sql(d[1], "select * from audit_entries"))
    assert issued not in " ".join(str(r) for r in raw_sql(d[1], "select * from accounts"))
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "taker's own phrase")
    code, _out, err = run(capsys, "accounts", "set-password", "--code", "AAAA-BBBB-CCCC", *d, "--user", "shiv")
    assert code == 2 and "one-time code is wrong" in err
    monkeypatch.setenv("ANUPALAN_ONE_TIME_CODE", issued)  # from the environment: not in shell history
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "shiv's new phrase")
    assert run(capsys, "accounts", "set-password", *d, "--user", "shiv")[0] == 0
    code, _out, err = run(capsys, "accounts", "set-password", *d, "--user", "shiv")  # once only
    assert code == 2 and "no password to set" in err
