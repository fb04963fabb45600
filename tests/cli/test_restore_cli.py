"""Restore from the console fails closed: a file that cannot be checked right now is not "damaged", a restore
that loses something needs an administrator's confirmation of the stated consequence, and the restore is
audited as the person who did it in the data that replaces the old."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.cli import main
from app.services import accounts, storage
from tests.conftest import copy_station

pytestmark = pytest.mark.sqlite_only("restore of the SQLite file")

PW = "river tea window"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    monkeypatch.delenv("ANUPALAN_PASSWORD", raising=False)
    monkeypatch.delenv("ANUPALAN_USER", raising=False)
    yield
    accounts.use_params(None)


@pytest.fixture
def short_wait(monkeypatch):
    """A check waits for another program's lock before it says busy (5 s, SQLite's default): the tests that hold
    the lock throughout need not wait it out."""
    from app.services.storage import snapshot

    monkeypatch.setattr(snapshot, "CHECK_WAIT_S", 0.2)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sql(path, query):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def _station_made(tmp_path_factory):
    """The station every test starts from, made once by the commands themselves; each test gets a copy."""
    path = tmp_path_factory.mktemp("restore_cli") / "station.sqlite3"
    accounts.use_params(accounts.Argon2Params(1, 8, 1))  # (made before the tests' own fixtures run)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ANUPALAN_DATA_DIR", str(path.parent / "data"))
            mp.setenv("ANUPALAN_NEW_PASSWORD", PW)
            mp.delenv("ANUPALAN_PASSWORD", raising=False)
            mp.delenv("ANUPALAN_USER", raising=False)
            assert main(["init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(path)]) == 0
            assert main(["accounts", "first-admin", "--username", "omop", "--name", "Om Prakash",
                         "--rank", "Constable", "--db", str(path)]) == 0
    finally:
        accounts.use_params(None)
    return path


@pytest.fixture
def station(capsys, tmp_path, monkeypatch, _station_made):
    """A station with an administrator (``omop``)."""
    capsys.readouterr()
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", PW)
    return copy_station(_station_made, tmp_path / _station_made.name)


def other_station_file(capsys, tmp_path):
    other = tmp_path / "elsewhere" / "other.sqlite3"
    assert run(capsys, "init", "--station", "Hazratganj", "--district", "Lucknow", "--db", other)[0] == 0
    return other


# --- #2: a locked file is not a damaged file ------------------------------------------------------
def test_restore_refuses_while_another_process_holds_an_exclusive_lock(capsys, station, tmp_path, short_wait):
    other = other_station_file(capsys, tmp_path)
    before = station.read_bytes()
    holder = sqlite3.connect(station, timeout=0)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _out, err = run(capsys, "restore", other, "--db", station)
    finally:
        holder.rollback()
        holder.close()
    assert code == 75  # busy: nothing changed, the same command may work later
    assert "could not be checked" in err and "locked" in err
    assert "Traceback" not in err
    assert station.read_bytes() == before  # nothing renamed aside, nothing put in its place
    assert not list(station.parent.glob("*.damaged-*"))
    assert [r[0] for r in sql(station, "select username from accounts")] == ["omop"]


def test_a_file_that_cannot_be_checked_is_not_called_damaged(station, short_wait):
    from app.services.storage import DatabaseUnavailableError, assess

    holder = sqlite3.connect(station, timeout=0)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailableError):
            assess(station)
        check = storage.startup_check(station)
        assert check.status == "unavailable" and "locked" in check.detail
    finally:
        holder.rollback()
        holder.close()
    assert assess(station) == (True, "ok")


# --- fail closed: what a restore loses is said, and an administrator confirms it ----------------------
def test_another_stations_file_is_refused_until_an_administrator_confirms(capsys, station, tmp_path, monkeypatch):
    other = other_station_file(capsys, tmp_path)
    before = station.read_bytes()
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, _out, err = run(capsys, "restore", other, "--db", station, "--user", "omop")
    assert code == 2
    assert "another station (Hazratganj, Lucknow)" in err and "has no accounts" in err
    assert "--confirm-consequence" in err
    assert station.read_bytes() == before and not list(station.parent.glob("*.restoring*"))
    code, _out, err = run(capsys, "restore", other, "--db", station, "--confirm-consequence")
    assert code == 2 and "--user NAME" in err  # the confirmation is an administrator's, signed in
    code, out, err = run(capsys, "restore", other, "--db", station, "--user", "omop", "--confirm-consequence",
                         "--json")
    assert code == 0, err
    assert sql(station, "select name from stations") == [("Hazratganj",)]
    label, person, after = sql(station, "select actor_label, actor_person_id, after from audit_entries "
                                        "where action = 'backup.restore'")[-1]
    after = json.loads(after)
    assert label == "Om Prakash" and person is None  # not a person of the other station's file
    assert after["by"] == "Om Prakash" and set(after["confirmed"]) == {"other_station", "no_accounts", "older"}
    assert after["replaced"]["station"][0] == "Kotwali" and after["replaced"]["accounts"] == 1
    assert after["safety_backup"] == json.loads(out)["result"]["safety_backup"]


def test_a_restore_is_audited_as_the_administrator_who_did_it(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, out, err = run(capsys, "backup", "--db", station, "--user", "omop", "--json")
    assert code == 0, err
    made = json.loads(out)["file"]
    # restoring the newest copy loses nothing: no confirmation asked
    code, _out, err = run(capsys, "restore", made, "--db", station, "--user", "omop")
    assert code == 0, err
    label, person, after = sql(station, "select actor_label, actor_person_id, after from audit_entries "
                                        "order by seq desc limit 1")[0]
    omop = sql(station, "select person_id from accounts where username = 'omop'")[0][0]
    assert (label, person) == ("Om Prakash", omop)
    assert json.loads(after)["confirmed"] == []
    code, out, err = run(capsys, "audit", "verify", "--db", station, "--user", "omop", "--json")
    assert code == 0, err


def test_over_a_damaged_file_the_administrator_signs_in_against_the_backup(capsys, station, monkeypatch):
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, out, err = run(capsys, "backup", "--db", station, "--user", "omop", "--json")
    assert code == 0, err
    made = json.loads(out)["file"]
    for side in ("-wal", "-shm"):
        station.with_name(station.name + side).unlink(missing_ok=True)
    station.write_bytes(b"")  # the live file emptied: nobody can sign in against it
    monkeypatch.setenv("ANUPALAN_PASSWORD", "not the password")
    code, _out, err = run(capsys, "restore", made, "--db", station, "--user", "omop")
    assert code == 2 and "Wrong user name or password" in err
    assert station.stat().st_size == 0 and not list(station.parent.glob("*.damaged-*"))
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, out, err = run(capsys, "restore", made, "--db", station, "--user", "omop")
    assert code == 0, err
    omop = sql(station, "select person_id from accounts where username = 'omop'")[0][0]
    label, person, after = sql(station, "select actor_label, actor_person_id, after from audit_entries "
                                        "where action = 'backup.restore'")[-1]
    assert (label, person) == ("Om Prakash", omop)
    assert "empty" in json.loads(after)["damaged_live"]
    kept = [p for p in station.parent.glob("station.sqlite3.damaged-*")]
    assert kept and kept[0].stat().st_size == 0  # the emptied file is kept aside, never overwritten


def test_over_a_damaged_file_what_can_still_be_read_is_compared(capsys, station, tmp_path):
    """Damage does not open the way for another station's file: its station and accounts are still read."""
    from tests.services.storage.test_backup import damage, pad

    other = other_station_file(capsys, tmp_path)
    pad(station, 300)
    damage(station, from_fraction=0.6)  # the padding at the end: the station row and accounts stay readable
    assert not storage.assess(station)[0]
    code, _out, err = run(capsys, "restore", other, "--db", station)
    assert code == 2 and "another station" in err and "--confirm-consequence" in err
    assert not list(station.parent.glob("*.damaged-*"))
    code, _out, err = run(capsys, "restore", other, "--db", station, "--confirm-consequence")
    assert code == 0, err
    assert sql(station, "select name from stations") == [("Hazratganj",)]


