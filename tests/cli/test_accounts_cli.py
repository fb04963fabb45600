"""The console policy and the ``accounts`` / ``audit`` commands."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.pg_store import raw_sql
from app.cli import main
from app.services import accounts

PW = "river tea window"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    monkeypatch.delenv("ANUPALAN_PASSWORD", raising=False)
    monkeypatch.delenv("ANUPALAN_USER", raising=False)
    yield
    accounts.use_params(None)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(capsys, db_path):
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(db_path))[0] == 0
    return str(db_path)


def test_console_is_system_until_the_first_account(capsys, station, monkeypatch):
    assert run(capsys, "staff", "add", "--name", "A", "--rank", "HC", "--db", station)[0] == 0
    code, _out, err = run(capsys, "staff", "add", "--name", "B", "--rank", "HC", "--db", station, "--user", "x")
    assert code == 2 and "no accounts yet" in err
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    code, out, _ = run(capsys, "accounts", "first-admin", "--username", "operator", "--name", "Sunita",
                       "--rank", "Constable", "--db", station, "--json")
    assert code == 0 and json.loads(out)["admin"]
    # now a change needs a signed-in user
    code, _out, err = run(capsys, "staff", "add", "--name", "B", "--rank", "HC", "--db", station)
    assert code == 2 and "--user NAME" in err
    monkeypatch.setenv("ANUPALAN_PASSWORD", "wrong password")
    code, _out, err = run(capsys, "staff", "add", "--name", "B", "--rank", "HC", "--db", station, "--user", "operator")
    assert code == 2 and "Wrong user name or password" in err
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, out, _ = run(capsys, "staff", "add", "--name", "B", "--rank", "HC", "--db", station, "--user", "operator",
                       "--json")
    assert code == 0
    b_id = json.loads(out)["id"]
    last = raw_sql(station, "select actor_label, action from audit_entries order by seq desc limit 1")[0]
    people = [r[0] for r in raw_sql(station, "select name from persons order by id")]
    assert last == ("Sunita", "person.add") and people == ["A", "Sunita", "B"]
    # the admin creates B's account; B sets the password; B (no role) may not change the staff list
    code, out, _err = run(capsys, "accounts", "add", str(b_id), "bee", "--db", station, "--user", "operator")
    assert code == 0
    one_time = re.search(r"One-time code .*: ([A-Z0-9-]{14})", out).group(1)
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "monsoon kite ladder")
    code, _out, err = run(capsys, "accounts", "set-password", "--db", station, "--user", "bee", "--code", "NOPE")
    assert code == 2 and "one-time code is wrong" in err
    monkeypatch.setenv("ANUPALAN_ONE_TIME_CODE", one_time)
    assert run(capsys, "accounts", "set-password", "--db", station, "--user", "bee")[0] == 0
    monkeypatch.delenv("ANUPALAN_ONE_TIME_CODE")
    monkeypatch.setenv("ANUPALAN_PASSWORD", "monsoon kite ladder")
    code, _out, err = run(capsys, "staff", "add", "--name", "C", "--rank", "HC", "--db", station, "--user", "bee")
    assert code == 2 and "B is not allowed to change the staff list" in err
    code, _out, err = run(capsys, "audit", "list", "--db", station, "--user", "bee")
    assert code == 2 and "not allowed to view the audit trail" in err
    # admin resets B: B's old password stops working
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "accounts", "reset", "bee", "--db", station, "--user", "operator")[0] == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", "monsoon kite ladder")
    code, _out, err = run(capsys, "audit", "list", "--db", station, "--user", "bee")
    assert code == 2 and "has no password yet" in err


def test_no_password_without_a_terminal(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    run(capsys, "accounts", "first-admin", "--username", "operator", "--name", "S", "--rank", "C", "--db", station)
    monkeypatch.setattr("sys.stdin", None)
    code, _out, err = run(capsys, "audit", "list", "--db", station, "--user", "operator")
    assert code == 2 and "ANUPALAN_PASSWORD" in err


def test_audit_verify_head_list_export(capsys, station, monkeypatch, tmp_path):
    code, out, _ = run(capsys, "audit", "verify", "--db", station, "--json")
    assert code == 0 and json.loads(out)["intact"]
    code, head, _ = run(capsys, "audit", "head", "--db", station)
    assert head.startswith("Audit #1 · ")
    code, out, _ = run(capsys, "audit", "verify", "--db", station, "--head", head.strip())
    assert code == 0 and "matches" in out
    code, out, _ = run(capsys, "audit", "list", "--db", station, "--json")
    assert code == 0 and json.loads(out)[0]["action"] == "station.init"
    target = tmp_path / "trail.csv"
    code, out, _ = run(capsys, "audit", "export", str(target), "--db", station, "--family", "station")
    assert code == 0 and "1 audit rows" in out and target.exists()
    raw_sql(station, "update audit_entries set after = '{}' where seq = 1")
    code, out, _ = run(capsys, "audit", "verify", "--db", station)
    assert code == 1 and "BROKEN" in out and "#1" in out
    code, out, _ = run(capsys, "audit", "verify", "--db", station, "--json")
    assert code == 1 and json.loads(out)["first_break"] == 1
    code, _out, err = run(capsys, "audit", "verify", "--db", station, "--head", "nonsense")
    assert code == 2 and "not an audit head" in err


def test_accounts_bad_input(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "password")
    code, _out, err = run(capsys, "accounts", "first-admin", "--username", "operator", "--name", "S", "--rank", "C",
                          "--db", station)
    assert code == 2 and "common passwords" in err
    code, out, _ = run(capsys, "accounts", "list", "--db", station, "--json")
    assert json.loads(out) == []


@pytest.mark.sqlite_only("backup and restore of the SQLite file")
def test_restore_needs_an_administrator_once_accounts_exist(capsys, station, monkeypatch, tmp_path):
    code, out, _ = run(capsys, "backup", "--db", station, "--json")
    assert code == 0
    backup_file = json.loads(out)["file"]
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    run(capsys, "accounts", "first-admin", "--username", "operator", "--name", "Sunita", "--rank", "Constable",
        "--db", station)
    before = sqlite3.connect(station).execute("select count(*) from audit_entries").fetchone()[0]
    code, _out, err = run(capsys, "restore", backup_file, "--db", station)
    assert code == 2 and "--user NAME" in err
    after = sqlite3.connect(station).execute("select count(*) from audit_entries").fetchone()[0]
    assert after == before  # nothing restored: the account made after the backup is still there
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, _out, err = run(capsys, "restore", backup_file, "--db", station, "--user", "operator")
    assert code == 2 and "has no accounts" in err and "--confirm-consequence" in err  # what is lost is said first
    code, _out, err = run(capsys, "restore", backup_file, "--db", station, "--user", "operator",
                          "--confirm-consequence")
    assert code == 0, err
    # the audit row of the restore, in the restored data, names who restored it (by label: the account was
    # made after the backup, so its person is not in the restored rows)
    label, after = raw_sql(station, "select actor_label, after from audit_entries where action = 'backup.restore'")[-1]
    assert label == "Sunita" and '"by": "Sunita"' in after


def test_audit_verify_finds_an_account_made_administrator_by_hand(capsys, station, monkeypatch):
    """Issue 16 #9: ``UPDATE accounts SET is_admin=1`` behind the app's back is reported (exit 1)."""
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", station)[0] == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "staff", "add", "--name", "Kamal", "--rank", "Constable", "--db", station,
               "--user", "omop")[0] == 0
    kamal = raw_sql(station, "select id from persons where name = 'Kamal'")[0][0]
    assert run(capsys, "accounts", "add", str(kamal), "kamal", "--db", station, "--user", "omop")[0] == 0
    assert run(capsys, "audit", "verify", "--db", station)[0] == 0
    raw_sql(station, "update accounts set is_admin = true where username = 'kamal'")
    code, out, err = run(capsys, "audit", "verify", "--db", station)
    assert code == 1 and "differs from the audit trail" in out and "admin is true" in out and not err
    code, out, _ = run(capsys, "audit", "verify", "--db", station, "--json")
    report = json.loads(out)
    assert code == 1 and not report["intact"] and report["first_break"] is None
    assert [(p["kind"], p["entity"]) for p in report["problems"]] == [("row", "account")]


