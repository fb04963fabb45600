"""The base of every screen: texts set in one ``retranslate`` method, data loaded in ``refresh``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.ui.context import AppContext


class Page(QWidget):
    key = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def add_shortcuts(self, pairs) -> list[QShortcut]:
        """Keys that act while focus is anywhere inside this page (several pages may use the same key;
        the main window routes a key pressed on the navigation to the current page's shortcut)."""
        made = []
        for seq, slot in pairs:
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            made.append(shortcut)
        return made

    def title(self) -> str:  # translated navigation label
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every user-visible text of the page (called on build and on language change)."""

    def refresh(self) -> None:
        """Reload data (through ``self.ctx.tasks``; never on the GUI thread if it can take time)."""

    def activated(self) -> None:
        """Called when the page becomes visible."""
        self.refresh()
