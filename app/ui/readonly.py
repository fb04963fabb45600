"""Read-only mode in the window: one place that says "nothing can be changed here".

The services refuse every change on a read-only ``Database`` (``permissions.authorize`` and the
engine's guard in ``app/services/db.py``); the window refuses up front, before a form is filled in:
``FormDialog`` (every form that saves) asks ``refuse_if_readonly`` before it opens, and the main
window marks its title and status bar and switches off the menu entries that write.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _
from app.services.core.errors import readonly_message


def is_readonly(ctx) -> bool:
    return bool(getattr(getattr(ctx, "db", None), "readonly", False))


def refuse_if_readonly(ctx, parent: QWidget | None) -> bool:
    """True (and the reason shown, without blocking) when ``ctx``'s database is read-only."""
    if not is_readonly(ctx):
        return False
    box = QMessageBox(QMessageBox.Icon.Information, _("Read-only"), readonly_message(),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("readonlyRefusal")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return True