def _kamal_and_backups(capsys, station, monkeypatch):
    """A constable's account, a backup (``old``), then later committed work; returns the backup."""
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "staff", "add", "--name", "Kamal", "--rank", "Constable", "--db", station,
               "--user", "omop")[0] == 0
    kamal = sql(station, "select id from persons where name = 'Kamal'")[0][0]
    assert run(capsys, "accounts", "add", str(kamal), "kamal", "--db", station, "--user", "omop")[0] == 0
    code, out, err = run(capsys, "backup", "--db", station, "--user", "omop", "--json")
    assert code == 0, err
    old = json.loads(out)["file"]
    for name in ("Ram", "Shyam"):  # committed after the backup: the mark moves on
        assert run(capsys, "staff", "add", "--name", name, "--rank", "Constable", "--db", station,
                   "--user", "omop")[0] == 0
    return old


def _empty(station):
    for side in ("-wal", "-shm"):
        station.with_name(station.name + side).unlink(missing_ok=True)
    station.write_bytes(b"")


def test_a_backup_altered_outside_the_app_is_refused(capsys, station, tmp_path, monkeypatch):
    """Attack 16 A6: a copy with a constable made administrator by hand does not go in place."""
    old = _kamal_and_backups(capsys, station, monkeypatch)
    tam = tmp_path / "tam.sqlite3"
    tam.write_bytes(open(old, "rb").read())
    con = sqlite3.connect(tam)
    con.execute("update accounts set is_admin = 1 where username = 'kamal'")
    con.commit()
    con.close()
    before = station.read_bytes()
    code, _out, err = run(capsys, "restore", tam, "--db", station, "--user", "omop", "--confirm-consequence")
    assert code != 0 and "does not match its own audit trail" in err and "admin" in err, err
    assert station.read_bytes() == before
    _empty(station)  # A9: over an emptied file the altered copy is refused the same way, before any sign-in
    code, _out, err = run(capsys, "restore", tam, "--db", station, "--user", "kamal", "--confirm-consequence")
    assert code != 0 and "does not match its own audit trail" in err, err
    assert station.stat().st_size == 0 and not list(station.parent.glob("*.damaged-*"))


