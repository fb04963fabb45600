"""Add or edit a person on the staff list (name, rank, PNO, CCTNS user id, active)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from app.i18n import N_, _
from app.services import staff
from app.services.staff import PersonInfo
from app.services.core.validate import clean_text
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog

# Suggestions only: the rank is free text, as stations write it.
RANK_SUGGESTIONS = (N_("Inspector"), N_("Sub-Inspector"), N_("Head Constable"), N_("Constable"),
                    N_("Computer Operator"))


class PersonDialog(FormDialog):
    changes = Changes(staff=True)

    def __init__(self, ctx, person: PersonInfo | None = None, parent=None):
        self.person = person
        super().__init__(ctx, parent)
        if person is not None:
            self.name.setText(person.name)
            self.rank.setCurrentText(person.rank)
            self.pno.setText(person.pno or "")
            self.cctns.setText(person.cctns_user_id or "")
            self.active.setChecked(person.active)
        self.name.setFocus()

    def build(self) -> None:
        self.name = QLineEdit()
        self.rank = QComboBox()
        self.rank.setEditable(True)
        self.rank.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.pno = QLineEdit()
        self.cctns = QLineEdit()
        self.active = QCheckBox()
        self.active.setChecked(True)
        f = self.form
        self.name_label = f.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Name"), required=True, max_len=120))
        self.rank_label = f.add_field("rank", self.rank, lambda: clean_text(
            self.rank.currentText(), _("Rank"), required=True, max_len=60))
        self.pno_label = f.add_field("pno", self.pno, lambda: clean_text(
            self.pno.text(), _("PNO"), max_len=40) or None)
        self.cctns_label = f.add_field("cctns_user_id", self.cctns, lambda: clean_text(
            self.cctns.text(), _("CCTNS user id"), max_len=60) or None)
        self.active_label = f.add_field("active", self.active, self.active.isChecked)
        f.set_field_visible("active", self.person is not None)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a person") if self.person is None else _("Edit {name}").format(
            name=self.person.name))
        self.name_label.setText(_("&Name"))
        self.rank_label.setText(_("&Rank"))
        self.pno_label.setText(_("&PNO (personal number)"))
        self.cctns_label.setText(_("CCTNS &user id"))
        self.active_label.setText(_("Ac&tive"))
        self.active.setText(_("Still posted at this station"))
        current = self.rank.currentText()
        self.rank.clear()
        self.rank.addItems([_(r) for r in RANK_SUGGESTIONS])
        self.rank.setCurrentText(current)

    def save(self, db, actor, v: dict) -> PersonInfo:
        if self.person is None:
            return staff.add_person(db, v["name"], v["rank"], v["pno"], v["cctns_user_id"], actor=actor)
        return staff.update_person(db, self.person.id, name=v["name"], rank=v["rank"], pno=v["pno"] or "",
                                           cctns_user_id=v["cctns_user_id"] or "", active=v["active"], actor=actor)
