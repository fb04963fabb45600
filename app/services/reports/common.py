"""What every printed document shares: its language, the station's particulars, page furniture.

The language of a document is chosen per document ("hi", "en" or "both") and passed explicitly;
nothing here switches the application's language, so a document can be built on the worker thread
while the window stays in another language. ``DocLang`` translates through ``app.i18n.translator``
(the same catalog and guard as ``_``: a translation whose ``{fields}`` differ from the source falls
back to the source). Document builders bind it to ``_`` so the strings are extracted like every
other message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import translator
from app.models.staff import Station
from app.services import audit
from app.services.core import clock, officers
from app.services.catalogue import active_circular
from app.services.core.errors import UserError
from app.services.core.formatting import format_date, format_number, station_bare
from app.services.station import office_particulars_in

LANG_MODES = ("hi", "en", "both")


def check_lang(mode: str | None) -> str:
    from app.i18n import _

    mode = (mode or "hi").strip().lower()
    if mode not in LANG_MODES:
        raise UserError(_("Unknown document language '{lang}'. Use hi, en or both.").format(lang=mode))
    return mode


class Bi(str):
    """A text of a two-language document that keeps its Hindi and English halves.

    As a string it is what a cell shows (``hi / en``, or a shorter ``shown`` form where the data are
    printed once). ``format`` fills each half with the same half of its fields (a plain ``str``
    field, such as a name, goes into both), so a sentence never mixes languages inside a half."""

    hi: str
    en: str

    def __new__(cls, hi: str, en: str, shown: str | None = None):
        hi, en = str(hi), str(en)
        obj = super().__new__(cls, shown if shown is not None else (hi if hi == en else f"{hi} / {en}"))
        obj.hi, obj.en = hi, en
        return obj

    def __reduce__(self):
        return (Bi, (self.hi, self.en, str(self)))

    def __deepcopy__(self, _memo) -> Bi:
        return self  # immutable, like the str it is

    def half(self, code: str) -> str:
        return self.hi if code == "hi" else self.en

    def format(self, *args, **kwargs) -> Bi:
        def fill(code: str) -> str:
            template = self.half(code)
            return template.format(*[DocLang.half(a, code) for a in args],
                                   **{k: DocLang.half(v, code) for k, v in kwargs.items()})

        return Bi(fill("hi"), fill("en"))


class DocLang:
    """The language of one document: ``hi``, ``en`` or ``both`` (Hindi first, English beside it)."""

    def __init__(self, mode: str) -> None:
        self.mode = check_lang(mode)
        self.primary = "en" if self.mode == "en" else "hi"
        self.both = self.mode == "both"
        self._translators = {code: translator(code) for code in ("hi", "en")}

    # texts ---------------------------------------------------------------------------------
    def __call__(self, message: str) -> str:
        """The document text for an English source message (used as ``_`` in builders). In "both" it
        is a ``Bi``: ``.format()`` fills the Hindi half with the Hindi half of each field and the
        English half with the English one, so each half reads wholly in its language."""
        if self.mode == "en":
            return message
        hi = self.one(message, "hi")
        if self.mode == "hi":
            return hi
        return Bi(hi, message)

    def pair(self, hi: str, en: str) -> str:
        """A text given in both languages: the one of the document's language, or a ``Bi`` in "both"."""
        if self.mode == "both":
            return Bi(hi, en)
        return en if self.mode == "en" else hi

    @staticmethod
    def half(value, code: str) -> str:
        """The ``code`` ("hi"/"en") half of a document text; a plain text is the same in both."""
        return value.half(code) if isinstance(value, Bi) else value

    def one(self, message: str, code: str) -> str:
        """``message`` (English source) in one language, ``hi`` or ``en``."""
        return self._translators[code].gettext(message)

    def case(self, label: str, *, with_sections: bool = True) -> str:
        """A case label (``CaseLabel``) as officers write it: "मु0अ0सं0 624/2022 धारा 303(2) BNS",
        "Case Crime No. 624/2022 u/s 303(2) BNS" (sections when the label carries them). In "both"
        a ``Bi``: each half in its language; shown alone, the words in both languages and the
        number once ("मु0अ0सं0 / Case Crime No. 624/2022 धारा / u/s 303(2) BNS")."""
        office = getattr(label, "office", None)
        if office is None:
            return label
        if self.mode != "both":
            return office(lambda message: self.one(message, self.primary), self.primary, with_sections=with_sections)
        hi = office(lambda message: self.one(message, "hi"), "hi", with_sections=with_sections)
        en = office(lambda message: self.one(message, "en"), "en", with_sections=with_sections)
        if label.kind == "fir" and label.number is not None:
            shown = officers.fir_text(label.number, label.year, label.act, label.sections, "hi",
                                      with_sections=with_sections)
            shown = shown.replace(officers.FIR_PREFIX["hi"],
                                  f"{officers.FIR_PREFIX['hi']} / {officers.FIR_PREFIX['en']}", 1)
            shown = shown.replace(f" {officers.SECTIONS_WORD['hi']} ",
                                  f" {officers.SECTIONS_WORD['hi']} / {officers.SECTIONS_WORD['en']} ", 1)
            return Bi(hi, en, shown)

        def kind_both(message: str) -> str:
            kind_hi, kind_en = self.one(message, "hi"), self.one(message, "en")
            return kind_hi if kind_hi == kind_en else f"{kind_hi} / {kind_en}"

        return Bi(hi, en, label.render(kind_both))

    def rank(self, rank: str | None) -> str:
        """A rank as offices abbreviate it: "उ0नि0" / "SI" ("उ0नि0 / SI" in "both"); unknown as typed."""
        return self.pair(officers.rank_text(rank, "hi"), officers.rank_text(rank, "en"))

    def person(self, name: str, rank: str | None, pno: str | None = None) -> str:
        """A person as a letter names him: "उ0नि0 राम सिंह (पीएनओ 132451007)", "SI Ram Singh (PNO
        132451007)". In "both" a ``Bi``; shown alone, the name once: "उ0नि0 / SI राम सिंह (PNO 132451007)"."""
        hi = officers.person_text(name, rank, pno, "hi")
        en = officers.person_text(name, rank, pno, "en")
        if self.mode != "both":
            return en if self.mode == "en" else hi
        ranks = officers.rank_text(rank, "hi"), officers.rank_text(rank, "en")
        rank_part = ranks[0] if ranks[0] == ranks[1] else f"{ranks[0]} / {ranks[1]}"
        shown = f"{rank_part} {(name or '').strip()}".strip()
        number = officers.pno_text(pno, "en")
        return Bi(hi, en, f"{shown} ({number})" if number else shown)

    def join(self, items, sep: str = ", ") -> str:
        """``items`` (texts of this document, e.g. ``person`` values) joined, each half with its own halves."""
        items = list(items)
        if self.mode != "both":
            return sep.join(items)
        return Bi(sep.join(self.half(i, "hi") for i in items), sep.join(self.half(i, "en") for i in items),
                  sep.join(str(i) for i in items))

    def data(self, hi: str, en: str) -> str:
        """A data label (duty or role name) that exists in both languages."""
        if self.mode == "en":
            return en
        if self.mode == "hi" or not en or hi == en:
            return hi
        return Bi(hi, en)

    # dates and numbers ---------------------------------------------------------------------
    def date(self, d: dt.date | None, style: str = "long") -> str:
        if d is None:
            return ""
        if self.mode == "en":
            return format_date(d, "en", style)
        hi = format_date(d, "hi", style)
        if self.mode == "hi" or style == "numeric":
            return hi
        en = format_date(d, "en", style)
        return hi if en == hi else Bi(hi, en)

    def short_date(self, d: dt.date | None) -> str:
        """Numeric date (dd.mm.yyyy), as the letters write them; the same in both languages."""
        return "" if d is None else format_date(d, self.primary, "numeric")

    def letter_number(self, number: str) -> str:
        """A letter's number (पत्रांक) as each language cites it: as printed in Hindi, "TS-CCTNS-35/2010" for
        "टीएस-सीसीटीएनएस-35/2010" in English (``catalogue.number_in_english``); a ``Bi`` in "both"."""
        from app.services.catalogue import number_in_english

        return self.pair(number, number_in_english(number))

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return f"{self.short_date(value.date())} {value.hour:02d}:{value.minute:02d}"

    def number(self, n: int) -> str:
        hi = format_number(n, self.primary)
        if self.mode != "both":
            return hi
        en = format_number(n, "en")
        return hi if en == hi else Bi(hi, en, hi)  # a number shown alone is written once

    @property
    def pdf_lang(self) -> str:
        return "en-IN" if self.mode == "en" else "hi-IN"


