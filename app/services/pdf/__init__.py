"""The shared PDF layer: fonts, shaped text, tables, and the document builder.

ReportLab is imported lazily: importing this package costs nothing until a function is used
(``from app.services.pdf import build_pdf`` imports ReportLab at that moment). Keep ReportLab
imports out of this file.

    from app.services.pdf import build_pdf, para, table
    build_pdf(path, [para("...", "title"), table(rows, widths)], title=..., page_label=...)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "FONT": "fonts",
    "FONT_BOLD": "fonts",
    "register_fonts": "fonts",
    "styles": "text",
    "para": "text",
    "canvas_text": "text",
    "text_width": "text",
    "has_devanagari": "text",
    "clear_caches": "text",
    "table": "tables",
    "fit_widths": "tables",
    "heading": "layout",
    "keep_with_next": "layout",
    "build_pdf": "document",
    "Margins": "document",
    "PAGE_A4": "document",
    "PAGE_A4_LANDSCAPE": "document",
    "PAGE_HALF_A4": "document",
    "HalfPart": "halves",
    "build_halves": "halves",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from app.services.pdf.document import (  # noqa: F401
        PAGE_A4,
        PAGE_A4_LANDSCAPE,
        PAGE_HALF_A4,
        Margins,
        build_pdf,
    )
    from app.services.pdf.halves import HalfPart, build_halves  # noqa: F401
    from app.services.pdf.fonts import FONT, FONT_BOLD, register_fonts  # noqa: F401
    from app.services.pdf.layout import heading, keep_with_next  # noqa: F401
    from app.services.pdf.tables import fit_widths, table  # noqa: F401
    from app.services.pdf.text import (  # noqa: F401
        canvas_text,
        clear_caches,
        has_devanagari,
        para,
        styles,
        text_width,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
