"""The rollup store's own tables (not the station's: no Alembic, no station Base). ``rollup init`` creates them
and records ``schema_revision`` in ``rollup_meta``; a later revision adds its steps to ``upgrades.UPGRADES``.

On PostgreSQL the two big tables (the entries and the other rows) are LIST-partitioned by district; a partition
is made when the first station of a district is enrolled (``ensure_partition``). On SQLite they are plain tables.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    text,
)

REVISION = 3  # 2: each station's age bands, last inspection and on time per form in rollup_station_figures; 3: on
# time per form there as a list
METADATA = MetaData()

meta = Table("rollup_meta", METADATA, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))

stations = Table(
    "rollup_stations", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("code", Text, nullable=False, default=""),
    Column("name", Text, nullable=False),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False, default=""),
    Column("public_key", Text, nullable=False),
    Column("key_fingerprint", Text, nullable=False),
    Column("enrolled_utc", DateTime, nullable=False),
    Column("last_sequence", Integer),
    Column("last_sha256", Text),
    Column("last_kind", Text),
    Column("last_made_utc", DateTime),
    Column("last_station_time", DateTime),
    Column("last_imported_utc", DateTime),
    Column("audit_seq", Integer),
    Column("audit_hash", Text),
    Column("schema_revision", Text),
    Column("state_digest", Text, nullable=False, default="0" * 64),
    Column("digest_ok", Boolean, nullable=False, default=True),
    Column("needs_full", Boolean, nullable=False, default=False),
    Column("needs_full_reason", Text, nullable=False, default=""),
    Column("rows_total", Integer, nullable=False, default=0),
)
Index("ix_rollup_stations_code", stations.c.code)
Index("ix_rollup_stations_district", stations.c.district, stations.c.circle)

bundles = Table(
    "rollup_bundles", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("sha256", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("base_sequence", Integer),
    Column("prev_sha256", Text),
    Column("made_utc", DateTime),
    Column("imported_utc", DateTime, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("state_digest", Text, nullable=False),
    Column("digest_ok", Boolean, nullable=False),
    Column("status", Text, nullable=False, default="applied"),
)

held = Table(
    "rollup_held", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("sha256", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("missing", Text, nullable=False),
    Column("received_utc", DateTime, nullable=False),
)

rows = Table(
    "rollup_rows", METADATA,
    Column("district", Text, primary_key=True),
    Column("station_uid", Text, primary_key=True),
    Column("tbl", Text, primary_key=True),
    Column("origin_id", Text, primary_key=True),
    Column("hash", Text, nullable=False),
    Column("data", Text, nullable=False),
    postgresql_partition_by="LIST (district)",
)

entries = Table(
    "rollup_entries", METADATA,
    Column("district", Text, primary_key=True),
    Column("station_uid", Text, primary_key=True),
    Column("origin_id", Integer, primary_key=True, autoincrement=False),
    Column("duty_id", Integer),
    Column("duty_code", Text, nullable=False, default=""),
    Column("role_code", Text, nullable=False),
    Column("form", Text, nullable=False, default=""),
    Column("duty_kind", Text, nullable=False, default=""),
    Column("person_id", Integer),
    Column("case_id", Integer),
    Column("due_at", DateTime),
    Column("status", Text, nullable=False),
    Column("entered_at", DateTime),
    Column("verified_at", DateTime),
    Column("na_at", DateTime),
    Column("created_at", DateTime),
    Column("period_key", Text),
    Column("hash", Text, nullable=False),
    postgresql_partition_by="LIST (district)",
)
Index("ix_rollup_entries_station_status", entries.c.station_uid, entries.c.status, entries.c.due_at)
Index("ix_rollup_entries_station_person", entries.c.station_uid, entries.c.person_id)

quarantine = Table(
    "rollup_quarantine", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("tbl", Text, primary_key=True),
    Column("origin_id", Text, primary_key=True),
    Column("district", Text, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("hash", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("quarantined_utc", DateTime, nullable=False),
)

# --- the precomputed rollup rows: rewritten for one station inside its import's transaction -------------------

counts = Table(
    "rollup_counts", METADATA,
    Column("id", Integer, primary_key=True),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False),
    Column("station_uid", Text, nullable=False),
    Column("role_code", Text, nullable=False),
    Column("form", Text, nullable=False),
    Column("duty_kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("age_band", Text, nullable=False),
    Column("due_month", Text, nullable=False),
    Column("n", Integer, nullable=False),
)
Index("ix_rollup_counts_place", counts.c.district, counts.c.circle, counts.c.station_uid)
Index("ix_rollup_counts_station", counts.c.station_uid)

person_counts = Table(
    "rollup_person_counts", METADATA,
    Column("id", Integer, primary_key=True),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False),
    Column("station_uid", Text, nullable=False),
    Column("person_id", Integer),
    Column("role_code", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("age_band", Text, nullable=False),
    Column("n", Integer, nullable=False),
)
Index("ix_rollup_person_counts_station", person_counts.c.station_uid)

# the pending entries of a station by age band (figures.BANDS' labels): revision 2's columns of its figures
BAND_COLUMNS = ("band_0_7", "band_8_30", "band_31_90", "band_90")
AGE_BANDS = ("0-7", "8-30", "31-90", "90+")

station_figures = Table(
    "rollup_station_figures", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False),
    Column("as_of", DateTime, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("overdue", Integer, nullable=False),
    Column("not_due", Integer, nullable=False),
    Column("awaiting_verification", Integer, nullable=False),
    Column("missed", Integer, nullable=False),
    Column("na", Integer, nullable=False),
    Column("near_bail", Integer, nullable=False),
    Column("bail_accrued", Integer, nullable=False),
    Column("refreshed_utc", DateTime, nullable=False),
    # revision 2: what the district views read per station, written at import (never summed or parsed per view)
    *[Column(name, Integer, nullable=False, server_default="0") for name in BAND_COLUMNS],
    Column("last_visit", Date),  # the station's latest inspection by visit date (None: none recorded)
    Column("last_visit_officer", Text, nullable=False, server_default=""),
    Column("last_visit_rank", Text, nullable=False, server_default=""),
    Column("last_visit_rank_other", Text, nullable=False, server_default=""),
    # on time per form over the last 12 weeks, as rollup_form_ontime's "12w" rows hold it, in one JSON list:
    # [["form", due, on_time, late, not_made], …] (the ranking reads one row per station, not one per form)
    Column("on_time_12w", Text, nullable=False, server_default="[]"),
)
Index("ix_rollup_station_figures_place", station_figures.c.district, station_figures.c.circle)

form_ontime = Table(
    "rollup_form_ontime", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("form", Text, primary_key=True),
    Column("period", Text, primary_key=True),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False),
    Column("due", Integer, nullable=False),
    Column("on_time", Integer, nullable=False),
    Column("late", Integer, nullable=False),
    Column("not_made", Integer, nullable=False),
)
Index("ix_rollup_form_ontime_place", form_ontime.c.district, form_ontime.c.circle)

weekly = Table(
    "rollup_weekly", METADATA,
    Column("station_uid", Text, primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("district", Text, nullable=False),
    Column("circle", Text, nullable=False),
    Column("due", Integer, nullable=False),
    Column("on_time", Integer, nullable=False),
    Column("late", Integer, nullable=False),
    Column("missed", Integer, nullable=False),
    Column("still_pending", Integer, nullable=False),
    Column("made", Integer, nullable=False),
    Column("verified", Integer, nullable=False),
)
Index("ix_rollup_weekly_place", weekly.c.district, weekly.c.circle)

PARTITIONED = (rows, entries)
FIGURE_TABLES = (counts, person_counts, station_figures, form_ontime, weekly)


def partition_name(table: str, district: str) -> str:
    """A partition's table name: the district's name may be any text (Hindi too), so it is a hash."""
    return f"{table}_d{hashlib.sha256(district.encode('utf-8')).hexdigest()[:12]}"


def ensure_partition(conn, district: str) -> None:
    """On PostgreSQL: the district's partition of each partitioned table (nothing on SQLite)."""
    if conn.dialect.name != "postgresql":
        return
    quoted = district.replace("'", "''")
    for table in PARTITIONED:
        name = partition_name(table.name, district)
        conn.execute(text(f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF "{table.name}" '
                          f"FOR VALUES IN ('{quoted}')"))
