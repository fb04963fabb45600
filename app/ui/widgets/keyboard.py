"""What every page's tables and search boxes do for a keyboard user, installed when the page is built
(``app/ui/page_host.py``):

- from a search box, Down or Enter goes into the results (Enter first applies the search at once);
- a table taking the focus shows a chosen row at once (not only a faint outline round one cell), and a
  chosen row stays highlighted in full colour when the focus is elsewhere (the palette, ``app/ui/qapp.py``);
- in a table whose columns sort by a click on the header, Ctrl+Shift+S sorts by the current cell's column
  (pressed again: the other way round).

The keys are listed with the window's other shortcuts under Help → Keyboard shortcuts.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QTreeView, QWidget

from app.ui.widgets.soon import soon

SORT_KEYS = "Ctrl+Shift+S"
SEARCH_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def first_row_current(view: QAbstractItemView) -> None:
    """Make sure a row is chosen (selected and current) when the view has any; the chosen one stays."""
    model = view.model()
    if model is None or not model.rowCount():
        return
    selection = view.selectionModel()
    current = view.currentIndex()
    if selection is not None and selection.hasSelection() and current.isValid():
        return
    row = current.row() if current.isValid() else 0
    column = current.column() if current.isValid() else first_visible_column(view)
    index = model.index(row, column)
    view.setCurrentIndex(index)
    if selection is not None and not selection.isSelected(index):
        flags = selection.SelectionFlag.ClearAndSelect
        if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
            flags |= selection.SelectionFlag.Rows
        selection.select(index, flags)
    view.scrollTo(index)


def first_visible_column(view: QAbstractItemView) -> int:
    header = header_of(view)
    if header is None:
        return 0
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            return logical
    return 0


def header_of(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def sortable(view: QAbstractItemView) -> bool:
    """The view's rows sort by a click on its header (Qt's own sorting, or the page's own on the indicator)."""
    header = header_of(view)
    if header is None or not header.sectionsClickable():
        return False
    return bool(getattr(view, "isSortingEnabled", lambda: False)()) or header.isSortIndicatorShown()


def sort_by_current_column(view: QAbstractItemView) -> bool:
    """Sort by the current cell's column, the other way round if it is the sorted one already."""
    header = header_of(view)
    if header is None or not sortable(view):
        return False
    index = view.currentIndex()
    column = index.column() if index.isValid() else first_visible_column(view)
    if header.sortIndicatorSection() == column and header.isSortIndicatorShown():
        order = (Qt.SortOrder.DescendingOrder if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                 else Qt.SortOrder.AscendingOrder)
    else:
        order = Qt.SortOrder.AscendingOrder
    header.setSortIndicatorShown(True)
    header.setSortIndicator(column, order)  # Qt's sorting and the pages' own both follow the indicator
    return True


# The helpers below keep no Python reference to their table: a helper is a child of a widget, so C++
# holds its Python object alive, where the cycle collector cannot see it; a reference from it to the
# table kept the whole window alive after it was closed (tests/ui/test_no_leaks.py).


class _SearchToResults(QObject):
    """On a search box: Down or Enter puts the keyboard in the results table with a row chosen."""

    def __init__(self, edit: QLineEdit, view: QAbstractItemView):
        super().__init__(edit)
        self._view = weakref.ref(view)
        edit.installEventFilter(self)

    @property
    def view(self) -> QAbstractItemView | None:
        return self._view()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in SEARCH_KEYS and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_Down:
                self.go()
                return True
            soon(self, self.go)  # after the box has applied its search (returnPressed)
        return False

    def go(self) -> None:
        view = self.view
        if view is not None and view.isVisible() and view.isEnabled():
            view.setFocus(Qt.FocusReason.TabFocusReason)
            first_row_current(view)


class _ChooseOnFocus(QObject):
    """On a table: taking the focus with rows and none chosen chooses the first (or the current) one; so
    does a reload that emptied the selection while the table has the keyboard (a search applied by Enter)."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        view.installEventFilter(self)
        model = view.model()
        if model is not None:
            model.modelReset.connect(self._later)
            model.rowsInserted.connect(self._later)

    def _later(self, *_args) -> None:
        soon(self, self._choose)  # dropped if the table is gone by then

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusIn and obj is self.parent():
            soon(self, self._choose)
        return False

    def _choose(self) -> None:
        view = self.parent()
        if view.hasFocus() and view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection:
            first_row_current(view)


def search_to_results(edit: QLineEdit, view: QAbstractItemView) -> None:
    if edit.property("searchToResults"):
        return
    edit.setProperty("searchToResults", True)
    _SearchToResults(edit, view)


class _SortKey(QShortcut):
    """Ctrl+Shift+S on a table: sort by the current cell's column."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(QKeySequence(SORT_KEYS), view)
        self.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.setObjectName("sortByColumn")
        self.activated.connect(self._sort)

    def _sort(self) -> None:
        sort_by_current_column(self.parent())


def add_sort_key(view: QAbstractItemView) -> QShortcut:
    return _SortKey(view)


def equip_page(page: QWidget) -> None:
    """Give a page's tables and its search box the keys above (once)."""
    if page.property("keyboardEquipped"):
        return
    page.setProperty("keyboardEquipped", True)
    for view in page.findChildren(QAbstractItemView):
        if isinstance(view, (QTableView, QTreeView)):
            _ChooseOnFocus(view)
            if sortable(view):
                add_sort_key(view)
    filters = getattr(page, "filters", None)
    edit = getattr(page, "search", None) or getattr(filters, "search", None)
    view = getattr(page, "table", None) or getattr(page, "tree", None)
    if isinstance(edit, QLineEdit) and isinstance(view, QAbstractItemView):
        search_to_results(edit, view)
