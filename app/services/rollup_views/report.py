"""The circle or district compliance report (अनुपालन आख्या) from the rollup, as an office letter: the Circle
Officer's to the SP (a circle), or the SP's to Police Headquarters (every circle of the district). The frame is the
station report's (``reports.letter``); the body is the stations' latest figures from the precomputed rollup rows.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import func, select

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.reports import DocLang, check_enclosures, check_letter_no
from app.services.rollup import record_date
from app.services.rollup_views import records as rec
from app.services.rollup_views import tables as t
from app.services.rollup_views.planner import PlanLine, plan_lines
from app.services.rollup_views.ranking import FormOnTime, Scope, StationRow, Totals, station_rows, totals
from app.services.rollup_views.detail import Tally

ALLOCATION_KEY = "up-2018-11-19"


@dataclass
class RollupReportData:
    scope: Scope
    district: str
    rows: list[StationRow]
    totals: Totals
    roles: list[tuple[str, str, str, Tally]]  # (code, Hindi name, English name, tally) over the stations in scope
    forms: list[FormOnTime]  # the last 12 weeks, summed over the stations
    plan: list[PlanLine]  # every station, with its last inspection
    silent_days: int
    visit_days: int
    printed_at: dt.datetime
    circular_number: str = ""
    circular_date: dt.date | None = None
    office: str = ""  # the rollup's own name (rollup init --name)
    extra: dict = field(default_factory=dict)

    @property
    def is_circle(self) -> bool:
        return self.scope.circle is not None


def report_data(conn, scope: Scope, *, silent_days: int = 14, visit_days: int = 90,
                today: dt.date | None = None) -> RollupReportData:
    rows = station_rows(conn, scope, silent_days=silent_days, today=today)
    if not rows:
        raise UserError(_("No station is in this scope."))
    districts = sorted({r.district for r in rows})
    if len(districts) > 1 and scope.district is None:
        raise UserError(_("The rollup holds stations of several districts ({districts}): name one with "
                            "--district.").format(districts=", ".join(districts)))
    # the roles' names and the allocation letter come from stations' records: those that sent data (a station
    # enrolled but silent is ranked first and has none)
    stations = [(r.district, r.uid) for r in rows if r.imported] or [(r.district, r.uid) for r in rows]
    names = rec.role_names(conn, stations)
    tallies: dict[str, Tally] = {}
    c = t.counts
    for rc, status, band, n in conn.execute(
            select(c.c.role_code, c.c.status, c.c.age_band, func.sum(c.c.n)).where(*scope.where(c))
            .group_by(c.c.role_code, c.c.status, c.c.age_band)):
        tallies.setdefault(rc, Tally()).add(status, band, int(n))
    order = sorted(set(names) | set(tallies), key=lambda code: (names.get(code, ("", code, code, 99))[3], code))
    roles = [(code, names.get(code, ("", code, code, 0))[1], names.get(code, ("", code, code, 0))[2],
              tallies.get(code, Tally())) for code in order]
    o = t.form_ontime
    forms = [FormOnTime(r.form, int(r.due), int(r.on_time), int(r.late), int(r.not_made)) for r in conn.execute(
        select(o.c.form, func.sum(o.c.due).label("due"), func.sum(o.c.on_time).label("on_time"),
               func.sum(o.c.late).label("late"), func.sum(o.c.not_made).label("not_made"))
        .where(o.c.period == "12w", *scope.where(o)).group_by(o.c.form).order_by(o.c.form))]
    plan = plan_lines(conn, rows, days=visit_days, include_all=True, today=today)  # the same rows, not read again
    number, date = _circular(conn, stations)
    office = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "name")).scalar() or ""
    return RollupReportData(scope, districts[0], rows, totals(rows), roles, forms, plan, silent_days, visit_days,
                            clock.now(), number, date, office)


def _circular(conn, stations: list[tuple[str, str]]) -> tuple[str, dt.date | None]:
    """The allocation letter the stations' catalogues follow (the 2018 letter when they carry it)."""
    found = [r for recs in rec.records_in(conn, stations[:3], "circulars").values() for r in recs]
    found.sort(key=lambda r: (r.get("key") != ALLOCATION_KEY, not r.get("active", True), str(r.get("key"))))
    if not found:
        return "", None
    return str(found[0].get("number") or ""), record_date(found[0].get("date"))


# --- the letter --------------------------------------------------------------------------------------------


