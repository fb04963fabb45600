"""Attack on issue 20: a sheet without a required column is refused naming the column in the user's language and
saying it of the file, not of a "row 0"."""

from __future__ import annotations

from tests.cli.test_cases_cli import run, station, template  # noqa: F401 (fixtures)
from tests.cli.test_import_cli import _csv


def test_a_missing_column_is_said_of_the_file_in_hindi(capsys, station, tmp_path):  # noqa: F811
    sheet = _csv(tmp_path / "no_date.csv", [["12/2025", "BNS", "303(2)"]], headers=["मु0अ0सं0", "अधिनियम", "धारा"])
    code, out, err = run(capsys, "import", "cases", sheet, "--lang", "hi", *station)
    assert code == 2
    assert "पंक्ति 0" not in out and "registered_on" not in out
    assert "फाइल:" in out and "पंजीकरण" in out
