"""A file read and mapped through its profile in one place (``load_sheet``): what the import command, the import
assistant, the reconciliation and ``sheet show`` share."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import sheets
from app.services.access import SYSTEM
from app.services.sheets import Profile, SheetError

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "sheets"


def test_read_file_refuses_what_is_not_a_readable_file(tmp_path):
    with pytest.raises(SheetError, match="There is no file"):
        sheets.read_file(tmp_path / "absent.xlsx")
    with pytest.raises(SheetError, match="is a folder"):
        sheets.read_file(tmp_path)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(SheetError, match="larger than 2 MB"):
        sheets.read_file(big, max_bytes=2 * 1024 * 1024)
    assert sheets.read_file(big) == big.read_bytes()


def test_the_profile_is_named_matched_or_guessed(station_db):
    data = (SAMPLES / "fir_register.xlsx").read_bytes()
    guessed = sheets.load_sheet(station_db, data, "cases")
    assert guessed.profile.name == "FIR register" and "case_number" in guessed.mapped.columns
    assert guessed.profile.sheet == guessed.table.sheet  # a profile saved from it remembers the sheet
    headers = {k: guessed.mapped.headers[c] for k, c in guessed.mapped.columns.items()}
    sheets.store_profile(station_db, SYSTEM, Profile("Ours", kind="cases", columns=headers, date_format="MM/DD/YYYY"))
    assert sheets.load_sheet(station_db, data, "cases").profile.name == "Ours"  # the station's own first
    assert [p.name for p in sheets.profiles_of_kind(station_db, "cases")] == ["FIR register", "Ours"]
    named = sheets.load_sheet(station_db, data, "cases", profile="FIR register", date_format="YYYY-MM-DD")
    assert (named.profile.name, named.profile.date_format) == ("FIR register", "YYYY-MM-DD")
    with pytest.raises(SheetError, match="is for cases, not events"):
        sheets.load_sheet(station_db, data, "events", profile="Ours")
    with pytest.raises(SheetError, match="Unknown date format"):
        sheets.load_sheet(station_db, data, "cases", date_format="yyyy")
    assert sheets.load_sheet(station_db, b"a,b\n1,2\n", "cases").profile == Profile(name="", kind="cases")
