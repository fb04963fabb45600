"""The circle and district rollup (issue 19): a store of many stations' signed bundles, on a SQLite file (a circle
office) or a PostgreSQL server (a district or the state), with precomputed rollup rows per station that the
supervisors' views read. Its tables are its own (``schema.py``), not the station's. docs/bundle_format.md
describes the files it reads and writes.

This module is the package's one public import path."""

from app.services.rollup.access import grant_circle, reader_circle
from app.services.rollup.acks import StationState, find_station, list_stations, make_rollup_ack, write_rollup_ack
from app.services.rollup.figures import latest_inspection, load_record, record_date
from app.services.rollup.enrol import EnrolResult, enrol_station, read_enrol_file
from app.services.rollup.importer import ImportReport, bundle_files, import_bytes, import_paths
from app.services.rollup.reasons import needs_full_text
from app.services.rollup.schema import METADATA, REVISION, partition_name
from app.services.rollup.store import (
    RollupInfo,
    RollupStore,
    default_location,
    init_store,
    meta_values,
    open_rollup,
)

__all__ = [
    "grant_circle",
    "reader_circle",
    "ImportReport",
    "StationState",
    "bundle_files",
    "find_station",
    "import_bytes",
    "import_paths",
    "latest_inspection",
    "load_record",
    "record_date",
    "list_stations",
    "make_rollup_ack",
    "write_rollup_ack",
    "EnrolResult",
    "METADATA",
    "REVISION",
    "RollupInfo",
    "RollupStore",
    "default_location",
    "enrol_station",
    "init_store",
    "meta_values",
    "open_rollup",
    "needs_full_text",
    "partition_name",
    "read_enrol_file",
]
