"""The inspection checklist's section "Equipment, CCTV and handholding staff".

``checklist_section(db, lang, as_of)`` returns ReportLab flowables for the reports engineer's
checklist (and for a stand-alone print). ``lang`` is a document language: ``hi``, ``en`` or
``both``. ReportLab is imported only here, when a document is being built.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass

from app.services.handholding import (
    ATTENDANCE_LABELS,
    CAMPAIGN_STATUS_LABELS,
    EQUIPMENT_KIND_LABELS,
    OFFICE_KIND_LABELS,
    HandholdingSummary,
    campaigns_in,
    dashboard_summary,
    equipment_in,
    faults_in,
    fix_times_in,
    last_visits,
    month_attendance_in,
    month_bounds,
    untrained_in,
    user_id_rows_in,
)
from app.services.obligations import as_of_moment
from app.services.reports.common import DocLang
from app.services.storage import Database

FIX_TIME_WINDOW_DAYS = 90
MAX_FAULT_ROWS = 40


def duration(_: DocLang, hours: float | None) -> str:
    """Hours as a short duration: "5 h", "2 d 4 h"."""
    if hours is None:
        return "–"
    total = int(round(hours))
    if total < 24:
        return _("{hours} h").format(hours=total)
    return _("{days} d {hours} h").format(days=total // 24, hours=total % 24)


@dataclass(frozen=True)
class SectionData:
    """What the section shows, read in one unit of work as of ``now``."""

    now: dt.datetime
    summary: HandholdingSummary
    equipment: list
    open_faults: list
    fix: list
    month: object  # handholding's month of attendance
    visits: dict
    untrained: list
    ids: list
    campaigns: list


def section_data(db: Database, as_of: dt.date | dt.datetime | None = None) -> SectionData:
    now = as_of_moment(as_of)
    today = now.date()
    summary = dashboard_summary(db, now)
    with db.session() as s:
        return SectionData(
            now, summary, equipment_in(s),
            faults_in(s, open_only=True, as_of=now, limit=MAX_FAULT_ROWS + 1),
            fix_times_in(s, date_from=today - dt.timedelta(days=FIX_TIME_WINDOW_DAYS), date_to=today, as_of=now),
            month_attendance_in(s, *month_bounds((today.year, today.month)), as_of=today),
            last_visits(s),
            untrained_in(s, as_of=today),
            [r for r in user_id_rows_in(s) if r.status != "has_id" or r.shared_with],
            [c for c in campaigns_in(s, as_of=today) if c.status != "done" or c.deadline >= today])


def checklist_section(db: Database, lang: str, as_of: dt.date | dt.datetime | None = None) -> list:
    from app.services.pdf import para

    _ = DocLang(lang)
    data = section_data(db, as_of)
    today = data.now.date()
    return [para(_("Equipment, CCTV and handholding staff"), "heading"),
            *status_lines(_, data.summary),
            *equipment_table(_, data.equipment),
            *open_faults_table(_, data.open_faults),
            *fix_times_table(_, data.fix),
            *staff_attendance(_, data.month, data.visits, today),
            *training_ids_and_campaigns(_, data.untrained, data.ids, data.campaigns),
            *inspector_checks(_)]


def label_in(_: DocLang, labels: dict[str, str], code: str) -> str:
    """A code's label (from an ``N_()`` table) in the document's language; the code itself if unknown."""
    return _(labels[code]) if code in labels else code  # i18n: marked (labels are N_() tables)


def status_lines(_: DocLang, summary: HandholdingSummary) -> list:
    """Status in two sentences, the first thing an inspector reads."""
    from app.services.pdf import para

    if summary.cctv_working is None:
        cctv = _("CCTV: no cameras or recorder are in the equipment register.")
    elif summary.cctv_working:
        cctv = _("CCTV: working ({count} cameras and recorders, none with an open fault).").format(
            count=_.number(summary.cctv_items))
    else:
        cctv = _("CCTV: NOT fully working: {faulty} of {count} cameras and recorders have an open fault.").format(
            faulty=_.number(summary.cctv_faulty), count=_.number(summary.cctv_items))
    faults = _("Open faults: {open}; open for more than {days} days: {flagged}.").format(
        open=_.number(summary.open_faults), days=_.number(summary.threshold_days),
        flagged=_.number(summary.flagged_faults))
    return [para(cctv, "body"), para(faults, "body")]


def equipment_table(_: DocLang, equipment: list) -> list:
    """Equipment by kind: in service, and with an open fault."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    by_kind: dict[str, list] = {}
    for e in equipment:
        by_kind.setdefault(e.kind, []).append(e)
    rows = [[_("Equipment"), _("In service"), _("With an open fault")]]
    for kind in EQUIPMENT_KIND_LABELS:
        items = by_kind.get(kind)
        if items:
            rows.append([label_in(_, EQUIPMENT_KIND_LABELS, kind), _.number(len(items)),
                         _.number(sum(1 for e in items if e.open_faults))])
    if len(rows) == 1:
        return [para(_("The equipment register is empty."), "body"), Spacer(1, 3 * mm)]
    return [table(rows, [90 * mm, 35 * mm, 45 * mm], align=["left", "right", "right"]), Spacer(1, 3 * mm)]


