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
from app.services.reports.figures import Figures, check_records_cover, figures_many, verification_moves

FIELDS = ("opening", "arisen", "disposed", "missed", "closing", "closing_overdue")
VERIFY_DUTY = "A-2"  # the SHO checks the quality of the data fed into CAS: its pendency is the verification backlog


@dataclass(frozen=True)
class VerificationFlow:
    """The SHO's verification (A-2) over the period: entries made in CAS awaiting his verification at the end of
    the day before it and at its end (the figures' ``awaiting_verification``), with those that joined and left
    the backlog meanwhile (``figures.verification_moves``, as the compliance report's A-2 table): opening + made -
    verified == closing."""
    opening: int
    made: int
    verified: int
    closing: int

    def as_dict(self) -> dict:
        return {"duty": VERIFY_DUTY, "opening": self.opening, "made": self.made, "verified": self.verified,
                "closing": self.closing}


@dataclass
class PendencyData:
    particulars: Particulars
    date_from: dt.date
    date_to: dt.date
    roles: list[obligations.RoleHolders]
    flows: list[obligations.DutyFlow]
    figures: Figures | None = None  # at the end of the period (now, if it ends today)
    verification: VerificationFlow | None = None


def pendency_data(db: Database, date_from, date_to) -> PendencyData:
    start, end = check_period(date_from, date_to)
    if end > clock.today():  # as every "as of": a day after today is not known yet (``obligations.moments``)
        raise UserError(_("The period ends on {date}, in the future: what will be owed then is not known yet. "
                          "End it today or earlier.").format(date=end.isoformat()))
    with db.session() as s:
        check_records_cover(s, end)  # a period before the station's records begin: nothing to report
        at_end, before = figures_many(s, [end, start - dt.timedelta(days=1)])
        made, verified = verification_moves(s, before.moment, at_end.moment, live=at_end.live)
        verification = VerificationFlow(before.totals.awaiting_verification, made, verified,
                                        at_end.totals.awaiting_verification)
        return PendencyData(particulars(s), start, end, obligations.role_holders(s, end),
                            obligations.pendency(s, start, end), at_end, verification)


def figures_line(data: PendencyData, lang: DocLang) -> list:
    """The moment the "pending at the end" figures describe, with what the tables leave out: the recurring
    periods missed and the entries awaiting the SHO's verification then (``figures``)."""
    from app.services.pdf import para

    _ = lang
    f = data.figures
    if f is None:
        return []
    text = _("Pending at the end is as at {moment}: {pending} entries pending, {overdue} of them overdue; "
             "{missed} recurring periods missed and not made up; {waiting} entries made in CAS awaiting the SHO's "
             "verification (row A-2).")
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
                   para(_("Pending at the start + arisen in the period − disposed of (made in CAS or not "
                          "applicable) − periods missed = pending at the end. Row A-2 counts the entries made in CAS "
                          "that await the SHO's verification: awaiting at the start + made in the period − verified "
                          "in the period = awaiting at the end; it is not in the totals, which count entries owed."),
                        "small")]
    num_w = 18 * mm
    head = [_("Code"), _("Duty"), _("Pending at start"), _("Arisen"), _("Disposed of"), _("Periods missed"),
            _("Pending at end"), _("Of which overdue")]
    widths = [14 * mm, frame_w - 14 * mm - 6 * num_w] + [num_w] * 6
    align = ["left", "left"] + ["right"] * 6
    v = data.verification
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
            duty = f"{f.name_hi}\n{f.name_en}" if lang.both else lang.data(f.name_hi, f.name_en)
            if f.code == VERIFY_DUTY and v is not None and not any(getattr(f, k) for k in FIELDS):
                # the SHO's verification is recorded on the entries, not as entries of its own: its backlog
                rows.append([f.code, duty + "\n" + _("(entries awaiting verification; not in the totals)"),
                             *[lang.number(n) if n else "–" for n in (v.opening, v.made, v.verified)], "",
                             lang.number(v.closing) if v.closing else "–", ""])
                continue
            values = [getattr(f, k) for k in FIELDS]
            sums = [a + b for a, b in zip(sums, values)]
            rows.append([f.code, duty, *[lang.number(n) if n else "–" for n in values]])
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
