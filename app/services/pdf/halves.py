"""Documents printed as half-A4 parts, two to an A4 sheet with a cut line between them.

Each part (one person's roll-call slip) starts on a fresh half and may run over several halves. Every half
carries its own part's furniture — a header (left text, and the part's own name on the right), a footer with
the part's own page label ("1/2") and a note line, and the seal QR code — so a half cut from the sheet still
says whose it is, which of how many, and what the database was when it was printed.

The layout runs once: an A4 portrait page template with two frames (upper and lower half). The document
records, as each frame begins, which part it continues; a zero-size marker placed at the head of each part
says where a part starts. The canvas keeps every sheet until the end (as ``document`` does) and then draws
each half's furniture, now that every part's half count is known.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate

from app.paths import APP_NAME
from app.services.core.atomic import write_bytes
from app.services.pdf.document import (
    NOTE_GREY,
    QR_MAX,
    RULE_GREY,
    body_digest,
    draw_seal,
    seal_text,
)
from app.services.pdf.fonts import register_fonts
from app.services.pdf.shaping_cache import MemoTextObject
from app.services.pdf.text import canvas_text, styles, text_width

SHEET = A4  # portrait: two landscape halves, one above the other
HALF_HEIGHT = SHEET[1] / 2
HALF_MARGIN_TOP = 14 * mm
HALF_MARGIN_BOTTOM = 18 * mm
HALF_MARGIN_SIDE = 10 * mm
HALF_QR = min(9 * mm, QR_MAX)  # its foot stays 4.5 mm above the sheet's edge, inside what office printers print


@dataclass(frozen=True)
class HalfPart:
    """One part: its flowables and its furniture. ``page_label`` has ``{page}`` and ``{pages}`` fields,
    numbered within the part."""

    story: Sequence[Flowable]
    header_left: str
    header_right: str
    page_label: str
    footer_left: str = ""
    footer_note: str = ""


@dataclass
class _Layout:
    """Which part each half holds, filled in while the story is laid out: [(sheet, half, part), ...]."""

    halves: list[list[int]] = field(default_factory=list)
    current: int = 0


class _PartStart(Flowable):
    """Zero-size marker at the head of a part (the document notes the part when it is drawn)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, avail_width, avail_height):  # noqa: D102 (ReportLab's interface)
        return 0, 0

    def draw(self) -> None:
        pass


class _HalvesDoc(BaseDocTemplate):
    def __init__(self, *args, layout: _Layout, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):  # noqa: N802 (ReportLab's name)
        super().handle_frameBegin(resume, pageTopFlowables)
        half = 0 if self.frame.id == "upper" else 1
        self._layout.halves.append([self.page, half, self._layout.current])

    def afterFlowable(self, flowable):  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, _PartStart):
            self._layout.current = flowable.index
            self._layout.halves[-1][2] = flowable.index


