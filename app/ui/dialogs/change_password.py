"""A signed-in person changes their own password (the current one is asked again)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from app.i18n import _
from app.services import accounts
from app.services.core.errors import UserError
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class ChangePasswordDialog(FormDialog):
    changes = Changes(accounts=True)

    def __init__(self, ctx, account_id: int, parent=None):
        self.account_id = account_id
        super().__init__(ctx, parent)
        self.current.setFocus()

    def build(self) -> None:
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.confirm = QLineEdit()
        for w in (self.current, self.new, self.confirm):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        f = self.form
        self.current_label = f.add_field("current", self.current, lambda: self.current.text())
        self.new_label = f.add_field("password", self.new, self._new_value)
        self.confirm_label = f.add_field("confirm", self.confirm, lambda: self.confirm.text())
        self.hint_label = f.add_field("hint", self.hint, lambda: None)
        self.new.textChanged.connect(lambda _t: self.hint.setText(accounts.strength_hint(self.new.text())))

    def _new_value(self) -> str:
        problems = accounts.problems(self.new.text())
        if problems:
            raise UserError(problems[0])
        return self.new.text()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Change your password"))
        self.current_label.setText(_("&Current password"))
        self.new_label.setText(_("&New password"))
        self.confirm_label.setText(_("New password &again"))
        self.hint_label.setText("")
        self.hint.setText(accounts.strength_hint(self.new.text()))

    def save(self, db, actor, values: dict):
        return accounts.change_password(db, self.account_id, values["current"], values["password"],
                                        values["confirm"], actor=actor)
