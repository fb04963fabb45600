"""Importing the station's own spreadsheets (issue 20): cases and events, a dry run first, one transaction
after a backup, each import a batch with its file's hash (the same file again is a no-op), a batch voidable.

This module is the package's one public import path."""

from app.services.imports.batches import (
    KINDS,
    BatchInfo,
    ImportReport,
    VoidResult,
    import_rows,
    list_batches,
    void_batch,
)
from app.services.imports.case_rows import CASE_FIELDS
from app.services.imports.error_sheet import write_errors
from app.services.imports.event_rows import EVENT_FIELDS, IMPORTED_KINDS
from app.services.imports.source import ImportSource, RowError, SourceRow, file_hash, row_hashes, source_from_mapped

__all__ = [
    "BatchInfo",
    "CASE_FIELDS",
    "EVENT_FIELDS",
    "IMPORTED_KINDS",
    "ImportReport",
    "ImportSource",
    "KINDS",
    "RowError",
    "SourceRow",
    "VoidResult",
    "file_hash",
    "import_rows",
    "list_batches",
    "row_hashes",
    "source_from_mapped",
    "void_batch",
    "write_errors",
]
