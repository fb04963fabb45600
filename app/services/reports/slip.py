"""The roll-call slip: half an A4 sheet per person, two to a sheet with a cut line.

One slip per person, each numbered on its own ("1/2") with the person's name on every half:
- who (name, rank, PNO), the roles held, the moment the figures describe, and his missed periods;
- the 10 oldest overdue entries in full (topped up with the next due when fewer are overdue), each with a
  column to write the CAS reference and the date it was entered: what to do first comes first;
- how many entries are pending and overdue, per duty;
- the inspection instructions the person owes: their text, who gave them, when, by when;
- any extra sections (``EXTRA_SECTIONS``: today's plan ...);
- issued by and received by, with signature and date.

The slip lists at most ``FIRST_ENTRIES`` entries: everything else is in the per-duty counts, so the busiest
person's slip stays one half sheet or two.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.sax.saxutils import escape

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.inspections import Inspection, InspectionInstruction
from app.models.obligations import Obligation
from app.models.staff import Person
from app.services import obligations
from app.services.access import roles_on
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.sql_text import binary
from app.services.inspections import rank_text
from app.services.reports.figures import check_records_cover, persons_at
from app.services.reports.plan_section import collect_plan, render_plan
from app.services.reports.common import (
    DocLang,
    DocumentResult,
    Particulars,
    document_path,
    furniture,
    particulars,
)
from app.services.staff import get_person
from app.services.storage import Database

FIRST_ENTRIES = 10  # entries listed in full on a slip
INSTRUCTION_IN_TABLE = 500  # characters of an instruction in its table row (about eight lines)
WRITE_HEIGHT = 14.0  # points: the least height of a row with a reference to write in (6.7 mm with padding)


@dataclass(frozen=True)
class DutyCount:
    code: str
    name_hi: str
    name_en: str
    pending: int
    overdue: int


@dataclass(frozen=True)
class SlipEntry:
    obligation_id: int
    duty_code: str
    duty_name_hi: str
    duty_name_en: str
    case_label: str
    due_at: dt.datetime
    overdue: bool
    instruction: str | None = None  # the text, when the entry is an inspection instruction


@dataclass(frozen=True)
class SlipInstruction:
    obligation_id: int
    duty_code: str
    text: str
    officer_name: str
    officer_rank: str  # inspections.RANK_LABELS key
    officer_rank_other: str
    visit_date: dt.date
    due_at: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class SlipSection:
    """An extra section of the slip, printed after the instructions and before the acknowledgement.

    ``collect(session, person_id, moment)`` reads what the section needs in the slip's own session (None:
    nothing to print for this person); ``render(value, lang, width)`` turns it into flowables in the
    document's language, ``width`` points wide."""

    key: str
    collect: Callable[[Session, int, dt.datetime], object | None]
    render: Callable[[object, DocLang, float], list]


# The place for extra sections (today's plan, ...): add a SlipSection here.
EXTRA_SECTIONS: tuple[SlipSection, ...] = ()
# Today's plan, on request (``slip --plan``, the window's plan dialog): a slip of two half sheets may need a third
PLAN_SECTION = SlipSection("today_plan", collect_plan, render_plan)


@dataclass(frozen=True)
class SlipData:
    person_id: int
    name: str
    rank: str
    pno: str | None
    roles: tuple[tuple[str, str], ...]  # (name_hi, name_en)
    pending: int
    overdue: int
    duties: list[DutyCount]
    first: list[SlipEntry]
    instructions: list[SlipInstruction]
    extra: list[tuple[SlipSection, object]] = field(default_factory=list)
    missed: int = 0  # recurring periods gone by without their entry (figures.persons_at)

    def as_dict(self) -> dict:
        return {
            "person_id": self.person_id, "name": self.name, "rank": self.rank, "pno": self.pno,
            "roles": [en for _hi, en in self.roles], "pending": self.pending, "overdue": self.overdue,
            "missed": self.missed,
            "duties": [{"code": d.code, "pending": d.pending, "overdue": d.overdue} for d in self.duties],
            "first": [{"obligation_id": e.obligation_id, "duty": e.duty_code, "case": str(e.case_label),
                       "due_at": e.due_at.isoformat(), "overdue": e.overdue} for e in self.first],
            "instructions": [{"obligation_id": i.obligation_id, "text": i.text, "officer": i.officer_name,
                              "visit_date": i.visit_date.isoformat(), "due_at": i.due_at.isoformat(),
                              "overdue": i.overdue} for i in self.instructions],
        }


