"""The compliance report's print dialog: the period, the letter number (पत्रांक) from the station's dispatch
register and the enclosures; a button opens the station particulars that head the letter."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton

from app.i18n import _
from app.services.reports import check_enclosures, check_letter_no
from app.ui.dialogs.inspection_forms import PeriodDialog


class ComplianceDialog(PeriodDialog):
    """``build(db, date_from, date_to, letter_no, enclosures)`` makes the report on the worker."""

    def build(self) -> None:
        super().build()
        self.letter_no = QLineEdit()
        self.letter_no.setObjectName("letterNo")
        self.letter_label = self.form.add_field("letter_no", self.letter_no,
                                                lambda: check_letter_no(self.letter_no.text()))
        self.enclosures = QLineEdit()
        self.enclosures.setObjectName("enclosures")
        self.enclosures_label = self.form.add_field("enclosures", self.enclosures, self._enclosures)
        self.particulars_button = QPushButton()
        self.particulars_button.clicked.connect(self.edit_particulars)
        self.buttons.addButton(self.particulars_button, self.buttons.ButtonRole.ResetRole)

    def _enclosures(self) -> tuple[str, ...]:
        return check_enclosures(self.enclosures.text().split(";"))

    def retranslate(self) -> None:
        super().retranslate()
        self.letter_label.setText(_("&Letter no. (पत्रांक)"))
        self.letter_no.setPlaceholderText(_("blank: a line to write it by hand"))
        self.enclosures_label.setText(_("&Enclosures"))
        self.enclosures.setPlaceholderText(_("separate with ;  (blank: nil)"))
        self.particulars_button.setText(_("Station p&articulars…"))

    def save(self, db, actor, v: dict):
        return self.build_report(db, v["date_from"], v["date_to"], v["letter_no"], v["enclosures"])

    def edit_particulars(self):
        from app.ui.dialogs.station_particulars import StationParticularsDialog

        self.particulars_dialog = StationParticularsDialog(self.ctx, self)
        self.particulars_dialog.load()
        self.particulars_dialog.open()
        return self.particulars_dialog
