"""The monthly attendance sheet of the handholding staff, for the district to verify.

One register page per staff member: a row per day of the month, Sundays marked off (the SOP: six
days a week, Monday to Saturday), the day's mark (present / absent / leave) and times where kept,
blank where not yet marked so the sheet can also be filled by hand, and columns for the staff
member's and the office in-charge's signatures. Page x of y on every page; the footer cites the SOP the
register is kept under (not the duty-allocation letter the other documents cite).

A month in which nobody is recorded as posted still gets a register: one blank page (name, office and
marks written by hand), since the SOP makes the office in-charge keep it whoever is sent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.i18n import N_
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.access import authorize
from app.services.reports.common import DocLang, DocumentResult, furniture, particulars
from app.services.handholding import ATTENDANCE_LABELS, OFFICE_KIND_LABELS, is_working_day, month_bounds
from app.services.handholding import month_attendance_in

# the month is put in each language's title separately (not "नवंबर / November" twice in "both")
TITLE = N_("Attendance register of handholding staff, {month}")
SOP_REFERENCE = "टीएस-सीसीटीएनएस-08/2013"
SOP_DATE = dt.date(2014, 10, 10)


def attendance_sheet(db: Database, month: str, out: str | Path, *, lang: str = "hi",
                     as_of: dt.date | None = None, actor: Actor = SYSTEM) -> DocumentResult:
    """Write the sheet for ``month`` (YYYY-MM) to ``out``; nothing is written on bad input."""
    from reportlab.platypus import PageBreak

    from app.services.core import clock
    from app.services.core.formatting import month_name
    from app.services.pdf import PAGE_A4, build_pdf

    _ = DocLang(lang)
    first, last = month_bounds(month)
    today = as_of or clock.today()
    with db.session() as s:
        authorize(s, actor, "report.print")
        p = particulars(s)
        register = month_attendance_in(s, first, last, today)
    title = _.data(_.one(TITLE, "hi").format(month=f"{month_name(first.month, 'hi')} {first.year}"),
                   TITLE.format(month=f"{month_name(first.month, 'en')} {first.year}"))
    story: list = []
    for n, m in enumerate(register.staff):
        if n:
            story.append(PageBreak())
        story += staff_register(_, title, m, register.days)
    if not register.staff:
        story += blank_register(_, title, register.days)
    f = furniture(_, p, title)
    pages = build_pdf(out, story, title=title, page_label=f.page_label, header_left=f.header_left,
                      header_right=_("Handholding attendance"), footer_left=sop_reference(_),
                      footer_note=f.footer_note, pagesize=PAGE_A4, lang=_.pdf_lang, audit_head=f.audit_head)
    return DocumentResult(Path(out), pages, title)


def sop_reference(_: DocLang) -> str:
    """The SOP the register is kept under, for the page footer."""
    return _("Handholding SOP, letter no. {number} dated {date}").format(number=SOP_REFERENCE,
                                                                        date=_.short_date(SOP_DATE))


def blank_register(_: DocLang, title: str, days: list[dt.date]) -> list:
    """A register to fill by hand, for a month in which nobody is recorded as posted: blank particulars, every
    day of the month (Sundays marked off), blank totals."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para, table

    blank = ""
    info = [[_("Name"), blank, _("Vendor"), blank],
            [_("Office"), blank, _("Serving from"), blank]]
    working = sum(1 for d in days if is_working_day(d))
    counts = _("Working days (Monday to Saturday): {working}. Present: ____. Absent: ____. Leave: ____.").format(
        working=_.number(working))
    return [para(title, "title"),
            para(_("No handholding staff is recorded as posted to this station in this month: this register is "
                   "blank, to be filled in by hand."), "small"),
            Spacer(1, 1 * mm),
            table(info, [32 * mm, 58 * mm, 38 * mm, 52 * mm], header_rows=0, zebra=False),
            Spacer(1, 2 * mm),
            day_grid(_, None, days),
            Spacer(1, 2 * mm),
            KeepTogether(register_footer(_, None, counts))]


