"""Memoised HarfBuzz shaping for ReportLab.

ReportLab's paragraphs shape each word with ``reportlab.pdfbase.ttfonts.shapeFragWord(w)``, where
``w`` is a "frag word" ``[width, (frag, text), (frag, text), ...]`` (one ``(frag, text)`` per run of
one style inside the word). The result depends only on each run's text, font name and size, so it
is cached under that key and rebuilt around the caller's own frag objects (which carry colour,
links, underline...). ``install()`` points ``reportlab.platypus.paragraph.shapeFragWord`` (the name
``Paragraph.breakLines`` calls) at the memoised version.

HarfBuzz guesses a buffer's script from its first letter, so a word (or a canvas line) such as
"FIR/प्राथमिकी" would be shaped as Latin and its Hindi left unshaped (visible halant, ि after
its consonant). Such mixed-script text is cut into script runs, each shaped on its own.

Words without Devanagari (Latin, digits, punctuation) are not shaped at all, even inside a Hindi
paragraph: they print exactly as in a paragraph without Devanagari, and a plain string is written
to the PDF in one piece where a shaped one is written glyph by glyph. ``MemoTextObject`` (used by
the document canvas) writes each distinct shaped string once per document.

Words with inline objects (``<img>``, ``<onDraw>``: frags with ``cbDefn``) are passed through
uncached. ``ShapedStr`` values are immutable strings whose shape data ReportLab only reads
(slicing and ``+`` make new lists), so sharing them between paragraphs is safe.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as _rl_paragraph

_original = ttfonts.shapeFragWord
# Devanagari, Devanagari Extended, Vedic Extensions, ZWNJ/ZWJ and the dotted circle.
_DEVA = "\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff\u200c\u200d\u25cc"
_HAS_DEVA = re.compile(f"[{_DEVA}]")
_OTHER_LETTER = re.compile(f"[^\\W\\d_{_DEVA}]")  # a letter of another script (Latin...)
_UNCHANGED = object()
_MAX = 16384
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()
_installed = False
stats = {"hits": 0, "misses": 0, "bypass": 0, "plain": 0, "draw_hits": 0}
USE_CACHE = True  # ablation switch for bench/pdf_shaping.py


def _key(w) -> tuple | None:
    parts = []
    for item in w[1:]:
        f, s = item
        if hasattr(f, "cbDefn"):
            return None
        parts.append((f.fontName, f.fontSize, s))
    return tuple(parts)


def _mixed(text: str) -> bool:
    return bool(_HAS_DEVA.search(text)) and bool(_OTHER_LETTER.search(text))


def _cuts(text: str) -> set[int]:
    """Where the script changes between Devanagari and other letters. Neutral characters
    (spaces, digits, punctuation) stay in the run before them."""
    cuts = set()
    current = None
    for i, ch in enumerate(text):
        if _HAS_DEVA.match(ch):
            kind = "deva"
        elif _OTHER_LETTER.match(ch):
            kind = "other"
        else:
            continue
        if current is not None and kind != current:
            cuts.add(i)
        current = kind
    return cuts


def _shape_by_script(w):
    """Shape a mixed-script frag word run by run and join the shaped pieces."""
    cuts = _cuts("".join(s for _, s in w[1:]))
    out = ttfonts.makeShapedFragWord(w)([0])
    sub = [0]
    pos = 0
    for f, s in w[1:]:
        start = 0
        for i in range(len(s)):
            if pos + i in cuts:
                if i > start:
                    sub.append((f, s[start:i]))
                if len(sub) > 1:
                    _join(out, _annotated(sub, force=True))
                sub = [0]
                start = i
        if start < len(s):
            sub.append((f, s[start:]))
        pos += len(s)
    if len(sub) > 1:
        _join(out, _annotated(sub, force=True))
    return out


def _annotated(w, force=False):
    """``_original`` (HarfBuzz through ReportLab), each output glyph told the text it stands for.

    A shaped word is a list of glyphs, not of characters: a conjunct (प्र, क्ष) is one glyph with no
    Unicode value of its own, and the vowel sign ि is drawn before its consonant. So that the PDF can
    say what was typed (``/ActualText``, written by ``MemoTextObject``), the first glyph of each
    HarfBuzz cluster carries the cluster's source text as ``actual`` and the others carry "" (the
    clusters are monotone, ReportLab asks for ``MONOTONE_CHARACTERS``). ``ShapeData`` values travel
    with the glyphs through ReportLab's slicing and joining of shaped strings, and so does this.
    """
    shaped = _original(w, force=force)
    if shaped is w:
        return shaped
    text = "".join(s for f, s in w[1:] if not hasattr(f, "cbDefn"))
    glyphs = [sd for _, s in shaped[1:] if isinstance(s, ShapedStr) for sd in s.__shapeData__]
    starts = sorted({sd.cluster for sd in glyphs if 0 <= sd.cluster <= len(text)})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    previous = None
    for sd in glyphs:
        if sd.cluster != previous and sd.cluster in ends:
            sd.actual = text[sd.cluster:ends[sd.cluster]]
        else:
            sd.actual = ""
        previous = sd.cluster
    return shaped


def _join(out, shaped) -> None:
    out[0] += shaped[0]
    out.extend(shaped[1:])


def _shape(w):
    text = "".join(s for _, s in w[1:])
    if _mixed(text):
        return _shape_by_script(w)
    return _annotated(w)


def shape_frag_word(w, features=None, force=False):
    """Drop-in replacement for ``ttfonts.shapeFragWord`` with a per-(text, font, size) cache."""
    if features is not None or force or isinstance(w, ttfonts.ShapedFragWord):
        stats["bypass"] += 1
        if features is None:
            return _annotated(w, force=force)
        return _original(w, features, force=force)
    if not any(_HAS_DEVA.search(s) for _, s in w[1:]):
        # No Devanagari (Latin, digits, punctuation): printed unshaped, exactly like a paragraph
        # without Devanagari. A shaped word is drawn glyph by glyph, a plain one in one string.
        stats["plain"] += 1
        return w
    key = _key(w) if USE_CACHE else None
    if key is None and USE_CACHE:
        stats["bypass"] += 1
        return _annotated(w)  # inline objects: left to ReportLab as they are (uncached)
    if key is None:
        return _shape(w)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        stats["misses"] += 1
        shaped = _shape(w)
        if shaped is w:
            hit = _UNCHANGED
        else:
            index = {id(item[0]): i for i, item in reversed(list(enumerate(w[1:])))}
            runs = []
            for f, s in shaped[1:]:
                i = index.get(id(f))
                if i is None:  # a frag we cannot map back: do not cache this word
                    return shaped
                runs.append((i, s))
            hit = (shaped[0], tuple(runs))
        with _lock:
            _cache[key] = hit
            while len(_cache) > _MAX:
                _cache.popitem(last=False)
        return shaped
    stats["hits"] += 1
    if hit is _UNCHANGED:
        return w
    width, runs = hit
    frags = [item[0] for item in w[1:]]
    out = ttfonts.makeShapedFragWord(w)([width])
    out.extend((frags[i], s) for i, s in runs)
    return out


def shape_str(text: str, font_name: str, font_size: float):
    """``ttfonts.shapeStr`` through the same cache (for canvas text)."""
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase import pdfmetrics

    w = [pdfmetrics.stringWidth(text, font_name, font_size),
         (ABag(fontName=font_name, fontSize=font_size), text)]
    shaped = shape_frag_word(w)
    out = shaped[1][1]
    for _, piece in shaped[2:]:  # one piece per script run of a mixed-script line
        out = out + piece
    return out


def install() -> None:
    """Make ReportLab's paragraphs use the memoised shaping (idempotent)."""
    global _installed
    if _installed:
        return
    if getattr(_rl_paragraph, "shapeFragWord", None) is not _original:
        # A ReportLab upgrade moved the shaping call: patching blindly would silently drop the
        # mixed-script fix. Re-read Paragraph.breakLines and update this module.
        raise RuntimeError("reportlab.platypus.paragraph.shapeFragWord is not where it was")
    _rl_paragraph.shapeFragWord = shape_frag_word
    _installed = True


