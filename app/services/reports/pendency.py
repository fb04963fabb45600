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

FIELDS = ("opening", "arisen", "disposed", "missed", "closing", "closing_overdue")
VERIFY_DUTY = "A-2"  # the SHO checks the quality of the data fed into CAS: its pendency is the verification backlog


@dataclass(frozen=True)
class VerificationFlow:
    """The SHO's verification (A-2) over the period: entries made in CAS awaiting his verification at the start
    (``in_status_at(start, "entered")``), made in the period, verified in the period, awaiting at the end
    (the figures' ``awaiting_verification``). opening + made - verified == closing."""
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


def verification_flow(session, date_from: dt.date, date_to: dt.date) -> VerificationFlow:
    """``VerificationFlow`` of the period, read with the one definition of "entered" and "verified" at a moment
    (``obligations.in_status_at``) at the end of the day before the period and at its end."""
    from sqlalchemy import and_, case, func, not_, or_, select

    from app.models.obligations import Obligation as o

    start = obligations.as_of_moment(date_from - dt.timedelta(days=1))
    end = obligations.as_of_moment(date_to)

    def count_if(cond):
        return func.sum(case((cond, 1), else_=0))

    def at(t, status):  # a period ending today ends now, in the live state, as the figures read it
        return o.status == status if t is None else obligations.in_status_at(t, status)

    def made_by(t):
        return or_(at(t, "entered"), at(t, "verified"))

    start_t, end_t = start, (end if obligations.is_past(date_to) else None)
    waiting_then, waiting_now = at(start_t, "entered"), at(end_t, "entered")
    verified_now, verified_then = at(end_t, "verified"), at(start_t, "verified")
    row = session.execute(
        select(count_if(waiting_then), count_if(and_(made_by(end_t), not_(made_by(start_t)))),
               count_if(and_(verified_now, not_(verified_then))), count_if(waiting_now))
        .where(o.status.in_(obligations.CLOSED_ENTERED),
               # an entry verified before the period (most of a station's) counts in none of the four: left
               # out by a cheap test before its statuses are worked out
               or_(o.status != "verified", o.anchor_at > start, o.entered_at.is_(None), o.entered_at > start,
                   func.coalesce(o.verified_at, o.entered_at) > start))).one()
    return VerificationFlow(*(int(v or 0) for v in row))


def pendency_data(db: Database, date_from, date_to) -> PendencyData:
    start, end = check_period(date_from, date_to)
    if end > clock.today():  # as every "as of": a day after today is not known yet (``obligations.moments``)
        raise UserError(_("The period ends on {date}, in the future: what will be owed then is not known yet. "
                          "End it today or earlier.").format(date=end.isoformat()))
    with db.session() as s:
        return PendencyData(particulars(s), start, end, obligations.role_holders(s, end),
                            obligations.pendency(s, start, end), figures_at(s, end),
                            verification_flow(s, start, end))


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
