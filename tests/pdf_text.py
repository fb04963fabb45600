"""The text of a PDF the app wrote, read by PDFium (pypdfium2, the window's own PDF reader): a long document's
text in a fraction of the time pypdf's text extraction takes (which was most of some document tests' time).
Lines end in ``\\n``; PDFium keeps a table row's cells on one line where pypdf often put one per line."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2

from app.ui.dialogs.pdf_preview import PDFIUM  # one call into PDFium at a time: a preview may be rendering


def page_texts(source: bytes | io.BytesIO | Path | str) -> list[str]:
    """Each page's text, in order (``source``: the PDF's bytes, a buffer holding them, or its path)."""
    if isinstance(source, io.BytesIO):
        source = source.getvalue()
    elif isinstance(source, (str, Path)):
        source = Path(source).read_bytes()
    with PDFIUM:
        doc = pypdfium2.PdfDocument(source)
        try:
            texts = []
            for i in range(len(doc)):
                page = doc[i]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range().replace("\r\n", "\n"))
                textpage.close()
                page.close()
            return texts
        finally:
            doc.close()


def flat_text(source) -> str:
    """The whole document's words joined by single spaces (line and page breaks do not matter)."""
    return " ".join(" ".join(page_texts(source)).split())
