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

from app.i18n import N_, _
from app.models.inspections import Inspection
from app.services.core import clock
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.core.formatting import station_bare
from app.services.core.validate import parse_date
from app.services import obligations
from app.services.reports.common import DocLang, DocumentResult, Particulars, particulars, write_period_report
from app.services.reports.letter import LetterInfo, letter_close, letter_info, letter_references, number_sections
from app.services.reports.letter import section_heading
from app.services.reports.letter import letter_head as frame_head
from app.services.reports.figures import PeriodFigures, period_figures


@dataclass
class ComplianceData:
    particulars: Particulars
    date_from: dt.date
    date_to: dt.date
    as_of: dt.datetime  # the moment the stock figures describe: the end of the period (now, if it ends today)
    roles: list[obligations.RoleHolders]  # the holders at ``as_of``
    duties: list[obligations.DutyPendency]  # each duty's pending stock at ``as_of``
    stats: list[obligations.FormStats] = field(default_factory=list)  # unused: ``period.fell_due`` holds them
    inspections: list = field(default_factory=list)  # inspections.InspectionInfo
    instructions: list = field(default_factory=list)  # inspections.InstructionInfo
    period: PeriodFigures | None = None  # the period's figures (``figures.period_figures``)
    findings: dict = field(default_factory=dict)  # inspection id → [inspections.FindingInfo]
    instruction_status: dict = field(default_factory=dict)  # instruction id → its status at ``as_of``
    allocation_answer: str = ""  # "yes", "partly" or "no" (``allocation_answer``)
    # instructions of visits before the period still not complied with when it began, and their visits' days
    earlier_instructions: list = field(default_factory=list)  # inspections.InstructionInfo
    earlier_visits: dict = field(default_factory=dict)  # inspection id → its visit date


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
    if end > clock.today():  # as every "as of": a day after today is not known yet (``obligations.moments``)
        raise UserError(_("The period ends on {date}, in the future: what will be owed then is not known yet. "
                          "End it today or earlier.").format(date=end.isoformat()))
    with db.session() as s:
        period = period_figures(s, start, end)
        as_of = period.end.moment
        past = None if period.end.live else as_of
        visits = s.scalars(select(Inspection).where(Inspection.visit_date >= start, Inspection.visit_date <= end)
                           .order_by(Inspection.visit_date, Inspection.id)).all()
        infos = [inspections.inspection_info(s, v) for v in visits]
        instructions = inspections.instructions(s, inspection_ids=[v.id for v in visits]) if visits else []
        earlier_visits = dict(s.execute(select(Inspection.id, Inspection.visit_date)
                                        .where(Inspection.visit_date < start)).all())
        earlier = inspections.instructions(s, inspection_ids=list(earlier_visits)) if earlier_visits else []
        at_start = _statuses_then(s, earlier, period.previous.moment)
        earlier = [i for i in earlier if at_start.get(i.id) in ("pending", "overdue")]
        data = ComplianceData(
            particulars=particulars(s), date_from=start, date_to=end, as_of=as_of,
            roles=obligations.role_holders(s, as_of.date()),
            duties=obligations.duty_pendency(s, past, with_oldest=False),  # counts per duty: no oldest printed
            inspections=infos, instructions=instructions, period=period,
            findings={v.id: inspections.inspection_detail(s, v.id).findings for v in visits},
            instruction_status=_statuses_then(s, [*instructions, *earlier], past),
            earlier_instructions=earlier,
            earlier_visits={k: v for k, v in earlier_visits.items() if k in {i.inspection_id for i in earlier}},
        )
        data.allocation_answer = allocation_answer(data)
        return data


def _statuses_then(session, instructions, moment: dt.datetime | None) -> dict[int, str]:
    """instruction id → the status its entry had at ``moment`` (None: now); "overdue" for one pending past its due."""
    from sqlalchemy import func

    from app.models.obligations import Obligation
    from app.services.obligations import status_at

    if not instructions:
        return {}
    o = Obligation
    status = o.status if moment is None else func.coalesce(status_at(moment), o.status)
    then = dict(session.execute(select(o.id, status).where(o.id.in_([i.obligation_id for i in instructions]))).all())
    when = moment or clock.now()
    out = {}
    for i in instructions:
        st = then.get(i.obligation_id, i.status)
        out[i.id] = "overdue" if st == "pending" and i.due_at < when else st
    return out


def allocation_answer(data: ComplianceData) -> str:
    """Is the allocation followed? "yes" only when every role was held on every day of the period, no entry
    was owed by nobody, and at the period's end nothing was overdue, missed or awaiting verification;
    "no" when a role was held by nobody for the whole period; "partly" otherwise."""
    period = data.period
    days = (min(data.date_to, data.as_of.date()) - data.date_from).days + 1
    if any(v >= days for v in period.vacant_days.values()):
        return "no"
    t = period.end.totals
    if any(period.vacant_days.values()) or t.unassigned or t.overdue or t.missed or t.awaiting_verification:
        return "partly"
    return "yes"