def _duty_counts(items: list[obligations.PersonPending]) -> list[DutyCount]:
    counts: dict[str, list] = {}
    for it in items:
        row = counts.setdefault(it.duty_code, [it.duty_name_hi, it.duty_name_en, 0, 0])
        row[2] += 1
        row[3] += 1 if it.overdue else 0
    return [DutyCount(code, hi, en, n, over) for code, (hi, en, n, over) in counts.items()]


def _instructions(session: Session, person_id: int, as_of: dt.datetime | None, moment: dt.datetime,
                  owed: set[int] | None = None, *, roles=(), unowned: set[int] | None = None
                  ) -> list[SlipInstruction]:
    """The inspection instructions whose entry this person owes at the moment (given to him, or to his role
    and handed over with it), oldest visit first. ``owed``: the entries he owed at a past moment. An
    instruction whose entry nobody owes (its role was vacant when it was given) is on the slip of each
    holder of that role (``roles``, held at the moment; ``unowned``: the entries nobody owed then)."""
    mine = Obligation.person_id == person_id if owed is None else Obligation.id.in_(sorted(owed))
    if roles:
        nobody = Obligation.person_id.is_(None) if unowned is None else Obligation.id.in_(sorted(unowned))
        mine = or_(mine, and_(nobody, Obligation.role_code.in_(sorted(roles))))
    rows = session.execute(
        select(InspectionInstruction.obligation_id, InspectionInstruction.text, Inspection.officer_name,
               Inspection.officer_rank, Inspection.officer_rank_other, Inspection.visit_date, Obligation.due_at,
               InspectionInstruction.duty_id)
        .join(Inspection, Inspection.id == InspectionInstruction.inspection_id)
        .join(Obligation, Obligation.id == InspectionInstruction.obligation_id)
        .where(and_(obligations.open_at(as_of), mine))
        .order_by(Inspection.visit_date, InspectionInstruction.id))
    from app.models.catalogue import Duty

    codes = dict(session.execute(select(Duty.id, Duty.code)).all())
    return [SlipInstruction(oid, codes.get(duty_id, ""), text, officer, rank, other, visit, due, due < moment)
            for oid, text, officer, rank, other, visit, due, duty_id in rows]


def _owed_then(session: Session, moment: dt.datetime) -> dict[int | None, set[int]]:
    """person id -> the ids of the entries open at the past ``moment`` that he owed then."""
    o = Obligation
    rows = session.execute(select(o.id, o.role_code, o.person_id, o.case_id)
                           .where(obligations.open_at(moment))).all()
    owed: dict[int | None, set[int]] = {}
    for oid, pid in obligations.owners_at(session, moment, rows).items():
        owed.setdefault(pid, set()).add(oid)
    return owed


def slip_data(db: Database, person_ids: list[int], *, as_of: dt.datetime | None = None,
              sections: tuple[SlipSection, ...] | None = None
              ) -> tuple[Particulars, dt.datetime, list[SlipData]]:
    """What each person's slip shows, at ``as_of`` (a date: the end of that day; None: now). At a past moment
    each entry is on the slip of whoever owed it then (``obligations.owners_at``), as ``pending --as-of``."""
    from app.models.catalogue import Role

    obligations.check_not_future(as_of)
    moment = obligations.as_of_moment(as_of)
    past = obligations.is_past(as_of)
    as_of = moment if past else None
    sections = EXTRA_SECTIONS if sections is None else sections
    with db.session() as s:
        check_records_cover(s, as_of)  # a day before the station's records begin: nothing to print for it
        p = particulars(s)
        held = roles_on(s, moment.date())
        role_names = {r.code: (r.name_hi, r.name_en) for r in s.query(Role).order_by(Role.sort)}
        missed = {f.person_id: f.missed for f in persons_at(s, as_of)}
        owed = _owed_then(s, moment) if past else None
        out = []
        for pid in person_ids:
            person = get_person(s, pid)
            mine = None if owed is None else owed.get(pid, set())
            total, items = obligations.pending_for_person(s, pid, as_of, owed=mine)
            instructions = _instructions(s, pid, as_of, moment, mine, roles=held.get(pid, ()),
                                         unowned=None if owed is None else owed.get(None, set()))
            texts = {i.obligation_id: i.text for i in instructions}
            first = [SlipEntry(it.obligation_id, it.duty_code, it.duty_name_hi, it.duty_name_en, it.case_label,
                               it.due_at, it.overdue, texts.get(it.obligation_id))
                     for it in items[:FIRST_ENTRIES]]
            if not person.active and not total and not missed.get(pid) and not instructions:
                # a slip is handed at roll call: one saying "nothing pending, thank you" to a person who has
                # left the station would be a receipt for nothing
                raise UserError(_("{name} (id {id}) is no longer on the station's active staff and owes no entry: "
                                  "there is no slip to print.").format(name=person.name, id=pid))
            roles = tuple(role_names[r] for r in held.get(pid, []) if r in role_names)
            extra = [(sec, value) for sec in sections
                     if (value := sec.collect(s, pid, moment)) is not None]
            out.append(SlipData(pid, person.name, person.rank, person.pno, roles, total,
                                sum(1 for i in items if i.overdue), _duty_counts(items), first, instructions,
                                extra, missed.get(pid, 0)))
        return p, moment, out


