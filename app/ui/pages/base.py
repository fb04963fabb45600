"""The base of every screen: texts set in one ``retranslate`` method, data loaded in ``refresh``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import AppContext


class Page(QWidget):
    key = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:  # translated navigation label
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every user-visible text of the page (called on build and on language change)."""

    def refresh(self) -> None:
        """Reload data (through ``self.ctx.tasks``; never on the GUI thread if it can take time)."""

    def activated(self) -> None:
        """Called when the page becomes visible."""
        self.refresh()
