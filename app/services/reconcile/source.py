"""A CAS list read from a file (xlsx, xls, ods, csv, an HTML page saved as .xls: ``app.services.sheets``) into
``CasRow``s, through a profile: the one named, else the station's cas_list profile whose headers the sheet has,
else the shipped "CAS entry list" (headers guessed in English or Hindi: ``FIR No.``/``मु0अ0सं0``, ``Form``/
``फॉर्म``, ``CAS Reference``/``सीएएस संदर्भ``, ``Entry Date``/``प्रविष्टि दिनांक``).

A row that cannot be read (a case number that is not one, a bad date, no reference) is an error with its row and
column, in the user's language, and is left out of the comparison.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.errors import UserError
from app.services.reconcile.engine import reconcile_rows
from app.services.reconcile.model import CasRow, Reconciliation
from app.services.storage import Database

CAS_PROFILE = "CAS entry list"
MAX_BYTES = 100 * 1024 * 1024  # a CAS list is a few MB at most; a bigger file is refused before it is read


@dataclass
class CasList:
    rows: list[CasRow]
    errors: list[dict]  # {"row", "column", "message"}
    source: str  # the file's SHA-256
    profile: str  # the profile's name
    headers: list[str]
    columns: dict[str, str]  # field -> the header it was read from


def _data(source) -> bytes:
    from app.services.sheets import read_file

    data = bytes(source) if isinstance(source, (bytes, bytearray)) else read_file(Path(source), max_bytes=MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise UserError(_("The file is larger than {mb} MB; a CAS list is much smaller.").format(
            mb=MAX_BYTES // (1024 * 1024)))
    return data


def _mapped(db: Database, source, profile: str | None):
    """The file's bytes and its table mapped through the profile chosen for a CAS list; refused without the case
    number's or the CAS reference's column."""
    from app.services.sheets import get_profile, load_sheet

    data = _data(source)
    if profile:
        with db.session() as s:
            named = get_profile(s, profile)
        if named.kind != "cas_list":
            raise UserError(_("The profile {name} is not for CAS lists; choose one made for them (e.g. {cas}).")
                            .format(name=named.name, cas=CAS_PROFILE))
    loaded = load_sheet(db, data, "cas_list", profile=profile, fallback=CAS_PROFILE)
    mapped = loaded.mapped
    if "case_number" in mapped.missing or "cas_reference" not in mapped.columns:
        said = []
        if "case_number" in mapped.missing:
            said.append(_("The sheet has no column for the case number (e.g. “FIR No.” or “मु0अ0सं0”)."))
        if "cas_reference" not in mapped.columns:
            said.append(_("The sheet has no column for the CAS reference (e.g. “CAS Reference” or “सीएएस संदर्भ”)."))
        said.append(_("Its headers (row {row}): {headers}.").format(
            row=mapped.header_row + 1, headers=", ".join(h for h in mapped.headers if h)[:300] or "—"))
        raise UserError(" ".join(said))
    return data, loaded.profile, mapped


def read_cas_list(db: Database, source, *, profile: str | None = None) -> CasList:
    """The rows of the CAS list in ``source`` (a path or bytes). Refuses (UserError, in the user's language) a file
    that is not a readable sheet, a profile that is not for CAS lists, or a sheet without the case number's or
    the CAS reference's column."""
    data, chosen, mapped = _mapped(db, source, profile)
    names = {k: mapped.headers[c] for k, c in mapped.columns.items()}
    rows, errors = rows_from_mapped(mapped)
    return CasList(rows=rows, errors=errors, source=hashlib.sha256(data).hexdigest(), profile=chosen.name,
                   headers=mapped.headers, columns=names)


def rows_from_mapped(mapped) -> tuple[list[CasRow], list[dict]]:
    """The rows of a CAS list already mapped (``sheets.map_table``, any profile or the user's own mapping), and the
    rows left out with their row, column and reason: a cell that could not be read, no CAS reference (or one
    longer than 80 characters), no case number."""
    from app.services.sheets import CaseKey

    names = {k: mapped.headers[c] for k, c in mapped.columns.items()}
    rows: list[CasRow] = []
    errors: list[dict] = []
    for r in mapped.rows:
        if r.errors:
            errors.extend(e.as_dict() for e in r.errors)
            continue
        key = r.values.get("case_number")
        ref = (r.values.get("cas_reference") or "").strip()
        if not ref:
            errors.append({"row": r.row, "column": names.get("cas_reference", ""),
                           "message": _("No CAS reference in this row.")})
            continue
        if len(ref) > 80:
            errors.append({"row": r.row, "column": names.get("cas_reference", ""),
                           "message": _("The CAS reference is longer than 80 characters.")})
            continue
        if not isinstance(key, CaseKey):
            errors.append({"row": r.row, "column": names.get("case_number", ""),
                           "message": _("No case number in this row.")})
            continue
        year = key.year if key.year is not None else r.values.get("case_year")
        rows.append(CasRow(row=r.row, case_text=r.raw.get("case_number", ""), number=key.number, year=year,
                           form_text=r.raw.get("form", "") or "", cas_ref=ref, entry_date=r.values.get("entry_date"),
                           registered_on=r.values.get("registered_on")))
    return rows, errors


def reconcile_mapped(db: Database, mapped, data: bytes) -> Reconciliation:
    """A CAS list already mapped (``sheets.map_table`` through any profile, or the user's own mapping in the
    import assistant) compared with the register (reads only). A field the mapping lacks is an error of row 0;
    without a column of forms every row is to review."""
    errors = [{"row": 0, "column": key, "message": _(
        "The sheet has no column for {field}: map one, or pick a profile.").format(field=key)}
        for key in mapped.missing]
    rows, row_errors = rows_from_mapped(mapped)
    warnings = [] if "form" in mapped.columns else [_("The list has no column of forms: every row is to review.")]
    return reconcile_rows(db, rows, errors=errors + row_errors, source=hashlib.sha256(data).hexdigest(),
                          warnings=warnings)


def reconcile_file(db: Database, source, *, profile: str | None = None) -> Reconciliation:
    """Read the CAS list in ``source`` and compare it with the register (reads only)."""
    data, _chosen, mapped = _mapped(db, source, profile)
    return reconcile_mapped(db, mapped, data)
