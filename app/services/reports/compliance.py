"""The compliance report (अनुपालन आख्या) the station sends to the SP and the Nodal Officer CCTNS.

It states who holds each role, whether the allocation is followed (duties with no holder are
flagged, with what they owe), the pending statistics per role and form over the period, and the
actions taken: the inspections of the period, their instructions and whether they were complied
with.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import select

from app.i18n import _
from app.models.inspections import Inspection
from app.services.core import clock
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.core.validate import parse_date
from app.services import obligations
from app.services.reports.common import DocLang, DocumentResult, Particulars, particulars, write_period_report
from app.services.reports.letter import LetterInfo, letter_close, letter_info, letter_references, number_sections
from app.services.reports.letter import letter_head as frame_head


@dataclass
class ComplianceData:
    particulars: Particulars
    date_from: dt.date
    date_to: dt.date
    as_of: dt.datetime
    roles: list[obligations.RoleHolders]
    duties: list[obligations.DutyPendency]
    stats: list[obligations.FormStats]
    inspections: list = field(default_factory=list)  # inspections.InspectionInfo
    instructions: list = field(default_factory=list)  # inspections.InstructionInfo


def check_period(date_from, date_to) -> tuple[dt.date, dt.date]:
    start = parse_date(date_from, _("From date"))
    end = parse_date(date_to, _("To date"))
    if end < start:
        raise UserError(_("The 'to' date {to} is before the 'from' date {from_}.").format(
            to=end.isoformat(), from_=start.isoformat()))
    if start > clock.today():
        raise UserError(_("The period starts on {date}, in the future.").format(date=start.isoformat()))
    return start, end


def compliance_data(db: Database, date_from, date_to) -> ComplianceData:
    from app.services import inspections

    start, end = check_period(date_from, date_to)
    now = clock.now()
    as_of = min(now, obligations.as_of_moment(end))
    with db.session() as s:
        visits = s.scalars(select(Inspection).where(Inspection.visit_date >= start, Inspection.visit_date <= end)
                           .order_by(Inspection.visit_date, Inspection.id)).all()
        infos = [inspections.inspection_info(s, v) for v in visits]
        return ComplianceData(
            particulars=particulars(s), date_from=start, date_to=end, as_of=as_of,
            roles=obligations.role_holders(s, as_of.date()),
            duties=obligations.duty_pendency(s, None if as_of >= now else as_of),
            stats=obligations.role_form_stats(s, start, end),
            inspections=infos,
            instructions=inspections.instructions(s, inspection_ids=[v.id for v in visits]) if visits else [],
        )


def _pct(lang: DocLang, share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def compliance_story(data: ComplianceData, lang: DocLang, letter: LetterInfo) -> list:
    """The report as an office letter: the frame (``reports.letter``) around the numbered body sections."""
    from reportlab.lib.units import mm

    frame_w = (267 if lang.both else 180) * mm
    body = [*roles_held(data, lang, frame_w), *allocation_followed(data, lang, frame_w),
            *period_statistics(data, lang, frame_w), *actions_taken(data, lang, frame_w)]
    return [*letter_head(data, lang, letter, frame_w), *number_sections(body), *sho_signature(data, lang, letter, frame_w)]


def letter_head(data: ComplianceData, lang: DocLang, letter: LetterInfo, frame_w: float) -> list:
    """Letterhead, पत्रांक and दिनांक, सेवा में, द्वारा, विषय, सन्दर्भ, महोदय and the opening paragraph, which
    says the moment the figures describe."""
    _ = lang
    station = lang.pair(letter.office.get("station", "hi"), letter.office.get("station", "en"))
    subject = _("Compliance report on the allocation of CCTNS (CAS) work at police-station level, for the period "
                "{start} to {end}.").format(start=_.short_date(data.date_from), end=_.short_date(data.date_to))
    opening = _("In compliance with the letters referred to above, the compliance report of police station "
                "{station} for the period {start} to {end} is submitted below. Its figures describe the position "
                "at {moment}.").format(station=station, start=_.date(data.date_from), end=_.date(data.date_to),
                                        moment=_.datetime(data.as_of))
    return [*frame_head(lang, letter, subject=subject, frame_w=frame_w),
            *letter_references(lang, letter, opening=opening, frame_w=frame_w)]


def _duties_per_role(data: ComplianceData) -> dict[str, int]:
    count_by_role: dict[str, int] = {}
    for d in data.duties:
        count_by_role[d.role] = count_by_role.get(d.role, 0) + 1
    return count_by_role


def roles_held(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """1. Who holds each role (since when) and how many duties it has."""
    from reportlab.lib.units import mm

    from app.services.pdf import para, table

    _ = lang
    count_by_role = _duties_per_role(data)
    rows = [[_("Section"), _("Role"), _("Held by (since)"), _("Duties")]]
    for r in data.roles:
        held = "\n".join(_("{name}, {rank} (since {date})").format(name=h.name, rank=h.rank,
                                                                   date=_.short_date(h.since)) for h in r.holders)
        rows.append([f"({r.section})", lang.data(r.name_hi, r.name_en), held or _("NOBODY — duties not allocated"),
                     lang.number(count_by_role.get(r.role, 0))])
    return [para(_("1. Who holds each role"), "heading"),
            table(rows, [16 * mm, 58 * mm, frame_w - 16 * mm - 58 * mm - 18 * mm, 18 * mm],
                  align=["left", "left", "left", "right"])]


def allocation_followed(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """2. Is the allocation followed? Roles nobody holds, and entries pending with no person."""
    from reportlab.lib.units import mm

    from app.services.pdf import para, table

    _ = lang
    story: list = [para(_("2. Is the allocation followed?"), "heading")]
    vacant = [r for r in data.roles if not r.holders]
    orphans = [d for d in data.duties if d.unassigned]
    total = len(data.duties)
    if not vacant and not orphans:
        story.append(para(_("Yes. Every role has a holder and all {count} duties of the letter are allocated; no "
                            "pending entry is without a person.").format(count=lang.number(total)), "body"))
        return story
    if vacant:
        count_by_role = _duties_per_role(data)
        unheld = sum(count_by_role.get(r.role, 0) for r in vacant)
        story.append(para(_("No. {count} of the {total} duties have no holder, because nobody holds: "
                            "{roles}.").format(count=lang.number(unheld), total=lang.number(total),
                                               roles=", ".join(lang.data(r.name_hi, r.name_en)
                                                               for r in vacant)), "body"))
    if orphans:
        story.append(para(_("Entries pending with no person to owe them:"), "body"))
        rows = [[_("Code"), _("Duty"), _("Pending, no holder")]]
        for d in orphans:
            rows.append([d.code, lang.data(d.name_hi, d.name_en), lang.number(d.unassigned)])
        story.append(table(rows, [16 * mm, frame_w - 16 * mm - 30 * mm, 30 * mm], align=["left", "left", "right"]))
    return story


def period_statistics(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """3. Entries that fell due in the period, per role and form, with the totals."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    story: list = [CondPageBreak(40 * mm),
                   para(_("3. Entries that fell due in the period, per role and form"), "heading")]
    if not data.stats:
        story.append(para(_("No entry fell due in the period."), "body"))
        return story
    names = {r.role: lang.data(r.name_hi, r.name_en) for r in data.roles}
    rows = [[_("Role"), _("Form"), _("Due"), _("On time"), _("Late"), _("Pending"), _("Overdue"),
             _("Not applicable"), _("On time %")]]
    last_role = None
    for st in data.stats:
        rows.append([names.get(st.role, st.role) if st.role != last_role else "",
                     st.form or _("other work"), lang.number(st.due), lang.number(st.on_time),
                     lang.number(st.late), lang.number(st.pending), lang.number(st.overdue),
                     lang.number(st.not_applicable), _pct(lang, st.on_time_share)])
        last_role = st.role
    sums = [sum(getattr(st, k) for st in data.stats)
            for k in ("due", "on_time", "late", "pending", "overdue", "not_applicable")]
    done = sums[1] + sums[2] + sums[3]
    rows.append([_("Total"), "", *[lang.number(v) for v in sums], _pct(lang, sums[1] / done if done else None)])
    num_w = 16 * mm
    story.append(table(rows, [frame_w - 22 * mm - 7 * num_w, 22 * mm] + [num_w] * 7,
                       align=["left", "left"] + ["right"] * 7))
    return story


