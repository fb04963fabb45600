"""The one font family every printed document uses.

Noto Sans Devanagari (static Regular and Bold cut by ``scripts/make_fonts.py``) covers Latin and
Devanagari, so English and Hindi, mixed in one line, need no font fallback and shape correctly.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resource_path

FONT = "Anupalan"
FONT_BOLD = "Anupalan-Bold"
FAMILY_FILES = {
    FONT: "NotoSansDevanagari-Regular.ttf",
    FONT_BOLD: "NotoSansDevanagari-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the Regular and Bold faces with ReportLab (safe to call any number of times).

    ``addMapping`` makes ``<b>`` in paragraph markup pick the bold face; there is no italic face,
    so ``<i>`` falls back to the upright one instead of failing.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in FAMILY_FILES.items():
            path = resource_path("fonts", filename)
            if not path.is_file():
                raise FileNotFoundError(
                    f"font {path} is missing; run scripts/make_fonts.py"
                )
            font = TTFont(name, str(path), shapable=True)
            pdfmetrics.registerFont(font)
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        _registered = True
