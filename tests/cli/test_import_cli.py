"""``import cases|events FILE``: a register sheet (Hindi headers, CSV) through the command line: the dry run, a bad
row refusing the whole file (exit 2, an error sheet), --skip-errors, the same file again, ``import void``."""

from __future__ import annotations

import csv
import json

from tests.cli.test_cases_cli import counts, db_path, run, station, template  # noqa: F401 (fixtures)

HEADERS = ["मु0अ0सं0", "दिनांक पंजीकरण", "घटना दिनांक", "अधिनियम", "धारा", "विवेचक"]


def _csv(path, rows, headers=HEADERS):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(headers)
        w.writerows(rows)
    return str(path)


GOOD = [["१२/२०२५", "01/02/2025", "30/01/2025", "BNS", "303(2)", "सुनीता यादव"],
        ["FIR No. 13-2025", "02/02/2025", "", "BNS", "303(2)", "Ravi Kumar"]]


def test_dry_run_then_import_then_the_same_file_again(capsys, station, tmp_path, db_path):  # noqa: F811
    d = station
    sheet = _csv(tmp_path / "register.csv", GOOD)
    before = counts(db_path)
    code, out, err = run(capsys, "import", "cases", sheet, "--dry-run", "--json", *d)
    assert code == 0, err
    assert {k: json.loads(out)[k] for k in ("created", "updated", "unchanged", "errors")} == \
        {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    assert counts(db_path) == before
    code, out, err = run(capsys, "import", "cases", sheet, *d)
    assert code == 0, err and "batch 1" in out
    code, out, err = run(capsys, "case", "list", "--json", *d)
    assert sorted(c["label"] for c in json.loads(out)) == ["FIR 12/2025", "FIR 13/2025"]
    after = counts(db_path)
    code, out, err = run(capsys, "import", "cases", sheet, "--json", *d)
    assert code == 0 and json.loads(out)["already_imported"]["batch"] == 1 and counts(db_path) == after
    code, out, err = run(capsys, "import", "batches", *d)
    assert code == 0 and "register.csv" in out
    code, out, err = run(capsys, "import", "void", "1", "--reason", "the wrong year's register", *d)
    assert code == 0, err
    assert counts(db_path)[0] == before[0]  # both cases untouched since: removed


def test_a_bad_row_refuses_the_file_with_an_error_sheet(capsys, station, tmp_path, db_path):  # noqa: F811
    d = station
    sheet = _csv(tmp_path / "register.csv", GOOD + [["14/2025", "31/02/2025", "", "BNS", "303(2)", ""],
                                                    ["15/2025", "03/02/2025", "", "BNS", "999(9)", ""]])
    before = counts(db_path)
    out_file = tmp_path / "errors.csv"
    code, out, err = run(capsys, "import", "cases", sheet, "--errors-out", str(out_file), "--json", *d)
    report = json.loads(out)
    assert code == 2 and counts(db_path) == before
    assert sorted(e["row"] for e in report["errors"]) == [4, 5]
    assert {e["column"] for e in report["errors"]} == {"दिनांक पंजीकरण", "धारा"}
    written = list(csv.reader(open(out_file, encoding="utf-8-sig")))
    assert written[0][:3] == ["Row", "Column", "Problem"] and len(written) == 3
    code, out, err = run(capsys, "import", "cases", sheet, "--skip-errors", "--lang", "hi", *d)
    assert code == 0, err
    assert counts(db_path)[0] == before[0] + 2
    assert "2" in out and "बैच" in out


def test_events_through_the_command_line(capsys, station, tmp_path, db_path):  # noqa: F811
    d = station
    assert run(capsys, "import", "cases", _csv(tmp_path / "register.csv", GOOD), *d)[0] == 0
    events = _csv(tmp_path / "events.csv", [["12/2025", "गिरफ्तारी", "02/02/2025", "Ram Kumar"],
                                            ["12/2025", "बरामदगी", "02/02/2025", ""],
                                            ["12/2025", "बरामदगी", "02/02/2025", ""]],
                  headers=["मु0अ0सं0", "कार्यवाही", "दिनांक", "अभियुक्त"])
    code, out, err = run(capsys, "import", "events", events, "--json", *d)
    assert code == 0, err
    assert json.loads(out)["created"] == 3


def test_a_file_that_is_not_a_sheet_is_refused(capsys, station, tmp_path, db_path):  # noqa: F811
    d = station
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    before = counts(db_path)
    code, out, err = run(capsys, "import", "cases", str(bad), *d)
    assert code == 2 and err and counts(db_path) == before
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "none.csv"), *d)
    assert code == 2 and "none.csv" in err


def test_a_sheet_without_a_required_column_imports_nothing(capsys, station, tmp_path, db_path):  # noqa: F811
    d = station
    sheet = _csv(tmp_path / "no_dates.csv", [["12/2025", "BNS", "303(2)"]], headers=["मु0अ0सं0", "अधिनियम", "धारा"])
    before = counts(db_path)
    code, out, err = run(capsys, "import", "cases", sheet, "--skip-errors", "--json", *d)
    report = json.loads(out)
    assert code == 2 and counts(db_path) == before and report["created"] == 0
    assert report["errors"][0]["row"] == 0 and "registration" in report["errors"][0]["message"]
    code, out, err = run(capsys, "import", "batches", "--json", *d)
    assert json.loads(out) == []  # nothing imported, nothing recorded: the corrected file is welcome


def test_errors_out_into_a_missing_folder_is_refused_before_importing(capsys, station, tmp_path, db_path):  # noqa: F811
    sheet = _csv(tmp_path / "register.csv", GOOD)
    before = counts(db_path)
    code, out, err = run(capsys, "import", "cases", sheet, "--errors-out", str(tmp_path / "no" / "errors.csv"),
                         *station)
    assert code == 2 and "does not exist" in err
    assert counts(db_path) == before and not (tmp_path / "no").exists()