# --- the station's particulars ---------------------------------------------------------------


@dataclass(frozen=True)
class Particulars:
    station: str
    district: str
    station_code: str | None
    circular_number: str
    circular_date: dt.date | None
    audit_count: int
    audit_hash: str
    printed_at: dt.datetime
    # the station and district as the office particulars write them in each language (station.office)
    names: dict[str, str] = field(default_factory=dict)

    def station_in(self, lang: DocLang) -> str:
        """The name for a "Police station {station}" line (a leading "थाना"/"PS" of the name dropped)."""
        return lang.pair(station_bare(self.names.get("station_hi") or self.station),
                         station_bare(self.names.get("station_en") or self.station))

    def district_in(self, lang: DocLang) -> str:
        return lang.pair(self.names.get("district_hi") or self.district,
                         self.names.get("district_en") or self.district)


def particulars(session: Session) -> Particulars:
    st = session.scalars(select(Station).order_by(Station.id)).first()
    if st is None:
        from app.i18n import _

        raise UserError(_("This database has no station yet. Create the station before printing."))
    circ = active_circular(session)
    count, digest = audit.chain_head(session)
    office = office_particulars_in(session)
    names = {k: office.values[k] for k in ("station_hi", "station_en", "district_hi", "district_en")}
    return Particulars(st.name, st.district, st.code, circ.number if circ else "",
                       circ.date if circ else None, count, digest, clock.now(), names)


