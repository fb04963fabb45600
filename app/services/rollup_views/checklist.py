"""The visit's checklist from the rollup: what an inspecting officer (CO, ASP, SP) takes to one station — its
figures at its last bundle, each role's and person's stock, the oldest overdue entries to look at in CAS, and the
checks to make at the visit with room for the answers. One action away from the planner and the drill-down."""

from __future__ import annotations

import datetime as dt

from app.i18n import N_
from app.services.core import clock
from app.services.core.formatting import station_bare
from app.services.reports import DocLang
from app.services.rollup_views import tables as t
from app.services.rollup_views.detail import StationDetail, station_detail

OLDEST = 25
PERSONS = 15

CHECKS = (
    N_("The allocation letter of CAS work is displayed, and every role has a holder today."),
    N_("The entries pending for over 90 days were shown to me, each with its reason and a date to clear it."),
    N_("The SHO verifies the entries made in CAS (duty A-2): the verification backlog was seen."),
    N_("The chargesheets of accused near their default-bail day are on track."),
    N_("The CCTNS office: computers, UPS, printer and connectivity work; faults are logged with the helpdesk."),
    N_("The crime register and the general diary agree with CAS for a sample of cases."),
    N_("The CCTV cameras and the help desk work."),
    N_("The instructions of the last inspection have been complied with."),
    N_("The station sends its data (bundle) every week, and the last acknowledgement was applied."),
)


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def checklist_story(d: StationDetail, lang: DocLang, frame_w: float) -> list:
    """The checklist's flowables: the station's heading and figures, its roles, who owes the most, the oldest
    overdue entries, and the checks to make at the visit."""
    story = _heading(d, lang)
    if d.row.imported:
        story += _figures(d, lang, frame_w) + _owing(d, lang, frame_w) + _oldest(d, lang, frame_w)
    return story + _checks(lang, frame_w)


def _heading(d: StationDetail, lang: DocLang) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para

    _ = lang
    r = d.row
    story: list = [para(_("Inspection checklist: police station {station}").format(
        station=f"{station_bare(r.name)} ({r.code})" if r.code else station_bare(r.name)), "title"),
        para(_("Circle {circle}, district {district}").format(circle=r.circle or "–", district=r.district),
             "cell_centre"), Spacer(1, 3 * mm)]
    if not r.imported:
        story.append(para(_("No data has been received from this station yet: ask its SHO to send a full bundle "
                            "before the visit."), "body"))
    else:
        story.append(para(_("Figures as at {moment}, from the station's bundle {seq}; ranked {rank} of {count} in its "
                            "circle.").format(moment=_.datetime(r.as_of), seq=lang.number(r.last_sequence or 0),
                                              rank=lang.number(r.rank), count=lang.number(d.rank_in)), "body"))
    visit = d.last_visit
    if visit:
        story.append(para(_("Last inspection: {date} by {officer}.").format(
            date=_.short_date(_date(visit.get("visit_date"))), officer=visit.get("officer_name") or "–"), "body"))
    else:
        story.append(para(_("No inspection is recorded in the station's data."), "body"))
    return story


def _figures(d: StationDetail, lang: DocLang, frame_w: float) -> list:
    """The station's figures in one row, then by role."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para, table

    _ = lang
    r = d.row
    rows = [[_("Pending"), _("Overdue"), _("0–7 days"), _("8–30 days"), _("31–90 days"), _("Over 90 days"),
             _("Missed periods"), _("Awaiting verification"), _("Near default bail"), _("On time %")],
            [lang.number(r.pending), lang.number(r.overdue), *[lang.number(r.bands.get(b, 0)) for b in t.BANDS],
             lang.number(r.missed), lang.number(r.awaiting_verification), lang.number(r.near_bail),
             _pct(r.on_time_total.share)]]
    story: list = [table(rows, [frame_w / 10] * 10, align=["right"] * 10)]
    story += [Spacer(1, 2 * mm), para(_("By role"), "heading")]
    rows = [[_("Role"), _("Pending"), _("Overdue"), _("Over 90 days"), _("Missed periods"),
             _("Awaiting verification")]]
    for x in d.roles:
        rows.append([lang.data(x.name_hi, x.name_en), lang.number(x.tally.pending), lang.number(x.tally.overdue),
                     lang.number(x.tally.bands.get("90+", 0)), lang.number(x.tally.missed),
                     lang.number(x.tally.awaiting_verification)])
    num = 24 * mm
    story.append(table(rows, [frame_w - 5 * num] + [num] * 5, align=["left"] + ["right"] * 5))
    return story


def _owing(d: StationDetail, lang: DocLang, frame_w: float) -> list:
    """The persons who owe the most (pending or missed), at most ``PERSONS``."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    owing = [p for p in d.persons if p.tally.pending or p.tally.missed][:PERSONS]
    if not owing:
        return []
    rows = [[_("Person"), _("Roles"), _("Pending"), _("Overdue"), _("Over 90 days"), _("Missed periods")]]
    names = {x.code: lang.data(x.name_hi, x.name_en) for x in d.roles}
    for p in owing:
        if p.person_id is None:
            who = _("Nobody (no holder)")
        else:
            who = lang.person(p.name, p.rank, p.pno) if p.in_bundle else p.name_text(lang)
        rows.append([who, lang.join([names.get(c, c) for c in p.roles]), lang.number(p.tally.pending),
                     lang.number(p.tally.overdue), lang.number(p.tally.bands.get("90+", 0)),
                     lang.number(p.tally.missed)])
    num = 20 * mm
    return [CondPageBreak(40 * mm), para(_("Who owes the most"), "heading"),
            table(rows, [frame_w - 45 * mm - 4 * num, 45 * mm] + [num] * 4, align=["left", "left"] + ["right"] * 4)]


