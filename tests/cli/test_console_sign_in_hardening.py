"""Issue 16, the console's sign-in: #10 writes need a user once accounts exist (catch-up, pending's
recurring entries); #14 a file that cannot be written is refused before any sign-in, with the same
clean message for a right and a wrong password; #15 an unknown user name is recorded short and locks
like a real one; #16 refused input after a good sign-in leaves no ``signin.ok`` row."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pg_store import raw_sql
from app.cli import main
from app.services import accounts

PW = "river tea window"


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


@pytest.fixture
def station(capsys, db_path, monkeypatch):
    db = str(db_path)
    assert run(capsys, "init", "--station", "Kotwali", "--district", "Lucknow", "--db", db)[0] == 0
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", db)[0] == 0
    monkeypatch.delenv("ANUPALAN_NEW_PASSWORD")
    return db


def _count(db, where="1=1"):
    return raw_sql(db, f"select count(*) from audit_entries where {where}")[0][0]


def test_catch_up_needs_a_user_once_accounts_exist(capsys, station, monkeypatch):
    code, _out, err = run(capsys, "catch-up", "--db", station)
    assert code == 2 and "--user NAME" in err
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, _out, _err = run(capsys, "catch-up", "--db", station, "--user", "omop")
    assert code == 0
    rows = raw_sql(station, "select actor_label from audit_entries where action = 'recurring.catch_up'")
    assert rows and all(label == "Omop" for (label,) in rows)


def test_pending_without_a_user_only_reads(capsys, station, monkeypatch):
    before = (_count(station), raw_sql(station, "select count(*) from obligations")[0][0])
    code, _out, err = run(capsys, "pending", "--db", station)
    assert code == 0 and "--user" in err  # says why today's recurring entries were not made
    assert (_count(station), raw_sql(station, "select count(*) from obligations")[0][0]) == before
    assert _count(station, "actor_label = 'system' and seq > 1") == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "pending", "--db", station, "--user", "omop")[0] == 0  # signed in: made, as Omop
    assert raw_sql(station, "select count(*) from obligations")[0][0] > before[1]
    assert _count(station, "action = 'recurring.catch_up' and actor_label = 'Omop'") == 1


def test_refused_input_after_a_good_sign_in_writes_no_signin_ok(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    before = _count(station)
    code, _out, err = run(capsys, "staff", "add", "--name", "", "--rank", "HC", "--db", station, "--user", "omop")
    assert code == 2
    assert _count(station) == before and _count(station, "action = 'signin.ok'") == 1  # the first-admin's own
    code, _out, _err = run(capsys, "staff", "add", "--name", "Kamal", "--rank", "HC", "--db", station,
                           "--user", "omop")
    assert code == 0 and _count(station) == before + 1  # the action's own row names who did it


def test_an_unknown_user_name_is_recorded_short_and_locks(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_PASSWORD", "anything at all")
    huge = "x" * 120_000
    sizes = []
    messages = []
    for _ in range(7):
        code, _out, err = run(capsys, "staff", "add", "--name", "Z", "--rank", "HC", "--db", station, "--user", huge)
        assert code == 2 and "Traceback" not in err
        messages.append(err)
    sizes = raw_sql(station, "select length(actor_label) + length(coalesce(after, '')) from audit_entries "
                             "where action in ('signin.fail', 'signin.refused') and entity_id is null")
    assert sizes and max(s for (s,) in sizes) < 400
    assert "locked" in messages[-1]  # like a real account after five failures: no endless guessing
    # a real account locks the same way and says the same
    monkeypatch.setenv("ANUPALAN_PASSWORD", "wrong password")
    for _ in range(7):
        code, _out, err = run(capsys, "staff", "add", "--name", "Z", "--rank", "HC", "--db", station,
                              "--user", "omop")
    assert "locked" in err


def _make_unwritable(path: Path) -> bool:
    """Make the file unwritable even for root (the immutable flag) or, for anyone else, by its mode."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return True
    return False


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


@pytest.mark.sqlite_only("a database file that cannot be written")
def test_an_unwritable_file_is_refused_before_sign_in_with_one_message(capsys, station, monkeypatch):
    path = Path(station)
    assert run(capsys, "check", "--db", station)[0] == 0  # settles the file (WAL checkpointed, no -wal left)
    for extra in (Path(station + "-wal"), Path(station + "-shm")):
        extra.unlink(missing_ok=True)
    if not _make_unwritable(path):
        pytest.skip("cannot make a file unwritable here")
    try:
        errors = {}
        for label, password in (("right", PW), ("wrong", "not the password")):
            monkeypatch.setenv("ANUPALAN_PASSWORD", password)
            for argv in (("staff", "add", "--name", "Z", "--rank", "HC"), ("pending",), ("catch-up",)):
                code, _out, err = run(capsys, *argv, "--db", station, "--user", "omop")
                assert code == 2 and "Traceback" not in err and "SQL" not in err, (label, argv, err)
                errors[(label, argv[0])] = err
        for command in ("staff", "pending", "catch-up"):
            assert errors[("right", command)] == errors[("wrong", command)]  # no password oracle
            assert "cannot be written" in errors[("right", command)]
    finally:
        _make_writable(path)
    assert raw_sql(station, "select failed_count from accounts where username = 'omop'") == [(0,)]


@pytest.mark.sqlite_only("backups are file copies")
def test_backup_to_a_folder_needs_a_permitted_user_once_accounts_exist(capsys, station, monkeypatch, tmp_path):
    target = tmp_path / "usb"
    target.mkdir()
    code, _out, err = run(capsys, "backup", "--to", str(target), "--db", station)
    assert code == 2 and "--user NAME" in err and not any(target.iterdir())
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "backup", "--to", str(target), "--db", station, "--user", "omop")[0] == 0
    assert any(target.iterdir())