@pytest.mark.sqlite_only("PostgreSQL does not store text in a timestamp column")
def test_audit_verify_reports_an_unreadable_time_as_broken(capsys, station):
    raw_sql(station, "update audit_entries set at_utc = 'garbage' where seq = 1")
    code, out, err = run(capsys, "audit", "verify", "--db", station)
    assert code == 1 and "BROKEN" in out and "Row #1 was changed" in out and "Traceback" not in err


def test_accounts_deleted_by_hand_never_reopen_the_first_run(capsys, station, monkeypatch):
    """A second hostile test: ``DELETE FROM accounts`` made the station one without accounts again: commands ran
    as the system with no --user and anyone made himself the first administrator. The trail records the accounts
    made: the station still has accounts (nobody can sign in to them), so everything is refused."""
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", station)[0] == 0
    raw_sql(station, "delete from accounts")
    before = raw_sql(station, "select count(*) from persons")[0][0], raw_sql(station, "select count(*) from audit_entries")[0][0]
    code, _out, err = run(capsys, "accounts", "first-admin", "--username", "evil", "--name", "Evil", "--rank", "HC",
                          "--db", station)
    assert code == 2 and "already exists" in err
    code, _out, err = run(capsys, "staff", "add", "--name", "X", "--rank", "HC", "--db", station)
    assert code == 2 and "--user NAME" in err
    after = raw_sql(station, "select count(*) from persons")[0][0], raw_sql(station, "select count(*) from audit_entries")[0][0]
    assert after == before