class _HalvesCanvas(Canvas):
    """Keeps each sheet until ``save``, then draws every half's furniture and the cut line."""

    def __init__(self, *args, layout: _Layout, parts: Sequence[HalfPart], number,
                 audit_head: tuple[int, str] | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._parts = parts
        self._number = number
        self._audit_head = audit_head
        self._sheets: list[dict] = []
        self._shaped_text_memo: dict = {}

    def beginText(self, x=0, y=0, direction=None):  # noqa: N802 (ReportLab's name)
        return MemoTextObject(self, x, y, direction=direction, memo=self._shaped_text_memo)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._sheets.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        seal = seal_text(self._audit_head, body_digest(self._sheets)) if self._audit_head else ""
        # The layout notes a frame when it begins; the last one noted may never have received anything.
        halves = [h for h in self._layout.halves if h[0] <= len(self._sheets)]
        used = {(sheet, half) for sheet, half, _ in halves}
        counts: dict[int, int] = {}
        numbered = []
        for sheet, half, part in halves:
            counts[part] = counts.get(part, 0) + 1
            numbered.append((sheet, half, part, counts[part]))
        seal_form = ""
        for number, state in enumerate(self._sheets, start=1):
            self.__dict__.update(state)
            if seal and not seal_form:  # the same seal on every half: its QR code is made once, as a form
                seal_form = "halfSeal"
                self.beginForm(seal_form, 0, 0, HALF_QR, HALF_QR)
                draw_seal(self, seal, HALF_QR, HALF_QR, HALF_QR)
                self.endForm()
            for sheet, half, part, page in numbered:
                if sheet == number:
                    _draw_half(self, self._parts[part], half, page, counts[part], self._number, seal_form)
            if (number, 1) in used:
                _draw_cut_line(self)
            Canvas.showPage(self)
        Canvas.save(self)


def _fit(text: str, size: float, bold: bool, max_width: float) -> float:
    if not text or max_width <= 0:
        return size
    width = text_width(text, size, bold)
    return size if width <= max_width else max(size * 0.6, size * max_width / width)


def _draw_half(canv: Canvas, part: HalfPart, half: int, page: int, pages: int, number, seal_form: str) -> None:
    bottom = HALF_HEIGHT if half == 0 else 0.0
    top = bottom + HALF_HEIGHT
    left, right = HALF_MARGIN_SIDE, SHEET[0] - HALF_MARGIN_SIDE
    canv.saveState()
    canv.setStrokeColor(RULE_GREY)
    canv.setLineWidth(0.5)
    # Header: the part's name (bold, right) matters most; the left text shrinks to leave it room.
    rule_y = top - HALF_MARGIN_TOP + 4 * mm
    base_y = rule_y + 2 * mm
    right_size = _fit(part.header_right, 10, True, (right - left) * 0.6)
    right_w = canvas_text(canv, right, base_y, part.header_right, right_size, bold=True, align="right") \
        if part.header_right else 0
    if part.header_left:
        canvas_text(canv, left, base_y, part.header_left,
                    _fit(part.header_left, 8.5, False, right - left - right_w - 5 * mm))
    canv.line(left, rule_y, right, rule_y)
    # Footer: rule, the page label (bold: it is what keeps a person's halves together) and the texts.
    rule_y = bottom + HALF_MARGIN_BOTTOM - 4 * mm
    canv.line(left, rule_y, right, rule_y)
    line_y = rule_y - 8 * 1.35
    if seal_form:  # the seal's top right corner 0.5 mm under the rule, at the right margin
        canv.saveState()
        canv.translate(right - HALF_QR, rule_y - 0.5 * mm - HALF_QR)
        canv.doForm(seal_form)
        canv.restoreState()
        right -= HALF_QR + 2 * mm
    label = part.page_label.format(page=number(page), pages=number(pages))
    label_w = canvas_text(canv, right, line_y, label, 9, bold=True, align="right")
    if part.footer_left:
        canvas_text(canv, left, line_y, part.footer_left, _fit(part.footer_left, 8, False,
                                                                 right - left - label_w - 5 * mm))
    if part.footer_note:
        canv.setFillColor(NOTE_GREY)
        canvas_text(canv, left, line_y - 7 * 1.4, part.footer_note, _fit(part.footer_note, 7, False, right - left))
    canv.restoreState()


def _draw_cut_line(canv: Canvas) -> None:
    canv.saveState()
    canv.setStrokeColor(colors.HexColor("#606060"))
    canv.setLineWidth(0.5)
    canv.setDash(3, 3)
    canv.line(4 * mm, HALF_HEIGHT, SHEET[0] - 4 * mm, HALF_HEIGHT)
    canv.restoreState()


def build_halves(
    path_or_file: str | os.PathLike[str] | BinaryIO,
    parts: Sequence[HalfPart],
    *,
    title: str,
    number=str,
    lang: str | None = None,
    audit_head: tuple[int, str] | None = None,
) -> list[int]:
    """Print ``parts`` on A4 sheets, two half-A4 (landscape) halves to a sheet with a dashed cut line; each
    part starts on a fresh half and numbers its own halves. Returns the number of halves of each part (the
    sheet count is ``ceil(sum / 2)``). A path is written atomically, as ``build_pdf`` does."""
    if not parts:
        raise ValueError("a document needs at least one part")
    for p in parts:
        if "{page}" not in p.page_label or "{pages}" not in p.page_label:
            raise ValueError("page_label needs {page} and {pages} fields")
    register_fonts()
    if hasattr(path_or_file, "write"):
        return _render(path_or_file, parts, title=title, number=number, lang=lang, audit_head=audit_head)
    buffer = io.BytesIO()
    counts = _render(buffer, parts, title=title, number=number, lang=lang, audit_head=audit_head)
    write_bytes(Path(path_or_file), buffer.getvalue())
    return counts


def _render(out, parts: Sequence[HalfPart], *, title: str, number, lang: str | None,
            audit_head: tuple[int, str] | None) -> list[int]:
    st = styles()
    layout = _Layout()
    width = SHEET[0] - 2 * HALF_MARGIN_SIDE
    height = HALF_HEIGHT - HALF_MARGIN_TOP - HALF_MARGIN_BOTTOM
    frames = [Frame(HALF_MARGIN_SIDE, bottom + HALF_MARGIN_BOTTOM, width, height, id=name,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
              for name, bottom in (("upper", HALF_HEIGHT), ("lower", 0.0))]
    doc = _HalvesDoc(out, layout=layout, pagesize=SHEET, leftMargin=0, rightMargin=0, topMargin=0,
                     bottomMargin=0, title=title, author=APP_NAME, creator=APP_NAME, lang=lang,
                     initialFontName=st["body"].fontName, initialFontSize=st["body"].fontSize)
    doc.addPageTemplates([PageTemplate(id="sheet", frames=frames, pagesize=SHEET)])
    story: list[Flowable] = []
    for index, part in enumerate(parts):
        if index:
            story.append(FrameBreak())
        story.append(_PartStart(index))
        story.extend(part.story)
    doc.build(story, canvasmaker=partial(_HalvesCanvas, layout=layout, parts=parts, number=number,
                                         audit_head=audit_head))
    counts = [0] * len(parts)
    for sheet, _half, part in layout.halves:
        if sheet <= doc.page:
            counts[part] += 1
    return counts
