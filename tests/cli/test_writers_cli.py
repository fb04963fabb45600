"""Writers on one SQLite file (issue 16 #11, #13, #16): parallel command-line writers all succeed or say
"busy" (no traceback); a read-then-write unit of work is not broken by another writer's commit (BEGIN
IMMEDIATE); the window's one-writer lock is honoured by command-line writes; odd arguments (ids past any
integer, bytes that are not UTF-8) and a closed pipe give messages or a quiet stop, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.cli import EXIT_BUSY, EXIT_PIPE, main
from app.services import staff
from app.services.storage import open_store
from tests.conftest import copy_station
from tests.warm_child import Starter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.sqlite_only("SQLite's write lock and the one-writer lock file are about the file"),
              pytest.mark.slow]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def _station_made(tmp_path_factory):
    """The station every test starts from, made once by the commands themselves; each test gets a copy."""
    path = tmp_path_factory.mktemp("writers") / "station.sqlite3"
    d = ("--db", str(path))
    with pytest.MonkeyPatch.context() as mp:  # (made before the test's own data folder is set)
        mp.setenv("ANUPALAN_DATA_DIR", str(path.parent / "data"))
        assert main(["init", "--station", "Kotwali", "--district", "Sitapur", *d]) == 0
        assert main(["staff", "add", "--name", "Sunita Yadav", "--rank", "SI", *d]) == 0
        assert main(["staff", "assign", "1", "io", "--from", "2025-01-01", *d]) == 0
    return path


@pytest.fixture(scope="module")
def starter():
    """A warm parent (the command line imported once) whose children are the parallel writers: each a process of
    its own with its own connections, as ``python -m app`` would be, without paying for the imports each time."""
    with Starter("app.cli.cases") as parent:
        yield parent


@pytest.fixture
def station(capsys, tmp_path, _station_made):
    capsys.readouterr()
    return copy_station(_station_made, tmp_path / _station_made.name)


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_twelve_parallel_case_adds_all_succeed_or_say_busy(station, starter):
    """Before: deferred BEGIN, 8 of 12 died with 'database is locked' tracebacks (SQLITE_BUSY_SNAPSHOT). Twelve
    processes forked at once from a warm parent (they contend from their first statement, not staggered by their
    imports)."""
    before = count(station, "cases")
    results = [(r["code"], r["err"]) for r in starter.together(
        *[("case", "add", "fir", "--date", "2025-03-03 10:00", "--io", "1", "--db", station)] * 12)]
    assert all("Traceback" not in err for _, err in results), results
    assert all(code in (0, EXIT_BUSY) for code, _ in results), results
    assert all("busy" in err for code, err in results if code == EXIT_BUSY)
    added = sum(code == 0 for code, _ in results)
    assert added >= 10  # 12 short transactions within a 5 s busy wait: busy would be a slow machine
    assert count(station, "cases") == before + added
    with sqlite3.connect(station) as conn:
        numbers = [n for (n,) in conn.execute("select number from cases where kind='fir'")]
    assert len(numbers) == len(set(numbers))  # serialized writers: every case got its own number


def test_a_unit_of_work_that_reads_then_writes_is_not_broken_by_another_writer(station):
    """SQLITE_BUSY_SNAPSHOT: a deferred transaction reads, another connection commits, the first one's
    write then fails at once (the busy wait does not help). With BEGIN IMMEDIATE the other writer waits."""
    db, other = open_store(station), open_store(station)
    done = threading.Event()
    errors: list[BaseException] = []

    def second_writer():
        try:
            staff.add_person(other, "Ravi Kumar", "HC")
        except BaseException as exc:  # pragma: no cover - the failure this test guards against
            errors.append(exc)
        done.set()

    try:
        with db.session() as s:
            s.execute(staff_count_sql())  # the unit of work reads first …
            t = threading.Thread(target=second_writer)
            t.start()
            assert not done.wait(0.3)  # … so the other writer waits for it (it would have committed before)
            s.execute(insert_person_sql(), {"name": "Raju"})  # … and then writes without SQLITE_BUSY_SNAPSHOT
        t.join(10)
        assert done.is_set() and not errors, errors
        assert count(station, "persons") == 3
    finally:
        db.close()
        other.close()


def staff_count_sql():
    from sqlalchemy import text

    return text("select count(*) from persons")


def insert_person_sql():
    from sqlalchemy import text

    return text("insert into persons (name, rank, active, created_at) "
                "values (:name, 'HC', 1, '2025-01-01 00:00:00')")


def test_busy_past_the_timeout_is_a_message_and_exit_75(station, capsys, monkeypatch):
    from app.services.storage import sqlite as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    before = count(station, "cases")
    holder = sqlite3.connect(station, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        start = time.monotonic()
        code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--db", str(station))
        assert time.monotonic() - start < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == EXIT_BUSY, err
    assert "busy" in err and "Traceback" not in err and "try again" in err
    assert count(station, "cases") == before


HOLD = ("import sys; from pathlib import Path; from app.services.storage import acquire; "
        "lock = acquire(Path(sys.argv[1])); print('held', flush=True); sys.stdin.read()")


def test_a_command_line_write_while_the_window_holds_the_file_is_refused_with_who(station, capsys, monkeypatch):
    from app.services.storage import instance_lock

    monkeypatch.setattr(instance_lock, "WRITER_WAIT_S", 0.2)
    window = subprocess.Popen([sys.executable, "-c", HOLD, str(station)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout.readline().strip() == "held"
        before = count(station, "cases")
        code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--db", str(station))
        assert code == EXIT_BUSY, err
        assert f"process {window.pid}" in err and "window" in err and "Traceback" not in err
        assert count(station, "cases") == before
        code, out, err = run(capsys, "case", "list", "--db", str(station))  # reading is not refused
        assert code == 0, err
    finally:
        window.stdin.close()
        window.wait(10)
        window.stdout.close()
    code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--db", str(station))
    assert code == 0, err  # the window closed: the command line writes again


def test_the_process_that_holds_the_lock_writes(station, capsys):
    from app.services.storage import acquire

    with acquire(station):
        code, out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--db", str(station))
    assert code == 0, err


BIG = str(2**63)


@pytest.mark.parametrize("argv", [
    ["done", BIG, "--cas-ref", "1"],
    ["done", "1", "--cas-ref", "1", "--by", BIG],
    ["verify", "1", "--by", BIG],
    ["verify", BIG, "--by", "1"],
    ["na", BIG, "--reason", "x"],
    ["reopen", BIG, "--reason", "x"],
    ["case", "show", BIG],
    ["case", "event", BIG, "arrest", "--date", "2025-03-03"],
    ["inspection", "show", BIG],
    ["case", "list", "--year", BIG],
    ["pending", "--person", BIG],
    ["fault", "add", "--equipment", BIG, "--what", "x"],
    ["staff", "assign", BIG, "io", "--from", "2025-01-01"],
    ["done", "-" + BIG, "--cas-ref", "1"],
])
def test_ids_past_any_integer_are_refused_with_a_message(station, capsys, argv):
    code, out, err = run(capsys, *argv, "--db", str(station))
    # the message names the limit: a number out of range ("between …"), or a digit string longer than any id
    assert code == 2 and err.startswith("Error:") and ("between" in err or "too long" in err), err


def test_an_argument_that_is_not_utf8_is_refused_and_stderr_survives(station, capsys):
    code, out, err = run(capsys, "staff", "add", "--name", "Ra\udcffju", "--rank", "SI", "--db", str(station))
    assert code == 2 and "not valid text" in err and "\\xff" in err
    assert count(station, "persons") == 1
    # a real process: the bytes come through sys.argv as surrogates, and stderr must not fail writing them
    done = subprocess.run([sys.executable, "-m", "app", "case", "add", "fir", "--date", b"2025\xff",
                           "--db", str(station)], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 2 and b"Traceback" not in done.stderr and b"\\xff" in done.stderr, done.stderr
    assert count(station, "cases") == 0


def test_a_closed_pipe_stops_quietly(station, capsys):
    for _ in range(3):  # rows to list (added in this process: only the listing is about a process's pipe)
        assert run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--db", str(station))[0] == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that already exited
    try:
        done = subprocess.run([sys.executable, "-m", "app", "case", "list", "--db", str(station)], cwd=ROOT,
                              stdout=write_end, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == EXIT_PIPE
    assert done.stderr == b"", done.stderr


# SQLite's unix locks on the -shm index (WALINDEX_LOCK_OFFSET 120 + 8 lock slots: the "DMS" byte at 128). While a
# process holds a connection it keeps a shared lock there; a process that can take it exclusively believes it is
# the index's only user and truncates the file (under the others' memory maps: SIGBUS, "locking protocol").
PROBE_DMS = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR)\n"
             "try:\n    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128, os.SEEK_SET)\n"
             "except OSError:\n    print('held')\nelse:\n    print('FREE')\nos.close(fd)")


@pytest.mark.skipif(os.name != "posix", reason="POSIX advisory locks")
def test_the_writability_probe_keeps_sqlites_locks_of_this_process(station):
    """A10: ``close()`` of any descriptor of a file drops all this process's POSIX locks on it. The sign-in's
    probe opened and closed the file, its -wal and its -shm while the command's own connection was open: the
    next process to start truncated the -shm under it (SIGBUS, "locking protocol" tracebacks)."""
    from sqlalchemy import text

    from app.cli.acting import unwritable_reason

    db = open_store(station)
    try:
        with db.engine.connect() as conn:  # a live connection, as during a command (its -shm mapped)
            conn.execute(text("select count(*) from persons")).fetchone()

            def dms() -> str:
                return subprocess.run([sys.executable, "-c", PROBE_DMS, f"{station}-shm"], capture_output=True,
                                      text=True, timeout=60).stdout.strip()

            assert dms() == "held"
            assert unwritable_reason(db) is None
            assert dms() == "held"  # before: FREE
    finally:
        db.close()


def test_parallel_signed_in_writers_end_in_success_or_busy_never_a_traceback(station, capsys, monkeypatch, starter):
    """A10: a round of parallel `case add --user` (each signs in, which writes). Before: tracebacks ending in
    "locking protocol" (exit 1), "could not be checked just now" (exit 2), once a SIGBUS (exit 135). One round
    of eight (it was two), forked at once from a warm parent: every process starts while the others sign in and
    write."""
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "Omop-pass-1234")
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", str(station))[0] == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", "Omop-pass-1234")
    results = [(r["code"], r["err"]) for r in starter.together(
        *[("case", "add", "fir", "--date", "2025-03-03 10:00", "--io", "1", "--user", "omop", "--db", station)] * 8)]
    bad = [(code, err) for code, err in results
           if not (code == 0 or (code == EXIT_BUSY and "busy" in err)) or "Traceback" in err]
    assert not bad, bad
    assert count(station, "cases") == sum(code == 0 for code, _ in results)


# SQLite's shared lock on the database file itself (SHARED_FIRST = 0x40000002, 510 bytes), held by a connection in
# WAL mode for its whole life: while it is there no other process can check-point and delete the -wal and -shm.
PROBE_SHARED = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR)\n"
                "try:\n    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002, os.SEEK_SET)\n"
                "except OSError:\n    print('held')\nelse:\n    print('FREE')\nos.close(fd)")


@pytest.mark.skipif(os.name != "posix", reason="POSIX advisory locks")
def test_reading_the_files_header_keeps_sqlites_lock_on_it(station):
    """A10: the header checks (``check_readable``, ``header_damage``, run by ``assess`` before every write and
    by the window's checks) opened and closed the database file: its live connections lost their lock."""
    from sqlalchemy import text

    from app.services.storage import assess, check_readable, header_damage

    db = open_store(station)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("select count(*) from persons")).fetchone()

            def shared() -> str:
                return subprocess.run([sys.executable, "-c", PROBE_SHARED, str(station)], capture_output=True,
                                      text=True, timeout=60).stdout.strip()

            assert shared() == "held"
            check_readable(station)
            assert header_damage(station) is None
            assert assess(station, quick=True) == (True, "ok")
            assert shared() == "held"  # before: FREE
    finally:
        db.close()
    assert shared() == "FREE"  # the held descriptor went with the last connection