def clear() -> None:
    with _lock:
        _cache.clear()
    for k in stats:
        stats[k] = 0


# --- drawing shaped text ---------------------------------------------------------------------

USE_DRAW_CACHE = True  # ablation switch (bench, the byte-identity test)


class MemoTextObject(PDFTextObject):
    """A text object that formats each shaped string once per document.

    ReportLab writes a shaped string (``ShapedStr``) glyph by glyph, one positioning operator per
    cluster: the most expensive part of a shaped document, and the same duty names are drawn
    hundreds of times. The PDF operators it produces depend only on the string and its shape
    data, the font, size, leading, text rise and font subset in use, and the document's glyph
    subsets (fixed once a glyph was first drawn in that document). So the result, and the state
    it leaves (subset, rise), is kept in a map owned by the canvas, i.e. one document: a repeat
    gives the very bytes ReportLab would have written.
    """

    def __init__(self, canvas, x=0, y=0, direction=None, *, memo: dict) -> None:
        super().__init__(canvas, x, y, direction=direction)
        self._memo = memo

    def _formatText(self, text):  # noqa: N802 (ReportLab's name)
        if not isinstance(text, ShapedStr):
            return super()._formatText(text)
        actual = actual_text(text)
        if not USE_DRAW_CACHE:
            return _with_actual_text(super()._formatText(text), actual, str(text))
        key = (self._fontname, self._fontsize, self._leading, self._rise, self._curSubset,
               str(text), tuple(text.__shapeData__), actual)
        hit = self._memo.get(key)
        if hit is None:
            code = _with_actual_text(super()._formatText(text), actual, str(text))
            hit = (code, self._curSubset, self._rise)
            self._memo[key] = hit
            return code
        stats["draw_hits"] += 1
        code, self._curSubset, self._rise = hit
        return code


# --- what shaped text says (/ActualText) -----------------------------------------------------

_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
USE_ACTUAL_TEXT = True  # ablation switch (bench): False writes glyphs only, as ReportLab does


def actual_text(text: ShapedStr) -> str:
    """The characters a shaped string was made from, in typing order.

    Each glyph's ``actual`` (set when it was shaped) gives its cluster's text; a glyph without it
    (a plain character ReportLab joined on, such as the space between words) stands for itself,
    except a private-use code ReportLab gave a glyph the font's cmap lacks, which stands for nothing.
    """
    if not isinstance(text, ShapedStr):
        return text
    out = []
    for ch, sd in zip(str(text), text.__shapeData__):
        actual = getattr(sd, "actual", None)
        out.append(actual if actual is not None else _PRIVATE_USE.sub("", ch))
    return "".join(out)


def _with_actual_text(code: str, actual: str, drawn: str) -> str:
    """``code`` (the operators drawing a shaped string) inside a marked-content span whose
    ``/ActualText`` is ``actual`` (UTF-16BE, PDF 1.5 §14.9.4), so text extraction, search and copy
    give the typed characters instead of the glyphs' (visual order, conjuncts without a code)."""
    if not USE_ACTUAL_TEXT or not code or actual == drawn:
        return code
    hex_text = "FEFF" + actual.encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{hex_text}>>> BDC {code} EMC"
