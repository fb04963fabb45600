"""A bundle held for missing ones names them as ranges and says a full bundle takes their place (a station whose
earlier bundles went to another office, or to this one before it was made anew, misses dozens)."""

from __future__ import annotations

from app.services.rollup.importer import ImportReport


def test_the_missing_bundles_are_ranges_and_a_full_is_offered():
    report = ImportReport(held=[{"file": "a.anb", "station": "UP-1", "sequence": 60, "station_uid": "x",
                                 "missing": list(range(1, 58)) + [59]}])
    text = report.describe()
    assert "1–57, 59." in text and "export --full" in text and "2, 3" not in text
