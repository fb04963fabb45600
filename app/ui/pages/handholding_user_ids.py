"""The CCTNS support page's user-id tab (duty D-22): who has a CCTNS user id, who is waiting for one."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.core.formatting import format_date
from app.ui.widgets.tables import row_table, table_item
from app.ui.pages.handholding_register import LEAVE_BRUSH
from app.ui.people import rank_label

BEHIND_BRUSH = QBrush(QColor("#f8d7da"))


class UserIdsTab(QWidget):
    """The widgets only: the page connects the buttons and gives the data to ``populate``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.id_table = row_table("userIdTable", 5, alternating=False)
        self.request_button = QPushButton()
        self.created_button = QPushButton()
        iv = QVBoxLayout(self)
        iv.addWidget(self.id_table, 1)
        ib = QHBoxLayout()
        ib.addWidget(self.request_button)
        ib.addWidget(self.created_button)
        ib.addStretch(1)
        iv.addLayout(ib)

    def retranslate(self) -> None:
        self.request_button.setText(_("&Request an id"))
        self.created_button.setText(_("Id &created"))
        self.id_table.setHorizontalHeaderLabels([_("Name"), _("Rank"), _("CCTNS user id"), _("Status"),
                                                 _("Requested on")])

    def populate(self, ids: list, keep) -> None:
        """Fill the register; ``keep`` (the row selected before) is selected again."""
        status = {"has_id": _("has an id"), "missing": _("not requested"), "requested": _("Requested")}
        self.id_table.setRowCount(len(ids))
        for r, row in enumerate(ids):
            text = status[row.status]
            if row.shared_with:
                text += " · " + _("also held by {names}").format(names=", ".join(row.shared_with))
            cells = [row.name, rank_label(row.rank), row.user_id or "", text,
                     format_date(row.requested_on) if row.requested_on else ""]
            for c, t in enumerate(cells):
                it = table_item(t, row.person_id if c == 0 else None)
                if row.status != "has_id" or row.shared_with:
                    it.setBackground(BEHIND_BRUSH if row.shared_with or row.status == "missing" else LEAVE_BRUSH)
                self.id_table.setItem(r, c, it)
            if keep is not None and row.person_id == keep.person_id:
                self.id_table.selectRow(r)
        self.id_table.resizeColumnsToContents()
        self.id_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
