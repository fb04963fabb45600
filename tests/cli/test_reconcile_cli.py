"""``reconcile FILE``: the counts, --apply after a confirmation (exactly the matched entries, once), bad files and
bad rows exit 2 with nothing changed; in Hindi too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.services.core import clock

from tests.pg_store import raw_sql
from tests.services.reconcile.conftest import NOW, made_station

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "reconcile"


@pytest.fixture(scope="module")
def made(made_once):
    return made_station(made_once)


@pytest.fixture
def db_path(tmp_path, made):
    return made[0].fresh(tmp_path)


@pytest.fixture
def station(db_path, made, capsys):
    capsys.readouterr()
    clock.pin(NOW)
    return ("--db", str(db_path)), made[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def state(db_path):
    return raw_sql(db_path, "select id, status, cas_ref, entered_at from obligations order by id"), \
        raw_sql(db_path, "select count(*) from audit_entries")


def test_counts_then_apply_once(capsys, station, db_path, tmp_path):
    d, firs = station
    sample = str(SAMPLES / "cas_entry_list.xlsx")
    before = state(db_path)
    code, out, err = run(capsys, "reconcile", sample, "--json", *d)
    assert code == 0, err
    counts = json.loads(out)
    assert {k: counts[k] for k in ("matched", "only_here", "only_there", "differ")} == {
        "matched": 3, "only_here": counts["only_here"], "only_there": 2, "differ": 1}
    assert counts["only_here"] > 0 and counts["review"] == 1 and counts["to_mark"] == 2
    assert [(e["row"], e["column"]) for e in counts["errors"]] == [(11, "FIR No."), (12, "CAS Reference")]
    assert state(db_path) == before  # reading changes nothing

    # rows that could not be read: --apply refuses unless told to skip them
    code, out, err = run(capsys, "reconcile", sample, "--apply", "--yes", *d)
    assert code == 2 and "could not be read" in err and "Row 11" in err
    assert state(db_path) == before
    # no terminal to confirm at: refused
    code, out, err = run(capsys, "reconcile", sample, "--apply", "--skip-errors", *d)
    assert code == 2 and "--yes" in err and state(db_path) == before

    code, out, err = run(capsys, "reconcile", sample, "--apply", "--skip-errors", "--yes", "--json", *d)
    assert code == 0, err
    assert json.loads(out)["marked"] == 2
    marked = raw_sql(db_path, "select cas_ref from obligations where status = 'entered' order by cas_ref")
    assert [r[0] for r in marked] == ["CAS-11", "CAS-13", "CAS-21", "CAS-31"]
    after = state(db_path)
    code, out, err = run(capsys, "reconcile", sample, "--apply", "--skip-errors", "--yes", "--json", *d)
    assert code == 0 and json.loads(out)["marked"] == 0 and json.loads(out)["already"] == 3
    assert state(db_path) == after  # idempotent: no write, no audit row


def test_the_interactive_confirmation(capsys, station, db_path, monkeypatch):
    d, firs = station
    import io
    import sys

    class Tty(io.StringIO):
        def isatty(self):
            return True

    before = state(db_path)
    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    code, out, err = run(capsys, "reconcile", str(SAMPLES / "cas_entry_list_hi.csv"), "--apply", *d)
    assert code == 0 and "Mark 2 entries entered in CAS" in err and "Nothing was marked" in err
    assert state(db_path) == before
    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    code, out, err = run(capsys, "reconcile", str(SAMPLES / "cas_entry_list_hi.csv"), "--apply", *d)
    assert code == 0 and "2 entries marked entered in CAS." in out, err


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n%binary", b"PK\x03\x04 broken zip", "a,b\n1,2\n".encode()])
def test_a_bad_file_exits_2_with_nothing_changed(capsys, station, db_path, tmp_path, content):
    d, firs = station
    path = tmp_path / "cas.xlsx"
    path.write_bytes(content)
    before = state(db_path)
    code, out, err = run(capsys, "reconcile", str(path), "--apply", "--yes", *d)
    assert code == 2 and err.strip() and out == ""
    assert state(db_path) == before


def test_refusals_in_hindi(capsys, station, db_path, tmp_path):
    d, firs = station
    code, out, err = run(capsys, "reconcile", str(tmp_path / "none.xlsx"), "--lang", "hi", *d)
    assert code == 2 and "फाइल" in err
    code, out, err = run(capsys, "reconcile", str(SAMPLES / "cas_entry_list.xlsx"), "--yes", *d)
    assert code == 2 and "--apply" in err
    code, out, err = run(capsys, "reconcile", str(SAMPLES / "cas_entry_list_hi.csv"), "--lang", "hi", *d)
    assert code == 0 and "मिलान हुआ: 2 (अभी चिह्नित होंगी: 2" in out and "विवरण भिन्न: 1" in out, out
