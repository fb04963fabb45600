"""The CCTNS support page's campaign tab (duty D-24): each campaign's deadline and progress."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.core.formatting import format_date, format_number
from app.services.handholding import CAMPAIGN_STATUS_LABELS, label
from app.ui.widgets.tables import row_table, table_item
from app.ui.pages.handholding_user_ids import BEHIND_BRUSH


class CampaignsTab(QWidget):
    """The widgets only: the page connects the buttons and gives the data to ``populate``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.campaign_table = row_table("campaignTable", 6, alternating=False)
        self.campaign_button = QPushButton()
        self.progress_button = QPushButton()
        cv = QVBoxLayout(self)
        cv.addWidget(self.campaign_table, 1)
        cb = QHBoxLayout()
        cb.addWidget(self.campaign_button)
        cb.addWidget(self.progress_button)
        cb.addStretch(1)
        cv.addLayout(cb)

    def retranslate(self) -> None:
        self.campaign_button.setText(_("&Start a campaign"))
        self.progress_button.setText(_("Record &progress"))
        self.campaign_table.setHorizontalHeaderLabels([_("Campaign"), _("Deadline"), _("Done"), _("Target"),
                                                       _("Status"), _("Entries")])

    def populate(self, campaigns: list) -> None:
        self.campaign_table.setRowCount(len(campaigns))
        for r, c in enumerate(campaigns):
            cells = [c.name, format_date(c.deadline), format_number(c.done), format_number(c.target),
                     label(CAMPAIGN_STATUS_LABELS, c.status),
                     c.selection if c.target_kind == "entries" else _("a number of entries")]
            for col, t in enumerate(cells):
                it = table_item(t, c.id if col == 0 else None)
                if c.behind:
                    it.setBackground(BEHIND_BRUSH)
                self.campaign_table.setItem(r, col, it)
        self.campaign_table.resizeColumnsToContents()
        self.campaign_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