def open_faults_table(_: DocLang, open_faults: list) -> list:
    """Open faults, oldest first (at most ``MAX_FAULT_ROWS``)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    if not open_faults:
        return []
    rows = [[_("No."), _("Equipment"), _("Reported"), _("Days open"), _("Helpdesk ticket"), _("Escalated to"),
             _("Over the limit")]]
    for f in open_faults[:MAX_FAULT_ROWS]:
        esc = f.escalations[-1] if f.escalations else None
        rows.append([str(f.id), f"{f.equipment_name}: {f.description}", _.datetime(f.reported_at),
                     _.number(f.age_days), f.ticket_no or "–",
                     f"{esc.escalated_to} ({_.short_date(esc.escalated_at.date())})" if esc else "–",
                     _("Yes") if f.flagged else ""])
    out = [para(_("Open faults"), "cell_bold"),
           table(rows, [10 * mm, 55 * mm, 26 * mm, 14 * mm, 25 * mm, 32 * mm, 18 * mm],
                 align=["right", "left", "left", "right", "left", "left", "centre"])]
    if len(open_faults) > MAX_FAULT_ROWS:
        out.append(para(_("Only the {count} oldest open faults are listed.").format(count=MAX_FAULT_ROWS), "small"))
    return out + [Spacer(1, 3 * mm)]


def fix_times_table(_: DocLang, fix: list) -> list:
    """Time to fix, per kind, over the last ``FIX_TIME_WINDOW_DAYS`` days."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    if not fix:
        return []
    rows = [[_("Equipment"), _("Faults fixed"), _("Median time to fix"), _("Longest"), _("Still open")]]
    for f in fix:
        rows.append([label_in(_, EQUIPMENT_KIND_LABELS, f.kind), _.number(f.resolved), duration(_, f.median_hours),
                     duration(_, f.max_hours), _.number(f.open)])
    return [para(_("Time to fix faults reported in the last {days} days").format(
                days=_.number(FIX_TIME_WINDOW_DAYS)), "cell_bold"),
            table(rows, [60 * mm, 25 * mm, 35 * mm, 30 * mm, 25 * mm], align=["left", "right", "right", "right", "right"]),
            Spacer(1, 3 * mm)]


