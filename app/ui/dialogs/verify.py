"""The SHO verifies entries made in CAS (duty A-2): one or many at once, where the work is done.

A verification is the SHO's own act. When someone else is signed in (the computer operator at his desk), the
SHO types his own password here: it is checked as a sign-in would check it (a wrong one counts towards his
lock), the verification is recorded as his (``accounts.confirm_person``), and the operator stays signed in.
When the SHO cannot confirm, the message says what to do (an account to add, a password to set).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from app.i18n import _, ngettext
from app.services import accounts, obligations
from app.services.core.errors import UserError
from app.ui.changes import Changes
from app.ui.dialogs.sign_in import combo_value
from app.ui.widgets.validated_form import FormDialog

NOBODY = -1


class VerifyDialog(FormDialog):
    """``shos`` are (id, name) of the people holding the SHO's role today."""

    changes = Changes(obligations=True, audit=True)

    def __init__(self, ctx, ids: list[int], shos: list[tuple[int, str]], *, default_person_id: int | None = None,
                 parent=None):
        self.ids = list(ids)
        self.shos = list(shos)
        self.default_person_id = default_person_id
        super().__init__(ctx, parent)
        self.setMinimumWidth(520)
        (self.password if self.password_needed() else self.by).setFocus()

    def build(self) -> None:
        self.by = QComboBox()
        self.by.setObjectName("sho")
        for pid, name in self.shos:
            self.by.addItem(name, pid)
        if not self.shos:
            self.by.addItem("", NOBODY)
        i = self.by.findData(self.default_person_id)
        self.by.setCurrentIndex(max(0, i))
        self.password = QLineEdit()
        self.password.setObjectName("shoPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(200)
        self.by_label = self.form.add_field("by", self.by, self._by_value)
        self.password_label = self.form.add_field("password", self.password, self.password.text)
        self.by.currentIndexChanged.connect(self._sho_changed)
        self._sho_changed()

    def _by_value(self) -> int:
        pid = combo_value(self.by, NOBODY)
        if pid == NOBODY:
            raise UserError(_("Nobody holds the SHO's role today. An administrator gives it on the Staff page "
                              "(Give a role)."))
        return pid

    def password_needed(self) -> bool:
        """The SHO confirms with his password unless he is the one signed in (or the station has no accounts)."""
        if getattr(self.ctx, "account", None) is None:
            return False
        return combo_value(self.by, NOBODY) not in (NOBODY, self.ctx.actor.person_id)

    def _sho_changed(self, *_a) -> None:
        self.form.set_field_visible("password", self.password_needed())
        self._retranslate_password()

    def _retranslate_password(self) -> None:
        name = self.by.currentText()
        self.password_label.setText(_("{name}'s own &password").format(name=name) if name else _("SHO's &password"))

    def retranslate(self) -> None:
        super().retranslate()
        n = len(self.ids)
        self.setWindowTitle(_("Verify entries"))
        intro = ngettext(
            "The SHO confirms that {n} entry made in CAS is correct (duty A-2).",
            "The SHO confirms that {n} entries made in CAS are correct (duty A-2).", n).format(n=n)
        if self.password_needed():
            intro += " " + _("The SHO types his own password here: the verification is recorded as his, and "
                             "{name} stays signed in.").format(name=self.ctx.actor.label)
        self.intro.setText(intro)
        self.intro.show()
        self.by_label.setText(_("Verified &by"))
        self._retranslate_password()
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Verify"))

    def save(self, db, actor, values: dict) -> int:  # on the worker thread
        by = values["by"]
        if "password" in values:  # the field is shown (and so its value given) only when the SHO must confirm
            purpose = ngettext("verify {n} entry", "verify {n} entries", len(self.ids)).format(n=len(self.ids))
            actor = accounts.confirm_person(db, by, values["password"], purpose=purpose, at_window_of=actor)
        return obligations.verify(db, self.ids, by_person_id=by, actor=actor)

    def _failed(self, exc: Exception) -> None:
        super()._failed(exc)
        self.password.clear()
