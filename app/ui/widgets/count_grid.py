"""A small grid of counts where every number is a way in: a click, or Enter on the focused cell, emits
the filter that lists exactly the entries behind it (``opened(dict)``). A row's name opens its first
number's list (a role's or a person's pending entries), so Enter works on every cell of a row.

Each row is a label and its cells; a cell carries its number, the filter to open, and whether it is
an alarm (overdue, unassigned) shown in bold red with a marker, so it also reads in grey print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.services.core.formatting import format_number

FILTER_ROLE = Qt.ItemDataRole.UserRole + 1
ALARM_COLOUR = QColor(160, 20, 20)
ZERO_COLOUR = QColor(120, 120, 120)


@dataclass
class Cell:
    value: int | str | None
    filter: dict | None = None  # None: not clickable
    alarm: bool = False  # a non-zero number that needs action now
    tooltip: str = ""


@dataclass
class GridRow:
    label: str
    cells: list[Cell] = field(default_factory=list)
    bold: bool = False
    alarm: bool = False  # the whole row is an alarm (e.g. "Unassigned")
    tooltip: str = ""


class CountGrid(QTableWidget):
    opened = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setHighlightSections(False)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.cellClicked.connect(self._open_cell)
        self._bold = QFont(self.font())
        self._bold.setBold(True)

    def set_headers(self, titles: list[str]) -> None:
        self.setColumnCount(len(titles))
        self.setHorizontalHeaderLabels(titles)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(titles)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: list[GridRow]) -> None:
        current = (self.currentRow(), self.currentColumn())
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            label = QTableWidgetItem(row.label)
            first = next((cell.filter for cell in row.cells if cell.filter is not None), None)
            if first is not None:  # the name opens the row's first list (its pending entries), like its number
                label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                label.setData(FILTER_ROLE, first)
            else:
                label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setToolTip(row.tooltip or row.label)
            if row.bold or row.alarm:
                label.setFont(self._bold)
            if row.alarm:
                label.setForeground(QBrush(ALARM_COLOUR))
            self.setItem(r, 0, label)
            for c, cell in enumerate(row.cells, start=1):
                self.setItem(r, c, self._cell_item(cell, row))
        if 0 <= current[0] < self.rowCount() and 0 <= current[1] < self.columnCount():
            self.setCurrentCell(*current)

    def _cell_item(self, cell: Cell, row: GridRow) -> QTableWidgetItem:
        value = cell.value
        if isinstance(value, int):
            text = format_number(value)
            if cell.alarm and value:
                text = "⚠ " + text
        else:
            text = value or ""
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        flags = Qt.ItemFlag.ItemIsEnabled
        if cell.filter is not None:
            flags |= Qt.ItemFlag.ItemIsSelectable
            item.setData(FILTER_ROLE, cell.filter)
        item.setFlags(flags)
        if cell.tooltip:
            item.setToolTip(cell.tooltip)
        if isinstance(value, int) and value and (cell.alarm or row.alarm):
            item.setForeground(QBrush(ALARM_COLOUR))
            item.setFont(self._bold)
        elif value == 0:
            item.setForeground(QBrush(ZERO_COLOUR))
        elif row.bold:
            item.setFont(self._bold)
        return item

    def filter_at(self, row: int, column: int) -> dict | None:
        item = self.item(row, column)
        return None if item is None else item.data(FILTER_ROLE)

    def _open_cell(self, row: int, column: int) -> None:
        flt = self.filter_at(row, column)
        if flt is not None:
            self.opened.emit(dict(flt))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            flt = self.filter_at(self.currentRow(), self.currentColumn())
            if flt is not None:
                self.opened.emit(dict(flt))
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.currentItem() is None and self.rowCount() and self.columnCount() > 1:
            self.setCurrentCell(0, 1)

    def fit_height(self, max_rows: int | None = None) -> None:
        """Be exactly as tall as the rows (up to ``max_rows``; then scroll)."""
        rows = self.rowCount() if max_rows is None else min(self.rowCount(), max_rows)
        height = self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()
        self.setFixedHeight(max(height, self.horizontalHeader().height() + 2 * self.frameWidth() + 4))
