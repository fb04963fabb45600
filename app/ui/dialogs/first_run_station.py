"""The first-run wizard's station page: name, district and code, as written in CCTNS."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWizardPage

from app.i18n import _
from app.services.core.validate import clean_text
from app.ui.widgets.validated_form import ValidatedForm


class StationPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.name, self.district, self.code = QLineEdit(), QLineEdit(), QLineEdit()
        self.form = ValidatedForm()
        self.name_label = self.form.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Station name"), required=True, max_len=120))
        self.district_label = self.form.add_field("district", self.district, lambda: clean_text(
            self.district.text(), _("District"), required=True, max_len=120))
        self.code_label = self.form.add_field("code", self.code, lambda: clean_text(
            self.code.text(), _("Station code"), max_len=40) or None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.values: dict | None = None

    def retranslate(self) -> None:
        self.setTitle(_("The station"))
        self.setSubTitle(_("As written in CCTNS."))
        self.name_label.setText(_("Station na&me"))
        self.district_label.setText(_("&District"))
        self.code_label.setText(_("Station &code (optional)"))

    def initializePage(self) -> None:
        self.name.setFocus()

    def validatePage(self) -> bool:
        self.values = self.form.values()
        return self.values is not None
