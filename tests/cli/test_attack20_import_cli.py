"""Attack on issue 20: a sheet without a required column is refused naming the column in the user's language and
saying it of the file, not of a "row 0"."""

from __future__ import annotations

import json

from tests.cli.test_cases_cli import db_path, run, station, template  # noqa: F401 (fixtures)
from tests.cli.test_import_cli import _csv


def test_a_missing_column_is_said_of_the_file_in_hindi(capsys, station, tmp_path):  # noqa: F811
    sheet = _csv(tmp_path / "no_date.csv", [["12/2025", "BNS", "303(2)"]], headers=["मु0अ0सं0", "अधिनियम", "धारा"])
    code, out, err = run(capsys, "import", "cases", sheet, "--lang", "hi", *station)
    assert code == 2
    assert "पंक्ति 0" not in out and "registered_on" not in out
    assert "फाइल:" in out and "पंजीकरण" in out


def test_the_report_names_the_profile_and_the_date_format_it_read_with(capsys, station, tmp_path):  # noqa: F811
    headers = ["FIR No.", "Registration date", "Act", "Sections"]
    sheet = _csv(tmp_path / "amb.csv", [["12/2025", "03/05/2025", "BNS", "303(2)"]], headers=headers)
    code, out, err = run(capsys, "sheet", "save-profile", "us", "--from", sheet, "--date-format", "MM/DD/YYYY",
                         *station)
    assert code == 0, err
    code, out, err = run(capsys, "import", "cases", sheet, "--dry-run", *station)  # found by its headers
    assert code == 0, err
    assert "us" in out and "MM/DD/YYYY" in out
    code, out, err = run(capsys, "import", "cases", sheet, "--dry-run", "--json", *station)
    assert {k: json.loads(out)[k] for k in ("profile", "date_format")} == {"profile": "us", "date_format": "MM/DD/YYYY"}
