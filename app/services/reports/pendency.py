"""The pendency report for any period: per duty, what was pending at the start, what arose, what
was disposed of, and what was pending at the end (and overdue then), role by role."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import BinaryIO

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.storage import Database
from app.services import obligations
from app.services.reports.common import DocLang, DocumentResult, Particulars, particulars, write_period_report
from app.services.reports.compliance import check_period
from app.services.reports.figures import Figures, figures_at

FIELDS = ("opening", "arisen", "disposed", "closing", "closing_overdue")


@dataclass
class PendencyData:
    particulars: Particulars
    date_from: dt.date
    date_to: dt.date
    roles: list[obligations.RoleHolders]
    flows: list[obligations.DutyFlow]
    figures: Figures | None = None  # at the end of the period (now, if it ends today)


def pendency_data(db: Database, date_from, date_to) -> PendencyData:
    start, end = check_period(date_from, date_to)
    if end > clock.today():  # as every "as of": a day after today is not known yet (``obligations.moments``)
        raise UserError(_("The period ends on {date}, in the future: what will be owed then is not known yet. "
                          "End it today or earlier.").format(date=end.isoformat()))
    with db.session() as s:
        return PendencyData(particulars(s), start, end, obligations.role_holders(s, end),
                            obligations.pendency(s, start, end), figures_at(s, end))


def figures_line(data: PendencyData, lang: DocLang) -> list:
    """The moment the "pending at the end" figures describe, with what the tables leave out: the recurring
    periods missed and the entries awaiting the SHO's verification then (``figures``)."""
    from app.services.pdf import para

    _ = lang
    f = data.figures
    if f is None:
        return []
    text = _("Pending at the end is as at {moment}: {pending} entries pending, {overdue} of them overdue. Not in "
             "the tables: {missed} recurring periods missed and not made up, {waiting} entries made in CAS awaiting "
             "the SHO's verification.")
    return [para(text.format(moment=_.datetime(f.moment), pending=lang.number(f.totals.pending),
                             overdue=lang.number(f.totals.overdue), missed=lang.number(f.totals.missed),
                             waiting=lang.number(f.totals.awaiting_verification)), "body")]


def pendency_story(data: PendencyData, lang: DocLang) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak

    from app.services.pdf import para, table

    _ = lang
    frame_w = (267 if lang.both else 180) * mm
    story: list = [para(_("Pendency report"), "title"),
                   para(_("Police station {station}, district {district}. Period: {start} to {end}.").format(
                       station=data.particulars.station_in(lang), district=data.particulars.district_in(lang),
                       start=_.date(data.date_from), end=_.date(data.date_to)), "body"),
                   *figures_line(data, lang),
                   para(_("Pending at the start + arisen in the period − disposed of in the period = pending at "
                          "the end."), "small")]
    num_w = 19 * mm
    head = [_("Code"), _("Duty"), _("Pending at start"), _("Arisen"), _("Disposed of"), _("Pending at end"),
            _("Of which overdue")]
    widths = [14 * mm, frame_w - 14 * mm - 5 * num_w] + [num_w] * 5
    align = ["left", "left"] + ["right"] * 5
    grand = [0] * len(FIELDS)
    by_role: dict[str, list[obligations.DutyFlow]] = {}
    for f in data.flows:
        by_role.setdefault(f.role, []).append(f)
    for r in data.roles:
        flows = by_role.get(r.role, [])
        if not flows:
            continue
        story.append(CondPageBreak(35 * mm))
        story.append(para("({section}) {role}".format(section=r.section, role=lang.data(r.name_hi, r.name_en)),
                          "heading"))
        rows = [head]
        sums = [0] * len(FIELDS)
        for f in flows:
            values = [getattr(f, k) for k in FIELDS]
            sums = [a + b for a, b in zip(sums, values)]
            duty = f"{f.name_hi}\n{f.name_en}" if lang.both else lang.data(f.name_hi, f.name_en)
            rows.append([f.code, duty, *[lang.number(v) if v else "–" for v in values]])
        rows.append(["", _("Total"), *[lang.number(v) for v in sums]])
        grand = [a + b for a, b in zip(grand, sums)]
        story.append(table(rows, widths, align=align))
    story.append(CondPageBreak(20 * mm))
    story.append(para(_("All roles"), "heading"))
    story.append(table([head, ["", _("Total"), *[lang.number(v) for v in grand]]], widths, align=align))
    return story


def build_pendency(db: Database, out: str | os.PathLike[str] | BinaryIO, *, date_from, date_to,
                   lang: str = "hi", data: PendencyData | None = None) -> DocumentResult:
    """Write the report; ``data`` (``pendency_data`` of the same period) when the caller has read it already."""
    doc_lang = DocLang(lang)
    data = data or pendency_data(db, date_from, date_to)
    _ = doc_lang
    title = _("Pendency report")
    return write_period_report(out, doc_lang, data.particulars, title, lambda: pendency_story(data, doc_lang))