def test_over_an_emptied_file_an_older_backup_needs_the_confirmation(capsys, station, monkeypatch):
    """Attack 16 A9: the committed mark says what was committed; an older backup loses it, said and confirmed."""
    old = _kamal_and_backups(capsys, station, monkeypatch)
    _empty(station)
    code, _out, err = run(capsys, "restore", old, "--db", station, "--user", "omop")
    assert code == 2 and "does not hold all the work committed" in err and "--confirm-consequence" in err, err
    assert station.stat().st_size == 0 and not list(station.parent.glob("*.damaged-*"))
    monkeypatch.delenv("ANUPALAN_PASSWORD")  # without a signed-in administrator the loss is not accepted
    code, _out, err = run(capsys, "restore", old, "--db", station, "--confirm-consequence")
    assert code == 2 and "administrator signed in" in err, err
    assert station.stat().st_size == 0 and not list(station.parent.glob("*.damaged-*"))
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    code, _out, err = run(capsys, "restore", old, "--db", station, "--user", "omop", "--confirm-consequence")
    assert code == 0, err
    after = json.loads(sql(station, "select after from audit_entries where action = 'backup.restore'")[-1][0])
    assert after["confirmed"] == ["older"]


def test_a_symbolic_link_names_the_file_its_lock_and_mark(capsys, station, tmp_path, monkeypatch):
    """Attack 16 A4: a link to the database is the same file: the window's lock holds for it, and its mark
    and backups are the file's, not new ones beside the link."""
    from app.services.storage import instance_lock

    monkeypatch.setattr(instance_lock, "WRITER_WAIT_S", 0.2)  # the window holds its lock throughout
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(station.name)
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", (  # another process holds the lock, as the window does
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); "
        "print('held', flush=True); sys.stdin.read()"), str(station) + ".lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, _out, err = run(capsys, "staff", "add", "--name", "Ram", "--rank", "Constable", "--db", link,
                              "--user", "omop")
        assert code != 0 and "open in" in err, err
    finally:
        holder.stdin.close()
        holder.wait(10)
    code, _out, err = run(capsys, "staff", "add", "--name", "Ram", "--rank", "Constable", "--db", link,
                          "--user", "omop")
    assert code == 0, err
    assert not (tmp_path / "link.sqlite3.committed").exists() and not (tmp_path / "link.sqlite3.lock").exists()
    head = sql(station, "select max(seq) from audit_entries")[0][0]
    assert storage.read_mark(station).seq == head