def _protocol_error() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("locking protocol")
    exc.sqlite_errorcode, exc.sqlite_errorname = 15, "SQLITE_PROTOCOL"
    return exc


def test_locking_protocol_is_busy_and_a_sign_in_begins_again(station, capsys, monkeypatch):
    """A10: SQLITE_PROTOCOL is SQLite's lock layer saying "not now": the busy message (exit 75), and the
    sign-in (which writes its counters) is begun again rather than failing at once."""
    from app.services.accounts import signin
    from app.services.core.errors import DatabaseBusyError
    from app.services.storage.sqlite import is_busy_error, worth_retrying

    assert is_busy_error(_protocol_error()) and is_busy_error(sqlite3.OperationalError("locking protocol"))
    try:
        raise DatabaseBusyError("busy") from _protocol_error()
    except DatabaseBusyError as exc:
        assert worth_retrying(exc)
    assert not worth_retrying(DatabaseBusyError("the window holds it"))
    monkeypatch.setenv("ANUPALAN_NEW_PASSWORD", "Omop-pass-1234")
    assert run(capsys, "accounts", "first-admin", "--username", "omop", "--name", "Omop", "--rank", "HC",
               "--db", str(station))[0] == 0
    monkeypatch.setenv("ANUPALAN_PASSWORD", "Omop-pass-1234")
    real, calls = signin._sign_in_once, []

    def flaky(*args):
        calls.append(1)
        if len(calls) < limit:
            try:
                raise _protocol_error()
            except sqlite3.OperationalError as exc:
                raise DatabaseBusyError("The database is busy: another program is writing to it.") from exc
        return real(*args)

    monkeypatch.setattr(signin, "_sign_in_once", flaky)
    limit = 2  # one "locking protocol", then through
    code, _out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--user", "omop",
                          "--db", str(station))
    assert code == 0 and len(calls) == 2, err
    calls.clear()
    limit = 99  # it keeps failing: busy, exit 75, no traceback
    code, _out, err = run(capsys, "case", "add", "fir", "--date", "2025-03-03 10:00", "--user", "omop",
                          "--db", str(station))
    assert code == EXIT_BUSY and "busy" in err and "Traceback" not in err and len(calls) == 3, err
    assert count(station, "cases") == 1
