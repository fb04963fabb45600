"""The rollup store's tables as the views read them (the columns they need, typed), described here so the views
depend on the documented schema of the rollup store (app.services.rollup) and not on its module layout.

Only the precomputed rollup rows are read for the rankings and the report; the drill-down of ONE station reads
its entries (indexed by station) and its persons, roles, cases and inspections (JSON records)."""

from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, Integer, Text
from sqlalchemy.sql import column, table

stations = table(
    "rollup_stations",
    column("station_uid", Text), column("code", Text), column("name", Text), column("district", Text),
    column("circle", Text), column("last_sequence", Integer), column("last_kind", Text),
    column("last_made_utc", DateTime), column("last_station_time", DateTime), column("last_imported_utc", DateTime),
    column("needs_full", Boolean), column("needs_full_reason", Text), column("digest_ok", Boolean),
)

station_figures = table(
    "rollup_station_figures",
    column("station_uid", Text), column("district", Text), column("circle", Text), column("as_of", DateTime),
    column("entries", Integer), column("pending", Integer), column("overdue", Integer), column("not_due", Integer),
    column("awaiting_verification", Integer), column("missed", Integer), column("na", Integer),
    column("near_bail", Integer), column("bail_accrued", Integer),
)

counts = table(
    "rollup_counts",
    column("district", Text), column("circle", Text), column("station_uid", Text), column("role_code", Text),
    column("form", Text), column("duty_kind", Text), column("status", Text), column("age_band", Text),
    column("due_month", Text), column("n", Integer),
)

person_counts = table(
    "rollup_person_counts",
    column("district", Text), column("circle", Text), column("station_uid", Text), column("person_id", Integer),
    column("role_code", Text), column("status", Text), column("age_band", Text), column("n", Integer),
)

form_ontime = table(
    "rollup_form_ontime",
    column("station_uid", Text), column("form", Text), column("period", Text), column("district", Text),
    column("circle", Text), column("due", Integer), column("on_time", Integer), column("late", Integer),
    column("not_made", Integer),
)

weekly = table(
    "rollup_weekly",
    column("station_uid", Text), column("week_start", Date), column("district", Text), column("circle", Text),
    column("due", Integer), column("on_time", Integer), column("late", Integer), column("missed", Integer),
    column("still_pending", Integer), column("made", Integer), column("verified", Integer),
)

entries = table(
    "rollup_entries",
    column("district", Text), column("station_uid", Text), column("origin_id", Integer), column("duty_code", Text),
    column("role_code", Text), column("form", Text), column("person_id", Integer), column("case_id", Integer),
    column("due_at", DateTime), column("status", Text), column("entered_at", DateTime),
    column("verified_at", DateTime), column("created_at", DateTime),
)

rows = table(
    "rollup_rows",
    column("district", Text), column("station_uid", Text), column("tbl", Text), column("origin_id", Text),
    column("data", Text),
)

meta = table("rollup_meta", column("key", Text), column("value", Text))

# age bands of a pending entry at the station's moment (the rollup's precomputed rows)
BANDS = ("0-7", "8-30", "31-90", "90+")
