"""CLI tables print dates as the window does ("15 Nov 2026", "15 नव॰ 2026"), in the user's language; --json
stays ISO."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from app.cli import main
from app.cli.common import table_cell
from tests.services.report_seed import seed_station

ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@pytest.fixture
def station(db, db_path):
    seeded = seed_station(db, obligations=50)
    db.close()
    return db_path, seeded


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_inspection_tables_show_dates_as_the_window_does(station, capsys):
    path, seeded = station
    db = ["--db", str(path)]
    code, out, _ = run(capsys, "inspection", "add", *db, "--date", "2026-11-15", "--officer", "K. Tripathi",
                       "--rank", "co", "--json")
    visit = str(json.loads(out)["id"])
    assert run(capsys, "inspection", "instruct", *db, visit, "--person", str(seeded.ids["Shyam Lal"]),
               "--text", "Update the register", "--due", "2026-11-30")[0] == 0
    for args, shown in ((["inspection", "list"], "15 Nov 2026"), (["inspection", "show", visit], "30 Nov 2026")):
        code, out, _ = run(capsys, *args, *db)
        assert code == 0 and shown in out and not ISO.search(out), out
        code, out, _ = run(capsys, *args, *db, "--lang", "hi")
        assert code == 0 and shown.split()[0] + " नव" in out and not ISO.search(out), out
    code, out, _ = run(capsys, "inspection", "list", *db, "--json")
    assert json.loads(out)[0]["visit_date"] == "2026-11-15"


def test_cell_formats():
    assert table_cell(dt.date(2026, 12, 5)) == "5 Dec 2026"
    assert table_cell(dt.datetime(2026, 12, 5, 14, 30)) == "5 Dec 2026, 14:30"
    assert table_cell(None) == "" and table_cell(7) == "7" and table_cell("x") == "x"
