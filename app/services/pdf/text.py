"""Shaped text for printed documents: paragraph styles, a caching paragraph factory, canvas text.

Hindi must be *shaped* (HarfBuzz, through ReportLab's ``shaping=1``) or it prints wrongly: the
vowel sign ि after its consonant instead of before it, a visible halant in प्र / क्ष / त्र. Shaping
is the expensive part of a document, and the same duty names recur thousands of times, so:

* only text containing Devanagari is shaped; pure Latin text uses an unshaped twin of the style;
* a paragraph's parsed markup and its line breaks (which hold the shaped words) are cached per
  (text, style, width), so a duty name repeated in 1,000 table rows is parsed and shaped once;
* ReportLab's per-word shaping call is memoised per (word, font, size), so words shared by
  different texts (प्रथम, सूचना, रिपोर्ट...) are shaped once too.

The caches hold only immutable-in-practice layout data; ``clear_caches()`` empties them.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaParser
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

from app.services.pdf import shaping_cache
from app.services.pdf.fonts import FONT, FONT_BOLD, register_fonts


LEADING = 1.35  # line height as a multiple of the font size; room for matras above and below
_DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
PLAIN_SUFFIX = ":plain"  # the unshaped twin of each style, used for text without Devanagari

# Switches used only by bench/pdf_shaping.py to measure what shaping costs and each cache buys.
SHAPING = True  # False prints everything unshaped (wrong Hindi): a baseline, never for real use
USE_PLAIN_FOR_LATIN = True
USE_PARAGRAPH_CACHE = True

Align = Literal["left", "right", "centre", "center"]


def has_devanagari(text: str) -> bool:
    return _DEVANAGARI.search(text) is not None


class _LRU:
    """A small thread-safe LRU map."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_styles: dict[str, ParagraphStyle] | None = None
_styles_lock = threading.Lock()
_parsed = _LRU(8192)  # (markup, style name) -> (style, frags, bulletText) from the markup parser
_lines = _LRU(8192)  # (markup, style name, widths) -> (blPara, frags after breakLines)


def _make_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    shaping_cache.install()

    def style(name: str, size: float, *, bold: bool = False, **kw) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=FONT_BOLD if bold else FONT,
            fontSize=size,
            leading=round(size * LEADING, 2),
            textColor=colors.black,
            shaping=1,
            **kw,
        )

    base = {
        "title": style("title", 15, bold=True, alignment=TA_CENTER, spaceAfter=6),
        "heading": style("heading", 12, bold=True, spaceBefore=6, spaceAfter=3),
        "body": style("body", 10, spaceAfter=3),
        "small": style("small", 8),
        "cell": style("cell", 9),
        "cell_bold": style("cell_bold", 9, bold=True),
        "cell_right": style("cell_right", 9, alignment=TA_RIGHT),
        "cell_centre": style("cell_centre", 9, alignment=TA_CENTER),
    }
    out = dict(base)
    for name, st in base.items():
        out[name + PLAIN_SUFFIX] = ParagraphStyle(name + PLAIN_SUFFIX, parent=st, shaping=0)
    return out


def styles() -> dict[str, ParagraphStyle]:
    """The shared paragraph styles: title, heading, body, small, cell, cell_bold, cell_right,
    cell_centre (all in the Anupalan font with ``shaping=1``; leading 1.35 x size).

    Each also has an unshaped twin under ``name + ":plain"`` that ``para`` uses for text with no
    Devanagari. Treat the returned styles as read-only: they are shared, and cached layouts
    are keyed by style name.
    """
    global _styles
    if _styles is None:
        with _styles_lock:
            if _styles is None:
                _styles = _make_styles()
    return _styles


