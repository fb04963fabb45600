"""Lists to Excel workbooks (.xlsx): the pending entries, the case register, the audit trail and any table the
window shows, with headers in the user's language, a frozen header row, widths set and dates as dates.

This module is the package's one public import path."""

from app.services.export.lists import (
    audit_columns,
    audit_rows,
    audit_sheet,
    case_columns,
    case_rows,
    cases_sheet,
    export_audit,
    export_sheets,
    figures_columns,
    figures_sheets,
    pending_columns,
    pending_rows,
    pending_sheet,
)
from app.services.export.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    KINDS,
    MAX_ROWS,
    Column,
    ExportCancelled,
    Sheet,
    check_out_path,
    sheet_title,
    write_xlsx,
)

__all__ = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "KINDS",
    "MAX_ROWS",
    "Column",
    "ExportCancelled",
    "Sheet",
    "audit_columns",
    "audit_rows",
    "audit_sheet",
    "case_columns",
    "case_rows",
    "cases_sheet",
    "check_out_path",
    "export_audit",
    "export_sheets",
    "figures_columns",
    "figures_sheets",
    "pending_columns",
    "pending_rows",
    "pending_sheet",
    "sheet_title",
    "write_xlsx",
]
