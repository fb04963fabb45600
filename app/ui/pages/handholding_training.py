"""The CCTNS support page's training tab (duty D-19): the sessions held and the staff not yet trained."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.core.formatting import format_date, format_number
from app.ui.widgets.tables import row_table, table_item


class TrainingTab(QWidget):
    """The widgets only: the page connects the button and gives the data to ``populate``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.training_table = row_table("trainingTable", 5, alternating=False)
        self.untrained_label = QLabel()
        self.untrained_label.setWordWrap(True)
        self.untrained_label.setObjectName("untrainedLabel")
        self.training_button = QPushButton()
        tv = QVBoxLayout(self)
        tv.addWidget(self.untrained_label)
        tv.addWidget(self.training_table, 1)
        tb = QHBoxLayout()
        tb.addWidget(self.training_button)
        tb.addStretch(1)
        tv.addLayout(tb)

    def retranslate(self) -> None:
        self.training_button.setText(_("Record a &training session"))
        self.training_table.setHorizontalHeaderLabels([_("Held on"), _("Trainer"), _("Topics"), _("CCTNS"),
                                                       _("Attended")])

    def populate(self, trainings: list, untrained: list) -> None:
        if untrained:
            self.untrained_label.setText(_("Staff with no CCTNS training ({count}): {names}").format(
                count=format_number(len(untrained)), names=", ".join(p.name for p in untrained)))
            self.untrained_label.setStyleSheet("color: #b00020;")
        else:
            self.untrained_label.setText(_("Every active staff member has had CCTNS training."))
            self.untrained_label.setStyleSheet("")
        self.training_table.setRowCount(len(trainings))
        for r, t in enumerate(trainings):
            for c, text in enumerate([format_date(t.held_on), t.trainer, t.topics, _("yes") if t.cctns else _("no"),
                                      ", ".join(n for _i, n in t.attendees)]):
                self.training_table.setItem(r, c, table_item(text, t.id if c == 0 else None))
        self.training_table.resizeColumnsToContents()
        self.training_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
