"""Station bundles for the circle and district rollup (issue 19): the station's identity (uid and Ed25519
keys, the enrol file), signed bundle files (full or delta since the last acknowledgement) and the
acknowledgements that move the delta's base. docs/bundle_format.md describes the files.

This module is the package's one public import path."""


from app.services.bundle.ack import ACK_FORMAT, AckResult, ack_signed_bytes, apply_ack, make_ack, read_ack, sign_ack
from app.services.bundle.enrol import ENROL_FORMAT, enrol_record, write_enrol_file
from app.services.bundle.export import ExportResult, acked_sequence, export_bundle, station_particulars
from app.services.bundle.fileformat import BUNDLE_FORMAT, MAGIC, OpenedBundle, open_bundle, read_header
from app.services.bundle.rows import (
    NEVER_CARRIED,
    TABLE_NAMES,
    canonical,
    canonical_encoder,
    columns,
    digest_term,
    iter_rows,
    record_of,
    row_hash,
    state_digest_of,
)

__all__ = [
    "ACK_FORMAT",
    "AckResult",
    "BUNDLE_FORMAT",
    "ENROL_FORMAT",
    "ExportResult",
    "MAGIC",
    "NEVER_CARRIED",
    "OpenedBundle",
    "TABLE_NAMES",
    "ack_signed_bytes",
    "acked_sequence",
    "apply_ack",
    "canonical",
    "canonical_encoder",
    "columns",
    "digest_term",
    "enrol_record",
    "export_bundle",
    "iter_rows",
    "make_ack",
    "open_bundle",
    "read_ack",
    "read_header",
    "record_of",
    "row_hash",
    "sign_ack",
    "state_digest_of",
    "station_particulars",
    "write_enrol_file",
]
