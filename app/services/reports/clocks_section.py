"""The inspection checklist's section on the statutory clocks: every accused in custody whose default-bail
day (BNSS 187(3) = CrPC 167(2); NDPS 36A(4)) falls within the window, with the IO and what is still owed on
his case; those already past it first. What the SHO must answer for before anything else on the visit."""

from __future__ import annotations

import datetime as dt

from app.services.core.formatting import forms_once
from app.services.reports.common import DocLang
from app.services.storage import Database

CHECKLIST_WITHIN_DAYS = 30


def clocks_section(db: Database, lang: str, as_of: dt.datetime | None, frame_w: float,
                   within_days: int = CHECKLIST_WITHIN_DAYS) -> list:
    """Flowables of the section, as things stood at ``as_of`` (None: now)."""
    from app.services import cases

    rows = cases.statutory_clocks(db, within_days=within_days, as_of=as_of)
    return clocks_flowables(DocLang(lang), rows, as_of, frame_w, within_days)


def clocks_flowables(_: DocLang, rows, as_of: dt.datetime | None, frame_w: float, within_days: int) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.core import clock
    from app.services.pdf import para, table, text_width

    day = (as_of or clock.now()).date()
    out = [para(_("Statutory clocks: accused in custody and their last day before default bail"), "heading"),
           para(_("BNSS 187(3) (CrPC 167(2)): each accused's 60 or 90 days (NDPS 36A(4): 180, extendable to one "
                  "year) run from his own first remand, the remand day being day 1 (Enforcement Directorate v. "
                  "Kapil Wadhawan, Supreme Court, 2023). If the chargesheet is not filed by the end of the last "
                  "day, he is entitled to default bail. Listed: every accused in custody on a case not yet "
                  "charge-sheeted whose last day falls within {n} days of {date}, and every one already past it.")
                .format(n=_.number(within_days), date=_.short_date(day)), "small"),
           Spacer(1, 2 * mm)]
    if not rows:
        out += [para(_("No accused in custody has a last day before default bail within this period."), "body"),
                Spacer(1, 4 * mm)]
        return out
    head = [_("Last day"), _("Days left"), _("Case"), _("Accused"), _("First remand"), _("Period (days)"),
            _("IO"), _("Still owed (! overdue)")]
    # the case on one line ("Case Crime No. 2224/2026" is longer than "मु0अ0सं0 2224/2026"), within bounds
    cases = [_.case(r.case_label, with_sections=False) for r in rows]  # the number: the IO and owed say the rest
    case_w = min(max((text_width(str(c), 8) for c in cases), default=0) + 3 * mm, 62 * mm)
    if frame_w > 200 * mm:  # landscape, both languages
        fixed = [21 * mm, 26 * mm, max(case_w, 30 * mm), None, 21 * mm, 16 * mm, 30 * mm, None]
    else:
        fixed = [19 * mm, 18 * mm, min(max(case_w, 24 * mm), 40 * mm), None, 19 * mm, 13 * mm, 25 * mm, None]
    rest = frame_w - sum(w for w in fixed if w is not None)
    fixed[3], fixed[7] = rest * 0.45, rest * 0.55
    body = [head]
    for r, case_text in zip(rows, cases):
        if r.days_left < 0:
            left = _("DEFAULT BAIL ACCRUED")
        elif r.days_left == 0:
            left = _("LAST DAY TODAY")
        else:
            left = _.number(r.days_left)
        period = _.number(r.period_days) + (" " + _("(extended)") if r.extended else "")
        body.append([_.short_date(r.default_bail_at.date()), left, case_text, accused_text(_, r),
                     _.short_date(r.remand_at.date()), period, r.io or _("no IO"), owed_text(r.owed, _.primary)])
    t = table(body, fixed, align=["left", "left", "left", "left", "left", "right", "left", "left"])
    for i, r in enumerate(rows, start=1):
        if r.days_left < 0:
            t.setStyle([("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f8d0d0"))])
        elif r.days_left <= 7:
            t.setStyle([("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fdebc8"))])
    accrued = sum(r.days_left < 0 for r in rows)
    out += [t, Spacer(1, 2 * mm),
            para(_("{n} accused listed; {accrued} already past the last day (red); within a week in amber. The "
                   "inspecting officer checks that each case's chargesheet will be filed in time.").format(
                n=_.number(len(rows)), accrued=_.number(accrued)), "small"),
            Spacer(1, 4 * mm)]
    return out


def accused_text(_: DocLang, r) -> str:
    """The accused's name, or in the document's language what stands for it."""
    if r.accused_name:
        return r.accused_name
    if r.accused_id is None:
        return _("accused not named (first remand recorded before accused were)")
    return _("accused #{id} (name not recorded)").format(id=r.accused_id)


def owed_text(owed, lang: str | None = None) -> str:
    """The case's open entries, the chargesheet (C-4, IIF-5) first, each form once ("CD ×2!"); "!" marks
    overdue."""
    items = sorted(owed, key=lambda o: (o.duty_code != "C-4", o.due_at or dt.datetime.max))
    return forms_once([(o.form or o.duty_code, o.overdue) for o in items], lang) or "—"
