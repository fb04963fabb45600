"""The app's lists as worksheets: the pending entries (with the list's filters), the case register and the audit
trail, with headers and labels in the current language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from app.i18n import N_, _, bilingual, current_language
from app.services import audit, catalogue, cases, obligations
from app.services.access import SYSTEM, Actor
from app.services.export.xlsx import Column, Sheet, check_out_path, write_xlsx
from app.services.storage import Database

CHUNK = 2000

# the case register's statuses, as the cases page names them (same words, same translations)
CASE_STATUS_LABELS = {
    "open": N_("under investigation"), "charge-sheeted": N_("charge-sheeted"), "final-report": N_("final report"),
    "disposed": N_("disposed"), "transferred-out": N_("transferred out"), "void": N_("voided"),
    "traced": N_("traced"), "recovered": N_("recovered"), "matched": N_("matched"), "identified": N_("identified"),
}


def _role_names(db: Database) -> dict[str, tuple[str, str]]:
    return {r.code: (r.name_hi, r.name_en) for r in catalogue.list_roles(db)}


def pending_columns() -> list[Column]:
    return [Column(_("Id"), "int"), Column(_("Due"), "datetime"), Column(_("State")), Column(_("Duty")),
            Column(_("Entry owed")), Column(_("Form")), Column(_("Role")), Column(_("Person")), Column(_("Case")),
            Column(_("Status")), Column(_("CAS reference")), Column(_("Entered"), "datetime"),
            Column(_("Due date basis"))]


def pending_rows(db: Database, flt: obligations.ObligationFilter, *, id_list: list[int] | None = None,
                 lang: str | None = None) -> Iterator[list]:
    """The entries ``flt`` finds (or those of ``id_list``, in its order: the window's list as shown), read a
    chunk at a time."""
    lang = lang or current_language()
    roles = _role_names(db)
    found = obligations.ids(db, flt) if id_list is None else list(id_list)
    for i in range(0, len(found), CHUNK):
        for o in obligations.rows(db, found[i:i + CHUNK], as_of=flt.as_of):
            if o.status == "pending" and o.overdue:
                state = _("Overdue")
            elif o.status == "pending" and o.due_soon:
                state = _("Due soon")
            else:
                state = ""
            hi_en = roles.get(o.role)
            yield [o.id, o.due_at, state, o.duty_code, o.duty_name(lang), o.form,
                   bilingual(hi_en[0], hi_en[1], lang) if hi_en else o.role,
                   o.person if o.person_id is not None and o.person else _("Unassigned"), o.case_label,
                   _(obligations.STATUS_LABELS.get(o.status, o.status)), o.cas_ref, o.entered_at,
                   o.basis_hi if lang == "hi" and o.basis_hi else o.basis]


def pending_sheet(db: Database, flt: obligations.ObligationFilter, *, id_list: list[int] | None = None) -> Sheet:
    return Sheet(_("Pending entries"), pending_columns(), pending_rows(db, flt, id_list=id_list))


def case_columns() -> list[Column]:
    return [Column(_("Id"), "int"), Column(_("Case")), Column(_("Kind")), Column(_("Number"), "int"),
            Column(_("Year"), "int"), Column(_("Registered"), "datetime"), Column(_("Date of offence"), "date"),
            Column(_("Act")), Column(_("Sections")), Column(_("IO")), Column(_("Sensitive")), Column(_("Status")),
            Column(_("Description"))]


def case_rows(db: Database, *, kind: str | None = None, year: int | None = None,
              search: str | None = None) -> Iterator[list]:
    """Every case the filters find, newest first (as the register lists them)."""
    offset = 0
    while True:
        found = cases.list_cases(db, kind=kind, year=year, search=search, limit=CHUNK, offset=offset)
        for c in found:
            yield [c.id, c.label, _(catalogue.CASE_KINDS.get(c.kind, c.kind)), c.number, c.year, c.registered_at,
                   c.offence_date, c.act, c.sections, c.io_name, bool(c.sensitive),
                   _(CASE_STATUS_LABELS.get(c.status, c.status)), c.description]
        if len(found) < CHUNK:
            return
        offset += CHUNK


def cases_sheet(db: Database, *, kind: str | None = None, year: int | None = None, search: str | None = None) -> Sheet:
    return Sheet(_("Cases"), case_columns(), case_rows(db, kind=kind, year=year, search=search))


def audit_columns() -> list[Column]:
    return [Column(_("No."), "int"), Column(_("When (local)"), "datetime"), Column(_("Who")), Column(_("Action")),
            Column(_("What")), Column(_("Before")), Column(_("After")), Column(_("Hash"))]


def audit_rows(db: Database, flt: audit.AuditFilter, *, actor: Actor = SYSTEM) -> Iterator[list]:
    """The trail's rows ``flt`` finds, newest first (as the audit page lists them); needs the right to view it."""
    before = None
    while True:
        found = audit.list_entries(db, flt, limit=CHUNK, before_seq=before, actor=actor)
        for r in found:
            yield [r.seq, r.at_local, r.actor, audit.action_label(r.action), f"{r.entity} {r.entity_id or ''}".strip(),
                   r.before, r.after, r.hash]
        if len(found) < CHUNK:
            return
        before = found[-1].seq


def audit_sheet(db: Database, flt: audit.AuditFilter, *, actor: Actor = SYSTEM) -> Sheet:
    return Sheet(_("Audit trail"), audit_columns(), audit_rows(db, flt, actor=actor))


def export_sheets(path: Path | str, sheets: list[Sheet], *, progress: Callable[[int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Write the sheets (``write_xlsx``); the path is checked before anything is read."""
    return write_xlsx(check_out_path(path), sheets, progress=progress, cancelled=cancelled)


def export_audit(db: Database, path: Path | str, flt: audit.AuditFilter, *, actor: Actor = SYSTEM,
                 progress: Callable[[int], None] | None = None, cancelled: Callable[[], bool] | None = None) -> int:
    """The audit trail to a workbook; the export itself is recorded in the trail (as the CSV export is)."""
    path = check_out_path(path)
    n = write_xlsx(path, [audit_sheet(db, flt, actor=actor)], progress=progress, cancelled=cancelled)
    with db.session() as s:
        audit.record(s, actor, "audit.export", "audit", None,
                     after={"path": str(path), "rows": n, "format": "xlsx",
                            "filter": {k: (v.isoformat() if isinstance(v, dt.date) else v)
                                       for k, v in vars(flt).items() if v}})
    return n


def figures_columns() -> list[Column]:
    return [Column(_("Section")), Column(_("Role")), Column(_("Held by")), Column(_("Pending"), "int"),
            Column(_("Overdue"), "int"), Column(_("Missed"), "int"), Column(_("Awaiting verification"), "int"),
            Column(_("Unassigned"), "int"), Column(_("0–7 days"), "int"), Column(_("8–30 days"), "int"),
            Column(_("31–90 days"), "int"), Column(_("Over 90 days"), "int")]


def figures_sheets(db: Database, as_of=None, *, lang: str | None = None) -> list[Sheet]:
    """The figures every document prints (``reports.station_figures``) at the end of ``as_of`` (None: now): per
    role and in all, with the pending stock's age bands; a second sheet says the moment they are for."""
    from app.services.reports import station_figures

    lang = lang or current_language()
    f = station_figures(db, as_of)

    def line(r, section, role):
        b = r.bands
        return [section, role, ", ".join(h.name for h in r.holders), r.pending, r.overdue, r.missed,
                r.awaiting_verification, r.unassigned, b.d0_7, b.d8_30, b.d31_90, b.over_90]

    rows = [line(r, r.section.upper(), bilingual(r.name_hi, r.name_en, lang)) for r in f.roles]
    rows.append(line(f.totals, "", _("All roles")))
    about = Sheet(_("About"), [Column(_("Figures at")), Column(_("Moment"), "datetime")],
                  [[_("now") if f.live else _("the end of the day"), f.moment]])
    return [Sheet(_("Figures"), figures_columns(), rows), about]
