"""The station's own label for a duty (Hindi and English); the letter's text stays as it is."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from app.i18n import _
from app.services import catalogue
from app.services.catalogue import DutyInfo
from app.services.core.validate import clean_text
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class DutyLabelDialog(FormDialog):
    changes = Changes(catalogue=True)

    def __init__(self, ctx, duty: DutyInfo, parent=None):
        self.duty = duty
        super().__init__(ctx, parent)
        self.label_hi.setText(duty.label_hi or "")
        self.label_en.setText(duty.label_en or "")
        self.label_hi.setFocus()

    def build(self) -> None:
        self.setMinimumWidth(620)
        self.letter_text = QLabel(self.duty.text_hi)
        self.letter_text.setWordWrap(True)
        self.standard_en = QLabel(self.duty.name_en)
        self.standard_en.setWordWrap(True)
        self.label_hi = QLineEdit()
        self.label_en = QLineEdit()
        f = self.form
        self.letter_label = f.add_field("letter", self.letter_text, lambda: None)
        self.standard_label = f.add_field("standard", self.standard_en, lambda: None)
        self.hi_label = f.add_field("label_hi", self.label_hi, lambda: clean_text(
            self.label_hi.text(), _("Hindi label"), max_len=300))
        self.en_label = f.add_field("label_en", self.label_en, lambda: clean_text(
            self.label_en.text(), _("English label"), max_len=300))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Label of duty {code}").format(code=self.duty.code))
        self.intro.setText(_("The station may call a duty by its own name. The letter's text itself is never changed. "
                             "Leave a label empty to use the letter's text and the standard English name."))
        self.intro.show()
        self.letter_label.setText(_("Letter's text"))
        self.standard_label.setText(_("Standard English name"))
        self.hi_label.setText(_("&Hindi label"))
        self.en_label.setText(_("&English label"))
        self.label_hi.setPlaceholderText(self.duty.text_hi)
        self.label_en.setPlaceholderText(self.duty.name_en)

    def save(self, db, actor, v: dict) -> DutyInfo:
        return catalogue.set_duty_label(db, self.duty.id, v["label_hi"], v["label_en"],
                                                actor=actor)