def _office_values(data: RollupReportData) -> dict[str, str]:
    circle, district = data.scope.circle or "", data.district
    if data.is_circle:
        office = ("कार्यालय क्षेत्राधिकारी " + circle, "Office of the Circle Officer, " + circle)
        signatory = ("क्षेत्राधिकारी " + circle, "Circle Officer, " + circle)
    else:
        office = ("कार्यालय पुलिस अधीक्षक", "Office of the Superintendent of Police")
        signatory = ("पुलिस अधीक्षक", "Superintendent of Police")
    return {"office_hi": office[0], "office_en": office[1], "station_hi": circle, "station_en": circle,
            "district_hi": district, "district_en": district, "signatory_hi": signatory[0],
            "signatory_en": signatory[1], "copy_hi": "कार्यालय प्रति (गार्ड फाइल) हेतु।",
            "copy_en": "Office copy (guard file).", "phone": "", "email": "",
            "sp_hi": "पुलिस अधीक्षक", "sp_en": "Superintendent of Police", "nodal_hi": "नोडल अधिकारी सीसीटीएनएस",
            "nodal_en": "Nodal Officer CCTNS", "co_hi": "क्षेत्राधिकारी", "co_en": "Circle Officer", "circle": circle}


def _letter_info(data: RollupReportData, letter_no: str, enclosures: tuple[str, ...]):
    from app.services.reports import LetterInfo
    from app.services.station import OfficeParticulars

    values = _office_values(data)
    return LetterInfo(office=OfficeParticulars(values, frozenset()), letter_no=letter_no,
                      letter_date=clock.today(), signatory=None, circular_key=ALLOCATION_KEY if data.circular_number
                      else None, circular_number=data.circular_number, circular_date=data.circular_date,
                      enclosures=enclosures)


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def report_story(data: RollupReportData, lang: DocLang, info, frame_w: float) -> list:
    from app.services.reports import letter_close, letter_head, letter_references, number_sections

    _ = lang
    district = data.district
    if data.is_circle:
        place = _("Circle {circle}, district {district}").format(circle=data.scope.circle, district=district)
        subject = _("Compliance report on the allocation of CCTNS (CAS) work in the police stations of circle "
                    "{circle}.").format(circle=data.scope.circle)
        addressees = [_("Superintendent of Police, district {district}.").format(district=district),
                      _("Nodal Officer CCTNS, district {district}.").format(district=district)]
        whose = _("the {count} police stations of circle {circle}").format(
            count=lang.number(len(data.rows)), circle=data.scope.circle)
    else:
        place = _("District {district}").format(district=district)
        subject = _("Compliance report on the allocation of CCTNS (CAS) work in the police stations of district "
                    "{district}.").format(district=district)
        addressees = [_("Additional Director General of Police, Technical Services, Uttar Pradesh, Lucknow."),
                      _("State Crime Records Bureau (CCTNS), Uttar Pradesh, Lucknow.")]
        whose = _("the {count} police stations of district {district}").format(
            count=lang.number(len(data.rows)), district=district)
    opening = _("In compliance with the letters referred to above, the compliance report of {whose} is submitted "
                "below. It is drawn from the data each station last sent (its signed bundle); each station's figures "
                "describe its position at the moment shown beside it.").format(whose=whose)
    body = [*_stations_section(data, lang, frame_w), *_age_section(data, lang, frame_w),
            *_roles_section(data, lang, frame_w), *_forms_section(data, lang, frame_w),
            *_inspections_section(data, lang, frame_w), *_action_section(data, lang)]
    return [*letter_head(lang, info, subject=subject, frame_w=frame_w, place=place, addressees=addressees,
                         through=""),
            *letter_references(lang, info, opening=opening, frame_w=frame_w), *number_sections(body),
            *letter_close(lang, info, closing=_("Submitted for your information and necessary action."),
                          frame_w=frame_w, place=place)]


def _station_name(r: StationRow) -> str:
    return f"{r.name} ({r.code})" if r.code else r.name


