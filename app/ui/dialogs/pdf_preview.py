"""Preview a printed document, print it through the system's print dialog, or save it.

The pages are rendered by PDFium (``pypdfium2``: small wheels for Windows and Linux, no Qt add-ons
needed; QtPdf would have meant shipping ``pyside6-addons``). Rendering runs on the task runner's
worker thread and comes back as raw RGB bytes; the GUI thread only wraps them in ``QImage``s.
Printing renders each page at the printer's resolution (capped at 300 dpi) and paints it on the
``QPrinter`` on the worker, page by page, so a long document never freezes the window.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services.core.atomic import write_bytes
from app.ui.operations import Query
from app.ui.save_place import in_documents

# PDFium is not thread-safe: the previews render on worker threads, so one call into it at a time, process-wide
# (two previews at once, or a page count on one thread while another renders, could crash the process).
PDFIUM = threading.Lock()
PREVIEW_DPI = 96
MAX_PRINT_DPI = 300


@dataclass(frozen=True)
class RenderedPage:
    width: int
    height: int
    stride: int
    data: bytes  # RGB888 rows

    def image(self) -> QImage:
        return QImage(self.data, self.width, self.height, self.stride, QImage.Format.Format_RGB888).copy()


def render_pages(pdf: bytes, dpi: float = PREVIEW_DPI, pages: list[int] | None = None) -> list[RenderedPage]:
    """Pages of ``pdf`` as RGB bitmaps (worker thread; no widgets)."""
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            out = []
            for i in (range(len(doc)) if pages is None else pages):
                page = doc[i]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                out.append(RenderedPage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)))
                bitmap.close()
                page.close()
            return out
        finally:
            doc.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page in the printer's range on ``printer``; returns the pages printed.
    (QPrinter and QPainter may be used off the GUI thread.)"""
    total = page_count(pdf)
    first, last = printer.fromPage(), printer.toPage()
    numbers = list(range(total)) if first == 0 else list(range(first - 1, min(last, total)))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("The printer could not be started."))
    try:
        for n, index in enumerate(numbers):
            if n:
                printer.newPage()
            page = render_pages(pdf, dpi, [index])[0]
            image = page.image()
            area = painter.viewport()  # the whole sheet: the PDF carries its own margins
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
    return len(numbers)


class PdfPreviewDialog(QDialog):
    """Shows a finished PDF (bytes) with Print… and Save as… buttons."""

    def __init__(self, ctx, pdf: bytes, title: str, suggested_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.pdf = pdf
        self.title_text = title
        self.suggested_name = suggested_name
        self.saved_path: Path | None = None
        self.page_labels: list[QLabel] = []
        self.setModal(True)
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        self.info = QLabel()
        layout.addWidget(self.info)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_box = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages_box)
        layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.close_button = QPushButton()
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.close_button.clicked.connect(self.accept)
        row.addStretch(1)
        for b in (self.print_button, self.save_button, self.close_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.retranslate()
        pdf = self.pdf
        Query(self, lambda _db: render_pages(pdf), label=_("Rendering the preview…")).success(
            self._rendered).failure(self._failed).run()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preview: {title}").format(title=self.title_text))
        self.info.setText(_("Rendering the pages…") if not self.page_labels else
                          _("{title}: {pages} pages").format(title=self.title_text, pages=len(self.page_labels)))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as…"))
        self.close_button.setText(_("&Close"))

    def _rendered(self, pages: list[RenderedPage]) -> None:
        if not shiboken6.isValid(self.pages_layout):  # closed and deleted while the pages were being drawn
            return
        for page in pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(page.image()))
            label.setStyleSheet("border: 1px solid #808080; background: white;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.retranslate()

    def _failed(self, exc: Exception) -> None:
        if not shiboken6.isValid(self.info):
            return
        self.info.setText(_("The preview could not be shown: {error}").format(error=exc))

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title_text)
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {title}").format(title=self.title_text))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_button.setEnabled(False)

        def done(n: int) -> None:
            self.print_button.setEnabled(True)
            self.ctx.status_message.emit(_("Sent {pages} pages to the printer.").format(pages=n))

        def failed(exc: Exception) -> None:
            self.print_button.setEnabled(True)
            QMessageBox.warning(self, _("Printing failed"), str(exc))

        pdf = self.pdf
        Query(self, lambda _db: print_pdf(pdf, printer), label=_("Printing…")).success(done).failure(failed).run()

    def save_document(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Save {title}").format(title=self.title_text),
                                                        in_documents(self.suggested_name), _("PDF documents (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")

        def done(_result) -> None:
            self.saved_path = target
            self.ctx.status_message.emit(_("Saved {path}.").format(path=target))

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, _("Saving failed"), getattr(exc, "message", str(exc)))

        pdf = self.pdf
        Query(self, lambda _db: write_bytes(target, pdf), label=_("Saving…")).success(done).failure(failed).run()