def staff_register(_: DocLang, title: str, m, days: list[dt.date]) -> list:
    """One staff member's register (``m``: their month of attendance): who, the days, the totals, signatures."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para, table

    st = m.staff
    office = f"{_(OFFICE_KIND_LABELS.get(st.office_kind, st.office_kind))}: {st.office_name}"
    info = [[_("Name"), st.name, _("Vendor"), st.vendor or "–"],
            [_("Office"), office, _("Serving from"), _.short_date(st.from_date)
             + (" – " + _.short_date(st.to_date) if st.to_date else "")]]
    return [para(title, "title"),
            table(info, [22 * mm, 68 * mm, 28 * mm, 62 * mm], header_rows=0, zebra=False),
            Spacer(1, 2 * mm),
            day_grid(_, m, days),
            Spacer(1, 2 * mm),
            KeepTogether(register_footer(_, m))]


def day_grid(_: DocLang, m, days: list[dt.date]):
    """A row per day (``m`` None: a blank register): Sundays and days not serving greyed out, the mark and times where kept, blank where not
    (so the sheet can be filled by hand), and the two signature columns."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from app.services.core.formatting import weekday_name
    from app.services.pdf import table

    def hhmm(t: dt.time | None) -> str:
        return "" if t is None else f"{t.hour:02d}:{t.minute:02d}"

    grey = colors.HexColor("#d9d9d9")
    rows = [[_("Date"), _("Day"), _("Attendance"), _("Time in"), _("Time out"), _("Remarks"),
             _("Signature of staff"), _("Signature of office in-charge")]]
    extra: list[tuple] = []
    for d in days:
        r = len(rows)
        day_name = _.data(weekday_name(d, "hi"), weekday_name(d, "en"))
        if not is_working_day(d):
            rows.append([_.short_date(d), day_name, _("Sunday: not a working day"), "", "", "", "", ""])
            extra += [("SPAN", (2, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), grey)]
            continue
        if m is not None and not m.staff.posted_on(d):
            rows.append([_.short_date(d), day_name, _("Not serving on this day"), "", "", "", "", ""])
            extra += [("SPAN", (2, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), grey)]
            continue
        e = m.entries.get(d) if m is not None else None
        rows.append([_.short_date(d), day_name, _(ATTENDANCE_LABELS[e.status]) if e else "",
                     hhmm(e.time_in) if e else "", hhmm(e.time_out) if e else "", e.note if e else "", "", ""])
    both = _.both
    widths = ([17 * mm, 29 * mm, 27 * mm, 15 * mm, 15 * mm, 22 * mm, 27 * mm, 28 * mm] if both else
              [19 * mm, 20 * mm, 22 * mm, 14 * mm, 14 * mm, 35 * mm, 28 * mm, 28 * mm])
    # Both languages run longer: a smaller type keeps each register to one page.
    grid = table(rows, widths, zebra=False, cell_style="small" if both else "cell",
                 align=None if both else ["left", "left", "left", "centre", "centre", "left", "left", "left"])
    if both or m is None:  # tighter rows so that longer texts (or the blank register's note) keep to one page
        extra += [("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5)]
    grid.setStyle(extra)
    return grid


def register_footer(_: DocLang, m, counts: str | None = None) -> list:
    """The month's totals (``counts`` when given), the SOP it is kept under, and the office in-charge's and
    district's signatures."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    counts = counts or _("Working days (Monday to Saturday): {working}. Present: {present}. Absent: {absent}. "
               "Leave: {leave}. Not marked so far: {unmarked}.").format(
        working=_.number(m.working_days), present=_.number(m.present), absent=_.number(m.absent),
        leave=_.number(m.leave), unmarked=_.number(m.not_marked))
    sop = _("Kept under the handholding SOP, letter no. {number} dated {date}: six days a week, Monday to "
            "Saturday; the office in-charge keeps this register for verification by the district.").format(
        number=_.letter_number(SOP_REFERENCE), date=_.short_date(SOP_DATE))
    signs = table([[_("Office in-charge (name, rank, signature)"), _("Verified at district level (name, signature, date)")],
                   ["\n\n", "\n\n"]], [90 * mm, 90 * mm], zebra=False)
    return [para(counts, "small"), para(sop, "small"), Spacer(1, 2 * mm), signs]
