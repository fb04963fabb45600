"""The inspection checklist: what the CO / ASP / SP checks at the station, on paper.

Layout: the station and the visit; a summary per role; one section per role in the letter's order
(a)–(e) listing each duty with its pending and overdue counts and its oldest pending entry, with
empty columns for the officer's tick and remarks; the overdue entries per person; the equipment
section supplied by ``app.services.handholding`` when that module exists; the previous visit's
instructions and their status now; this visit's findings and instructions; signature blocks.

Hindi, English, or both side by side (A4 landscape, duty names in two columns).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from app.i18n import N_
from app.services.core import clock
from app.services.storage import Database
from app.services import obligations
from app.services.reports.support_section import checklist_section
from app.services.reports.figures import figures_at
from app.services.reports.common import (
    DocLang,
    DocumentResult,
    Particulars,
    document_path,
    furniture,
    particulars,
)

DEFAULT_PER_PERSON = 15

STATUS_LABELS = {
    "pending": N_("Pending"),
    "overdue": N_("Overdue"),
    "entered": N_("Complied (entered {date})"),
    "verified": N_("Complied and verified (entered {date})"),
    "na": N_("Not applicable"),
    "missed": N_("Missed"),
}


@dataclass
class ChecklistData:
    """Everything the checklist prints, read in one unit of work."""

    particulars: Particulars
    as_of: dt.datetime
    duties: list[obligations.DutyPendency]
    roles: list[obligations.RoleHolders]
    overdue: list[obligations.PersonOverdue]
    inspection: object | None = None  # inspections.InspectionDetail
    previous_instructions: list = field(default_factory=list)
    previous_label: object | None = None  # inspections.InspectionInfo the instructions came from
    past: bool = False  # a past state: its entries are shown with whoever owed them then (``obligations.owners_at``)
    figures: object | None = None  # figures.Figures at ``as_of``: the numbers every document shares


def checklist_data(db: Database, *, as_of: dt.datetime | dt.date | None = None,
                   inspection_id: int | None = None,
                   per_person_limit: int | None = DEFAULT_PER_PERSON) -> ChecklistData:
    from app.services import inspections

    obligations.check_not_future(as_of)
    if as_of is not None and not obligations.is_past(as_of):
        as_of = None  # today is now, the live state, as in every other reader (``moments``)
    if as_of is not None:
        as_of = obligations.as_of_moment(as_of)  # a past date: the end of that day
    with db.session() as s:
        p = particulars(s)
        detail = None
        if inspection_id is not None:
            detail = inspections.inspection_detail(s, inspection_id)
            if as_of is None:
                as_of = detail.info.snapshot_at
        moment = as_of or clock.now()
        duties = obligations.duty_pendency(s, as_of)
        if detail is not None and detail.snapshot.get("duties") is not None:
            duties = _with_snapshot_counts(duties, detail.snapshot["duties"])
        data = ChecklistData(
            particulars=p,
            as_of=moment,
            duties=duties,
            roles=obligations.role_holders(s, moment.date()),
            overdue=obligations.overdue_by_person(s, as_of, per_person_limit=per_person_limit),
            inspection=detail,
            past=as_of is not None,
            figures=figures_at(s, as_of),
        )
        if detail is not None:
            data.previous_instructions = detail.previous_instructions
            data.previous_label = detail.previous
        else:
            from app.models.inspections import Inspection
            from sqlalchemy import select

            last = s.scalars(select(Inspection).where(Inspection.snapshot_at <= moment)
                             .order_by(Inspection.visit_date.desc(), Inspection.id.desc()).limit(1)).first()
            if last is not None:
                data.previous_label = inspections.inspection_info(s, last)
                data.previous_instructions = inspections.instructions(s, inspection_ids=[last.id])
        return data


def _with_snapshot_counts(duties, snap: dict) -> list[obligations.DutyPendency]:
    """The visit's frozen counts over the reconstructed rows (later changes do not alter them)."""
    out = []
    for d in duties:
        frozen = snap.get(d.code, {"pending": 0, "overdue": 0, "unassigned": 0})
        out.append(obligations.DutyPendency(d.duty_id, d.code, d.role, d.number, d.name_hi, d.name_en, d.form,
                                        int(frozen.get("pending", 0)), int(frozen.get("overdue", 0)),
                                        int(frozen.get("unassigned", 0)), d.oldest))
    return out