def actions_taken(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """4. The inspections of the period, and their instructions with their status now."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from app.services.pdf import para, table
    from app.services.reports.checklist import officer_rank, status_text

    _ = lang
    story: list = [CondPageBreak(40 * mm), para(_("4. Actions taken: inspections and their instructions"), "heading")]
    if not data.inspections:
        story.append(para(_("No inspection was recorded in the period."), "body"))
        return story
    rows = [[_("Date"), _("Inspecting officer"), _("Kind"), _("Findings"), _("Instructions"), _("Still open")]]
    for v in data.inspections:
        rows.append([_.short_date(v.visit_date), f"{v.officer_name}, {officer_rank(lang, v)}",
                     _("Surprise") if v.surprise else _("Announced"), lang.number(v.findings),
                     lang.number(v.instructions), lang.number(v.instructions_open)])
    story.append(table(rows, [22 * mm, frame_w - 22 * mm - 26 * mm - 3 * 22 * mm, 26 * mm, 22 * mm, 22 * mm, 22 * mm],
                       align=["left", "left", "left", "right", "right", "right"]))
    if data.instructions:
        story.append(Spacer(1, 3 * mm))
        rows = [[_("Visit"), _("Instruction"), _("Person"), _("Due"), _("Status now")]]
        for ins in data.instructions:
            visit = next((v for v in data.inspections if v.id == ins.inspection_id), None)
            rows.append([_.short_date(visit.visit_date) if visit else "", ins.text,
                         f"{ins.person}, {ins.rank}", _.short_date(ins.due_at.date()), status_text(lang, ins)])
        story.append(table(rows, [22 * mm, frame_w - 22 * mm - 40 * mm - 22 * mm - 40 * mm, 40 * mm, 22 * mm, 40 * mm]))
    return story


def sho_signature(data: ComplianceData, lang: DocLang, letter: LetterInfo, frame_w: float) -> list:
    """The closing: for information and action, संलग्नक, भवदीय with the SHO's name, rank and PNO, प्रतिलिपि."""
    _ = lang
    return letter_close(lang, letter, closing=_("Submitted for your information and necessary action."),
                        frame_w=frame_w)


def build_compliance(db: Database, out: str | os.PathLike[str] | BinaryIO, *, date_from, date_to,
                     lang: str = "hi", letter_no: str | None = None, enclosures=()) -> DocumentResult:
    """Write the compliance report. ``letter_no`` is the पत्रांक from the station's dispatch register
    (blank: a line to write it by hand); ``enclosures`` are listed under संलग्नक."""
    from app.services.reports.letter import check_enclosures, check_letter_no

    doc_lang = DocLang(lang)
    check_letter_no(letter_no)  # bad input is refused before anything is read
    check_enclosures(enclosures)
    data = compliance_data(db, date_from, date_to)
    with db.session() as s:
        letter = letter_info(s, letter_no=letter_no, enclosures=enclosures)
    _ = doc_lang
    title = _("Compliance report")
    return write_period_report(out, doc_lang, data.particulars, title, lambda: compliance_story(data, doc_lang, letter))
