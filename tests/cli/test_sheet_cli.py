"""``sheet show``, ``sheet profiles``, ``sheet save-profile``, ``sheet delete-profile`` (issue 20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def made(made_once):
    """The station made once by ``init``; each test starts from it."""
    return made_once(lambda path: main(["init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(path)]))


@pytest.fixture
def station(capsys, tmp_path, made):
    assert made.value == 0
    capsys.readouterr()
    return str(made.fresh(tmp_path))


def test_show_a_register_as_an_import_reads_it(capsys, station):
    code, out, _ = run(capsys, "sheet", "show", str(SAMPLES / "fir_register.xlsx"), "--db", station, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["kind"] == "xlsx" and shown["header_row"] == 3 and shown["profile"] == "FIR register"
    assert shown["columns"]["case_number"] == "मु0अ0सं0" and shown["missing"] == []
    assert shown["rows"] == 8 and shown["preview"][0]["registered_on"] == "05/01/2024 → 5 Jan 2024"
    assert {"row": 8, "column": "घटना दिनांक", "message": "“31/02/2024” is not a real date."} in shown["errors"]
    # the footer left out, the date order turned round
    code, out, _ = run(capsys, "sheet", "show", str(SAMPLES / "fir_register.xlsx"), "--db", station, "--json",
                       "--skip-bottom", "1", "--date-format", "MM/DD/YYYY")
    shown = json.loads(out)
    assert shown["rows"] == 7 and shown["preview"][1]["registered_on"] == "07.01.2024 → 1 Jul 2024"


def test_show_in_hindi_with_kruti_dev(capsys, station):
    code, out, _ = run(capsys, "--lang", "hi", "sheet", "show", str(SAMPLES / "krutidev_register.xlsx"), "--db",
                       station)
    assert code == 0
    assert "कृतिदेव फॉन्ट में टाइप की गई हिंदी यूनिकोड में बदली गई।" in out
    assert "राम कुमार" in out and "विवेचक" in out


def test_save_a_profile_then_a_moved_column_still_maps(capsys, station, tmp_path):
    sheet = tmp_path / "old.csv"
    sheet.write_text("Crime Number,Dated,Officer\n4/2024,03/05/2024,Ram\n", encoding="utf-8")
    code, out, err = run(capsys, "sheet", "save-profile", "Old register", "--db", station,
                         "--column", "case_number=Crime Number", "--column", "registered_on=Dated",
                         "--column", "io=Officer", "--date-format", "MM/DD/YYYY")
    assert code == 0, err
    moved = tmp_path / "moved.csv"
    moved.write_text("Officer,Dated,Crime Number\nRam,03/05/2024,4/2024\n", encoding="utf-8")
    code, out, _ = run(capsys, "sheet", "show", str(moved), "--db", station, "--profile", "Old register", "--json")
    shown = json.loads(out)
    assert shown["columns"] == {"case_number": "Crime Number", "registered_on": "Dated", "io": "Officer"}
    assert shown["preview"][0]["registered_on"] == "03/05/2024 → 5 Mar 2024" and not shown["errors"]
    code, out, _ = run(capsys, "sheet", "show", str(moved), "--db", station, "--json")  # matched by its headers
    assert json.loads(out)["profile"] == "Old register"
    code, out, _ = run(capsys, "sheet", "profiles", "--db", station, "--json")
    names = {p["name"]: p for p in json.loads(out)}
    assert names["Old register"]["builtin"] is False and names["FIR register"]["builtin"] is True
    assert run(capsys, "sheet", "delete-profile", "Old register", "--db", station)[0] == 0
    code, _, err = run(capsys, "sheet", "show", str(moved), "--db", station, "--profile", "Old register")
    assert code == 2 and "Old register" in err


def test_save_a_profile_from_a_file(capsys, station):
    code, out, err = run(capsys, "sheet", "save-profile", "Portal", "--db", station, "--json",
                         "--from", str(SAMPLES / "fir_register_portal.xls"))
    assert code == 0, err
    assert json.loads(out)["columns"]["case_number"] == "FIR No."


@pytest.mark.parametrize("argv, words", [
    (["save-profile", "X", "--column", "nonsense=A", "--column", "case_number=B"], "Unknown field"),
    (["save-profile", "X", "--column", "case_number"], "FIELD=HEADER"),
    (["save-profile", "X", "--column", "case_number=FIR"], "required"),
    (["save-profile", "FIR register", "--column", "case_number=A", "--column", "registered_on=B"], "shipped"),
    (["save-profile", "X", "--column", "case_number=A", "--column", "registered_on=B", "--date-format", "D.M.Y"],
     "Unknown date format"),
    (["show", "nope.xlsx"], "not found"),
    (["show", "README.md", "--header-row", "0"], "Header row"),
    (["delete-profile", "CAS entry list"], "shipped"),
])
def test_bad_input_is_refused_with_exit_2_and_nothing_saved(capsys, station, argv, words):
    code, out, err = run(capsys, "sheet", *argv, "--db", station)
    assert code == 2 and words in err
    code, out, _ = run(capsys, "sheet", "profiles", "--db", station, "--json")
    assert all(p["builtin"] for p in json.loads(out))
