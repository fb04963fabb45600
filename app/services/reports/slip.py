"""Per-person pending slips (half an A4 sheet each) for the morning roll call.

One slip per person: who, which roles, how many pending and overdue, then every entry owed —
overdue first (oldest due first), then the rest by due time — with the case and what is left.
Several people print one after another, each starting on a new half sheet.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from xml.sax.saxutils import escape
from typing import BinaryIO

from app.models.staff import Person
from app.services.core import clock
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.access import roles_on
from app.services import obligations
from app.services.staff import get_person
from app.services.reports.common import (
    DocLang,
    DocumentResult,
    Particulars,
    document_path,
    furniture,
    particulars,
)
from app.services.core.sql_text import binary


@dataclass(frozen=True)
class SlipData:
    person_id: int
    name: str
    rank: str
    roles: tuple[tuple[str, str], ...]  # (name_hi, name_en)
    total: int
    items: list[obligations.PersonPending]


def slip_data(db: Database, person_ids: list[int], *, as_of: dt.datetime | None = None
              ) -> tuple[Particulars, dt.datetime, list[SlipData]]:
    from app.models.catalogue import Role

    moment = as_of or clock.now()
    with db.session() as s:
        p = particulars(s)
        held = roles_on(s, moment.date())
        role_names = {r.code: (r.name_hi, r.name_en) for r in s.query(Role).order_by(Role.sort)}
        out = []
        for pid in person_ids:
            person = get_person(s, pid)
            total, items = obligations.pending_for_person(s, pid, as_of)
            roles = tuple(role_names[r] for r in held.get(pid, []) if r in role_names)
            out.append(SlipData(pid, person.name, person.rank, roles, total, items))
        return p, moment, out


def slip_story(p: Particulars, moment: dt.datetime, slips: list[SlipData], lang: DocLang) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer

    from app.services.pdf import PAGE_HALF_A4, para, table

    _ = lang
    frame_w = PAGE_HALF_A4[0] - 20 * mm  # half-A4 margins: 10 mm each side
    story: list = []
    for n, slip in enumerate(slips):
        if n:
            story.append(PageBreak())
        overdue = sum(1 for i in slip.items if i.overdue)
        story.append(para(_("Pending CAS entries: {name}, {rank}").format(name=slip.name, rank=slip.rank),
                          "heading"))
        roles = ", ".join(lang.data(hi, en) for hi, en in slip.roles) or _("no role held")
        story.append(para(_("Roles: {roles}. As of {date}: {pending} pending, {overdue} overdue.").format(
            roles=roles, date=_.date(moment.date()), pending=lang.number(slip.total),
            overdue=lang.number(overdue)), "body"))
        if not slip.items:
            story.append(Spacer(1, 4 * mm))
            story.append(para(_("Nothing is pending. Thank you."), "body"))
            continue
        code_w, case_w, due_w, left_w, tick_w = 12 * mm, 26 * mm, 20 * mm, 32 * mm, 13 * mm
        duty_w = frame_w - code_w - case_w - due_w - left_w - tick_w
        rows = [[_("Code"), _("Entry owed"), _("Case"), _("Due by"), _("Status"), _("Done")]]
        for it in slip.items:
            days = (moment.date() - it.due_at.date()).days
            if it.overdue:
                status = _("Overdue by {days} days").format(days=lang.number(max(days, 0))) if days > 0 \
                    else _("Overdue today")
            elif days == 0:
                status = _("Due today")
            else:
                status = _("{days} days left").format(days=lang.number(-days))
            duty = f"{it.duty_name_hi}\n{it.duty_name_en}" if lang.both else lang.data(it.duty_name_hi,
                                                                                      it.duty_name_en)
            rows.append([it.duty_code, duty, _.case(it.case_label), _.short_date(it.due_at.date()),
                         para(f"<b>{escape(status)}</b>", "cell", markup=True) if it.overdue else status, ""])
        story.append(table(rows, [code_w, duty_w, case_w, due_w, left_w, tick_w]))
        story.append(Spacer(1, 3 * mm))
        story.append(para(_("Enter each item in CAS, then mark it done in Anupalan with the CAS reference."),
                          "small"))
    return story


def people_owing(db: Database) -> list[int]:
    """Active people who owe at least one pending entry, by name."""
    from sqlalchemy import select

    from app.models.obligations import Obligation

    with db.session() as s:
        return list(s.scalars(
            select(Person.id).where(Person.active.is_(True), Person.id.in_(
                select(Obligation.person_id).where(Obligation.status == "pending")))
            .order_by(binary(Person.name), Person.id)))


def _no_people() -> str:
    from app.i18n import _

    return _("Choose at least one person to print a slip for.")


def build_slips(db: Database, out: str | os.PathLike[str] | BinaryIO, person_ids: list[int], *,
                lang: str = "hi", as_of: dt.datetime | None = None) -> DocumentResult:
    """Slips for ``person_ids`` (each on its own half-A4 page, A5 landscape)."""
    from app.services.pdf import PAGE_HALF_A4, build_pdf

    if not person_ids:
        raise UserError(_no_people())
    doc_lang = DocLang(lang)
    _ = doc_lang
    p, moment, slips = slip_data(db, list(person_ids), as_of=as_of)
    title = _("Pending slip")
    f = furniture(doc_lang, p, title)
    pages = build_pdf(out, slip_story(p, moment, slips, doc_lang), title=title, page_label=f.page_label,
                      header_left=f.header_left, header_right=_.date(moment.date()),
                      footer_left=f.footer_left, footer_note=f.footer_note, pagesize=PAGE_HALF_A4,
                      lang=doc_lang.pdf_lang, audit_head=f.audit_head)
    return DocumentResult(document_path(out), pages, title)