def test_a_password_variable_that_is_not_utf8_is_a_message(capsys, station, monkeypatch):
    """A hostile test: invalid UTF-8 in ANUPALAN_PASSWORD gave a traceback (exit 1)."""
    import os

    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", station)[0] == 0
    monkeypatch.setitem(os.environ, "ANUPALAN_PASSWORD", b"caf\xe9".decode("utf-8", "surrogateescape"))
    code, _out, err = run(capsys, "staff", "add", "--name", "X", "--rank", "HC", "--db", station, "--user", "omop")
    assert code == 2 and "ANUPALAN_PASSWORD" in err and "UTF-8" in err and "Traceback" not in err


@pytest.mark.sqlite_only("backups and the backup log are of the SQLite file")
def test_a_rewritten_chain_is_reported_by_audit_verify_and_check(capsys, station, monkeypatch):
    """Attack 16 A8: the chain and the committed mark rewritten consistently still disagree with the audit head the
    backup log recorded: ``audit verify`` and ``check`` say so, exit 1."""
    from tests.services.audit.test_audited_rows import _rewrite_chain

    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", station)[0] == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "staff", "add", "--name", "Kamal", "--rank", "Constable", "--db", station,
               "--user", "omop")[0] == 0
    kamal = raw_sql(station, "select id from persons where name = 'Kamal'")[0][0]
    assert run(capsys, "accounts", "add", str(kamal), "kamal", "--db", station, "--user", "omop")[0] == 0
    assert run(capsys, "backup", "--db", station, "--user", "omop")[0] == 0
    assert run(capsys, "staff", "add", "--name", "Later", "--rank", "SI", "--db", station, "--user", "omop")[0] == 0
    assert run(capsys, "audit", "verify", "--db", station)[0] == 0
    assert run(capsys, "check", "--db", station)[0] == 0
    _rewrite_chain(station)
    code, out, err = run(capsys, "audit", "verify", "--db", station)
    assert code == 1 and "the trail was rewritten after that backup" in out, out
    code, out, err = run(capsys, "check", "--db", station)
    assert code == 1 and "REWRITTEN" in out and "the trail was rewritten after that backup" in out, out
    code, out, _err = run(capsys, "check", "--db", station, "--json")
    assert code == 1 and json.loads(out)["history_ok"] is False