def staff_attendance(_: DocLang, month, visits: dict, today: dt.date) -> list:
    """Handholding staff: this month's register and their last visit."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    if not month.staff:
        return [para(_("No handholding staff are recorded for this station this month."), "body"), Spacer(1, 3 * mm)]
    rows = [[_("Handholding staff"), _("Office"), _("Working days so far"), label_in(_, ATTENDANCE_LABELS, "present"),
             label_in(_, ATTENDANCE_LABELS, "absent"), label_in(_, ATTENDANCE_LABELS, "leave"), _("Not marked"),
             _("Last visit to the station")]]
    for m in month.staff:
        so_far = sum(1 for d in month.days if d <= today and d.weekday() != 6 and m.staff.posted_on(d))
        last = visits.get(m.staff.id)
        rows.append([f"{m.staff.name}" + (f" ({m.staff.vendor})" if m.staff.vendor else ""),
                     f"{label_in(_, OFFICE_KIND_LABELS, m.staff.office_kind)}: {m.staff.office_name}",
                     _.number(so_far), _.number(m.present), _.number(m.absent), _.number(m.leave),
                     _.number(m.not_marked), _.short_date(last.date()) if last else "–"])
    return [para(_("Handholding staff attendance, {month}").format(month=_.data(
                _month(today, "hi"), _month(today, "en"))), "cell_bold"),
            table(rows, [36 * mm, 34 * mm, 18 * mm, 16 * mm, 16 * mm, 16 * mm, 16 * mm, 28 * mm],
                  align=["left", "left", "right", "right", "right", "right", "right", "left"]),
            Spacer(1, 3 * mm)]


def training_ids_and_campaigns(_: DocLang, untrained: list, ids: list, campaigns: list) -> list:
    """Training (D-19), user ids (D-22), campaigns (D-24)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    out: list = []
    if untrained:
        names = _.join(_.person(p.name, p.rank) for p in untrained)
        out.append(para(_("Staff with no CCTNS training ({count}): {names}").format(
            count=_.number(len(untrained)), names=names), "body"))
    else:
        out.append(para(_("Every active staff member has had CCTNS training."), "body"))
    if ids:
        parts = []
        for r in ids:
            if r.shared_with:
                parts.append(_("{name}: id {uid} also held by {others}").format(
                    name=r.name, uid=r.user_id, others=", ".join(r.shared_with)))
            elif r.status == "requested":
                parts.append(_("{name}: requested on {date}").format(name=r.name, date=_.short_date(r.requested_on)))
            else:
                parts.append(_("{name}: not requested").format(name=r.name))
        out.append(para(_("CCTNS user ids to fix: {list}").format(list="; ".join(parts)), "body"))
    else:
        out.append(para(_("Every active staff member has their own CCTNS user id."), "body"))
    if campaigns:
        rows = [[_("Campaign"), _("Deadline"), _("Done"), _("Target"), _("Status")]]
        for c in campaigns:
            rows.append([c.name, _.short_date(c.deadline), _.number(c.done), _.number(c.target),
                         label_in(_, CAMPAIGN_STATUS_LABELS, c.status)])
        out.append(table(rows, [75 * mm, 25 * mm, 20 * mm, 20 * mm, 35 * mm],
                         align=["left", "left", "right", "right", "left"]))
    return out + [Spacer(1, 3 * mm)]


def inspector_checks(_: DocLang) -> list:
    """What the inspector checks with their own eyes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    from app.services.pdf import para, table

    checks = [
        _("CCTV cameras and recorder working; recording of recent days can be played back"),
        _("CCTNS computers, printer, scanner, UPS and network working"),
        _("Faults taken up with the helpdesk, with ticket numbers"),
        _("Handholding staff attendance register kept and signed by the office in-charge"),
        _("Each person works under their own CCTNS user id"),
    ]
    rows = [[_("Inspector's check"), _("Yes"), _("No"), _("Remarks")]] + [[c, "", "", ""] for c in checks]
    return [KeepTogether([para(_("Seen at the visit"), "cell_bold"),
                          table(rows, [95 * mm, 14 * mm, 14 * mm, 57 * mm], zebra=False)])]


def _month(day: dt.date, code: str) -> str:
    from app.services.core.formatting import month_name

    return f"{month_name(day.month, code)} {day.year}"
