"""The inspection checklist: what the CO / ASP / SP checks at the station, on paper.

Layout: the station and the visit; on the first pages a summary per role — the pending entries by age
(0–7, 8–30, 31–90, over 90 days since they arose), overdue, missed, with no holder, and the entries made in
CAS still awaiting the SHO's verification (A-2); the statutory clocks (accused in custody near default
bail); a sample of recent FIRs, arrests and seizures drawn at random for the officer to look up in CAS
(``cas_sample``); then one section per role in the letter's order (a)–(e) listing each duty with its pending
and overdue counts and its oldest pending entry, with columns for the officer's tick and remarks; the
equipment section (``support_section``); the previous visit's instructions and their status now; this
visit's findings and instructions; ruled space for the officer's directions; signature blocks; and, when
the user asks for it, an annex of the overdue entries per person.

Every figure comes from one computation for one moment (``figures``). A visit's checklist is computed
for the visit's moment at each printing — "everything current", and it says so — except its CAS sample,
which is kept with the visit at the first printing and repeated as printed then.

Hindi, English, or both side by side (A4 landscape, duty names in two columns).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from app.i18n import N_
from app.services.access import SYSTEM, Actor
from app.services.core import clock
from app.services.storage import Database
from app.services import obligations
from app.services.core.errors import UserError
from app.services.reports.cas_sample import DEFAULT_PER_KIND, Sample, check_sample_size, draw_sample, sample_flowables
from app.services.reports.figures import figures_at
from app.services.reports.support_section import checklist_section
from app.services.reports.common import (
    DocLang,
    DocumentResult,
    Particulars,
    document_path,
    furniture,
    particulars,
)

DEFAULT_PER_PERSON = 15
ANNEX_CHOICES = ("none", "oldest", "all")  # no annex; each person's 15 oldest overdue entries; every one

STATUS_LABELS = {
    "pending": N_("Pending"),
    "overdue": N_("Overdue"),
    "entered": N_("Complied (entered {date})"),
    "verified": N_("Complied and verified (entered {date})"),
    "na": N_("Not applicable"),
    "missed": N_("Missed"),
}
VERIFY_DUTY = "A-2"  # the SHO checks the quality of the data entered: his backlog is what awaits verification


def check_annex(value: str | None) -> str:
    from app.i18n import _

    value = (value or "none").strip().lower()
    if value not in ANNEX_CHOICES:
        raise UserError(_("Unknown annex '{annex}'. Use none, oldest or all.").format(annex=value))
    return value


def annex_limit(annex: str) -> int | None:
    """How many overdue entries per person the annex lists (None: all; 0: no annex)."""
    return {"none": 0, "oldest": DEFAULT_PER_PERSON, "all": None}[check_annex(annex)]


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
    sample: Sample | None = None  # the sample for verification in CAS (None: none asked for)
    annex: bool = False  # the per-person lists are printed (as an annex)
    recorded: dict | None = None  # a visit's totals as recorded at the visit: {"pending": n, "overdue": n}
    sample_kept: bool = False  # this print's sample was just kept with the visit (``keep_sample``)


def checklist_data(db: Database, *, as_of: dt.datetime | dt.date | None = None,
                   inspection_id: int | None = None,
                   per_person_limit: int | None = DEFAULT_PER_PERSON,
                   sample_size: int = 0, sample_seed: int | None = None) -> ChecklistData:
    """The checklist's figures at ``as_of`` (a past day: its end), or at a visit's moment. Everything is
    read in one unit of work for one moment. ``per_person_limit``: overdue entries listed per person (None:
    all, 0: none); ``sample_size``: the CAS sample's size per kind (a visit's kept sample wins)."""
    from app.services import inspections

    obligations.check_not_future(as_of)
    sample_size = check_sample_size(sample_size)
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
                as_of = detail.info.snapshot_at if obligations.is_past(detail.info.snapshot_at) else None
        moment = as_of or clock.now()
        data = ChecklistData(
            particulars=p,
            as_of=moment,
            duties=obligations.duty_pendency(s, as_of),
            roles=obligations.role_holders(s, moment.date()),
            # no annex, no per-person lists: the summary's figures say the rest
            overdue=obligations.overdue_by_person(s, as_of, per_person_limit=per_person_limit)
            if per_person_limit != 0 else [],
            inspection=detail,
            past=as_of is not None,
            figures=figures_at(s, as_of),
            annex=per_person_limit != 0,
        )
        if detail is not None:
            data.previous_instructions = detail.previous_instructions
            data.previous_label = detail.previous
            snap = detail.snapshot or {}
            if "total_pending" in snap:
                data.recorded = {"pending": int(snap["total_pending"]), "overdue": int(snap.get("total_overdue", 0))}
            kept = inspections.kept_cas_sample(s, inspection_id)
            if kept is not None:
                data.sample = Sample.from_dict(kept)
        else:
            from app.models.inspections import Inspection
            from sqlalchemy import select

            last = s.scalars(select(Inspection).where(Inspection.snapshot_at <= moment)
                             .order_by(Inspection.visit_date.desc(), Inspection.id.desc()).limit(1)).first()
            if last is not None:
                data.previous_label = inspections.inspection_info(s, last)
                data.previous_instructions = inspections.instructions(s, inspection_ids=[last.id])
        if data.sample is None and sample_size:
            data.sample = draw_sample(s, moment, sample_size, seed=sample_seed)
        return data


# --- the document -------------------------------------------------------------------------------


def handholding_section(db: Database, lang: str, as_of: dt.datetime) -> list:
    """Flowables of the "Equipment, CCTV and handholding staff" section (``support_section``)."""
    return list(checklist_section(db, lang, as_of) or [])


def statutory_clocks_section(db: Database, lang: DocLang, as_of: dt.datetime | None) -> list:
    """Flowables of the "Statutory clocks" section (``clocks_section``): accused in custody near default bail."""
    from reportlab.lib.units import mm

    from app.services.reports.clocks_section import clocks_section

    return clocks_section(db, lang.mode, as_of, (267 if lang.both else 180) * mm)


def _widths(both: bool):
    from reportlab.lib.units import mm

    # the remarks column is wide enough to write a sentence by hand (it was 25 mm)
    if both:  # A4 landscape: 267 mm of frame
        return [12 * mm, 52 * mm, 46 * mm, 17 * mm, 17 * mm, 38 * mm, 11 * mm, 74 * mm]
    return [12 * mm, 48 * mm, 16 * mm, 16 * mm, 32 * mm, 10 * mm, 46 * mm]  # A4 portrait: 180 mm


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
                 station=p.station_in(lang), district=p.district_in(lang)), "heading")]
    story += visit_section(data, lang, frame_w)
    story += role_summary(data, lang, frame_w)
    if clock_sections:  # accused in custody near default bail (``clocks_section``): answered for first
        story.append(CondPageBreak(60 * mm))
        story.extend(clock_sections)
    story += sample_flowables(lang, data.sample, frame_w, note=sample_note(data, lang))
    story += duty_sections(data, lang)
    if extra_sections:  # equipment, CCTV and handholding staff (``support_section``)
        story.append(CondPageBreak(40 * mm))
        story.extend(extra_sections)
    story += previous_instructions(data, lang, frame_w)
    story += findings_section(data, lang, frame_w)
    story += directions_section(lang, frame_w)
    story += signatures(data, lang, frame_w)
    if data.annex:
        story += overdue_section(data, lang, frame_w)
    return story


def sample_note(data: ChecklistData, lang: DocLang) -> str:
    """For a visit: whether the sample is the one kept at its first printing."""
    _ = lang
    if data.inspection is None or data.sample is None:
        return ""
    if data.sample.kept:
        return _("A reprint: the same sample as this visit's checklist first printed ({when}), kept with the "
                 "visit.").format(when=_.datetime(data.sample.drawn_at))
    if data.sample_kept:
        return _("Kept with the visit: every reprint of this visit's checklist lists the same sample.")
    return _("Not kept with the visit (the database is open read-only): a later print draws another sample.")


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
    if detail is not None:
        visit_rows.append([_("Figures"), reprint_text(data, lang)])
    if p.circular_number:
        visit_rows.append([_("Allocation of duties"), _(
            "Letter no. {number} dated {date}, UP Police Technical Services HQ; reinforced by the DGP's "
            "letter of February 2019 (review during inspections)").format(
                number=lang.letter_number(p.circular_number), date=_.short_date(p.circular_date))])
    return [table(visit_rows, [55 * mm, frame_w - 55 * mm], header_rows=0, zebra=False), Spacer(1, 4 * mm)]


def reprint_text(data: ChecklistData, lang: DocLang) -> str:
    """What a visit's figures are: all worked out at this printing for the visit's moment (never a mix of
    figures kept at the visit and lists worked out now), and the totals recorded at the visit beside them."""
    _ = lang
    printed = _.datetime(data.particulars.printed_at)
    if data.recorded is None or data.figures is None:
        return _("Everything current: every figure and list below is worked out at this printing ({printed}) for "
                 "the moment of the visit, so entries recorded after the visit with an earlier date are counted."
                 ).format(printed=printed)
    # one message, so that in "both" each half stays wholly in its language
    return _("Everything current: every figure and list below is worked out at this printing ({printed}) for the "
             "moment of the visit, so entries recorded after the visit with an earlier date are counted. Recorded "
             "at the visit: {pending} pending, {overdue} overdue; worked out now: {now_pending} pending, "
             "{now_overdue} overdue.").format(
        printed=printed, pending=_.number(data.recorded["pending"]), overdue=_.number(data.recorded["overdue"]),
        now_pending=_.number(data.figures.totals.pending), now_overdue=_.number(data.figures.totals.overdue))


def holders_text(lang: DocLang, holders) -> str:
    """Who holds a role, as a letter names them (rank abbreviated, PNO when recorded)."""
    return ", ".join(str(lang.person(h.name, h.rank, getattr(h, "pno", None))) for h in holders)


def role_summary(data: ChecklistData, lang: DocLang, frame_w: float) -> list:
    """Per role: who holds it, its pending entries by age (days since they arose), overdue, missed, with no
    holder, and the entries made in CAS awaiting the SHO's verification (``figures``)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    f = data.figures
    n = lang.number
    head = [[_("Role and who holds it"), _("Pending"), _("Pending by age (days since it arose)"), "", "", "",
             _("Overdue"), _("Missed"), _("No holder"), _("Awaiting verification")],
            ["", "", "0–7", "8–30", "31–90", _("over 90"), "", "", "", ""]]
    rows = list(head)
    for r in f.roles:
        held = holders_text(lang, r.holders) or _("NOBODY — duties not allocated")
        name = "({section}) {role}".format(section=r.section, role=lang.data(r.name_hi, r.name_en)) \
            if r.section else r.role
        rows.append([f"{name}\n{held}", n(r.pending), *(n(v) for v in r.bands.values()), n(r.overdue),
                     n(r.missed), n(r.unassigned), n(r.awaiting_verification)])
    t = f.totals
    rows.append([_("Total"), n(t.pending), *(n(v) for v in t.bands.values()), n(t.overdue), n(t.missed),
                 n(t.unassigned), n(t.awaiting_verification)])
    if lang.both:  # 267 mm
        nums = [19, 16, 16, 16, 16, 19, 17, 17, 25]
    else:  # 180 mm
        nums = [17, 13, 13, 13, 13, 17, 15, 15, 22]
    widths = [frame_w - sum(nums) * mm] + [w * mm for w in nums]
    summary = table(rows, widths, header_rows=2, align=["left"] + ["right"] * 9)
    summary.setStyle([("SPAN", (2, 0), (5, 0))] + [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 6, 7, 8, 9)])
    return [para(_("Summary by role"), "heading"),
            para(_("Pending: entries owed at {moment}, by the days since each arose (the FIR, the event, the end "
                   "of a recurring period); overdue: pending past their due time; missed: recurring periods gone "
                   "by without their entry; awaiting verification: made in CAS, not yet checked by the SHO "
                   "(duty A-2).").format(moment=_.datetime(f.moment)), "small"),
            Spacer(1, 1 * mm),
            summary,
            Spacer(1, 3 * mm)]


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
    story: list = [para(_("For each duty: the entries pending and overdue, and the oldest pending entry (due date, "
                          "case, person). The inspecting officer ticks the duties checked and writes remarks."),
                        "small")]
    backlog = data.figures.totals.awaiting_verification if data.figures is not None else 0
    for r in data.roles:
        duties = by_role.get(r.role, [])
        if not duties:
            continue
        story.append(CondPageBreak(40 * mm))
        story.append(para("({section}) {role}".format(section=r.section, role=lang.data(r.name_hi, r.name_en)),
                          "heading"))
        holders = holders_text(lang, data.figures.role(r.role).holders if data.figures is not None else r.holders)
        # "both": the label in both languages and the names once (not once in each half)
        held = "{label}: {names}".format(label=str(_("Held by")), names=holders) if lang.both \
            else _("Held by: {names}").format(names=holders)
        story.append(para(held if holders
                          else _("Nobody holds this role: its duties are not allocated."), "body"))
        rows = [head]
        for d in duties:
            counts = [lang.number(d.pending) if d.pending else "–", lang.number(d.overdue) if d.overdue else "–"]
            oldest = _oldest(lang, d)
            if d.code == VERIFY_DUTY:  # the SHO's check of the data: what awaits his verification
                if not d.pending:
                    counts[0] = lang.number(backlog)
                oldest = "\n".join(x for x in (_("{count} entries made in CAS await verification").format(
                    count=lang.number(backlog)), oldest) if x)
            if both:
                rows.append([d.code, d.name_hi, d.name_en, *counts, oldest, "", ""])
            else:
                rows.append([d.code, lang.data(d.name_hi, d.name_en), *counts, oldest, "", ""])
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
    """The annex: the overdue entries per person (a role nobody holds counts as one), on pages of its own."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak

    from app.services.pdf import para

    _ = lang
    listed = sum(len(p.items) for p in data.overdue)
    total = sum(p.overdue for p in data.overdue)
    story: list = [PageBreak(), para(_("Annex: overdue entries per person"), "heading"),
                   para((_("Every overdue entry at {moment}, {count} in all, per person.") if listed == total else
                         _("The oldest {n} overdue entries of each person at {moment} ({listed} of {count}); "
                           "the person's pending slip lists the rest.")).format(
                       moment=_.datetime(data.as_of), count=lang.number(total), listed=lang.number(listed),
                       n=lang.number(DEFAULT_PER_PERSON)), "small")]
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


DIRECTION_LINES = 14


def directions_section(lang: DocLang, frame_w: float) -> list:
    """Ruled lines for the inspecting officer's directions, written by hand at the station."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Table, TableStyle

    from app.services.pdf import FONT, para

    _ = lang
    count = DIRECTION_LINES if not lang.both else DIRECTION_LINES - 4  # landscape: the signatures fit below
    lines = Table([[""] for _i in range(count)], colWidths=[frame_w], rowHeights=[9 * mm] * count,
                  style=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),  # no base-14 font pulled in
                                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080"))]),
                  hAlign="LEFT")
    return [KeepTogether([para(_("Directions of the inspecting officer"), "heading"),
                          para(_("Written at the station: what is to be done, by whom and by when. Each direction is "
                                 "also recorded in the app as an instruction, so that it is followed up at the next "
                                 "visit."), "small"),
                          lines])]  # the lines on one page, under their heading


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
                    annex: str = "none", sample_size: int | None = DEFAULT_PER_KIND,
                    actor: Actor = SYSTEM, per_person_limit: int | None = None,
                    data: ChecklistData | None = None) -> DocumentResult:
    """Write the checklist PDF to ``out`` (a path, written atomically, or a binary file).

    ``annex``: none, oldest (each person's oldest 15 overdue entries) or all; ``per_person_limit`` overrides it
    (older callers). ``sample_size``: FIRs, arrests and seizures drawn for the CAS sample, of each (0: none). A
    visit's first printing keeps its sample with the visit (``keep_sample``, as ``actor``). ``data``: the
    ``checklist_data`` of the same arguments when the caller has read it already."""
    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    doc_lang = DocLang(lang)
    if data is None:
        data = checklist_data(db, as_of=as_of, inspection_id=inspection_id,
                              per_person_limit=annex_limit(annex) if per_person_limit is None else per_person_limit,
                              sample_size=check_sample_size(sample_size))
    keep_sample(db, data, actor)
    moment = data.as_of if data.past else None
    extra = handholding_section(db, doc_lang.mode, data.as_of)
    clocks = statutory_clocks_section(db, doc_lang, moment)
    return render_checklist(data, doc_lang, out, extra_sections=extra, clock_sections=clocks,
                            pagesize=PAGE_A4_LANDSCAPE if doc_lang.both else PAGE_A4, build=build_pdf)


def keep_sample(db: Database, data: ChecklistData, actor: Actor = SYSTEM) -> None:
    """A visit's first print keeps its CAS sample with the visit (as ``actor``); a read-only database keeps
    nothing (the document says so); another print that kept its sample first wins, and ``data`` takes it."""
    from app.services import inspections

    if data.inspection is None or data.sample is None or data.sample.kept or db.readonly:
        return
    stored = inspections.keep_cas_sample(db, data.inspection.info.id, data.sample.as_dict(), actor=actor)
    if stored.get("seed") != data.sample.seed:
        data.sample = Sample.from_dict(stored)
    else:
        data.sample_kept = True


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


