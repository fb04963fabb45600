"""The inspection checklist's section "Equipment, CCTV and handholding staff".

``checklist_section(db, lang, as_of)`` returns ReportLab flowables for the reports engineer's
checklist (and for a stand-alone print). ``lang`` is a document language: ``hi``, ``en`` or
``both``. ReportLab is imported only here, when a document is being built.
"""

from __future__ import annotations

import datetime as dt

from app.services.storage import Database
from app.services.reports.common import DocLang
from app.services.handholding import campaigns_in
from app.services.handholding import (
    ATTENDANCE_LABELS,
    CAMPAIGN_STATUS_LABELS,
    EQUIPMENT_KIND_LABELS,
    OFFICE_KIND_LABELS,
    month_bounds,
)
from app.services.handholding import equipment_in
from app.services.handholding import faults_in, fix_times_in
from app.services.handholding import dashboard_summary
from app.services.obligations import as_of_moment
from app.services.handholding import last_visits, month_attendance_in
from app.services.handholding import untrained_in
from app.services.handholding import user_id_rows_in

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


def checklist_section(db: Database, lang: str, as_of: dt.date | dt.datetime | None = None) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para, table

    _ = DocLang(lang)
    now = as_of_moment(as_of)
    today = now.date()
    summary = dashboard_summary(db, now)
    with db.session() as s:
        equipment = equipment_in(s)
        open_faults = faults_in(s, open_only=True, as_of=now, limit=MAX_FAULT_ROWS + 1)
        fix = fix_times_in(s, date_from=today - dt.timedelta(days=FIX_TIME_WINDOW_DAYS), date_to=today, as_of=now)
        month = month_attendance_in(s, *month_bounds((today.year, today.month)), as_of=today)
        visits = last_visits(s)
        untrained = untrained_in(s, as_of=today)
        ids = [r for r in user_id_rows_in(s) if r.status != "has_id" or r.shared_with]
        campaigns = [c for c in campaigns_in(s, as_of=today) if c.status != "done" or c.deadline >= today]

    def t(labels, code):
        return _(labels[code]) if code in labels else code  # i18n: marked (labels are N_() tables)

    out: list = [para(_("Equipment, CCTV and handholding staff"), "heading")]

    # Status in two sentences, the first thing an inspector reads.
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
    out += [para(cctv, "body"), para(faults, "body")]

    # Equipment by kind.
    by_kind: dict[str, list] = {}
    for e in equipment:
        by_kind.setdefault(e.kind, []).append(e)
    rows = [[_("Equipment"), _("In service"), _("With an open fault")]]
    for kind in EQUIPMENT_KIND_LABELS:
        items = by_kind.get(kind)
        if items:
            rows.append([t(EQUIPMENT_KIND_LABELS, kind), _.number(len(items)),
                         _.number(sum(1 for e in items if e.open_faults))])
    if len(rows) == 1:
        out.append(para(_("The equipment register is empty."), "body"))
    else:
        out.append(table(rows, [90 * mm, 35 * mm, 45 * mm], align=["left", "right", "right"]))
    out.append(Spacer(1, 3 * mm))

    # Open faults, oldest first.
    if open_faults:
        rows = [[_("No."), _("Equipment"), _("Reported"), _("Days open"), _("Helpdesk ticket"), _("Escalated to"),
                 _("Over the limit")]]
        for f in open_faults[:MAX_FAULT_ROWS]:
            esc = f.escalations[-1] if f.escalations else None
            rows.append([str(f.id), f"{f.equipment_name}: {f.description}", _.datetime(f.reported_at),
                         _.number(f.age_days), f.ticket_no or "–",
                         f"{esc.escalated_to} ({_.short_date(esc.escalated_at.date())})" if esc else "–",
                         _("Yes") if f.flagged else ""])
        out.append(para(_("Open faults"), "cell_bold"))
        out.append(table(rows, [10 * mm, 55 * mm, 26 * mm, 14 * mm, 25 * mm, 32 * mm, 18 * mm],
                         align=["right", "left", "left", "right", "left", "left", "centre"]))
        if len(open_faults) > MAX_FAULT_ROWS:
            out.append(para(_("Only the {count} oldest open faults are listed.").format(count=MAX_FAULT_ROWS),
                            "small"))
        out.append(Spacer(1, 3 * mm))

    # Time to fix, per kind, over the last 90 days.
    if fix:
        rows = [[_("Equipment"), _("Faults fixed"), _("Median time to fix"), _("Longest"), _("Still open")]]
        for f in fix:
            rows.append([t(EQUIPMENT_KIND_LABELS, f.kind), _.number(f.resolved), duration(_, f.median_hours),
                         duration(_, f.max_hours), _.number(f.open)])
        out.append(para(_("Time to fix faults reported in the last {days} days").format(
            days=_.number(FIX_TIME_WINDOW_DAYS)), "cell_bold"))
        out.append(table(rows, [60 * mm, 25 * mm, 35 * mm, 30 * mm, 25 * mm],
                         align=["left", "right", "right", "right", "right"]))
        out.append(Spacer(1, 3 * mm))

    # Handholding staff: this month's register and their last visit.
    serving = [m for m in month.staff]
    if serving:
        rows = [[_("Handholding staff"), _("Office"), _("Working days so far"), t(ATTENDANCE_LABELS, "present"),
                 t(ATTENDANCE_LABELS, "absent"), t(ATTENDANCE_LABELS, "leave"), _("Not marked"),
                 _("Last visit to the station")]]
        for m in serving:
            so_far = sum(1 for d in month.days if d <= today and d.weekday() != 6 and m.staff.posted_on(d))
            last = visits.get(m.staff.id)
            rows.append([f"{m.staff.name}" + (f" ({m.staff.vendor})" if m.staff.vendor else ""),
                         f"{t(OFFICE_KIND_LABELS, m.staff.office_kind)}: {m.staff.office_name}",
                         _.number(so_far), _.number(m.present), _.number(m.absent), _.number(m.leave),
                         _.number(m.not_marked), _.short_date(last.date()) if last else "–"])
        out.append(para(_("Handholding staff attendance, {month}").format(month=_.data(
            _month(today, "hi"), _month(today, "en"))), "cell_bold"))
        out.append(table(rows, [36 * mm, 34 * mm, 18 * mm, 16 * mm, 16 * mm, 16 * mm, 16 * mm, 28 * mm],
                         align=["left", "left", "right", "right", "right", "right", "right", "left"]))
    else:
        out.append(para(_("No handholding staff are recorded for this station this month."), "body"))
    out.append(Spacer(1, 3 * mm))

    # Training (D-19), user ids (D-22), campaigns (D-24).
    if untrained:
        names = ", ".join(f"{p.name} ({p.rank})" for p in untrained)
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
                         t(CAMPAIGN_STATUS_LABELS, c.status)])
        out.append(table(rows, [75 * mm, 25 * mm, 20 * mm, 20 * mm, 35 * mm],
                         align=["left", "left", "right", "right", "left"]))
    out.append(Spacer(1, 3 * mm))

    # What the inspector checks with their own eyes.
    checks = [
        _("CCTV cameras and recorder working; recording of recent days can be played back"),
        _("CCTNS computers, printer, scanner, UPS and network working"),
        _("Faults taken up with the helpdesk, with ticket numbers"),
        _("Handholding staff attendance register kept and signed by the office in-charge"),
        _("Each person works under their own CCTNS user id"),
    ]
    rows = [[_("Inspector's check"), _("Yes"), _("No"), _("Remarks")]] + [[c, "", "", ""] for c in checks]
    out.append(KeepTogether([para(_("Seen at the visit"), "cell_bold"),
                             table(rows, [95 * mm, 14 * mm, 14 * mm, 57 * mm], zebra=False)]))
    return out


def _month(day: dt.date, code: str) -> str:
    from app.services.core.formatting import month_name

    return f"{month_name(day.month, code)} {day.year}"
