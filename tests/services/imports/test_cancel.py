"""Cancelling an import part-way (the assistant's Cancel on a big file): the planning and the writing ask
``cancelled()`` every few hundred rows; a cancel mid-write rolls the one transaction back — no case, event, entry,
audit row or batch is left — and the same file can then be imported whole."""

from __future__ import annotations

import pytest

from app.services import imports, sheets
from app.services.core.errors import Cancelled
from tests.services.imports.test_import_rows import _source, counts, db_path, fir, made, station  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

# Rows enough for a report in the middle of the writing (the steps: N planned, N planned again, N written; a
# report every 200 steps, app/services/core/progress.py): at 200, between 2N and 3N (N = 150 had it at 400: the
# same path, each row written twice as many times)
N = 70


def _rows():
    return [fir(f"{i}/2025", 1 + i % 28) for i in range(1, N + 1)]


@pytest.mark.parametrize("skip_errors", [False, True])
def test_cancel_mid_import_leaves_the_database_as_it_was(station, skip_errors):
    db, _p = station
    source = _source("cases", _rows())
    before = counts(db)
    seen = []

    def progress(done, total):
        seen.append((done, total))

    def cancelled():  # yes once the writing is well under way (past both plans and some writes)
        return bool(seen) and seen[-1][0] > 2 * N

    with pytest.raises(Cancelled) as caught:
        imports.import_rows(db, source, skip_errors=skip_errors, progress=progress, cancelled=cancelled)
    assert "nothing was imported" in caught.value.message
    assert seen[-1][1] == 3 * N and 2 * N < seen[-1][0] < 3 * N  # it stopped in the writing, not before
    assert counts(db) == before  # cases, events, entries, accused, audit, batches
    assert imports.list_batches(db) == []
    report = imports.import_rows(db, source)  # not taken as "imported before": the whole file goes in now
    assert (report.created, report.imported) == (N, True)


def test_cancel_during_the_dry_run(station):
    db, _p = station
    before = counts(db)
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) >= 1

    with pytest.raises(Cancelled) as caught:
        imports.import_rows(db, _source("cases", _rows()), dry_run=True, cancelled=cancelled)
    assert "check was stopped" in caught.value.message and counts(db) == before


def test_progress_counts_up_to_the_total_without_a_cancel(station):
    db, _p = station
    seen = []
    report = imports.import_rows(db, _source("cases", _rows()), progress=lambda d, t: seen.append((d, t)),
                                 cancelled=lambda: False)
    assert report.created == N
    assert [d for d, _t in seen] == sorted(d for d, _t in seen) and seen[-1] == (3 * N, 3 * N)


def test_mapping_a_sheet_can_be_cancelled():
    rows = [["FIR No.", "Registration date", "Act", "Sections"]] + [
        [f"{i}/2025", "01/02/2025", "BNS", "303(2)"] for i in range(1, 1001)]
    table = sheets.Table(kind="csv", sheet=None, sheets=(), rows=rows)
    seen = []
    mapped = sheets.map_table(table, sheets.Profile(name=""), progress=lambda d, t: seen.append((d, t)))
    assert len(mapped.rows) == 1000 and seen[-1] == (1000, 1000)
    with pytest.raises(Cancelled):
        sheets.map_table(table, sheets.Profile(name=""), cancelled=lambda: True)
