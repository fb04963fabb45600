"""``slip --as-of DATE``: each slip is what its person owed at the end of that day, under whoever owed each entry
then, and its counts are those of the figures service and of ``pending --as-of D --person P``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.cli import main
from app.services import reports
from app.services.core import clock
from app.services.station import open_database

pytestmark = [pytest.mark.sqlite_only("the demo station is built as an SQLite file"), pytest.mark.slow]

NOW = dt.datetime(2026, 3, 10, 11, 0)
DAYS = (dt.date(2025, 5, 31), dt.date(2025, 9, 14), dt.date(2025, 12, 31), dt.date(2026, 3, 9))


@pytest.fixture(scope="module")
def demo(one_year_demo):
    return one_year_demo(7, NOW)


@pytest.fixture
def pinned():
    clock.pin(NOW)
    yield
    clock.pin(None)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *argv):
    code, out, err = _run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_slips_of_past_days_agree_with_the_figures_and_pending_as_of(capsys, demo, pinned):
    d = ("--db", str(demo))
    db = open_database(demo)
    try:
        people = {}
        for day in DAYS:
            with db.session() as s:
                people[day] = {p.person_id: p for p in reports.persons_at(s, day) if p.person_id is not None}
    finally:
        db.close()
    for day in DAYS:
        iso = day.isoformat()
        slip = _json(capsys, "slip", "--all", "--as-of", iso, *d)
        assert slip["moment"] == f"{iso}T23:59:59.999999" and not slip["live"]
        owing = {pid for pid, p in people[day].items() if p.pending}
        assert set(slip["persons"]) == owing and len(owing) >= 3, day
        assert sum(s["pending"] for s in slip["slips"]) == slip["totals"]["pending"] - slip["totals"]["unassigned"]
        for s in slip["slips"]:
            mine = people[day][s["person_id"]]
            assert (s["pending"], s["overdue"], s["missed"]) == (mine.pending, mine.overdue, mine.missed), (day, s)
            assert sum(x["pending"] for x in s["duties"]) == s["pending"]
            listed = _json(capsys, "pending", "--as-of", iso, "--person", str(s["person_id"]),
                           "--limit", "1000000", *d)
            assert len(listed) == s["pending"] and sum(i["overdue"] for i in listed) == s["overdue"], (day, s)
            assert {i["id"] for i in listed} >= {e["obligation_id"] for e in s["first"] + s["instructions"]}, (day, s)


def test_a_slip_of_a_past_day_is_written_and_bad_days_are_refused(capsys, demo, pinned, tmp_path):
    d = ("--db", str(demo))
    day = DAYS[1].isoformat()
    slip = _json(capsys, "slip", "--all", "--as-of", day, *d)
    person = str(slip["persons"][0])
    out = tmp_path / "s.pdf"
    printed = _json(capsys, "slip", "--person", person, "--as-of", day, "--out", str(out), "--lang", "both", *d)
    assert out.exists() and printed["slips"] == slip["slips"][:1]
    for bad, words in (("2026-03-11", "future"), ("2025-02-30", "no such day"), ("yesterday", "date"),
                       ("2024-01-31", "records begin")):
        code, _out, err = _run(capsys, "slip", "--person", person, "--as-of", bad, "--out", str(tmp_path / "b.pdf"),
                               *d)
        assert code == 2 and words in err and not (tmp_path / "b.pdf").exists(), (bad, err)
    code, _out, err = _run(capsys, "slip", "--person", person, "--as-of", day, "--plan", "--json", *d)
    assert code == 2 and "--plan" in err