class CachedParagraph(Paragraph):
    """A Paragraph whose parse and line breaks are shared with equal paragraphs.

    Cached layouts are only read (wrapping, drawing). Splitting across frames mutates
    ReportLab's frag objects, so ``split`` hands over to a private, uncached ``Paragraph``.
    """

    def __init__(self, markup: str, style: ParagraphStyle, key: tuple) -> None:
        self._cache_key = key
        self._markup = markup
        self._given_style = style
        self.caseSensitive = 1
        self.encoding = "utf8"
        parsed = _parsed.get(key)
        if parsed is None:
            cleaned = cleanBlockQuotedText(markup)
            parser = ParaParser()
            parser.caseSensitive = 1
            pstyle, frags, bullet = parser.parse(cleaned, style)
            if frags is None:
                raise ValueError(
                    f"paragraph markup error ({parser.errors[0]}) in {markup[:40]!r}"
                )
            textTransformFrags(frags, pstyle)
            parsed = (cleaned, pstyle, frags, bullet or getattr(style, "bulletText", None))
            _parsed.put(key, parsed)
        self.text, self.style, self.frags, self.bulletText = parsed
        self.debug = 0

    def breakLines(self, width):
        widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
        key = (self._cache_key, widths)
        hit = _lines.get(key)
        if hit is None:
            blPara = super().breakLines(width)
            hit = (blPara, self.frags)
            _lines.put(key, hit)
        blPara, self.frags = hit
        return blPara

    def split(self, availWidth, availHeight):
        return Paragraph(self._markup, self._given_style).split(availWidth, availHeight)


def para(text: str, style_name: str = "body", *, markup: bool = False) -> Paragraph:
    """A paragraph of ``text`` in one of the shared styles.

    ``text`` is user text: it is escaped (``&``, ``<``, ``>``) and its newlines become line breaks,
    unless ``markup=True``, in which case it is trusted ReportLab markup (``<b>``, ``<br/>``...)
    whose user parts the caller escaped with ``escape``.
    Text with Devanagari is shaped; pure Latin text is not (same font, same look, cheaper).
    """
    all_styles = styles()
    if style_name not in all_styles:
        raise KeyError(f"unknown paragraph style {style_name!r}")
    source = text if markup else escape(text).replace("\n", "<br/>")
    name = style_name
    if not SHAPING or (USE_PLAIN_FOR_LATIN and not has_devanagari(text)):
        name = style_name + PLAIN_SUFFIX
    style = all_styles[name]
    if not USE_PARAGRAPH_CACHE:
        return Paragraph(source, style)
    return CachedParagraph(source, style, (source, name))


def clear_caches() -> None:
    """Forget cached parses, line breaks and shaped words."""
    _parsed.clear()
    _lines.clear()
    shaping_cache.clear()


# --- canvas text (headers, footers, page numbers) -------------------------------------------


def _shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """``text`` shaped for ``canvas.drawString`` and its width in points."""
    if has_devanagari(text):
        shaped = shaping_cache.shape_str(text, font, size)
        if isinstance(shaped, ShapedStr):
            width = sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000
            return shaped, width
        return shaped, pdfmetrics.stringWidth(shaped, font, size)
    return text, pdfmetrics.stringWidth(text, font, size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of one line of (shaped) text, in points."""
    register_fonts()
    return _shaped(text, FONT_BOLD if bold else FONT, size)[1]


def canvas_text(canvas, x: float, y: float, text: str, size: float, bold: bool = False,
                align: Align = "left") -> float:
    """Draw one line of correctly shaped text on a canvas; returns its width.

    ``canvas.drawString(..., shaping=True)`` is a silent no-op without rlbidi, so the text is
    shaped here with ``shapeStr`` and aligned with the shaped width.
    """
    register_fonts()
    font = FONT_BOLD if bold else FONT
    shaped, width = _shaped(text, font, size)
    if align in ("centre", "center"):
        x -= width / 2
    elif align == "right":
        x -= width
    elif align != "left":
        raise ValueError(f"align must be left, right or centre, not {align!r}")
    canvas.saveState()
    canvas.setFont(font, size)
    canvas.drawString(x, y, shaped)
    canvas.restoreState()
    return width