# --- the document -------------------------------------------------------------------------------


def handholding_section(db: Database, lang: str, as_of: dt.datetime) -> list:
    """Flowables of the "Equipment, CCTV and handholding staff" section (``support_section``)."""
    return list(checklist_section(db, lang, as_of) or [])


def statutory_clocks_section(db: Database, lang: DocLang, as_of: dt.datetime) -> list:
    """Flowables of the "Statutory clocks" section (``clocks_section``): accused in custody near default bail."""
    from reportlab.lib.units import mm

    from app.services.reports.clocks_section import clocks_section

    return clocks_section(db, lang.mode, as_of, (267 if lang.both else 180) * mm)


def _widths(both: bool):
    from reportlab.lib.units import mm

    if both:  # A4 landscape: 267 mm of frame
        return [13 * mm, 62 * mm, 55 * mm, 17 * mm, 17 * mm, 41 * mm, 14 * mm, 48 * mm]
    return [13 * mm, 58 * mm, 16 * mm, 16 * mm, 39 * mm, 12 * mm, 26 * mm]  # A4 portrait: 180 mm


def officer_rank(_: DocLang, info) -> str:
    """An inspecting officer's rank in the document's language (``InspectionInfo``); "other" as written."""
    from app.services.inspections import RANK_LABELS

    return info.officer_rank_other if info.officer_rank == "other" else _(RANK_LABELS[info.officer_rank])


def status_text(_: DocLang, ins) -> str:
    if ins.status == "pending":
        key = "overdue" if ins.overdue else "pending"
        return _(STATUS_LABELS[key])
    text = _(STATUS_LABELS.get(ins.status, ins.status))
    return text.format(date=_.short_date(ins.done_at.date()) if ins.done_at else "") if "{date}" in text else text


def checklist_story(data: ChecklistData, lang: DocLang, extra_sections: list | None = None,
                    clock_sections: list | None = None) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para

    _ = lang
    p = data.particulars
    frame_w = (267 if lang.both else 180) * mm
    story = [para(_("Inspection checklist: CCTNS / CAS work at the police station"), "title"),
             para(_("Police station {station}, district {district}").format(
                 station=p.station, district=p.district), "heading")]
    story += visit_section(data, lang, frame_w)
    story += role_summary(data, lang, frame_w)
    story += clock_sections or []  # accused in custody near default bail (``clocks_section``)
    story += duty_sections(data, lang)
    story += overdue_section(data, lang, frame_w)
    if extra_sections:  # equipment, CCTV and handholding staff (``support_section``)
        story.append(CondPageBreak(40 * mm))
        story.extend(extra_sections)
    story += previous_instructions(data, lang, frame_w)
    story += findings_section(data, lang, frame_w)
    story += signatures(data, lang, frame_w)
    return story