@dataclass(frozen=True)
class Furniture:
    """Arguments for ``build_pdf``'s page furniture, in the document's language."""

    header_left: str
    header_right: str
    footer_left: str
    footer_note: str
    page_label: str
    audit_head: tuple[int, str] | None = None  # for the footer's QR code (build_pdf)


def furniture(lang: DocLang, p: Particulars, title: str) -> Furniture:
    """Header, footer and page label. In a two-language document the header carries both
    languages; the footer lines and page label stay short (Hindi, then the English page label)."""
    def _(message: str) -> str:
        return lang.one(message, lang.primary)

    chain = _("Audit #{count} · {hash}").format(count=p.audit_count, hash=p.audit_hash[:audit.HEAD_HASH_CHARS])
    printed = _("Printed {when} by Anupalan").format(when=lang.datetime(p.printed_at))
    reference = ""
    if p.circular_number:
        reference = _("Allocation letter no. {number} dated {date}").format(
            number=DocLang.half(lang.letter_number(p.circular_number), lang.primary),
            date=lang.short_date(p.circular_date))
    page_label = _("Page {page} of {pages}")
    if lang.both and lang.one("Page {page} of {pages}", "hi") != "Page {page} of {pages}":
        page_label = page_label + " · " + "Page {page} of {pages}"
    return Furniture(
        header_left=lang("Police station {station}, district {district}").format(
            station=p.station_in(lang), district=p.district_in(lang)),
        header_right=title,
        footer_left=reference,
        footer_note=f"{chain} · {printed}",
        page_label=page_label,
        audit_head=(p.audit_count, p.audit_hash),
    )


@dataclass(frozen=True)
class DocumentResult:
    path: Path
    pages: int
    title: str


def document_path(out) -> Path | None:
    """The file a document was written to (None when it went to an open stream)."""
    return None if hasattr(out, "write") else Path(out)


def write_period_report(out, lang: DocLang, particulars: Particulars, title: str, story) -> DocumentResult:
    """Write a report over a period (compliance, pendency) with the usual header and footer: A4, landscape
    when it is in both languages. ``story`` is called for the flowables."""
    from app.services.pdf import PAGE_A4, PAGE_A4_LANDSCAPE, build_pdf

    f = furniture(lang, particulars, title)
    pages = build_pdf(out, story(), title=title, page_label=f.page_label,
                      header_left=f.header_left, header_right=f.header_right, footer_left=f.footer_left,
                      footer_note=f.footer_note, pagesize=PAGE_A4_LANDSCAPE if lang.both else PAGE_A4,
                      lang=lang.pdf_lang, audit_head=f.audit_head)
    return DocumentResult(document_path(out), pages, title)