"""Help → Keyboard shortcuts: every key of the window in one table (from ``app/ui/shortcut_list.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout

from app.i18n import _
from app.ui.shortcut_list import shortcut_rows
from app.ui.widgets.tables import row_table, table_item


class ShortcutsDialog(QDialog):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.intro = QLabel(_("Every key below works with the keyboard alone. Page keys act while that page is shown."))
        self.intro.setWordWrap(True)
        self.rows = shortcut_rows(window)
        self.table = row_table("shortcutTable", 3, read_only=True)
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What it does"), _("Where")])
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate((row.keys, row.what, row.where)):
                self.table.setItem(r, c, table_item(text))
        self.table.setWordWrap(True)  # long descriptions wrap: nothing is cut off
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1000, 640)
        if self.rows:
            self.table.selectRow(0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # once the columns have their widths: wrapped rows get their height
