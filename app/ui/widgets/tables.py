"""Read-only tables of the register pages (cases, staff, equipment, CCTNS support): cells that carry
their row's id, tables that select whole rows, and finding the selected row again after a reload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


def table_item(text, data=None, *, tooltip: str | None = None, right: bool = False) -> QTableWidgetItem:
    """A selectable, read-only cell; ``data`` (usually the row's id) is kept in the user role."""
    item = QTableWidgetItem(str(text))
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        item.setToolTip(tooltip)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def row_table(name: str, columns: int, *, single: bool = True, alternating: bool = True,
              read_only: bool = False) -> QTableWidget:
    """A table named ``name`` (for tests and style sheets) that selects one whole row, or with
    ``single=False`` any number of cells (the attendance grid)."""
    t = QTableWidget(0, columns)
    t.setObjectName(name)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows if single
                           else QAbstractItemView.SelectionBehavior.SelectItems)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if single
                       else QAbstractItemView.SelectionMode.ExtendedSelection)
    if read_only:
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if alternating:
        t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    t.setWordWrap(False)
    return t


def selected_row(table: QTableWidget, rows: list, attr: str = "id"):
    """The value in ``rows`` whose ``attr`` is the id kept in the selected row's first cell (or None)."""
    sel = table.selectionModel().selectedRows()
    if not sel:
        return None
    key = table.item(sel[0].row(), 0).data(Qt.ItemDataRole.UserRole)
    return next((r for r in rows if getattr(r, attr) == key), None)


def reselect(table: QTableWidget, key) -> None:
    """Select the row whose first cell keeps ``key``, else the first row."""
    for r in range(table.rowCount()):
        if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key:
            table.selectRow(r)
            return
    if table.rowCount():
        table.selectRow(0)