# --- the document ----------------------------------------------------------------------------------


def _duty_name(lang: DocLang, hi: str, en: str) -> str:
    """A duty's name in the slip's main language (Hindi in a two-language slip, as case labels are: the
    code carries the meaning, and the slip stays one or two half sheets)."""
    return en if lang.primary == "en" else hi


def _side_by_side_class():
    from reportlab.platypus import Table

    class SideBySide(Table):
        """Two tables side by side; where the pair does not fit the space left, one table that splits."""

        stacked: list = []

        def split(self, avail_width, avail_height):
            whole = self.stacked[0]
            whole.wrap(avail_width, avail_height)
            return whole.split(avail_width, avail_height)

    return SideBySide


def _SideBySide(*args, **kwargs):  # noqa: N802 (a class made when ReportLab is imported)
    return _side_by_side_class()(*args, **kwargs)


def _counts_table(slip: SlipData, lang: DocLang, width: float):
    """Pending and overdue per duty, in two tables side by side when there are more than four duties."""
    from reportlab.lib.units import mm

    from app.services.pdf import table

    _ = lang
    head = [_("Code"), _("Duty"), _("Pending"), _("Overdue")]
    rows = [[d.code, _duty_name(lang, d.name_hi, d.name_en), lang.number(d.pending), lang.number(d.overdue)]
            for d in slip.duties]
    align = ["left", "left", "right", "right"]
    if len(rows) <= 4:
        return table([head] + rows, [12 * mm, width - 12 * mm - 40 * mm, 20 * mm, 20 * mm], align=align)
    gap = 4 * mm
    w = (width - gap) / 2
    num_w = 16 * mm
    widths = [12 * mm, w - 12 * mm - 2 * num_w, num_w, num_w]
    half = (len(rows) + 1) // 2
    left = table([head] + rows[:half], widths, align=align)
    right = table([head] + rows[half:], widths, align=align)
    outer = _SideBySide([[left, "", right]], colWidths=[w, gap, w], hAlign="LEFT")
    outer.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    outer.stacked = [table([head] + rows, [12 * mm, width - 12 * mm - 2 * num_w, num_w, num_w], align=align)]
    return outer