def _pct(lang: DocLang, share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def compliance_story(data: ComplianceData, lang: DocLang, letter: LetterInfo) -> list:
    """The report as an office letter: the frame (``reports.letter``) around the numbered body sections."""
    from reportlab.lib.units import mm

    frame_w = (267 if lang.both else 180) * mm
    return [*letter_head(data, lang, letter, frame_w), *number_sections(compliance_body(data, lang, frame_w)),
            *sho_signature(data, lang, letter, frame_w)]


def compliance_body(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """The report's body, its paragraphs (numbered by ``letter.number_sections``): who held each role, whether
    the allocation is followed, the stock at the period's end by role and age, the entries that fell due in
    the period, the SHO's verification, and the inspections and action taken. (The opening paragraph of the
    letter says the moment the figures describe.)"""
    return [*roles_held(data, lang, frame_w), *allocation_followed(data, lang, frame_w),
            *stock_by_age(data, lang, frame_w), *period_statistics(data, lang, frame_w),
            *verification(data, lang, frame_w), *actions_taken(data, lang, frame_w)]


def letter_head(data: ComplianceData, lang: DocLang, letter: LetterInfo, frame_w: float) -> list:
    """Letterhead, पत्रांक and दिनांक, सेवा में, द्वारा, विषय, सन्दर्भ, महोदय and the opening paragraph, which
    says the moment the figures describe."""
    _ = lang
    station = lang.pair(station_bare(letter.office.get("station", "hi")),
                        station_bare(letter.office.get("station", "en")))
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


def _role_names(data: ComplianceData, lang: DocLang) -> dict[str, str]:
    return {r.role: lang.data(r.name_hi, r.name_en) for r in data.period.end.roles}


def _held(lang: DocLang, h) -> str:
    """"उ0नि0 राम सिंह (PNO 1) (01.11.2026 – जारी)": the holder as offices name him (the name once in a
    two-language document), then the dates of the hold."""
    _ = lang
    end = _.short_date(h.to_date) if h.to_date else _("continuing")  # "जारी / continuing": the dates once
    return f"{lang.person(h.name, h.rank, h.pno)} ({_.short_date(h.from_date)} – {end})"


def roles_held(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """1. Who held each role in the period (everyone, with the dates of the hold) and the days nobody did."""
    from reportlab.lib.units import mm

    from app.services.pdf import para, table

    _ = lang
    period = data.period
    count_by_role = _duties_per_role(data)
    rows = [[_("Section"), _("Role"), _("Held by in the period (from – to)"), _("Days nobody held it"), _("Duties")]]
    for r in period.end.roles:
        spans = period.holders.get(r.role, [])
        held = "\n".join(_held(lang, h) for h in spans)
        rows.append([f"({r.section})", lang.data(r.name_hi, r.name_en), held or _("NOBODY — duties not allocated"),
                     lang.number(period.vacant_days.get(r.role, 0)), lang.number(count_by_role.get(r.role, 0))])
    return [section_heading(_("Who held each role in the period")),
            table(rows, [16 * mm, 44 * mm, frame_w - 16 * mm - 44 * mm - 24 * mm - 16 * mm, 24 * mm, 16 * mm],
                  align=["left", "left", "left", "right", "right"])]


ANSWERS = {"yes": N_("Yes: the allocation is followed."), "partly": N_("Only in part."),
           "no": N_("No: the allocation is not followed.")}


def allocation_followed(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """2. Is the allocation followed? The answer, qualified by the figures: vacancies, entries owed by nobody,
    the overdue stock, missed periods and the verification backlog at the period's end."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    from app.services.pdf import para, table

    _ = lang
    period = data.period
    t = period.end.totals
    names = _role_names(data, lang)
    story: list = [section_heading(_("Is the allocation followed?"))]
    bits = [_(ANSWERS[data.allocation_answer])]
    days_in = (min(data.date_to, data.as_of.date()) - data.date_from).days + 1
    never = [names.get(role, role) for role, days in period.vacant_days.items() if days >= days_in]
    part = [(names.get(role, role), days) for role, days in period.vacant_days.items() if 0 < days < days_in]
    if never:
        bits.append(_("Nobody held these roles in the period, so their duties were not allocated: {roles}.").format(
            roles=lang.join(never)))
    if part:
        bits.append(_("Roles held by nobody for part of the period: {roles}.").format(
            roles=lang.join([_("{role} ({days} days)").format(role=n, days=lang.number(d)) for n, d in part])))
    if not never and not part:
        bits.append(_("Every role had a holder on every day of the period, and all {count} duties of the letter "
                      "were allocated.").format(count=lang.number(len(data.duties))))
    bits.append(_("At the end of the period {pending} entries were pending, {overdue} of them overdue "
                  "({old} pending for over 90 days); {missed} recurring periods were missed and not made up; "
                  "{waiting} entries awaited the SHO's verification.").format(
        pending=lang.number(t.pending), overdue=lang.number(t.overdue), old=lang.number(t.bands.over_90),
        missed=lang.number(t.missed), waiting=lang.number(t.awaiting_verification)))
    due = period.due_total
    if due.due:
        bits.append(_("Of the {due} entries that fell due in the period, {on_time} were made on time.").format(
            due=lang.number(due.due), on_time=lang.number(due.on_time)))
    story.append(para(_sentences(lang, bits), "body"))
    orphans = [d for d in data.duties if d.unassigned]
    if orphans:
        rows = [[_("Code"), _("Duty"), _("Pending, no holder")]]
        for d in orphans:
            rows.append([d.code, lang.data(d.name_hi, d.name_en), lang.number(d.unassigned)])
        story.append(KeepTogether([  # the line that announces the table stays with it
            para(_("Entries pending with no person to owe them:"), "body"),
            table(rows, [16 * mm, frame_w - 16 * mm - 30 * mm, 30 * mm], align=["left", "left", "right"])]))
    return story


def _sentences(lang: DocLang, bits: list) -> str:
    """Sentences of this document as one paragraph; in "both" the whole Hindi paragraph, then the English."""
    if lang.mode != "both":
        return " ".join(bits)
    return lang.pair(" ".join(DocLang.half(b, "hi") for b in bits), " ".join(DocLang.half(b, "en") for b in bits))


def stock_by_age(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """3. The stock at the end of the period by role and age, beside the end of the previous period."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    period = data.period
    names = _role_names(data, lang)
    story: list = [CondPageBreak(75 * mm), section_heading(_("Entries pending at the end of the period, by role and age")),
                   para(_("Age: days since the entry fell to be made (the FIR, the event, the end of the recurring "
                          "period). Previous: at the end of {date}.").format(
                       date=_.date(period.previous.moment.date())), "small")]
    head = [_("Role"), _("Pending, previous"), _("Pending"), _("Overdue"), _("0–7 days"), _("8–30 days"),
            _("31–90 days"), _("Over 90 days"), _("Missed periods")]
    rows = [head]
    for r in [*period.end.roles, period.end.totals]:
        before = period.previous.role(r.role) if r.role else period.previous.totals
        label = names.get(r.role, r.role) if r.role else _("Total")
        rows.append([label, lang.number(before.pending), lang.number(r.pending), lang.number(r.overdue),
                     *[lang.number(v) for v in r.bands.values()], lang.number(r.missed)])
    num_w = 17 * mm
    story.append(table(rows, [frame_w - 8 * num_w] + [num_w] * 8, align=["left"] + ["right"] * 8))
    return story


def period_statistics(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """4. Entries that fell due in the period, per role: made on time, made late, pending, missed, not
    applicable, as at the period's end. The columns add up to the entries due."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    period = data.period
    story: list = [CondPageBreak(40 * mm), section_heading(_("Entries that fell due in the period"))]
    if not period.due_total.due:
        story.append(para(_("No entry fell due in the period."), "body"))
        return story
    names = _role_names(data, lang)
    rows = [[_("Role"), _("Fell due"), _("On time"), _("Late"), _("Pending"), _("Missed"), _("Not applicable"),
             _("On time %")]]
    for st in [*period.fell_due, period.due_total]:
        rows.append([names.get(st.role, st.role) if st.role else _("Total"), lang.number(st.due),
                     lang.number(st.on_time), lang.number(st.late), lang.number(st.pending), lang.number(st.missed),
                     lang.number(st.na), _pct(lang, st.on_time_share)])
    num_w = 19 * mm
    story.append(table(rows, [frame_w - 7 * num_w] + [num_w] * 7, align=["left"] + ["right"] * 7))
    story.append(para(_("Fell due = on time + late + pending + missed + not applicable, each as at the end of the "
                        "period. On time % is of the entries that fell due, less those not applicable."), "small"))
    return story


def verification(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """5. The SHO's verification of the data fed into CAS (duty A-2): the backlog at both ends, the work done."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    period = data.period
    rows = [[_("Figure"), _("Number")],
            [_("Entries made in CAS in the period"), lang.number(period.made)],
            [_("Entries verified by the SHO in the period"), lang.number(period.verified)],
            [_("Awaiting verification at the end of the previous period"),
             lang.number(period.previous.totals.awaiting_verification)],
            [_("Awaiting verification at the end of the period"), lang.number(period.end.totals.awaiting_verification)]]
    return [CondPageBreak(35 * mm), section_heading(_("Verification by the SHO (duty A-2)")),
            table(rows, [frame_w - 30 * mm, 30 * mm], align=["left", "right"])]


INSTRUCTION_STATUS = {
    "pending": N_("Pending"), "overdue": N_("Overdue"), "entered": N_("Complied"),
    "verified": N_("Complied and verified"), "na": N_("Not applicable"), "missed": N_("Missed"),
}


def actions_taken(data: ComplianceData, lang: DocLang, frame_w: float) -> list:
    """6. Inspections of the period: their findings and instructions with the text, and their compliance at the
    period's end."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from app.services.pdf import para, table
    from app.services.reports.checklist import officer_rank

    _ = lang
    story: list = [CondPageBreak(40 * mm), section_heading(_("Inspections, their instructions and the action taken"))]
    if not data.inspections:
        story.append(para(_("No inspection was recorded in the period."), "body"))
    visits = {v.id: v.visit_date for v in data.inspections}
    for v in data.inspections:
        story.append(para(_("{date}: {officer}, {rank} ({kind}).").format(
            date=_.short_date(v.visit_date), officer=v.officer_name, rank=officer_rank(lang, v),
            kind=_("surprise") if v.surprise else _("announced")), "cell_bold"))
        found = data.findings.get(v.id, [])
        if found:
            rows = [[_("Finding"), _("Duty"), _("Satisfactory")]]
            for f in found:
                rows.append([f.text, f.duty_code or _role_names(data, lang).get(f.role, f.role),
                             _("Yes") if f.satisfactory else _("No")])
            story.append(table(rows, [frame_w - 40 * mm - 24 * mm, 40 * mm, 24 * mm]))
        else:
            story.append(para(_("No finding was recorded."), "small"))
    if data.instructions:
        story += _instruction_table(data, lang, frame_w, data.instructions, visits, _(
            "Instructions and their compliance at {moment}:").format(moment=_.datetime(data.as_of)))
    if data.earlier_instructions:
        story += _instruction_table(data, lang, frame_w, data.earlier_instructions, data.earlier_visits, _(
            "Instructions of earlier inspections not yet complied with when the period began, and their "
            "compliance at {moment}:").format(moment=_.datetime(data.as_of)))
    return story


def _instruction_table(data: ComplianceData, lang: DocLang, frame_w: float, instructions: list, visits: dict,
                       heading: str) -> list:
    """A heading, the instructions with their visit's day, text, person, due day and compliance at the
    period's end, and how many were complied with."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    rows = [[_("Visit"), _("Instruction"), _("Person"), _("Due"), _("Compliance")]]
    complied = 0
    for ins in instructions:
        visit = visits.get(ins.inspection_id)
        status = data.instruction_status.get(ins.id, ins.status)
        complied += status in ("entered", "verified")
        rows.append([_.short_date(visit) if visit else "", ins.text, lang.person(ins.person, ins.rank),
                     _.short_date(ins.due_at.date()), _(INSTRUCTION_STATUS.get(status, status))])
    head = para(heading, "body")
    head.keepWithNext = True  # never a heading alone at a page's foot
    return [Spacer(1, 3 * mm), head,
            table(rows, [20 * mm, frame_w - 20 * mm - 40 * mm - 20 * mm - 30 * mm, 40 * mm, 20 * mm, 30 * mm]),
            para(_("{complied} of {count} instructions complied with.").format(
                complied=lang.number(complied), count=lang.number(len(instructions))), "body")]


def sho_signature(data: ComplianceData, lang: DocLang, letter: LetterInfo, frame_w: float) -> list:
    """The closing: for information and action, संलग्नक, भवदीय with the SHO's name, rank and PNO, प्रतिलिपि."""
    _ = lang
    return letter_close(lang, letter, closing=_("Submitted for your information and necessary action."),
                        frame_w=frame_w)


def build_compliance(db: Database, out: str | os.PathLike[str] | BinaryIO, *, date_from, date_to,
                     lang: str = "hi", letter_no: str | None = None, enclosures=(),
                     data: ComplianceData | None = None) -> DocumentResult:
    """Write the compliance report. ``letter_no`` is the पत्रांक from the station's dispatch register
    (blank: a line to write it by hand); ``enclosures`` are listed under संलग्नक. ``data`` is the
    ``compliance_data`` of the same period when the caller has read it already."""
    from app.services.reports.letter import check_enclosures, check_letter_no

    doc_lang = DocLang(lang)
    check_letter_no(letter_no)  # bad input is refused before anything is read
    check_enclosures(enclosures)
    data = data or compliance_data(db, date_from, date_to)
    with db.session() as s:
        letter = letter_info(s, letter_no=letter_no, enclosures=enclosures)
    _ = doc_lang
    title = _("Compliance report")
    return write_period_report(out, doc_lang, data.particulars, title, lambda: compliance_story(data, doc_lang, letter))