def visit_section(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """The visit: date, officer, kind, the moment of the pending state, the allocation letter."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import table

    _ = lang
    p = data.particulars
    detail = data.inspection
    if detail is not None:
        info = detail.info
        visit_rows = [
            [_("Date of the visit"), _.date(info.visit_date)],
            [_("Inspecting officer"), "{name}, {rank}".format(name=info.officer_name, rank=officer_rank(lang, info))],
            [_("Kind of visit"), _("Surprise inspection") if info.surprise else _("Announced inspection")],
        ]
    else:
        visit_rows = [
            [_("Date"), _.date(data.as_of.date())],
            [_("Inspecting officer (name, rank)"), ""],
            [_("Kind of visit"), _("Announced / surprise")],
        ]
    visit_rows.append([_("Pending state as of"), _.datetime(data.as_of)])
    if data.past:
        visit_rows.append([_("Owed by"), _("Each entry is named with whoever owed it then, as the role "
                                           "assignments and transfers recorded show.")])
    if p.circular_number:
        visit_rows.append([_("Allocation of duties"), _(
            "Letter no. {number} dated {date}, UP Police Technical Services HQ; reinforced by the DGP's "
            "letter of February 2019 (review during inspections)").format(
                number=p.circular_number, date=_.short_date(p.circular_date))])
    return [table(visit_rows, [55 * mm, frame_w - 55 * mm], header_rows=0, zebra=False), Spacer(1, 4 * mm)]


def role_summary(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """Per role: who holds it, and its entries pending, overdue and with no holder."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    totals: dict[str, list[int]] = {}
    for d in data.duties:
        t = totals.setdefault(d.role, [0, 0, 0])
        t[0] += d.pending
        t[1] += d.overdue
        t[2] += d.unassigned
    rows = [[_("Section"), _("Role"), _("Held by"), _("Pending"), _("Overdue"), _("No holder")]]
    for r in data.roles:
        held = ", ".join(f"{h.name} ({h.rank})" for h in r.holders) or _("NOBODY — duties not allocated")
        pend, over, orphan = totals.get(r.role, [0, 0, 0])
        rows.append([f"({r.section})", lang.data(r.name_hi, r.name_en), held, lang.number(pend),
                     lang.number(over), lang.number(orphan)])
    tot = [sum(v[i] for v in totals.values()) for i in range(3)]
    rows.append(["", _("Total"), "", lang.number(tot[0]), lang.number(tot[1]), lang.number(tot[2])])
    widths = [14 * mm, 55 * mm, frame_w - 14 * mm - 55 * mm - 3 * 20 * mm, 20 * mm, 20 * mm, 20 * mm]
    return [para(_("Summary by role"), "heading"),
            table(rows, widths, align=["left", "left", "left", "right", "right", "right"]),
            Spacer(1, 3 * mm),
            para(_("For each duty: the entries pending and overdue, and the oldest pending entry (due date, case, "
                   "person). The inspecting officer ticks the duties checked and writes remarks."), "small")]


def duty_sections(data: ChecklistData, lang: DocLang) -> list:
    """One section per role, in the letter's order: each duty with its counts, its oldest pending entry,
    and empty columns for the officer's tick and remarks."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    both = lang.both
    col_w = _widths(both)
    if both:
        head = [_("Code"), "कार्य (पत्र के अनुसार)", "Duty", _("Pending"), _("Overdue"),
                _("Oldest pending"), _("Tick"), _("Remarks")]
        align = ["left", "left", "left", "right", "right", "left", "left", "left"]
    else:
        head = [_("Code"), _("Duty"), _("Pending"), _("Overdue"), _("Oldest pending"), _("Tick"), _("Remarks")]
        align = ["left", "left", "right", "right", "left", "left", "left"]
    by_role: dict[str, list[obligations.DutyPendency]] = {}
    for d in data.duties:
        by_role.setdefault(d.role, []).append(d)
    story: list = []
    for r in data.roles:
        duties = by_role.get(r.role, [])
        if not duties:
            continue
        story.append(CondPageBreak(40 * mm))
        story.append(para("({section}) {role}".format(section=r.section, role=lang.data(r.name_hi, r.name_en)),
                          "heading"))
        holders = ", ".join(f"{h.name} ({h.rank})" for h in r.holders)
        story.append(para(_("Held by: {names}").format(names=holders) if holders
                          else _("Nobody holds this role: its duties are not allocated."), "body"))
        rows = [head]
        for d in duties:
            counts = [lang.number(d.pending) if d.pending else "–", lang.number(d.overdue) if d.overdue else "–"]
            if both:
                rows.append([d.code, d.name_hi, d.name_en, *counts, _oldest(lang, d), "", ""])
            else:
                rows.append([d.code, lang.data(d.name_hi, d.name_en), *counts, _oldest(lang, d), "", ""])
        story.append(table(rows, col_w, align=align))
    return story


def _oldest(lang: DocLang, d: obligations.DutyPendency) -> str:
    """The duty's oldest pending entry: due date, case and person, one per line."""
    _ = lang
    if d.oldest is None:
        return ""
    bits = [_.short_date(d.oldest.due_at.date()), _.case(d.oldest.case_label), d.oldest.person or _("no holder")]
    return "\n".join(b for b in bits if b)


def overdue_section(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """The overdue entries per person (a role nobody holds counts as one)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether

    from app.services.pdf import para

    _ = lang
    story: list = [CondPageBreak(50 * mm), para(_("Overdue entries per person"), "heading")]
    if not data.overdue:
        story.append(para(_("No entry is overdue."), "body"))
    for person in data.overdue:
        block = _person_overdue(lang, person, frame_w)
        if len(person.items) <= 12:
            story.append(KeepTogether(block))
        else:  # a long list flows over pages; its header row repeats
            story.append(CondPageBreak(30 * mm))
            story.extend(block)
    return story


def _person_overdue(lang: DocLang, person: obligations.PersonOverdue, frame_w: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    code_w, case_w, due_w, days_w = 14 * mm, 26 * mm, 22 * mm, 18 * mm
    duty_w = frame_w - code_w - case_w - due_w - days_w
    name = (f"{person.name}, {person.rank}" if person.person_id is not None
            else _("Owed by a role nobody holds"))
    block = [para(_("{name}: {count} overdue").format(name=name, count=lang.number(person.overdue)), "cell_bold")]
    rows = [[_("Code"), _("Duty"), _("Case"), _("Due"), _("Days overdue")]]
    for it in person.items:
        duty = f"{it.duty_name_hi}\n{it.duty_name_en}" if lang.both else lang.data(it.duty_name_hi, it.duty_name_en)
        rows.append([it.duty_code, duty, _.case(it.case_label), _.short_date(it.due_at.date()),
                     lang.number(it.days_overdue)])
    if person.items:
        block.append(table(rows, [code_w, duty_w, case_w, due_w, days_w],
                           align=["left", "left", "left", "left", "right"]))
    missing = person.overdue - len(person.items)
    if missing > 0:
        block.append(para(_("… and {count} more overdue entries (see the person's pending slip).").format(
            count=lang.number(missing)), "small"))
    block.append(Spacer(1, 3 * mm))
    return block


def previous_instructions(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """The previous visit's instructions and their status now."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para

    _ = lang
    prev = data.previous_label
    if prev is None:
        return []
    return [CondPageBreak(40 * mm),
            para(_("Instructions of the previous visit ({date}, {officer}) and their status").format(
                date=_.short_date(prev.visit_date), officer=prev.officer(lang.primary)), "heading"),
            _instruction_table(lang, data.previous_instructions, frame_w, with_status=True)]


def findings_section(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """This visit's findings and the instructions given."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    detail = data.inspection
    if detail is None or not (detail.findings or detail.instructions):
        return []
    story: list = [CondPageBreak(40 * mm), para(_("Findings of this visit"), "heading")]
    rows = [[_("Role / duty"), _("Finding"), _("Satisfactory")]]
    role_names = {r.role: lang.data(r.name_hi, r.name_en) for r in data.roles}
    for f in detail.findings:
        what = f.duty_code + " " + lang.data(f.duty_name_hi or "", f.duty_name_en or "") if f.duty_code \
            else role_names.get(f.role, f.role)
        rows.append([what, f.text, _("Yes") if f.satisfactory else _("No")])
    if detail.findings:
        story.append(table(rows, [60 * mm, frame_w - 60 * mm - 24 * mm, 24 * mm]))
    if detail.instructions:
        story.append(para(_("Instructions given"), "heading"))
        story.append(_instruction_table(lang, detail.instructions, frame_w, with_status=False))
    return story


def signatures(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """The station in-charge's and the inspecting officer's signature blocks."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para

    _ = lang
    officer = "" if data.inspection is None else data.inspection.info.officer(lang.primary)
    left = [para(_("Signature of the station in-charge (SHO)"), "cell_bold"), Spacer(1, 16 * mm),
            para("________________________", "cell"), para(_("Name:"), "cell"), para(_("Date:"), "cell")]
    right = [para(_("Signature of the inspecting officer"), "cell_bold"), Spacer(1, 16 * mm),
             para("________________________", "cell"),
             para(_("Name and rank: {officer}").format(officer=officer) if officer else _("Name and rank:"), "cell"),
             para(_("Date:"), "cell")]
    return [Spacer(1, 6 * mm), KeepTogether([signature_blocks([left, right], frame_w)])]


def signature_blocks(columns: list[list], frame_w: float):
    """Side-by-side signature blocks (no grid; the document font, so no base-14 font is pulled in)."""
    from reportlab.platypus import Table, TableStyle

    from app.services.pdf import FONT

    width = frame_w / len(columns)
    return Table([columns], colWidths=[width] * len(columns),
                 style=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]), hAlign="LEFT")


def _instruction_table(lang: DocLang, items, frame_w: float, *, with_status: bool):
    from reportlab.lib.units import mm

    from app.services.pdf import para, table

    _ = lang
    if not items:
        return para(_("No instructions were recorded."), "body")
    head = [_("Instruction"), _("Person"), _("Duty"), _("Due")]
    widths = [None, 38 * mm, 16 * mm, 22 * mm]
    if with_status:
        head.append(_("Status now"))
        widths.append(42 * mm)
    widths[0] = frame_w - sum(w for w in widths[1:])
    rows = [head]
    for ins in items:
        row = [ins.text, f"{ins.person}, {ins.rank}", ins.duty_code, _.short_date(ins.due_at.date())]
        if with_status:
            row.append(status_text(lang, ins))
        rows.append(row)
    return table(rows, widths)


def build_checklist(db: Database, out: str | os.PathLike[str] | BinaryIO, *, lang: str = "hi",
                    as_of: dt.datetime | dt.date | None = None, inspection_id: int | None = None,
                    per_person_limit: int | None = DEFAULT_PER_PERSON,
                    data: ChecklistData | None = None) -> DocumentResult:
    """Write the checklist PDF to ``out`` (a path, written atomically, or a binary file); ``data`` (the
    ``checklist_data`` of the same arguments) when the caller has read it already."""
    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    doc_lang = DocLang(lang)
    data = data or checklist_data(db, as_of=as_of, inspection_id=inspection_id, per_person_limit=per_person_limit)
    extra = handholding_section(db, doc_lang.mode, data.as_of)
    clocks = statutory_clocks_section(db, doc_lang, data.as_of)
    return render_checklist(data, doc_lang, out, extra_sections=extra, clock_sections=clocks,
                            pagesize=PAGE_A4_LANDSCAPE if doc_lang.both else PAGE_A4, build=build_pdf)


def render_checklist(data: ChecklistData, lang: DocLang, out, *, extra_sections=None, pagesize=None,
                     build=None, clock_sections=None) -> DocumentResult:
    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    _ = lang
    build = build or build_pdf
    if pagesize is None:
        pagesize = PAGE_A4_LANDSCAPE if lang.both else PAGE_A4
    title = _("Inspection checklist")
    f = furniture(lang, data.particulars, title)
    story = checklist_story(data, lang, extra_sections, clock_sections)
    pages = build(out, story, title=title, page_label=f.page_label, header_left=f.header_left,
                  header_right=f.header_right, footer_left=f.footer_left, footer_note=f.footer_note,
                  pagesize=pagesize, subject=_("CCTNS / CAS allocation checklist"), lang=lang.pdf_lang,
                  audit_head=f.audit_head)
    return DocumentResult(document_path(out), pages, title)


