"""The main window's navigation list and its screens, built when first needed.

The navigation is made from the light entries of ``app/ui/pages/__init__.py`` (key, class, title); a
page's module is imported and the page built the first time it is shown (clicked, Ctrl+1…9,
``show_page``, a number on the dashboard). Opening the window therefore costs only the first page.
A built page is kept (and its splitters and table columns restored from the preferences); texts of
built pages and titles of unbuilt ones follow the language.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QHeaderView, QListWidget, QListWidgetItem, QSplitter, QStackedWidget,
)

from app.i18n import _
from app.ui.pages import PAGES, PageEntry
from app.ui.pages.base import Page
from app.ui.widgets.column_fit import fitter_of
from app.ui.table_export import equip_exports
from app.ui.widgets.keyboard import equip_page


class PageHost(QObject):
    """The navigation list (``nav``) and the stack of built pages (``stack``) for ``entries``."""

    def __init__(self, ctx, parent: QObject | None = None, entries: tuple[PageEntry, ...] = PAGES):
        super().__init__(parent)
        self.ctx = ctx
        self.entries = tuple(entries)
        self._built: dict[str, Page] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for _entry in self.entries:
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self._show_row)
        self._stale_language: set[str] = set()  # built pages still in the language before the last switch

    # --- which pages ---------------------------------------------------------------------------
    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries]

    def row_of(self, key: str) -> int:
        return next((i for i, entry in enumerate(self.entries) if entry.key == key), -1)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built_pages(self) -> list[Page]:
        """The pages built so far, in navigation order."""
        return [self._built[e.key] for e in self.entries if e.key in self._built]

    def page(self, key: str) -> Page | None:
        """The page for ``key``, built now if it was not yet (it is not shown); None for an unknown key."""
        row = self.row_of(key)
        return None if row < 0 else self._in_language(self._page_at(row))

    def _in_language(self, page: Page) -> Page:
        """``page`` in the window's language: retranslated now if a switch happened while it was out of sight."""
        if page.key in self._stale_language:
            self._stale_language.discard(page.key)
            page.retranslate()
        return page

    def build_all(self) -> list[Page]:
        """Build every page (the language check walks them all); returns them in navigation order."""
        return [self._in_language(self._page_at(row)) for row in range(len(self.entries))]

    def _page_at(self, row: int) -> Page:
        entry = self.entries[row]
        page = self._built.get(entry.key)
        if page is None:
            page = entry.load()(self.ctx)
            self._built[entry.key] = page
            self.stack.addWidget(page)
            restore_layouts(self.ctx.prefs, [page])
            equip_page(page)  # search → results, a chosen row on focus, sorting from the keyboard
            equip_exports(page)  # Ctrl+Shift+X and "Export to Excel…" on each table
        return page

    # --- showing -------------------------------------------------------------------------------
    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def show(self, key: str) -> Page | None:
        row = self.row_of(key)
        if row < 0:
            return None
        self.nav.setCurrentRow(row)
        return self._page_at(row)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            page = self._in_language(self._page_at(row))
            self.stack.setCurrentWidget(page)
            page.activated()

    def focus_into_current(self) -> None:
        """Put the keyboard inside the current page (unless it already took it): Ctrl+1 … Ctrl+9."""
        page = self.current_page()
        focus = QApplication.focusWidget()
        if page is None or (focus is not None and page.isAncestorOf(focus)):
            return
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page:
            if (page.isAncestorOf(widget) and widget.isVisibleTo(page) and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    # --- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The page in sight now; each other built page when it is next shown (``_in_language``)."""
        current = self.current_page()
        for key, page in self._built.items():
            if page is current:
                page.retranslate()
            else:
                self._stale_language.add(key)
        for i, entry in enumerate(self.entries):
            title = entry.title()
            item = self.nav.item(i)
            item.setText(title)
            item.setToolTip(_("{page} (Ctrl+{n})").format(page=title, n=(i + 1) % 10) if i < 10 else title)

    # --- remembered layouts --------------------------------------------------------------------
    def save_layouts(self) -> None:
        """Store the built pages' splitters and columns; the stored layouts of unbuilt pages stay."""
        states = dict(self.ctx.prefs.get("page_layouts") or {})
        for key, widget in layout_widgets(self.built_pages()):
            fitter = fitter_of(widget.parent()) if isinstance(widget, QHeaderView) else None
            if fitter is not None:  # a fitted table: only the widths the user set by hand are his to keep
                states.pop(key, None)
                if not fitter.user_sized:
                    continue
                key += "#user"
            states[key] = base64.b64encode(bytes(widget.saveState())).decode("ascii")
        self.ctx.prefs.set("page_layouts", states)


def layout_widgets(pages) -> Iterator[tuple[str, object]]:
    """(preference key, widget) for every named splitter and named table/tree of ``pages``."""
    for page in pages:
        for splitter in page.findChildren(QSplitter):
            if splitter.objectName():
                yield f"{page.key}/{splitter.objectName()}", splitter
        for view in page.findChildren(QAbstractItemView):
            header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
            if view.objectName() and header is not None:
                yield f"{page.key}/{view.objectName()}", header()


def restore_layouts(prefs, pages) -> None:
    states = prefs.get("page_layouts") or {}
    if not isinstance(states, dict):
        return
    for key, widget in layout_widgets(pages):
        fitter = fitter_of(widget.parent()) if isinstance(widget, QHeaderView) else None
        if fitter is not None:
            key += "#user"  # a fitted table's own widths are worked out afresh; the user's are kept
        value = states.get(key)
        if not isinstance(value, str):
            continue
        try:
            if widget.restoreState(QByteArray(base64.b64decode(value))) and fitter is not None:
                fitter.user_sized = True
        except (ValueError, TypeError):
            continue  # a damaged preference only loses the layout
