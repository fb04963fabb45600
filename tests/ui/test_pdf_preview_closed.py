"""The preview's pages are drawn on the worker: a preview closed and deleted before they arrive must drop
them quietly (under load, a user closing it at once made the delivery touch a deleted layout)."""

from __future__ import annotations

import threading

import shiboken6
from reportlab.pdfgen import canvas

import app.ui.dialogs.pdf_preview as preview_module
from app.ui.dialogs.pdf_preview import PdfPreviewDialog


def _pdf(tmp_path) -> bytes:
    path = tmp_path / "one.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(100, 700, "one page")
    c.showPage()
    c.save()
    return path.read_bytes()


def test_pages_arriving_after_the_preview_is_deleted_are_dropped(qtbot, ctx, tmp_path, monkeypatch):
    release = threading.Event()
    real = preview_module.render_pages

    def slow_render(pdf, *a, **k):
        release.wait(10)
        return real(pdf, *a, **k)

    monkeypatch.setattr(preview_module, "render_pages", slow_render)
    dialog = PdfPreviewDialog(ctx, _pdf(tmp_path), "Checklist", "checklist.pdf")
    layout = dialog.pages_layout
    shiboken6.delete(dialog)  # closed and deleted while the worker still draws
    assert not shiboken6.isValid(layout)
    release.set()
    qtbot.waitUntil(lambda: ctx.tasks._pending == 0, timeout=10000)  # delivered without an error


def test_pages_arrive_in_an_open_preview(qtbot, ctx, tmp_path):
    dialog = PdfPreviewDialog(ctx, _pdf(tmp_path), "Checklist", "checklist.pdf")
    qtbot.waitUntil(lambda: len(dialog.page_labels) == 1, timeout=10000)
    dialog.close()
