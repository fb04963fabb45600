"""First run: the computer operator creates their own administrator account.

There are no default accounts or passwords: until this dialog is completed, nobody can sign in.
The operator picks themselves from the staff list (or adds themselves) and chooses a password.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

from app.i18n import _
from app.services import accounts, staff
from app.services.core.validate import clean_text
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.widgets.validated_form import FormDialog
from app.ui.dialogs.sign_in import combo_value
from app.ui.people import person_label

NEW_PERSON = -1


class FirstAdminDialog(FormDialog):
    changes = Changes(accounts=True, staff=True)

    def build(self) -> None:
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.name = QLineEdit()
        self.rank = QLineEdit()
        self.pno = QLineEdit()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.operator_role = QCheckBox()
        self.operator_role.setChecked(True)
        f = self.form
        self.person_label = f.add_field("person_id", self.person, self._person_value)
        self.name_label = f.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Name"), required=True, max_len=120))
        self.rank_label = f.add_field("rank", self.rank, lambda: clean_text(
            self.rank.text(), _("Rank"), required=True, max_len=60))
        self.pno_label = f.add_field("pno", self.pno, lambda: clean_text(self.pno.text(), _("PNO"), max_len=40) or None)
        self.username_label = f.add_field("username", self.username,
                                          lambda: accounts.check_username(self.username.text()))
        self.password_label = f.add_field("password", self.password, self._password_value)
        self.confirm_label = f.add_field("confirm", self.confirm, lambda: self.confirm.text())
        self.hint_label = f.add_field("hint", self.hint, lambda: None)
        self.role_label = f.add_field("operator_role", self.operator_role, self.operator_role.isChecked)
        self.person.currentIndexChanged.connect(self._person_changed)
        self.name.textEdited.connect(self._suggest_username)
        self.password.textChanged.connect(lambda _t: self.hint.setText(accounts.strength_hint(self.password.text())))
        self._username_touched = False
        self.username.textEdited.connect(lambda _t: setattr(self, "_username_touched", True))
        self.buttons.button(self.buttons.StandardButton.Cancel).setVisible(True)
        self.intro.show()
        self._people: list = []
        Query(self, lambda db: staff.list_persons(db, include_inactive=False)).success(self._fill_people).run()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Create the administrator account"))
        self.intro.setText(_("Anupalan has no accounts yet. The computer operator creates the first one: it "
                             "administers the accounts of the other staff. There are no default passwords: "
                             "choose one only you know — a phrase of three or four words is strong and easy "
                             "to remember."))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Create and sign in"))
        self.person_label.setText(_("&Person"))
        self.name_label.setText(_("&Name"))
        self.rank_label.setText(_("&Rank"))
        self.pno_label.setText(_("PN&O (personal number)"))
        self.username_label.setText(_("&User name"))
        self.password_label.setText(_("Pass&word"))
        self.confirm_label.setText(_("Password &again"))
        self.hint_label.setText("")
        self.role_label.setText("")
        self.operator_role.setText(_("I am the station's computer operator from today"))
        self.hint.setText(accounts.strength_hint(self.password.text()))
        if self.person.count():
            self.person.setItemText(self.person.count() - 1, _("I am not on the staff list: add me"))

    def _fill_people(self, people) -> None:
        self._people = people
        self.person.blockSignals(True)
        self.person.clear()
        for p in people:
            self.person.addItem(person_label(p.name, p.rank), p.id)
        self.person.addItem(_("I am not on the staff list: add me"), NEW_PERSON)
        operators = [i for i, p in enumerate(people) if "operator" in p.roles]
        self.person.setCurrentIndex(operators[0] if operators else self.person.count() - 1)
        self.person.blockSignals(False)
        self._person_changed()

    def _person_value(self):
        pid = combo_value(self.person, NEW_PERSON)
        return None if pid == NEW_PERSON else pid

    def _person_changed(self, *_a) -> None:
        new = combo_value(self.person, NEW_PERSON) == NEW_PERSON
        for key in ("name", "rank", "pno"):
            self.form.set_field_visible(key, new)
        self._suggest_username()

    def _suggest_username(self, *_a) -> None:
        if self._username_touched:
            return
        pid = combo_value(self.person, NEW_PERSON)
        name = next((p.name for p in self._people if p.id == pid), self.name.text())
        self.username.setText(accounts.suggest_username(name))  # नीरज → neeraj (vowel signs were dropped: "नरज")

    def _password_value(self) -> str:
        problems = accounts.problems(self.password.text())
        if problems:
            from app.services.core.errors import UserError

            raise UserError(problems[0])
        return self.password.text()

    def save(self, db, actor, values: dict):
        return accounts.create_first_admin(
            db, username=values["username"], password=values["password"], confirm=values["confirm"],
            person_id=values.get("person_id"), name=values.get("name"), rank=values.get("rank"),
            pno=values.get("pno"), hold_operator_role=values["operator_role"])
