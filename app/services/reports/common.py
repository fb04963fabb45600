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
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import translator
from app.models.staff import Station
from app.services import audit
from app.services.core import clock
from app.services.catalogue import active_circular
from app.services.core.errors import UserError
from app.services.core.formatting import format_date, format_number

LANG_MODES = ("hi", "en", "both")


def check_lang(mode: str | None) -> str:
    from app.i18n import _

    mode = (mode or "hi").strip().lower()
    if mode not in LANG_MODES:
        raise UserError(_("Unknown document language '{lang}'. Use hi, en or both.").format(lang=mode))
    return mode


class DocLang:
    """The language of one document: ``hi``, ``en`` or ``both`` (Hindi first, English beside it)."""

    def __init__(self, mode: str) -> None:
        self.mode = check_lang(mode)
        self.primary = "en" if self.mode == "en" else "hi"
        self.both = self.mode == "both"
        self._translators = {code: translator(code) for code in ("hi", "en")}

    # texts ---------------------------------------------------------------------------------
    def __call__(self, message: str) -> str:
        """The document text for an English source message (used as ``_`` in builders)."""
        if self.mode == "en":
            return message
        hi = self.one(message, "hi")
        if self.mode == "hi" or hi == message:
            return hi
        return f"{hi} / {message}"

    def one(self, message: str, code: str) -> str:
        """``message`` (English source) in one language, ``hi`` or ``en``."""
        return self._translators[code].gettext(message)

    def case(self, label: str) -> str:
        """A case label (``queries.CaseLabel``) in the document's main language; Hindi in "both"
        (the case number carries the meaning, and the column stays narrow)."""
        render = getattr(label, "render", None)
        if render is None:
            return label
        return render(lambda message: self.one(message, self.primary))

    def data(self, hi: str, en: str) -> str:
        """A data label (duty or role name) that exists in both languages."""
        if self.mode == "en":
            return en
        if self.mode == "hi" or not en or hi == en:
            return hi
        return f"{hi} / {en}"

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
        return hi if en == hi else f"{hi} / {en}"

    def short_date(self, d: dt.date | None) -> str:
        """Numeric date (dd.mm.yyyy), as the letters write them; the same in both languages."""
        return "" if d is None else format_date(d, self.primary, "numeric")

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return f"{self.short_date(value.date())} {value.hour:02d}:{value.minute:02d}"

    def number(self, n: int) -> str:
        return format_number(n, self.primary)

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


def particulars(session: Session) -> Particulars:
    st = session.scalars(select(Station).order_by(Station.id)).first()
    if st is None:
        from app.i18n import _

        raise UserError(_("This database has no station yet. Create the station before printing."))
    circ = active_circular(session)
    count, digest = audit.chain_head(session)
    return Particulars(st.name, st.district, st.code, circ.number if circ else "",
                       circ.date if circ else None, count, digest, clock.now())


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
            number=p.circular_number, date=lang.short_date(p.circular_date))
    page_label = _("Page {page} of {pages}")
    if lang.both and lang.one("Page {page} of {pages}", "hi") != "Page {page} of {pages}":
        page_label = page_label + " · " + "Page {page} of {pages}"
    return Furniture(
        header_left=lang("Police station {station}, district {district}").format(
            station=p.station, district=p.district),
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