def _entries_table(slip: SlipData, moment: dt.datetime, lang: DocLang, width: float):
    """The first entries, each row tall enough to write a CAS reference in (the empty cell's spacer)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    n_w, case_w, due_w, days_w, cas_w, date_w = 6 * mm, 29 * mm, 18 * mm, 13 * mm, 30 * mm, 16 * mm
    if lang.both:
        case_w, due_w, days_w = 36 * mm, 20 * mm, 17 * mm
    elif lang.primary == "en":
        case_w = 46 * mm  # "Case Crime No. 125/2021 u/s 305, 331(4) BNS" on two lines
    duty_w = width - n_w - case_w - due_w - days_w - cas_w - date_w  # 78 mm (61 in English, 66 in both)
    rows = [["#", _("Entry owed"), _("Case"), _("Due by"), _("Days late"), _("CAS reference"), _("Entered on")]]
    # Plain texts, not markup: the table sizes its columns from the texts' lines (a case with its sections
    # takes room from the duty column only where the duty's own lines leave it).
    for n, it in enumerate(slip.first, start=1):
        duty = f"{it.duty_code} · " + _duty_name(lang, it.duty_name_hi, it.duty_name_en)
        if it.instruction:
            duty += "\n“" + it.instruction[:160] + ("…" if len(it.instruction) > 160 else "") + "”"
        days = (moment.date() - it.due_at.date()).days
        rows.append([lang.number(n), duty, DocLang.half(lang.case(it.case_label), lang.primary),
                     _.short_date(it.due_at.date()), lang.number(max(days, 0)) if it.overdue else "–",
                     Spacer(1, WRITE_HEIGHT), ""])
    return table(rows, [n_w, duty_w, case_w, due_w, days_w, cas_w, date_w], zebra=False,
                 align=["left", "left", "left", "left", "right", "left", "left"])


def _instruction_flowables(slip: SlipData, lang: DocLang, width: float) -> list:
    """The instructions in a table; a text too long for a table row (a row cannot run over two halves) is
    begun in the table and printed in full under it."""
    from reportlab.lib.units import mm

    from app.services.pdf import para, table

    _ = lang
    by_w, due_w, code_w = 52 * mm, 20 * mm, 12 * mm
    text_w = width - by_w - due_w - code_w
    rows = [[_("Code"), _("Instruction"), _("Given by"), _("Due by")]]
    in_full = []
    for n, i in enumerate(slip.instructions, start=1):
        rank = lang.data(rank_text(i.officer_rank, i.officer_rank_other, "hi"),
                         rank_text(i.officer_rank, i.officer_rank_other, "en"))
        given = _("{officer}, {rank}, inspection of {date}").format(
            officer=i.officer_name, rank=rank, date=_.short_date(i.visit_date))
        due = _.short_date(i.due_at.date())
        if i.overdue:
            due = para(f"<b>{escape(due)}<br/>{escape(_('Overdue'))}</b>", "cell", markup=True)
        text = i.text
        if len(text) > INSTRUCTION_IN_TABLE:
            text = text[:INSTRUCTION_IN_TABLE].rstrip() + " … " + _("(in full below)")
            in_full.append(para(f"<b>{escape(i.duty_code)}</b> ({escape(given)}): {escape(i.text)}", "cell",
                                markup=True))
        rows.append([i.duty_code, text, given, due])
    return [table(rows, [code_w, text_w, by_w, due_w])] + in_full


def _acknowledgement(slip: SlipData, lang: DocLang, width: float):
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Table

    from app.services.pdf import para

    _ = lang
    issued = para(_("Issued by (name, rank, signature):") + "\n" + "_" * 34 + "  " + _("Date: {date}").format(
        date="_" * 10), "small")
    received = para(_("Received by {name} (signature):").format(name=slip.name) + "\n" + "_" * 34 + "  "
                    + _("Date: {date}").format(date="_" * 10), "small")
    t = Table([[issued, received]], colWidths=[width / 2, width / 2], hAlign="LEFT")
    t.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return KeepTogether([t])


def _with_heading(heading, spacer, tbl, body_rows: int = 2) -> list:
    """``heading`` over ``tbl``, never alone at the foot of a half: when the heading, the table's head and
    its first ``body_rows`` rows (a table does not split before them) do not fit the room left, all go on
    to the next half."""
    from reportlab.platypus import CondPageBreak

    class RoomFor(CondPageBreak):
        def wrap(self, avail_width, avail_height):
            _w, h = heading.wrap(avail_width, avail_height)
            measured = (getattr(tbl, "stacked", None) or [tbl])[0]  # side by side: what it splits into
            measured.wrap(avail_width, 10 ** 6)
            rows = getattr(measured, "_rowHeights", None) or []
            first = getattr(measured, "repeatRows", 0) + body_rows
            self.height = h + spacer.height + sum(rows[:first]) + 2
            return super().wrap(avail_width, avail_height)

    return [RoomFor(0), heading, spacer, tbl]


def slip_story(moment: dt.datetime, slip: SlipData, lang: DocLang, width: float) -> list:
    """The flowables of one person's slip."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para

    _ = lang
    story: list = []
    roles = lang.join(lang.data(hi, en) for hi, en in slip.roles) if slip.roles else _("no role held")
    story.append(para(_("Roles: {roles}. Pending entries at {moment}: {pending}, of them overdue: {overdue}.")
                      .format(roles=roles, moment=lang.datetime(moment), pending=lang.number(slip.pending),
                              overdue=lang.number(slip.overdue)), "body"))
    if slip.missed:
        story.append(para(_("Recurring entries missed (their period went by without the entry in CAS): {missed}.")
                          .format(missed=lang.number(slip.missed)), "body"))
    if not slip.pending:
        story.append(para(_("Nothing is pending. Thank you."), "body"))
    else:
        overdue_first = min(slip.overdue, FIRST_ENTRIES)
        if overdue_first == len(slip.first):
            heading = _("The oldest overdue entries ({n}): make them in CAS first").format(
                n=lang.number(len(slip.first)))
        else:
            heading = _("Entries to make in CAS first: {overdue} overdue, then the next due").format(
                overdue=lang.number(overdue_first))
        story += _with_heading(para(heading, "cell_bold"), Spacer(1, 1 * mm),
                               _entries_table(slip, moment, lang, width))
        story.append(Spacer(1, 2 * mm))
        story += _with_heading(para(_("Pending entries per duty"), "cell_bold"), Spacer(1, 1 * mm),
                               _counts_table(slip, lang, width))
    if slip.instructions:
        story.append(Spacer(1, 2 * mm))
        table, *in_full = _instruction_flowables(slip, lang, width)
        story += _with_heading(para(_("Inspection instructions to comply with"), "cell_bold"), Spacer(1, 1 * mm),
                               table, body_rows=1)
        story += in_full
    for section, value in slip.extra:
        story.append(Spacer(1, 2 * mm))
        story.extend(section.render(value, lang, width))
    story.append(_acknowledgement(slip, lang, width))
    return story