def _stations_section(data: RollupReportData, lang: DocLang, frame_w: float) -> list:
    from reportlab.lib.units import mm

    from app.services.pdf import para, table
    from app.services.reports import section_heading

    _ = lang
    rows = [[_("Station"), _("Circle"), _("Figures as at"), _("Last bundle"), _("Days since"), _("Remark")]]
    for r in sorted(data.rows, key=lambda r: (r.circle, r.name)):
        remark = []
        if not r.imported:
            remark.append(_("No data received yet"))
        elif r.silent:
            remark.append(_("Silent for {days} days or more").format(days=lang.number(data.silent_days)))
        if r.needs_full:
            remark.append(_("A full snapshot is asked for"))
        rows.append([_station_name(r), r.circle, lang.datetime(r.as_of) if r.as_of else "–",
                     lang.number(r.last_sequence) if r.last_sequence else "–",
                     lang.number(r.silent_days) if r.silent_days is not None else "–", "; ".join(remark)])
    w = [frame_w - 30 * mm - 32 * mm - 20 * mm - 18 * mm - 45 * mm, 30 * mm, 32 * mm, 20 * mm, 18 * mm, 45 * mm]
    return [section_heading(_("The stations and the data received from them")),
            table(rows, w, align=["left", "left", "left", "right", "right", "left"]),
            para(_("Figures as at: the station's own clock when it made its last bundle. Days since: days since that "
                   "bundle was made."), "small")]


