"""Cases from a sheet: each row checked as a typed FIR is (``cases.check_case``: the dates, the act for the dates,
the punishment class from the sections), its IO matched to the staff list, its key (number/year) looked up.

A row whose FIR is not in the register is created (``cases.add_case_in``: it owes what a typed FIR owes). One that
is there with the same particulars is unchanged; one that fills a date of offence the register lacks updates it;
one that says otherwise than the register is an error (corrections are made in the register, with a reason,
never by a file). A second row with the same FIR is a duplicate when it says the same, an error when not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case
from app.services import audit, cases
from app.services.access import Actor, authorize
from app.services.catalogue import case_label
from app.services.core.errors import UserError
from app.services.core.formatting import as_typed
from app.services.core.progress import Steps
from app.services.imports.source import ImportSource, RowError, SourceRow, row_hashes
from app.services.imports.staff_match import StaffMatcher

CASE_FIELDS = ("case_number", "case_year", "registered_on", "occurred_on", "act", "sections", "io", "remarks")


@dataclass
class CasePlan:
    row: int
    row_hash: str
    action: str  # "create" | "update" | "unchanged" | "duplicate" | "error"
    label: str = ""
    fields: cases.CaseFields | None = None
    io_person_id: int | None = None
    case_id: int | None = None
    offence_date: dt.date | None = None  # an update: the date of offence the register lacks
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    same_as: int | None = None  # a duplicate: the row it repeats


def _key(r: SourceRow) -> tuple[int | None, int | None]:
    key = r.values.get("case_number")
    if key is None:
        return None, None
    number = getattr(key, "number", None)
    year = r.values.get("case_year") or getattr(key, "year", None)
    if year is None and isinstance(r.values.get("registered_on"), (dt.date, dt.datetime)):
        year = r.values["registered_on"].year
    return number, year


def plan_cases(s: Session, source: ImportSource, steps: Steps | None = None) -> list[CasePlan]:
    """Each row checked as a typed FIR is and looked up in the register: to create, an update, unchanged, a
    duplicate of a row above, or an error on the column at fault."""
    rows = source.rows
    hashes = row_hashes(rows, CASE_FIELDS)
    keys = [_key(r) for r in rows]
    existing, alike = _registered(s, keys)
    staff = StaffMatcher(s)
    seen: dict[tuple[int, int], tuple[int, str, CasePlan]] = {}  # key -> (row, content hash, its plan)
    plans = []
    for r, h, (number, year) in zip(rows, hashes, keys):
        if steps is not None:
            steps.step()
        p = CasePlan(r.row, h, "error", errors=list(r.errors))
        plans.append(p)
        if p.errors or not _check_row(p, r, number, year, staff, source.column):
            continue
        if _repeated(p, r, h, seen, number, source.column):
            continue
        seen[(number, p.fields.year)] = (r.row, h.split("#", 1)[0], p)
        c = existing.get((number, p.fields.year))
        if c is None:
            _plan_new(p, r, number, staff, alike, source.column)
        else:
            _compare(p, c, source, r, staff)
    return plans


def _registered(s: Session, keys) -> tuple[dict[tuple[int, int], Case], dict[tuple, list[tuple[int, str]]]]:
    """The FIRs of the years the file names, by (number, year); and by (registration day, act, sections): a new
    number on the same day with the same sections may be the same FIR with a mistyped number (marked for
    review, never merged)."""
    years = {y for _n, y in keys if isinstance(y, int)}
    existing: dict[tuple[int, int], Case] = {}
    if years:
        for c in s.scalars(select(Case).where(Case.kind == "fir", Case.year.in_(sorted(years)))):
            existing[(c.number, c.year)] = c
    alike: dict[tuple, list[tuple[int, str]]] = {}
    for c in existing.values():
        alike.setdefault((c.registered_at.date(), c.act, c.sections), []).append(
            (c.number, case_label(c.kind, c.number, c.year, c.id)))
    return existing, alike


def _fail(p: CasePlan, r: SourceRow, col, key: str, message: str) -> None:
    p.errors.append(RowError(r.row, col(key), message))


def _check_row(p: CasePlan, r: SourceRow, number: int | None, year: int | None, staff: StaffMatcher, col) -> bool:
    """The row as a typed FIR (its IO matched, its dates and law checked by ``cases.check_case``); True when it
    has no error (``p.fields`` then holds the checked particulars)."""
    if number is None:
        _fail(p, r, col, "case_number", _("The FIR number is required."))
        return False
    p.label = case_label("fir", number, year, None)
    io_text = r.values.get("io")
    if io_text:
        found = staff.match(io_text)
        if found.person_id is None:
            _fail(p, r, col, "io", found.problem)
        p.io_person_id = found.person_id
    registered, offence = r.values.get("registered_on"), r.values.get("occurred_on")
    if not isinstance(registered, (dt.date, dt.datetime)):
        _fail(p, r, col, "registered_on", _("{field} is required.").format(field=_("Registration date")))
        return False
    if isinstance(offence, dt.date) and offence > (registered.date() if isinstance(registered, dt.datetime)
                                                   else registered):
        _fail(p, r, col, "occurred_on", _("The date of offence {offence} is after the registration date "
                                          "{registered}.").format(offence=as_typed(offence),
                                                                  registered=as_typed(registered)))
        return False
    try:
        p.fields = cases.check_case(
            "fir", registered_at=r.values.get("registered_on"), number=number, year=year,
            offence_date=r.values.get("occurred_on"), act=r.values.get("act") or "",
            sections=r.values.get("sections") or "", description=r.values.get("remarks") or "")
    except UserError as exc:
        _fail(p, r, col, _column_of(exc, r), exc.message)
        return False
    return not p.errors


def _repeated(p: CasePlan, r: SourceRow, h: str, seen: dict, number: int, col) -> bool:
    """True when a row above has the same FIR: a duplicate if it says the same; else both are errors (which of
    the two is right is not known: neither is taken)."""
    if (number, p.fields.year) not in seen:
        return False
    first_row, first_content, first = seen[(number, p.fields.year)]
    if first_content == h.split("#", 1)[0]:
        p.action, p.same_as = "duplicate", first_row
        return True
    _fail(p, r, col, "case_number", _("{case} is also on row {row} with other particulars: keep one of them.").format(
        case=p.label, row=first_row))
    if first.action in ("create", "update"):
        first.action = "error"
        first.notes.clear()  # "imported as a new FIR": it is not
        first.errors.append(RowError(first_row, col("case_number"), _(
            "{case} is also on row {row} with other particulars: keep one of them.").format(
            case=p.label, row=r.row)))
    return True


def _plan_new(p: CasePlan, r: SourceRow, number: int, staff: StaffMatcher, alike: dict, col) -> None:
    """A FIR not in the register: created (its IO must be active), with a note when another FIR of the same
    day, act and sections has a number one keystroke apart."""
    if p.io_person_id is not None and not staff.is_active(p.io_person_id):
        _fail(p, r, col, "io", _("{field}: {name} is marked inactive.").format(field=_("IO"), name=r.values.get("io")))
        return
    p.action = "create"
    same_day = (p.fields.registered_at.date(), p.fields.act, p.fields.sections)
    close = [other for n, other in alike.get(same_day, ()) if _one_edit_apart(n, number)]
    if close:
        p.notes.append(_("{case} may be the same FIR as {others} (same registration day, act and sections): "
                         "check the number. It is imported as a new FIR.").format(
            case=p.label, others=", ".join(close[:3])))
    alike.setdefault(same_day, []).append((number, p.label))


def _column_of(exc: UserError, r: SourceRow) -> str:
    """Which field a refusal of ``check_case`` is about (the act when the message names it: the law for the
    dates; else the date it names; else the sections)."""
    if exc.field in ("punishment_class", "punishment_reason"):
        return "sections"
    act = str(r.values.get("act") or "").strip()
    if act and act in exc.message:
        return "act"
    if _("Registration date") in exc.message:
        return "registered_on"
    if _("Date of offence") in exc.message:
        return "occurred_on"
    return "sections"


def _one_edit_apart(a: int, b: int) -> bool:
    """Two case numbers one keystroke apart (a digit changed, added, dropped, or two swapped)."""
    from rapidfuzz.distance import OSA

    return a != b and OSA.distance(str(a), str(b)) <= 1


def _compare(p: CasePlan, c: Case, source: ImportSource, r: SourceRow, staff: StaffMatcher) -> None:
    """The row against the FIR already in the register: unchanged, an update (a date of offence it lacks), or an
    error naming what differs."""
    f = p.fields
    p.case_id = c.id
    label = case_label(c.kind, c.number, c.year, c.id)
    if c.status == "void":
        p.errors.append(RowError(r.row, source.column("case_number"), _(
            "{case} was voided in the register; it is not registered again by import.").format(case=label)))
        p.action = "error"
        return
    differ = []
    if f.registered_at.date() != c.registered_at.date():
        differ.append(("registered_on", as_typed(c.registered_at.date()), as_typed(f.registered_at.date())))
    if f.offence_date is not None and c.offence_date is not None and f.offence_date != c.offence_date:
        differ.append(("occurred_on", as_typed(c.offence_date), as_typed(f.offence_date)))
    same_acts, same_sections = _same_law(c.act, c.sections, f.act, f.sections)
    if r.values.get("act") and f.act != c.act and not same_acts:
        differ.append(("act", c.act, f.act))
    if r.values.get("sections") and f.sections != c.sections and not same_sections:
        differ.append(("sections", c.sections, f.sections))
    if p.io_person_id is not None and c.io_person_id is not None and p.io_person_id != c.io_person_id:
        differ.append(("io", staff.name(c.io_person_id), staff.name(p.io_person_id)))
    for key, theirs, ours in differ:
        p.errors.append(RowError(r.row, source.column(key), _(
            "{case} is in the register with '{register}'; the file says '{file}'. Correct the case in the register "
            "(with the reason), not by import.").format(case=label, register=theirs, file=ours)))
    if differ:
        p.action = "error"
        return
    if p.io_person_id is not None and c.io_person_id is None:
        p.notes.append(_("{case} has no IO in the register; the file names {name}: record an IO change to assign "
                         "him.").format(case=label, name=r.values.get("io")))
    if f.offence_date is not None and c.offence_date is None:
        p.action, p.offence_date = "update", f.offence_date
    else:
        p.action = "unchanged"


def _same_law(act_a: str, sections_a: str, act_b: str, sections_b: str) -> tuple[bool, bool]:
    """(the same acts, the same sections of them) however written: "BNS" / "भारतीय न्याय संहिता" / "बी.एन.एस.",
    "303(2)" / "३०३(२)" (a Hindi register against FIRs typed in English), as the punishment table reads them."""
    a, b = cases.classify_punishment(act_a, sections_a), cases.classify_punishment(act_b, sections_b)
    if a.unknown or b.unknown:
        return False, False
    found_a, found_b = {(x.act, x.section) for x in a.found}, {(x.act, x.section) for x in b.found}
    acts_a, acts_b = {x for x, _s in found_a}, {x for x, _s in found_b}
    return bool(acts_a) and acts_a == acts_b, bool(found_a) and found_a == found_b


def apply_case(s: Session, p: CasePlan, actor: Actor, batch_note: str, engine=None) -> tuple[str, int, dict]:
    """Write one planned row: (entity, id, the values before an update). A date of offence filled in is a
    correction of the case, as ``case update`` makes it: the SHO's (``case.correct``)."""
    if p.action == "create":
        made = cases.add_case_in(s, p.fields, io_person_id=p.io_person_id, actor=actor, engine=engine)
        return "case", made.case.id, {}
    authorize(s, actor, "case.correct")
    c = s.get(Case, p.case_id)
    label = case_label(c.kind, c.number, c.year, c.id)
    cases.first_event_after_offence(s, c.id, p.offence_date, label)
    before = {"offence_date": None, "set": p.offence_date.isoformat()}
    c.act, c.sections = cases.check_law(c.act, c.sections, p.offence_date, c.registered_at.date())
    c.offence_date = p.offence_date
    audit.record(s, actor, "case.update", "case", c.id, before=before,
                 after={"offence_date": p.offence_date, "reason": batch_note})
    return "case", c.id, before
