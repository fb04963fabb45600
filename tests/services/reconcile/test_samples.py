"""The shipped "CAS entry list" profile against the sample lists in tests/fixtures/reconcile (English xlsx with a
title, text and serial dates, bad rows; Hindi CSV with Devanagari digits): each row's result is fixed here, so a
change in how a CAS list is read or matched fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import reconcile
from app.services.core.errors import UserError
from app.services.reconcile import DIFFER, MATCHED, ONLY_THERE, REVIEW

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "reconcile"

EXPECTED_XLSX = {4: (MATCHED, False), 5: (MATCHED, False), 6: (MATCHED, True), 7: (DIFFER, False),
                 8: (ONLY_THERE, False), 9: (REVIEW, False), 10: (ONLY_THERE, False)}


def _rows(recon):
    return {it.row.row: (it.category, it.agrees) for it in recon.items if it.row is not None}


def test_english_sample(station):
    db, people, firs = station
    found = reconcile.read_cas_list(db, SAMPLES / "cas_entry_list.xlsx")
    assert found.profile == reconcile.CAS_PROFILE
    assert found.columns == {"case_number": "FIR No.", "form": "Form", "cas_reference": "CAS Reference",
                             "entry_date": "Entry Date"}
    by_row = {r.row: r for r in found.rows}
    assert (by_row[5].number, by_row[5].year, by_row[5].case_text) == (1, 2025, "FIR No. 1-2025")
    assert by_row[6].year == 2025 and str(by_row[10].entry_date) == "2025-03-04"
    assert str(by_row[5].entry_date) == "2025-03-03"
    assert [(e["row"], e["column"]) for e in found.errors] == [(11, "FIR No."), (12, "CAS Reference")]
    recon = reconcile.reconcile_file(db, SAMPLES / "cas_entry_list.xlsx")
    assert _rows(recon) == EXPECTED_XLSX
    assert recon.duplicates == [{"row": 13, "same_as": 4}]
    assert recon.source == found.source and len(recon.source) == 64
    summary = recon.summary()
    assert {k: summary[k] for k in ("matched", "differ", "only_there", "review", "to_mark", "already", "errors",
                                    "duplicates")} == {"matched": 3, "differ": 1, "only_there": 2, "review": 1,
                                                       "to_mark": 2, "already": 1, "errors": 2, "duplicates": 1}


def test_hindi_sample(station):
    db, people, firs = station
    recon = reconcile.reconcile_file(db, SAMPLES / "cas_entry_list_hi.csv")
    assert _rows(recon) == {2: (MATCHED, False), 3: (MATCHED, False), 4: (DIFFER, False)}
    assert not recon.errors


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 not a sheet", b"\x00\x01\x02" * 100,
                                     "Name,Age\nRam,30\n".encode()])
def test_files_that_are_not_cas_lists_are_refused(station, tmp_path, content):
    db, people, firs = station
    path = tmp_path / "list.xlsx"
    path.write_bytes(content)
    with pytest.raises(UserError):
        reconcile.reconcile_file(db, path)


def test_a_profile_for_another_kind_of_sheet_is_refused(station):
    db, people, firs = station
    with pytest.raises(UserError, match="not for CAS lists"):
        reconcile.reconcile_file(db, SAMPLES / "cas_entry_list.xlsx", profile="FIR register")
