"""Sign in: at start, to switch user, and to unlock after the idle lock.

The person picks their account from the station's list and types the password. An account with no
password yet (new, or reset by an administrator) switches the dialog to "set your new password", with
the one-time code the administrator gave (the very first administrator sets his in the first-run wizard).
Every attempt goes through ``accounts.sign_in`` on the worker thread (audited, counted towards the lock).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services import accounts
from app.services.accounts import PasswordSetupRequired, SignedIn
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.people import rank_label

ERROR_STYLE = "color: #b00020;"


def combo_value(combo: QComboBox, default=None):
    """The current item's data, never asking Qt for a missing one: PySide6 6.12's ``currentData()``
    drops a reference to ``None`` each time it returns an empty value, which crashes Python 3.11 at
    exit after enough calls. Items must therefore never carry ``None`` as data (use a sentinel)."""
    if combo.currentIndex() < 0:
        return default
    return combo.currentData()


class SignInDialog(QDialog):
    def __init__(self, ctx, *, username: str | None = None, locked: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.locked = locked
        self.preferred = username
        self.signed: SignedIn | None = None
        self.setup_mode = False
        self._busy = False
        self.setModal(True)
        self.setMinimumWidth(520)

        self._build_fields()
        self._build_form()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._show_setup(False)
        self.retranslate()
        self._load_accounts()

    def _build_fields(self) -> None:
        """The heading, the person, the password (or a new one twice, at a first sign-in) and the message."""
        self.heading = QLabel()
        self.heading.setObjectName("signInHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setMinimumContentsLength(28)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = QLineEdit()
        self.code.setObjectName("oneTimeCode")
        self.code.setMaxLength(40)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.textChanged.connect(self._update_hint)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()

    def _build_form(self) -> None:
        """The labelled fields (``self.form``) and the sign-in and quit buttons."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_label = QLabel()
        self.user_label.setBuddy(self.user)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        self.code_label = QLabel()
        self.code_label.setBuddy(self.code)
        self.new_label = QLabel()
        self.new_label.setBuddy(self.new_password)
        self.confirm_label = QLabel()
        self.confirm_label.setBuddy(self.confirm)
        form.addRow(self.user_label, self.user)
        form.addRow(self.password_label, self.password)
        form.addRow(self.code_label, self.code)
        form.addRow(self.new_label, self.new_password)
        form.addRow(self.confirm_label, self.confirm)
        form.addRow("", self.hint)
        self.form = form

        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton()
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)

    # --- texts ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in — Anupalan"))
        if self.setup_mode:
            self.heading.setText(_("Set your new password"))
            self.intro.setText(_("This account has no password yet, or the administrator started a reset. "
                                 "Type the one-time code the administrator gave you, then choose a password only "
                                 "you know. A phrase of three or four words is strong and easy to remember; there "
                                 "are no rules about digits or symbols."))
            self.ok_button.setText(_("Set password and sign in"))
        elif self.locked:
            self.heading.setText(_("Anupalan is locked"))
            self.intro.setText(_("It was left idle. Sign in to continue, or pick another person to switch user."))
            self.ok_button.setText(_("&Unlock"))
        else:
            self.heading.setText(_("Who is using this computer?"))
            self.intro.setText(_("Pick your name and type your password. Everything you do is recorded "
                                 "under your name."))
            self.ok_button.setText(_("&Sign in"))
        self.cancel_button.setText(_("&Quit") if not self.locked else _("&Quit Anupalan"))
        self.user_label.setText(_("&Person"))
        self.password_label.setText(_("Pass&word"))
        self.code_label.setText(_("One-time &code"))
        self.code.setPlaceholderText(_("e.g. ABCD-EFGH-JKMN"))
        self.new_label.setText(_("&New password"))
        self.confirm_label.setText(_("&Again"))
        self._update_hint()
        self._retranslate_demo()

    def set_demo(self, demo) -> None:
        """On the demo station: say the one password of every demo account, and type it in already."""
        self._demo = demo
        if not hasattr(self, "demo_hint"):
            self.demo_hint = QLabel()
            self.demo_hint.setObjectName("demoHint")
            self.demo_hint.setWordWrap(True)
            self.demo_hint.setStyleSheet("color: #8a5a00; font-weight: bold;")
            self.layout().insertWidget(2, self.demo_hint)
        self.password.setText(demo.password)
        self._retranslate_demo()

    def _retranslate_demo(self) -> None:
        demo = getattr(self, "_demo", None)
        if demo is not None:
            self.demo_hint.setText(_("Demo station (made-up data): every account's password is {password}. "
                                     "Sign in as {users}; sign in as sho to verify entries as the SHO.").format(
                password=demo.password, users=", ".join(demo.usernames)))

    def _update_hint(self) -> None:
        self.hint.setText(accounts.strength_hint(self.new_password.text()))

    # --- accounts list ---------------------------------------------------------------------
    def _load_accounts(self) -> None:
        Query(self, lambda db: accounts.list_accounts(db, active_only=True)).success(self._fill).failure(
            self._failed).run()

    def _fill(self, rows: list[accounts.AccountInfo]) -> None:
        self.user.clear()
        for a in rows:
            self.user.addItem("{person} ({rank}) · {username}".format(person=a.person, rank=rank_label(a.rank),
                                                                       username=a.username), a.username)
        if self.preferred:
            i = self.user.findData(self.preferred)
            if i >= 0:
                self.user.setCurrentIndex(i)
        self.password.setFocus()

    def current_username(self) -> str:
        return combo_value(self.user, "") or ""

    # --- behaviour -------------------------------------------------------------------------
    def _show_setup(self, on: bool) -> None:
        self.setup_mode = on
        self.form.setRowVisible(self.password, not on)
        self.form.setRowVisible(self.code, on)
        self.form.setRowVisible(self.new_password, on)
        self.form.setRowVisible(self.confirm, on)
        self.form.setRowVisible(self.hint, on)
        self.user.setEnabled(not on)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def submit(self) -> None:
        if self._busy:
            return
        username = self.current_username()
        if not username:
            self.show_message(_("Pick your name from the list."))
            return
        if self.setup_mode:
            new, again, code = self.new_password.text(), self.confirm.text(), self.code.text()
            work = lambda db, _actor: accounts.set_first_password(db, username, new, again, code=code)  # noqa: E731
        else:
            password = self.password.text()
            work = lambda db, _actor: accounts.sign_in(db, username, password)  # noqa: E731
        self._busy = True
        self.ok_button.setEnabled(False)
        # a sign-in is recorded (and may set a password): a change to the accounts
        Op(self, work, changes=Changes(accounts=True), label=_("Checking…")).success(self._done).failure(
            self._failed).run()

    def _done(self, signed: SignedIn) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.signed = signed
        self.password.clear()
        self.code.clear()
        self.new_password.clear()
        self.confirm.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.password.clear()
        if isinstance(exc, PasswordSetupRequired):
            self._show_setup(True)
            self.retranslate()
            self.show_message("")
            self.code.setFocus()
            return
        message = getattr(exc, "message", None) or str(exc)
        self.show_message(message)
        (self.new_password if self.setup_mode else self.password).setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
