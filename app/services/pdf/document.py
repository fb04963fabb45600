"""One builder for every printed document: page furniture, "page x of y", atomic write.

Every page gets a header (left and right text over a thin rule) and a footer (a thin rule, the
footer text on the left, the page label on the right, and a note line under them — the note
carries the audit chain head). The page label is a format string the caller translates
("Page {page} of {pages}", "पृष्ठ {page} / {pages}"); the total is known because the canvas
keeps every page until the end and draws the furniture when the document is saved.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.paths import APP_NAME
from app.services.core.atomic import write_bytes
from app.services.pdf.fonts import register_fonts
from app.services.pdf.layout import keep_headings
from app.services.pdf.shaping_cache import MemoTextObject
from app.services.pdf.text import canvas_text, styles, text_width

PAGE_A4 = A4
PAGE_A4_LANDSCAPE = landscape(A4)
PAGE_HALF_A4 = landscape(A5)  # half an A4 sheet, landscape: pending slips, two to a sheet
PAGE_SIZES = {"A4": PAGE_A4, "A4-landscape": PAGE_A4_LANDSCAPE, "A5-landscape": PAGE_HALF_A4}

# Compressed streams are written as binary, not ASCII85 text: ReportLab's pure-Python ASCII85 encoder took a
# tenth of a checklist's print time, and the files are a fifth smaller. Every PDF reader reads both.
rl_config.useA85 = 0

RULE_GREY = colors.HexColor("#808080")
NOTE_GREY = colors.HexColor("#404040")


@dataclass(frozen=True)
class Margins:
    """Page margins in points. The header sits in the top margin, the footer in the bottom one."""

    top: float = 20 * mm
    right: float = 15 * mm
    bottom: float = 22 * mm
    left: float = 15 * mm


MARGINS_A4 = Margins()
MARGINS_HALF_A4 = Margins(top=15 * mm, right=10 * mm, bottom=17 * mm, left=10 * mm)


@dataclass(frozen=True)
class _Furniture:
    header_left: str
    header_right: str
    footer_left: str
    footer_note: str
    page_label: str
    number: Callable[[int], str]
    margins: Margins
    header_size: float
    footer_size: float
    note_size: float
    audit_head: tuple[int, str] | None = None  # (sequence, hash) of the audit chain when the data was read


def _fit(text: str, size: float, bold: bool, max_width: float) -> float:
    """The largest size not above ``size`` (down to 60 %) at which ``text`` fits ``max_width``."""
    if not text or max_width <= 0:
        return size
    width = text_width(text, size, bold)
    if width <= max_width:
        return size
    return max(size * 0.6, size * max_width / width)


QR_MAX = 15 * mm
DIGEST_CHARS = 32  # 128 bits of the document's digest in the seal


def seal_text(audit_head: tuple[int, str], digest: str) -> str:
    """What a document's footer QR code says: the audit head it was printed at (number and 128 bits of the
    hash, as the footer prints them) and 128 bits of the digest of the pages' body (everything drawn but
    the furniture). Upper case, so the QR code uses its compact alphanumeric mode."""
    from app.services.audit import HEAD_HASH_CHARS

    seq, head = audit_head
    return "ANUPALAN:{seq}:{head}:{doc}".format(seq=seq, head=head[:HEAD_HASH_CHARS],
                                                doc=digest[:DIGEST_CHARS]).upper()


def body_digest(pages: list[dict]) -> str:
    """SHA-256 of the drawing operators of every page's body, in order (the furniture is drawn later)."""
    h = hashlib.sha256()
    for number, state in enumerate(pages, start=1):
        h.update(f"page {number}\n".encode())
        for op in state.get("_code", []):
            h.update(str(op).encode("utf-8", "surrogatepass"))
            h.update(b"\n")
    return h.hexdigest()


