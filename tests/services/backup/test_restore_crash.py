"""Kill a console restore at points spread over its whole run: the station file is always either the data
as it was (and no restore recorded) or the backup's data with the restore's audit row naming who did it
(the row is written into the prepared copy before it replaces the live data: there is no moment between)."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from app.services import storage
from tests.conftest import initialised_station
from tests.warm_child import Starter

pytestmark = [pytest.mark.sqlite_only("kills a process restoring an SQLite file"),
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX"), pytest.mark.slow]


@pytest.fixture(scope="module")
def starter():
    """Each command runs in a process of its own, forked from one that imported the command line once: the
    kills land in the restore itself, not in the interpreter's start (tests/warm_child.py)."""
    with Starter("app.cli.backup", "app.cli.station", "app.cli.staff") as s:
        yield s


@pytest.fixture
def app(starter):
    def run(*argv):
        done = starter.run(*argv)
        assert done["code"] == 0, (argv, done)  # its message is on the captured stderr
        return done
    return run


def state(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        people = [r[0] for r in con.execute("select name from persons order by id")]
        last = con.execute("select action, actor_label from audit_entries order by seq desc limit 1").fetchone()
    finally:
        con.close()
    return people, last


def test_a_killed_restore_leaves_the_old_data_or_the_new_with_its_audit_row(tmp_path, app, starter, _template_db):
    live = initialised_station(_template_db, tmp_path / "station.sqlite3", "Kotwali", "Lucknow")
    app("staff", "add", "--name", "Before", "--rank", "HC", "--db", live)
    made = storage.make_backup(live).file
    app("staff", "add", "--name", "After", "--rank", "HC", "--db", live)
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(live, pristine)
    old = state(live)
    took = app("restore", made, "--db", live, "--confirm-consequence")["took"]
    seen = {"old": 0, "new": 0}
    kills = 14
    for i in range(kills):
        for p in live.parent.glob(live.name + "*"):
            # the older file is put back behind the app's back: its committed mark goes with the WAL
            if p.name.endswith(("-wal", "-shm", "-journal", ".committed")) or ".restoring" in p.name:
                p.unlink()
        shutil.copyfile(pristine, live)
        when = took * (0.1 + 1.1 * i / (kills - 1))  # the last ones may come after it finished
        starter.run("restore", made, "--db", live, "--confirm-consequence", kill_after=when)
        check = storage.startup_check(live)  # rolls back a hot journal, never calls a sound file damaged
        assert check.status == "ok", (i, check)
        people, last = state(live)
        if people == old[0]:
            assert last == old[1], i  # not restored: nothing recorded
            seen["old"] += 1
        else:
            assert people == ["Before"] and last == ("backup.restore", "system"), (i, people, last)
            seen["new"] += 1
    assert seen["old"] + seen["new"] == kills and seen["old"]  # (how many land after the switch depends on load)
    # an interrupted restore's scratch copy is never reused: the next restore works
    app("restore", made, "--db", live, "--confirm-consequence")
    assert state(live)[0] == ["Before"] and not list(tmp_path.glob("*.restoring*"))


def test_a_killed_restore_over_an_emptied_file_leaves_it_damaged_or_restored(tmp_path, app, starter, _template_db):
    """Over a damaged live file the copy is renamed in after the damaged file got its second name: at every
    kill point the station's path holds the damaged file (still offered recovery) or the restored data."""
    live = initialised_station(_template_db, tmp_path / "station.sqlite3", "Kotwali", "Lucknow")
    app("staff", "add", "--name", "Before", "--rank", "HC", "--db", live)
    made = storage.make_backup(live).file
    for p in live.parent.glob(live.name + "*"):
        if p.name.endswith(("-wal", "-shm", ".committed")):
            p.unlink()
    live.write_bytes(b"")
    took = app("restore", made, "--db", live)["took"]
    kills, seen = 8, {"damaged": 0, "restored": 0}
    for i in range(kills):
        for p in live.parent.glob(live.name + "*"):
            if p.name.endswith(("-wal", "-shm", "-journal", ".committed")) or ".restoring" in p.name \
                    or ".damaged-" in p.name:
                p.unlink()
        live.write_bytes(b"")
        starter.run("restore", made, "--db", live, kill_after=took * (0.1 + 1.1 * i / (kills - 1)))
        check = storage.startup_check(live)
        if check.status == "damaged":
            assert live.exists() and live.stat().st_size == 0 and check.latest_backup == made, i
            seen["damaged"] += 1
        else:
            assert check.status == "ok", (i, check)
            assert state(live) == (["Before"], ("backup.restore", "system")), i
            seen["restored"] += 1
    assert sum(seen.values()) == kills and seen["damaged"]
