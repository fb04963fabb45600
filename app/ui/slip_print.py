"""One person's roll-call slip, printed from the page where that person is chosen (Staff, Today, Pending).

The slip is built on the worker in the window's language and shown in the PDF preview, from where it is
printed or saved; the page keeps the last document (``last_slip``) and the preview (``slip_preview``)."""

from __future__ import annotations

import io

from app.i18n import _, current_language
from app.ui.operations import Query

SLIP_KEY = "Ctrl+Shift+P"  # print the chosen person's slip, on every page that offers it


def build_person_slip(db, person_id: int, lang: str, *, plan: bool = False) -> tuple[bytes, str, str]:
    """(pdf bytes, title, suggested file name) of ``person_id``'s slip (with today's plan when ``plan``): the
    worker's part."""
    from app.services.reports import PLAN_SECTION, build_slips

    buffer = io.BytesIO()
    result = build_slips(db, buffer, [person_id], lang=lang, sections=(PLAN_SECTION,) if plan else None)
    return buffer.getvalue(), result.title, f"slip-{person_id}.pdf"


def print_person_slip(page, person_id: int | None, *, plan: bool = False) -> None:
    """Build ``person_id``'s slip and open the preview over ``page``; with nobody chosen, say how to choose."""
    if person_id is None:
        from PySide6.QtWidgets import QMessageBox

        page.slip_message = QMessageBox(QMessageBox.Icon.Information, _("Roll-call slip"),
                                        _("Choose a person first (a row that names one): the slip is printed for "
                                          "that person."), QMessageBox.StandardButton.Ok, page)
        page.slip_message.open()
        return
    lang = "en" if current_language() == "en" else "hi"
    Query(page, lambda db: build_person_slip(db, person_id, lang, plan=plan),
          label=_("Preparing the slip…")).success(lambda document: _show(page, document)).run()


def _show(page, document) -> None:
    from app.ui.dialogs.pdf_preview import PdfPreviewDialog

    page.last_slip = document
    pdf, title, name = document
    page.slip_preview = PdfPreviewDialog(page.ctx, pdf, title, name, page)
    page.slip_preview.open()
