"""Spreadsheets a station already keeps, read and understood: any xlsx/xls/ods/csv (or an HTML page saved as
.xls) told by its content, Kruti Dev Hindi turned into Unicode, columns mapped from their Hindi or English
headers through named profiles, case numbers and people's names made comparable.

This module is the package's one public import path (no Qt; plain values)."""

from app.services.sheets.casenum import CaseKey, case_key, full_year, parse_case_number
from app.services.sheets.dates import DATE_FORMATS, DEFAULT_DATE_FORMAT, from_serial, parse_date
from app.services.sheets.fields import (
    FIELDS,
    TABLE_KINDS,
    Field,
    field_label,
    fields_for,
    find_header_row,
    guess_mapping,
    header_texts,
    normalise_header,
    required_fields,
)
from app.services.sheets.loading import Loaded, choose_profile, load_sheet, profiles_of_kind, read_file, store_profile
from app.services.sheets.krutidev import is_krutidev, krutidev_to_unicode
from app.services.sheets.mapping import (
    PROFILE_VERSION,
    CellError,
    Mapped,
    MappedRow,
    Profile,
    display,
    map_table,
    preview,
)
from app.services.sheets.names import NameIndex, name_key, name_score, pno_of, transliterate
from app.services.sheets.profiles import (
    builtin_profiles,
    delete_profile,
    get_profile,
    list_profiles,
    match_profile,
    profile_label,
    save_profile,
)
from app.services.sheets.reading import MAX_ROWS, SheetError, Table, read_table, sniff_kind

__all__ = [
    "DATE_FORMATS", "DEFAULT_DATE_FORMAT", "FIELDS", "MAX_ROWS", "PROFILE_VERSION", "TABLE_KINDS", "CaseKey",
    "CellError", "Field", "Loaded", "Mapped", "MappedRow", "NameIndex", "Profile", "SheetError", "Table",
    "builtin_profiles", "case_key", "choose_profile", "delete_profile", "display", "field_label", "fields_for",
    "find_header_row", "from_serial", "full_year", "get_profile", "guess_mapping", "header_texts", "is_krutidev",
    "krutidev_to_unicode", "list_profiles", "load_sheet", "map_table", "match_profile", "name_key", "name_score",
    "normalise_header", "parse_case_number", "parse_date", "pno_of", "preview", "profile_label",
    "profiles_of_kind", "read_file",
    "read_table", "required_fields", "save_profile", "sniff_kind", "store_profile", "transliterate"
]