@functools.lru_cache(maxsize=64)
def _seal_path(text: str, size: float) -> str:
    """The PDF operators filling the dark modules of ``text``'s QR code, ``size`` square, origin at its lower
    left corner: one path of rectangles (one per run of dark modules in a row) and one fill. A document
    repeats one seal on every page, so the code is encoded and formatted once, not once a page."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.lib.rl_accel import fp_str

    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    modules = widget.qr.modules
    border = 1  # the light margin around the code, in modules; the page's white does the rest
    box = size / (len(modules) + 2 * border)
    rects = []
    for r, row in enumerate(modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            count = len(list(run))
            if dark:
                rects.append(f"{fp_str((c + border) * box, size - (r + border + 1) * box, count * box, box)} re")
            c += count
    return " ".join(rects) + " f" if rects else ""


def _draw_seal(canv: Canvas, text: str, x_right: float, y_top: float, size: float) -> None:
    """The QR code of ``text``, ``size`` square, its top right corner at (``x_right``, ``y_top``): the
    modules drawn as filled rectangles straight on the page (no font, no drawing state)."""
    from reportlab.lib.rl_accel import fp_str

    path = _seal_path(text, size)
    if path:
        canv.addLiteral(f"q 0 g 1 0 0 1 {fp_str(x_right - size, y_top - size)} cm {path} Q")


draw_seal = _draw_seal  # for layouts of their own (halves.py)


def _draw_furniture(canv: Canvas, f: _Furniture, page: int, pages: int, seal: str = "") -> None:
    page_w, page_h = canv._pagesize
    m = f.margins
    left, right = m.left, page_w - m.right
    usable = right - left
    canv.saveState()
    canv.setStrokeColor(RULE_GREY)
    canv.setLineWidth(0.5)

    # Header: text on a baseline 2 mm above a rule that sits 4 mm above the frame.
    rule_y = page_h - m.top + 4 * mm
    base_y = rule_y + 2 * mm
    if f.header_left or f.header_right:
        right_w = text_width(f.header_right, f.header_size, False) if f.header_right else 0
        size = _fit(f.header_left, f.header_size, True, usable - right_w - 6 * mm)
        if f.header_left:
            canvas_text(canv, left, base_y, f.header_left, size, bold=True)
        if f.header_right:
            canvas_text(canv, right, base_y, f.header_right, f.header_size, align="right")
        canv.line(left, rule_y, right, rule_y)

    # Footer: a rule 4 mm below the frame, then the text line, then the note line.
    rule_y = m.bottom - 4 * mm
    canv.line(left, rule_y, right, rule_y)
    line_y = rule_y - f.footer_size * 1.35
    if seal:  # the QR code sits at the right under the rule; the texts keep to its left
        qr = min(QR_MAX, rule_y - 2.5 * mm)
        _draw_seal(canv, seal, right, rule_y - 1 * mm, qr)
        right -= qr + 2 * mm
        usable = right - left
    label = f.page_label.format(page=f.number(page), pages=f.number(pages))
    label_w = canvas_text(canv, right, line_y, label, f.footer_size, align="right")
    if f.footer_left:
        size = _fit(f.footer_left, f.footer_size, False, usable - label_w - 6 * mm)
        canvas_text(canv, left, line_y, f.footer_left, size)
    if f.footer_note:
        canv.setFillColor(NOTE_GREY)
        size = _fit(f.footer_note, f.note_size, False, usable)
        canvas_text(canv, left, line_y - f.note_size * 1.4, f.footer_note, size)
    canv.restoreState()


class _FurnishedCanvas(Canvas):
    """Keeps each finished page until ``save`` so the furniture can say "page x of y"."""

    def __init__(self, *args, furniture: _Furniture, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict] = []
        self._shaped_text_memo: dict = {}  # this document's formatted shaped strings

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 (ReportLab's name)
        return MemoTextObject(self, x, y, direction=direction, memo=self._shaped_text_memo)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        head = self._furniture.audit_head
        self.seal = seal_text(head, body_digest(self._pages)) if head is not None else ""
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            _draw_furniture(self, self._furniture, number, total, self.seal)
            Canvas.showPage(self)
        Canvas.save(self)


def build_pdf(
    path_or_file: str | os.PathLike[str] | BinaryIO,
    story: Iterable[Flowable],
    *,
    title: str,
    page_label: str,
    header_left: str = "",
    header_right: str = "",
    footer_left: str = "",
    footer_note: str = "",
    number: Callable[[int], str] = str,
    pagesize: tuple[float, float] | str = PAGE_A4,
    margins: Margins | None = None,
    subject: str = "",
    lang: str | None = None,
    audit_head: tuple[int, str] | None = None,
) -> int:
    """Build a PDF with a header and footer on every page; return the number of pages.

    ``page_label`` is the translated footer page label with ``{page}`` and ``{pages}`` fields;
    ``number`` formats each number (pass a function giving Devanagari digits if wanted).
    ``pagesize`` is a (width, height) in points or one of ``PAGE_SIZES``' names; ``PAGE_HALF_A4``
    is A5 landscape, with smaller default margins.

    ``audit_head`` (the chain's number and hash when the document's data was read) puts a QR code in every
    page's footer with ``seal_text``: that head and the digest of the pages' body, so a printed page can
    later be checked against the database (``audit verify --head``) and against the file it came from.

    A path is written atomically: the PDF is built in memory and saved with
    ``app.services.core.atomic.write_bytes`` (temporary file in the same folder, flush, fsync,
    ``os.replace``), so a failed build or save leaves an existing file untouched; a save that
    fails (folder not writable, file open in a viewer on Windows) raises ``UserError``. A binary
    file object is written to directly.
    """
    if "{page}" not in page_label or "{pages}" not in page_label:
        raise ValueError("page_label needs {page} and {pages} fields")
    register_fonts()
    if isinstance(pagesize, str):
        pagesize = PAGE_SIZES[pagesize]
    small_page = pagesize[0] * pagesize[1] < A4[0] * A4[1] * 0.75
    if margins is None:
        margins = MARGINS_HALF_A4 if small_page else MARGINS_A4
    furniture = _Furniture(header_left, header_right, footer_left, footer_note, page_label, number, margins,
                           header_size=9 if small_page else 10, footer_size=8, note_size=7,
                           audit_head=audit_head)
    story = keep_headings(list(story))
    if not story:
        raise ValueError("a document needs at least one flowable")
    build = partial(_render, story=story, pagesize=pagesize, furniture=furniture, title=title, subject=subject,
                    lang=lang)
    if hasattr(path_or_file, "write"):
        return build(path_or_file)
    # Build in memory, then save through the app's atomic writer (temp file in the same folder,
    # fsync, os.replace): a failed build never touches the disk, a failed save leaves the old file.
    buffer = io.BytesIO()
    pages = build(buffer)
    write_bytes(Path(path_or_file), buffer.getvalue())
    return pages


def _render(out, *, story: list[Flowable], pagesize: tuple[float, float], furniture: _Furniture, title: str,
            subject: str, lang: str | None) -> int:
    """Lay ``story`` out on pages of one frame inside the margins, each page furnished; return the page count."""
    st = styles()
    margins = furniture.margins
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margins.left,
        rightMargin=margins.right,
        topMargin=margins.top,
        bottomMargin=margins.bottom,
        title=title,
        author=APP_NAME,
        creator=APP_NAME,
        subject=subject,
        lang=lang,
        initialFontName=st["body"].fontName,
        initialFontSize=st["body"].fontSize,
    )
    frame = Frame(
        margins.left,
        margins.bottom,
        pagesize[0] - margins.left - margins.right,
        pagesize[1] - margins.top - margins.bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=pagesize)])
    doc.build(story, canvasmaker=partial(_FurnishedCanvas, furniture=furniture))
    return doc.page