def _who(slip: SlipData, lang: DocLang) -> str:
    """The person as the header names him: rank as offices abbreviate it, name, PNO."""
    return str(lang.person(slip.name, slip.rank, slip.pno))


def people_owing(db: Database, as_of: dt.datetime | dt.date | None = None) -> list[int]:
    """Active people who owe at least one pending entry, by name; at a past ``as_of``, the people (active then)
    who owed one at the end of that day, as ``figures.persons_at`` counts them."""
    if obligations.is_past(as_of):
        with db.session() as s:
            check_records_cover(s, as_of)
            return [f.person_id for f in sorted(persons_at(s, as_of), key=lambda f: (f.name, f.person_id))
                    if f.pending and f.person_id is not None]
    with db.session() as s:
        owing = list(s.scalars(
            select(Person.id).where(Person.active.is_(True), Person.id.in_(
                select(Obligation.person_id).where(Obligation.status == "pending")))
            .order_by(binary(Person.name), Person.id)))
        # a holder of a role whose instruction nobody owes gets a slip for it (``_instructions``)
        roles = set(s.scalars(select(Obligation.role_code).join(
            InspectionInstruction, InspectionInstruction.obligation_id == Obligation.id)
            .where(Obligation.status == "pending", Obligation.person_id.is_(None))))
        if not roles:
            return owing
        holders = {pid for pid, held in roles_on(s, clock.now().date()).items() if roles.intersection(held)}
        if holders <= set(owing):
            return owing
        return list(s.scalars(select(Person.id).where(Person.active.is_(True), Person.id.in_(
            sorted(holders.union(owing)))).order_by(binary(Person.name), Person.id)))


def _no_people() -> str:
    from app.i18n import _

    return _("Choose at least one person to print a slip for.")


@dataclass(frozen=True)
class SlipResult(DocumentResult):
    halves: tuple[tuple[int, int], ...] = ()  # (person id, halves of his slip), in print order
    slips: tuple[SlipData, ...] = ()
    moment: dt.datetime | None = None


def build_slips(db: Database, out: str | os.PathLike[str] | BinaryIO, person_ids: list[int], *,
                lang: str = "hi", as_of: dt.datetime | None = None,
                sections: tuple[SlipSection, ...] | None = None, data=None) -> SlipResult:
    """Roll-call slips for ``person_ids``, in that order: each on its own half sheets, two halves to an A4
    sheet. ``pages`` of the result counts A4 sheets; ``halves`` each person's half sheets. ``data`` is the
    ``slip_data`` of the same people when the caller has read it already."""
    from reportlab.lib.units import mm

    from app.services.pdf import HalfPart, build_halves

    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise UserError(_no_people())
    doc_lang = DocLang(lang)
    _ = doc_lang
    p, moment, slips = data or slip_data(db, ids, as_of=as_of, sections=sections)
    title = _("Roll-call slip")
    f = furniture(doc_lang, p, title)
    footer_left = _("Figures at {moment}").format(moment=doc_lang.datetime(moment))
    page_label = _("Page {page}/{pages}")
    width = 190 * mm  # A4 width less 10 mm each side
    parts = [HalfPart(slip_story(moment, slip, doc_lang, width), f"{f.header_left} · {title}",
                      _who(slip, doc_lang), page_label, footer_left, f.footer_note) for slip in slips]
    halves = build_halves(out, parts, title=title, lang=doc_lang.pdf_lang,
                          audit_head=(p.audit_count, p.audit_hash))
    return SlipResult(document_path(out), (sum(halves) + 1) // 2, title,
                      tuple(zip(ids, halves)), tuple(slips), moment)