def _oldest(d: StationDetail, lang: DocLang, frame_w: float) -> list:
    """The oldest overdue entries (at most ``OLDEST``), each to be seen in CAS at the visit."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    oldest = [e for e in d.entries if e.days_overdue][:OLDEST]
    if not oldest:
        return []
    rows = [[_("Duty"), _("Form"), _("Person"), _("Case"), _("Due"), _("Days overdue"), _("Seen")]]
    for e in oldest:
        rows.append([e.duty_code, e.form, e.person_text(lang) or _("Nobody (no holder)"), e.case_text(lang),
                     _.short_date(e.due_at.date()) if e.due_at else "", lang.number(e.days_overdue), ""])
    return [CondPageBreak(40 * mm), para(_("The oldest overdue entries: see each in CAS"), "heading"),
            table(rows, [16 * mm, 18 * mm, frame_w - 16 * mm - 18 * mm - 50 * mm - 22 * mm - 20 * mm - 14 * mm,
                         50 * mm, 22 * mm, 20 * mm, 14 * mm],
                  align=["left", "left", "left", "left", "left", "right", "left"])]


def _checks(lang: DocLang, frame_w: float) -> list:
    """The checks to make at the visit, with room for the answers, and the officer's signature line."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from app.services.pdf import para, table

    _ = lang
    rows = [[_("No."), _("Check"), _("Yes / No"), _("Remarks")]]
    for i, check in enumerate(CHECKS, 1):
        rows.append([lang.number(i), _(check), "", ""])
    return [CondPageBreak(70 * mm), para(_("Checks at the visit"), "heading"),
            table(rows, [10 * mm, frame_w - 10 * mm - 20 * mm - 55 * mm, 20 * mm, 55 * mm],
                  align=["right", "left", "left", "left"]),
            Spacer(1, 12 * mm), para(_("Inspecting officer (name, rank, signature): ____________________________    "
                                       "Date: ______________"), "body")]


def _date(value) -> dt.date | None:
    from app.services.rollup import record_date

    return record_date(value)


def build_visit_checklist(conn, code: str, out, *, lang: str = "hi", silent_days: int = 14,
                          today: dt.date | None = None) -> tuple[int, StationDetail]:
    from reportlab.lib.units import mm

    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    doc_lang = DocLang(lang)
    d = station_detail(conn, code, limit=OLDEST * 4, silent_days=silent_days, today=today)
    _ = doc_lang
    title = _("Inspection checklist")
    frame_w = (267 if doc_lang.both else 180) * mm
    header = _("Circle {circle}, district {district}").format(circle=d.row.circle or "–", district=d.row.district)
    printed = doc_lang.one("Printed {when} by Anupalan", doc_lang.primary).format(
        when=doc_lang.datetime(clock.now()))
    pages = build_pdf(out, checklist_story(d, doc_lang, frame_w), title=str(title),
                      page_label=doc_lang.one("Page {page} of {pages}", doc_lang.primary), header_left=header,
                      header_right=title, footer_note=printed,
                      pagesize=PAGE_A4_LANDSCAPE if doc_lang.both else PAGE_A4, lang=doc_lang.pdf_lang)
    return pages, d
