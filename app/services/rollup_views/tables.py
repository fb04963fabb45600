"""The rollup store's tables as the views read them: the store's own table objects (app.services.rollup's METADATA,
its public schema), under short names.

Only the precomputed rollup rows are read for the rankings and the report; the drill-down of ONE station reads
its entries (indexed by station) and its persons, roles, cases and inspections (JSON records)."""

from __future__ import annotations

from app.services.rollup import METADATA

stations = METADATA.tables["rollup_stations"]
station_figures = METADATA.tables["rollup_station_figures"]
counts = METADATA.tables["rollup_counts"]
person_counts = METADATA.tables["rollup_person_counts"]
form_ontime = METADATA.tables["rollup_form_ontime"]
weekly = METADATA.tables["rollup_weekly"]
entries = METADATA.tables["rollup_entries"]
rows = METADATA.tables["rollup_rows"]
meta = METADATA.tables["rollup_meta"]

# age bands of a pending entry at the station's moment (the rollup's precomputed rows)
BANDS = ("0-7", "8-30", "31-90", "90+")