def _age_section(data: RollupReportData, lang: DocLang, frame_w: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table
    from app.services.reports import section_heading

    _ = lang
    head = [_("Ranked"), _("Station"), _("Pending"), _("Overdue"), _("0–7 days"), _("8–30 days"), _("31–90 days"),
            _("Over 90 days"), _("Missed periods"), _("Awaiting verification"), _("Near default bail"),
            _("On time %")]
    rows = [head]
    for r in data.rows:
        if not r.imported:
            rows.append([lang.number(r.rank), _station_name(r)] + ["–"] * 10)
            continue
        rows.append([lang.number(r.rank), _station_name(r), lang.number(r.pending), lang.number(r.overdue),
                     *[lang.number(r.bands.get(b, 0)) for b in t.BANDS], lang.number(r.missed),
                     lang.number(r.awaiting_verification), lang.number(r.near_bail), _pct(r.on_time_total.share)])
    tt = data.totals
    rows.append(["", _("Total"), lang.number(tt.pending), lang.number(tt.overdue),
                 *[lang.number(tt.bands.get(b, 0)) for b in t.BANDS], lang.number(tt.missed),
                 lang.number(tt.awaiting_verification), lang.number(tt.near_bail), _pct(tt.on_time.share)])
    num = 15.5 * mm
    w = [10 * mm, frame_w - 10 * mm - 10 * num] + [num] * 10
    return [CondPageBreak(60 * mm), section_heading(_("Entries pending at each station, by age (worst first)")),
            table(rows, w, align=["right", "left"] + ["right"] * 10),
            para(_("Age: days overdue at the station's moment. Near default bail: accused in custody whose "
                   "chargesheet is not made and whose default-bail day is within 15 days or past. On time %: of "
                   "the entries that fell due in the last 12 weeks, those made by their due time."), "small")]


def _roles_section(data: RollupReportData, lang: DocLang, frame_w: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import table
    from app.services.reports import section_heading

    _ = lang
    rows = [[_("Role"), _("Pending"), _("Overdue"), _("0–7 days"), _("8–30 days"), _("31–90 days"),
             _("Over 90 days"), _("Missed periods"), _("Awaiting verification")]]
    for code, hi, en, tl in data.roles:
        rows.append([lang.data(hi, en), lang.number(tl.pending), lang.number(tl.overdue),
                     *[lang.number(tl.bands.get(b, 0)) for b in t.BANDS], lang.number(tl.missed),
                     lang.number(tl.awaiting_verification)])
    num = 17 * mm
    return [CondPageBreak(50 * mm), section_heading(_("Entries pending by role, all stations together")),
            table(rows, [frame_w - 8 * num] + [num] * 8, align=["left"] + ["right"] * 8)]


def _forms_section(data: RollupReportData, lang: DocLang, frame_w: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table
    from app.services.reports import section_heading

    _ = lang
    story: list = [CondPageBreak(45 * mm), section_heading(_("Forms made on time in the last 12 weeks"))]
    forms = [f for f in data.forms if f.due]
    if not forms:
        story.append(para(_("No entry fell due in the last 12 weeks."), "body"))
        return story
    rows = [[_("Form"), _("Fell due"), _("On time"), _("Late"), _("Not made"), _("On time %")]]
    for f in forms:
        rows.append([f.form or _("Other entries"), lang.number(f.due), lang.number(f.on_time), lang.number(f.late),
                     lang.number(f.not_made), _pct(f.share)])
    num = 24 * mm
    story.append(table(rows, [frame_w - 5 * num] + [num] * 5, align=["left"] + ["right"] * 5))
    return story


def _inspections_section(data: RollupReportData, lang: DocLang, frame_w: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table
    from app.services.reports import section_heading

    _ = lang
    rows = [[_("Station"), _("Last inspection"), _("By"), _("Days since"), _("Due for a visit")]]
    for p in data.plan:
        by = p.officer
        if p.officer_rank:
            by = f"{officer_rank_text(lang, p.officer_rank)} {p.officer}".strip()
        rows.append([_station_name(p.row), lang.short_date(p.last_visit) if p.last_visit else _("Never"), by,
                     lang.number(p.days_since) if p.days_since is not None else "–", _("Yes") if p.due else _("No")])
    due = sum(p.due for p in data.plan)
    return [CondPageBreak(45 * mm), section_heading(_("Inspections of the stations")),
            table(rows, [frame_w - 28 * mm - 50 * mm - 20 * mm - 26 * mm, 28 * mm, 50 * mm, 20 * mm, 26 * mm],
                  align=["left", "left", "left", "right", "left"]),
            para(_("{due} of {count} stations were not inspected in the last {days} days (or never, as far as their "
                   "data show).").format(due=lang.number(due), count=lang.number(len(data.plan)),
                                         days=lang.number(data.visit_days)), "body")]


def officer_rank_text(lang: DocLang, rank: str) -> str:
    """An inspecting officer's rank code (``PlanLine.officer_rank``) in the document's language."""
    from app.services.inspections import RANK_LABELS

    if rank.startswith("other:"):
        return rank[len("other:"):]
    return lang(RANK_LABELS[rank]) if rank in RANK_LABELS else rank


def _action_section(data: RollupReportData, lang: DocLang) -> list:
    from app.services.pdf import para
    from app.services.reports import section_heading

    _ = lang
    bits = []
    never = [_station_name(r) for r in data.rows if not r.imported]
    silent = [_station_name(r) for r in data.rows if r.imported and r.silent]
    full = [_station_name(r) for r in data.rows if r.needs_full]
    old = [_station_name(r) for r in data.rows if r.bands.get("90+", 0)]
    bail = [_station_name(r) for r in data.rows if r.near_bail]
    if never:
        bits.append(_("No data has been received from: {stations}. Their in-charges are to send it at once.").format(
            stations=", ".join(never)))
    if silent:
        bits.append(_("No data for {days} days or more from: {stations}.").format(
            days=lang.number(data.silent_days), stations=", ".join(silent)))
    if full:
        bits.append(_("Their data no longer follow on from what was received (a restored backup or a copied "
                      "database); a full snapshot has been asked for: {stations}.").format(stations=", ".join(full)))
    if old:
        bits.append(_("Entries pending for over 90 days at: {stations}. The in-charges are to clear them and report."
                      ).format(stations=", ".join(old)))
    if bail:
        bits.append(_("Accused near their default-bail day at: {stations}. The chargesheets are to be filed in time."
                      ).format(stations=", ".join(bail)))
    if not bits:
        bits.append(_("Every station sent its data in time, and none has entries pending for over 90 days or "
                      "accused near their default-bail day."))
    return [section_heading(_("Action proposed")), *[para(b, "body") for b in bits]]


def build_rollup_report(conn, out: str | os.PathLike[str] | BinaryIO, scope: Scope, *, lang: str = "hi",
                        letter_no: str | None = None, enclosures=(), silent_days: int = 14, visit_days: int = 90,
                        today: dt.date | None = None):
    """Write the circle (``scope.circle``) or district compliance report; returns (pages, data)."""
    from reportlab.lib.units import mm

    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    doc_lang = DocLang(lang)
    letter_no = check_letter_no(letter_no)
    enclosures = check_enclosures(enclosures)
    data = report_data(conn, scope, silent_days=silent_days, visit_days=visit_days, today=today)
    info = _letter_info(data, letter_no, enclosures)
    _ = doc_lang
    title = _("Compliance report")
    frame_w = (267 if doc_lang.both else 180) * mm
    if data.is_circle:
        header = _("Circle {circle}, district {district}").format(circle=data.scope.circle, district=data.district)
    else:
        header = _("District {district}").format(district=data.district)
    printed = doc_lang.one("Printed {when} by Anupalan", doc_lang.primary).format(
        when=doc_lang.datetime(data.printed_at))
    page_label = doc_lang.one("Page {page} of {pages}", doc_lang.primary)
    pages = build_pdf(out, report_story(data, doc_lang, info, frame_w), title=str(title), page_label=page_label,
                      header_left=header, header_right=title, footer_note=printed,
                      pagesize=PAGE_A4_LANDSCAPE if doc_lang.both else PAGE_A4, lang=doc_lang.pdf_lang)
    return pages, data
