"""The base of every screen: texts set in one ``retranslate`` method, data loaded in ``refresh``, reloaded
when a change it shows is announced (``watches``, ``data_changed``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.ui.changes import NO_CHANGES, Changes
from app.ui.context import AppContext


class Page(QWidget):
    key = ""
    watches: Changes = NO_CHANGES  # the domains this screen shows: a change to one of them reloads it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        ctx.changed.connect(self.data_changed)

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
        """Reload data (through a ``Query``, app/ui/operations.py: never on the GUI thread)."""

    def data_changed(self, changes: Changes) -> None:
        """An ``Op`` changed ``changes``. By default a visible page showing one of them reloads; a hidden page
        reloads when it is shown (``activated``). Pages with more to decide override this."""
        if changes & self.watches and self.isVisible():
            self.refresh()

    def activated(self) -> None:
        """Called when the page becomes visible."""
        self.refresh()
