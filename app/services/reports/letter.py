"""An office letter's frame, as a UP police station writes one: the letterhead, पत्रांक and दिनांक,
सेवा में, द्वारा, विषय, सन्दर्भ, महोदय; numbered paragraphs; then संलग्नक, भवदीय with the signatory's
name, rank and PNO, and प्रतिलिपि. English documents get the English equivalents.

The body of a letter is its builder's: each section starts with ``section_heading(text)`` (no
number), and ``number_sections`` numbers them in order when the frame puts the letter together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.staff import Person, RoleAssignment
from app.services.core import clock, officers
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.services.core.formatting import station_bare
from app.services.reports.common import DocLang
from app.services.station import OfficeParticulars, office_particulars_in

MAX_LETTER_NO = 80
MAX_ENCLOSURES = 10
# The February 2019 reminder of the 19 Nov 2018 allocation letter bears the same file number; its day is
# illegible in the copy (resources/catalogue/allocation_2018.json, "reinforced_by").
ALLOCATION_KEY = "up-2018-11-19"


@dataclass(frozen=True)
class Signatory:
    name: str
    rank: str
    pno: str | None


@dataclass(frozen=True)
class LetterInfo:
    """What the frame needs besides the body: the office's particulars, the letter's number (typed by
    the user from the station's dispatch register; blank to be written by hand), its date, the SHO who
    signs, the allocation letter it answers, the enclosures."""

    office: OfficeParticulars
    letter_no: str
    letter_date: dt.date
    signatory: Signatory | None
    circular_key: str | None
    circular_number: str
    circular_date: dt.date | None
    enclosures: tuple[str, ...] = field(default_factory=tuple)


def check_letter_no(letter_no: str | None) -> str:
    return clean_text(letter_no, _("Letter number"), max_len=MAX_LETTER_NO, one_line=True)


def check_enclosures(enclosures) -> tuple[str, ...]:
    items = tuple(clean_text(e, _("Enclosure"), max_len=200, one_line=True) for e in (enclosures or ()))
    items = tuple(e for e in items if e)
    if len(items) > MAX_ENCLOSURES:
        raise UserError(_("At most {count} enclosures can be listed.").format(count=MAX_ENCLOSURES))
    return items


def current_sho(s: Session, day: dt.date) -> Signatory | None:
    """The station in-charge on ``day`` (the longest-serving holder of the SHO role), who signs."""
    row = s.execute(
        select(Person.name, Person.rank, Person.pno)
        .join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role_code == "sho", RoleAssignment.from_date <= day, Person.active.is_(True),
               (RoleAssignment.to_date.is_(None)) | (RoleAssignment.to_date >= day))
        .order_by(RoleAssignment.from_date, RoleAssignment.id)
    ).first()
    return None if row is None else Signatory(row.name, row.rank, row.pno)


def letter_info(s: Session, *, letter_no: str | None = None, enclosures=()) -> LetterInfo:
    from app.services.catalogue import active_circular

    today = clock.today()
    circ = active_circular(s)
    return LetterInfo(office=office_particulars_in(s), letter_no=check_letter_no(letter_no), letter_date=today,
                      signatory=current_sho(s, today), circular_key=circ.key if circ else None,
                      circular_number=circ.number if circ else "", circular_date=circ.date if circ else None,
                      enclosures=check_enclosures(enclosures))


# --- numbered sections ---------------------------------------------------------------------------


class SectionHeading:
    """A body section's heading, numbered by ``number_sections`` (a placeholder until then)."""

    def __init__(self, text: str) -> None:
        self.text = text


def section_heading(text: str) -> SectionHeading:
    """The heading of a numbered paragraph of a letter: give the text without a number."""
    return SectionHeading(text)


def number_sections(story: list, start: int = 1) -> list:
    """``story`` with each ``SectionHeading`` made a heading paragraph "N. text", N counting from ``start``."""
    from app.services.pdf import para

    out, n = [], start
    for item in story:
        if isinstance(item, SectionHeading):
            out.append(para(f"{n}. {item.text}", "heading"))
            n += 1
        else:
            out.append(item)
    return out


# --- the frame ---------------------------------------------------------------------------------------


def _labelled(label: str, text: str, style: str = "body"):
    from app.services.pdf import para

    return para(f"<b>{escape(label)}</b> {escape(text)}", style, markup=True)


def _label_width(lang: DocLang) -> float:
    """The column of "सन्दर्भ:", "संलग्नक:", "प्रतिलिपि:" (wider when it holds both languages)."""
    from reportlab.lib.units import mm

    return (40 if lang.both else 24) * mm


def _bold(text: str):
    from app.services.pdf import para

    return para(f"<b>{escape(text)}</b>", "body", markup=True)


def _layout(rows: list[list], widths: list[float], align: list[str] | None = None):
    """A borderless table for placing text (no grid, no shading)."""
    from reportlab.platypus import Table, TableStyle

    from app.services.pdf import FONT

    style = [("FONT", (0, 0), (-1, -1), FONT, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
             ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for c, a in enumerate(align or []):
        style.append(("ALIGN", (c, 0), (c, -1), a.upper()))
    return Table(rows, colWidths=widths, style=TableStyle(style), hAlign="LEFT")


def _office(lang: DocLang, info: LetterInfo, key: str) -> str:
    return lang.pair(info.office.get(key, "hi"), info.office.get(key, "en"))


def _station(lang: DocLang, info: LetterInfo) -> str:
    """The station's name for "Police station {station}" (a leading "थाना"/"PS" of the name dropped)."""
    return lang.pair(station_bare(info.office.get("station", "hi")), station_bare(info.office.get("station", "en")))


def letter_head(lang: DocLang, info: LetterInfo, *, subject: str, frame_w: float, place: str | None = None,
                addressees: list[str] | None = None, through: str | None = None) -> list:
    """Letterhead, पत्रांक / दिनांक, सेवा में, द्वारा and विषय (``subject``, already in the document's
    language). The references and the salutation follow with ``letter_references``. A letter from another
    office than a station (a circle or district office) gives its own ``place`` (the line under the
    letterhead), ``addressees`` and ``through`` ("" for none), each in the document's language."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para

    _ = lang
    station, district = _station(lang, info), _office(lang, info, "district")
    if place is None:
        place = _("Police station {station}, district {district}").format(station=station, district=district)
    story: list = [para(_office(lang, info, "office"), "title"), para(place, "cell_centre")]
    contact = []
    if info.office.get("phone"):
        contact.append(_("Tel.: {phone}").format(phone=info.office.get("phone")))
    if info.office.get("email"):
        contact.append(_("E-mail: {email}").format(email=info.office.get("email")))
    if contact:
        story.append(para("   ".join(contact), "cell_centre"))
    story.append(Spacer(1, 4 * mm))
    number = info.letter_no or "_" * 24
    story.append(_layout([[_labelled(_("Letter no.:"), number),
                           _labelled(_("Date:"), lang.short_date(info.letter_date), "cell_right")]],
                         [frame_w * 0.6, frame_w * 0.4]))
    story.append(Spacer(1, 3 * mm))
    story.append(para(_("To,"), "body"))
    if addressees is None:
        addressees = [_("{office}, district {district}.").format(office=_office(lang, info, key), district=district)
                      for key in ("sp", "nodal")]
    story.append(_layout([[None, para("\n".join(addressees), "body")]], [12 * mm, frame_w - 12 * mm]))
    if through is None:
        through = _("{office}, district {district}.").format(office=_office(lang, info, "co"), district=district)
    if through:
        story.append(_labelled(_("Through:"), through))
    story.append(Spacer(1, 2 * mm))
    story.append(_labelled(_("Subject:"), subject))
    return story


def letter_references(lang: DocLang, info: LetterInfo, *, opening: str, frame_w: float) -> list:
    """सन्दर्भ (the allocation letter and, for the 2018 letter, its February 2019 reminder), महोदय,
    and the opening paragraph (``opening``, in the document's language)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.services.pdf import para

    _ = lang
    refs = []
    if info.circular_number:
        refs.append(_("Police Headquarters, Uttar Pradesh, letter no. {number} dated {date}.").format(
            number=lang.letter_number(info.circular_number), date=lang.short_date(info.circular_date)))
        if info.circular_key == ALLOCATION_KEY:
            refs.append(_("Letter of the same number dated February 2019 (reminder)."))
    story: list = []
    if refs:
        label = _bold(_("Reference:"))
        lines = [para(f"{i}. {r}" if len(refs) > 1 else r, "body") for i, r in enumerate(refs, 1)]
        story.append(_layout([[label, lines]], [_label_width(lang), frame_w - _label_width(lang)]))
    story += [Spacer(1, 3 * mm), para(_("Sir,"), "body"), para(opening, "body"), Spacer(1, 2 * mm)]
    return story


def letter_close(lang: DocLang, info: LetterInfo, *, closing: str, frame_w: float, place: str | None = None) -> list:
    """The closing sentence, संलग्नक, भवदीय with the SHO's name, rank and PNO, and प्रतिलिपि. ``place``: the
    line under the signature for a letter from another office than a station (see ``letter_head``)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para

    _ = lang
    label_w = _label_width(lang)
    closing_part: list = [Spacer(1, 3 * mm), para(closing, "body")]
    if info.enclosures:
        items = [para(f"{i}. {e}", "body") for i, e in enumerate(info.enclosures, 1)]
        closing_part.append(_layout([[_bold(_("Enclosures:")), items]], [label_w, frame_w - label_w]))
    else:
        closing_part.append(_labelled(_("Enclosures:"), _("nil")))
    station, district = _station(lang, info), _office(lang, info, "district")
    sig = info.signatory
    block = [para(_("Yours faithfully,"), "body"), Spacer(1, 14 * mm)]
    if sig is not None:
        block.append(para(f"({sig.name})", "body"))
    else:
        block.append(para("(" + "." * 40 + ")", "body"))
    block.append(para(_office(lang, info, "signatory"), "body"))
    if sig is not None:
        rank = lang.pair(officers.rank_text(sig.rank, "hi", full=True), officers.rank_text(sig.rank, "en", full=True))
        pno = (sig.pno or "").strip()
        block.append(para(f"{rank}, {officers.pno_text(pno, 'en')}" if pno else rank, "body"))  # the PNO once
    if place is None:
        place = _("Police station {station}, district {district}").format(station=station, district=district)
    block.append(para(place, "body"))
    signature = _layout([[None, block]], [frame_w * 0.55, frame_w * 0.45])
    copies_hi = [c.strip() for c in info.office.get("copy", "hi").split(";") if c.strip()]
    copies_en = [c.strip() for c in info.office.get("copy", "en").split(";") if c.strip()]
    if lang.mode == "hi":
        copies = copies_hi
    elif lang.mode == "en":
        copies = copies_en
    else:
        copies = [lang.pair(h, e) for h, e in zip(copies_hi, copies_en)] + copies_hi[len(copies_en):]
    copy_rows = [para(f"{i}. {c}" if len(copies) > 1 else c, "body") for i, c in enumerate(copies, 1)]
    # the closing sentence, the enclosures, the signature and the copies stay on one page (never one alone)
    block = [*closing_part, Spacer(1, 4 * mm), signature]
    if copy_rows:
        block += [Spacer(1, 4 * mm), _layout([[_bold(_("Copy to:")), copy_rows]], [label_w, frame_w - label_w])]
    return [KeepTogether(block)]