def test_a_database_with_a_second_name_is_not_written(capsys, station, tmp_path, monkeypatch):
    """Attack 16 A4: a hard link is another path to the same file; its lock would be another lock."""
    import os

    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    os.link(station, tmp_path / "hard.sqlite3")
    code, _out, err = run(capsys, "staff", "add", "--name", "Ram", "--rank", "Constable", "--db", station,
                          "--user", "omop")
    assert code == 2 and "hard links" in err, err
    assert sql(station, "select count(*) from persons where name = 'Ram'") == [(0,)]


def test_check_says_when_the_committed_mark_is_missing(capsys, station, monkeypatch):
    """Attack 16 A5: a deleted mark is reported, not silently replaced by the backup log's older head."""
    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "backup", "--db", station, "--user", "omop")[0] == 0
    code, out, _err = run(capsys, "check", "--db", station)
    assert code == 0 and "committed mark" not in out
    station.with_name(station.name + ".committed").unlink()
    code, out, _err = run(capsys, "check", "--db", station)
    assert "the committed mark" in out and "is missing" in out, out
    assert run(capsys, "staff", "add", "--name", "Ram", "--rank", "Constable", "--db", station,
               "--user", "omop")[0] == 0  # the next change writes a new mark
    code, out, _err = run(capsys, "check", "--db", station)
    assert code == 0 and "committed mark" not in out


def test_over_a_damaged_file_the_restorer_must_be_administrator_in_the_newest_backup(capsys, station, monkeypatch):
    """Attack 16 A9: the sign-in is against the backup restored, which may be from when he was administrator;
    the station's newest verified backup says who is administrator now."""
    from app.services import backup
    from app.services.access import Actor
    from app.services.core.errors import UserError

    monkeypatch.setenv("ANUPALAN_PASSWORD", PW)
    assert run(capsys, "staff", "add", "--name", "Kamal", "--rank", "Constable", "--db", station,
               "--user", "omop")[0] == 0
    kamal = sql(station, "select id from persons where name = 'Kamal'")[0][0]
    assert run(capsys, "accounts", "add", str(kamal), "kamal", "--admin", "--db", station, "--user", "omop")[0] == 0
    code, out, err = run(capsys, "backup", "--db", station, "--user", "omop", "--json")
    assert code == 0, err
    old = json.loads(out)["file"]  # kamal was administrator then
    code, _out, err = run(capsys, "accounts", "set", "kamal", "--admin", "no", "--db", station, "--user", "omop")
    assert code == 0, err
    assert run(capsys, "backup", "--db", station, "--user", "omop")[0] == 0  # the newest: kamal is not
    _empty(station)
    as_kamal = lambda db: Actor(person_id=kamal, label="Kamal", admin=True)  # noqa: E731 - signed in
    with pytest.raises(UserError, match="not an administrator in this station's newest backup"):
        backup.restore_backup(station, old, sign_in=as_kamal, confirm=True)
    assert station.stat().st_size == 0 and not list(station.parent.glob("*.damaged-*"))
    omop = sql(old, "select person_id from accounts where username = 'omop'")[0][0]
    as_omop = lambda db: Actor(person_id=omop, label="Om Prakash", admin=True)  # noqa: E731
    backup.restore_backup(station, old, sign_in=as_omop, confirm=True)
    assert sql(station, "select count(*) from persons where name = 'Kamal'") == [(1,)]
