"""Account → Accounts (administrators only): who may sign in, and the administrator's four acts on an account.

- **Add an account** for a person on the staff list: no password is chosen here; the person sets it at the
  first sign-in with the one-time code shown once (``OneTimeCodeDialog``).
- **Start a password reset**: the old password stops working now; a new one-time code is shown once.
- **Unlock** after repeated wrong passwords; **switch off** (or on again) an account. Nothing is deleted.

Each act is the service's (``app.services.accounts``), which checks the permission again: a doubt refuses.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QPushButton, QVBoxLayout,
)

from app.i18n import _, current_language
from app.services import accounts, staff
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.formatting import format_datetime
from app.ui.changes import Changes
from app.ui.dialogs.sign_in import combo_value
from app.ui.operations import Op, Query
from app.ui.widgets.tables import reselect, row_table, selected_row, table_item
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import person_label

NO_PERSON = -1


def local_time(utc: dt.datetime | None) -> dt.datetime | None:
    """A UTC time the accounts keep, as the station's local time the window shows."""
    if utc is None:
        return None
    return utc.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def account_state_text(a, now_utc: dt.datetime) -> str:
    """One line a constable reads: switched off, locked until …, waiting for the person's password, in use."""
    lang = current_language()
    if not a.active:
        return _("Switched off")
    if a.locked_until is not None and a.locked_until > now_utc:
        return _("Locked until {when} (wrong passwords)").format(when=format_datetime(local_time(a.locked_until), lang))
    if a.password_pending:
        return _("Waiting for the person to set a password")
    return _("In use")


def suggest_username(name: str) -> str:
    """A user name from the person's first name: नीरज → neeraj (``accounts.suggest_username``)."""
    return accounts.suggest_username(name)


class AccountsDialog(QDialog):
    """The station's accounts in a table, with Add, Reset, Unlock and Switch off/on."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []
        self.people: list = []
        self.code_dialog: OneTimeCodeDialog | None = None
        self.form_dialog: AddAccountDialog | None = None
        self.setObjectName("accountsDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = row_table("accountTable", 5, read_only=True)  # person, user name, state, flags, last sign-in
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.start_reset())
        self.message = QLabel()
        self.message.setObjectName("accountsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.add_button = QPushButton()
        self.add_button.setObjectName("addAccount")
        self.add_button.clicked.connect(self.add_account)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.start_reset)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockAccount")
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button = QPushButton()
        self.active_button.setObjectName("switchAccount")
        self.active_button.clicked.connect(self.toggle_active)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.reset_button, self.unlock_button, self.active_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(900, 480)
        ctx.language_changed.connect(self._language_changed)
        ctx.changed.connect(self._data_changed)
        self.retranslate()
        self.refresh()

    # --- texts ---------------------------------------------------------------------------------
    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Accounts"))
        self.intro.setText(_(
            "Who may sign in to Anupalan. A new account has no password: the person sets it at the first "
            "sign-in with a one-time code you hand over in person. You never choose or see anyone's password."))
        self.table.setHorizontalHeaderLabels([_("Person"), _("User name"), _("State"), _("Also"),
                                              _("Last sign-in")])
        self.add_button.setText(_("&Add an account…"))
        self.reset_button.setText(_("Start a password &reset…"))
        self.unlock_button.setText(_("&Unlock"))
        self.close_buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self._populate()

    # --- loading -------------------------------------------------------------------------------
    def _data_changed(self, changes: Changes) -> None:
        if changes.accounts or changes.staff:
            self.refresh()

    def refresh(self) -> None:
        def load(db):
            return accounts.list_accounts(db), staff.list_persons(db, include_inactive=False)

        Query(self, load, label=_("Loading the accounts…")).success(self._loaded).failure(self._failed).run()

    def _loaded(self, data) -> None:
        self.rows, self.people = data
        self._populate()

    def _populate(self) -> None:
        current = self.selected()
        keep = current.id if current else None
        now = clock.utcnow()
        lang = current_language()
        self.table.setRowCount(len(self.rows))
        for row, a in enumerate(self.rows):
            flags = [_("administrator")] if a.admin else []
            flags += [_("inspector")] if a.inspector else []
            items = [table_item(person_label(a.person, a.rank), a.id), table_item(a.username), table_item(account_state_text(a, now)),
                     table_item(", ".join(flags)),
                     table_item(format_datetime(local_time(a.last_sign_in_at), lang) if a.last_sign_in_at
                                else _("never"))]
            for col, item in enumerate(items):
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        reselect(self.table, keep)
        self._update_buttons()

    def selected(self):
        return selected_row(self.table, self.rows)

    def _update_buttons(self) -> None:
        a = self.selected()
        now = clock.utcnow()
        self.reset_button.setEnabled(a is not None and a.active)
        self.unlock_button.setEnabled(a is not None and (a.failed_count > 0 or (
            a.locked_until is not None and a.locked_until > now)))
        self.active_button.setEnabled(a is not None)
        self.active_button.setText(_("Switch &on") if a is not None and not a.active else _("Switch o&ff"))

    # --- acts ----------------------------------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        self.message.setText(exc.message if isinstance(exc, UserError) else
                             _("This could not be done: {error}").format(error=exc))
        self.message.show()

    def _done(self, text: str) -> None:
        self.message.hide()
        self.ctx.status_message.emit(text)

    def add_account(self) -> AddAccountDialog:
        with_account = {a.person_id for a in self.rows}
        people = [p for p in self.people if p.id not in with_account]
        dialog = AddAccountDialog(self.ctx, people, parent=self)
        dialog.saved.connect(self._account_added)
        self.form_dialog = dialog
        dialog.open()
        return dialog

    def _account_added(self, info) -> None:
        self._done(_("Account {username} added for {name}.").format(username=info.username, name=info.person))
        self.show_code(info, new=True)

    def start_reset(self) -> None:
        a = self.selected()
        if a is None or not a.active:
            return
        answer = QMessageBox.question(
            self, _("Start a password reset"),
            _("{name}'s password stops working now. He sets a new one at his next sign-in with a one-time code "
              "shown to you next. Go on?").format(name=a.person))
        if answer != QMessageBox.StandardButton.Yes:
            return
        account_id = a.id
        Op(self, lambda db, actor: accounts.start_reset(db, account_id, actor=actor),
           changes=Changes(accounts=True)).success(self._reset_started).failure(self._failed).run()

    def _reset_started(self, info) -> None:
        self._done(_("Password reset started for {name}.").format(name=info.person))
        self.show_code(info, new=False)

    def show_code(self, info, *, new: bool) -> OneTimeCodeDialog:
        self.code_dialog = OneTimeCodeDialog(info, new=new, parent=self)
        self.code_dialog.open()
        return self.code_dialog

    def unlock(self) -> None:
        a = self.selected()
        if a is None:
            return
        account_id = a.id
        Op(self, lambda db, actor: accounts.unlock(db, account_id, actor=actor), changes=Changes(accounts=True)).success(
            lambda info: self._done(_("{name} can sign in again.").format(name=info.person))).failure(self._failed).run()

    def toggle_active(self) -> None:
        a = self.selected()
        if a is None:
            return
        account_id, switch_on = a.id, not a.active
        if not switch_on:
            answer = QMessageBox.question(self, _("Switch off the account"), _(
                "{name} will no longer be able to sign in. Nothing he did is deleted; you can switch the account on "
                "again. Go on?").format(name=a.person))
            if answer != QMessageBox.StandardButton.Yes:
                return
        Op(self, lambda db, actor: accounts.set_flags(db, account_id, active=switch_on, actor=actor),
           changes=Changes(accounts=True)).success(lambda info: self._done(
               (_("The account of {name} is switched on.") if info.active else
                _("The account of {name} is switched off.")).format(name=info.person))).failure(self._failed).run()


class AddAccountDialog(FormDialog):
    """A person on the staff list gets an account (a user name; administrator or inspector if asked)."""

    changes = Changes(accounts=True)

    def __init__(self, ctx, people: list, parent=None):
        self.people = list(people)
        super().__init__(ctx, parent)
        self.person.setFocus()

    def build(self) -> None:
        self.person = QComboBox()
        self.person.setObjectName("person")
        for p in self.people:
            self.person.addItem(person_label(p.name, p.rank), p.id)
        if not self.people:
            self.person.addItem("", NO_PERSON)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(40)
        self.admin = QCheckBox()
        self.inspector = QCheckBox()
        f = self.form
        self.person_label = f.add_field("person_id", self.person, self._person_value)
        self.username_label = f.add_field("username", self.username,
                                          lambda: accounts.check_username(self.username.text()))
        self.admin_label = f.add_field("admin", self.admin, self.admin.isChecked)
        self.inspector_label = f.add_field("inspector", self.inspector, self.inspector.isChecked)
        self._username_touched = False
        self.username.textEdited.connect(lambda _t: setattr(self, "_username_touched", True))
        self.person.currentIndexChanged.connect(self._suggest)
        self._suggest()

    def _person_value(self) -> int:
        pid = combo_value(self.person, NO_PERSON)
        if pid == NO_PERSON:
            raise UserError(_("Everyone on the staff list already has an account. Add the person on the Staff page "
                              "first."))
        return pid

    def _suggest(self, *_a) -> None:
        if self._username_touched:
            return
        pid = combo_value(self.person, NO_PERSON)
        name = next((p.name for p in self.people if p.id == pid), "")
        self.username.setText(suggest_username(name))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add an account"))
        self.intro.setText(_("Choose the person and a user name. He sets his own password at the first sign-in "
                             "with the one-time code shown to you next."))
        self.intro.show()
        self.person_label.setText(_("&Person"))
        self.username_label.setText(_("&User name"))
        self.admin_label.setText("")
        self.admin.setText(_("A&dministrator: manages accounts, backups and restores"))
        self.inspector_label.setText("")
        self.inspector.setText(_("&Inspector: reads the audit trail"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Add"))

    def save(self, db, actor, values: dict):  # on the worker thread
        return accounts.create_account(db, values["person_id"], values["username"], admin=values["admin"],
                                       inspector=values["inspector"], actor=actor)


class OneTimeCodeDialog(QDialog):
    """The one-time code, shown once, large, with what to do with it (and a Copy button)."""

    def __init__(self, info, *, new: bool, parent=None):
        super().__init__(parent)
        self.setObjectName("oneTimeCode")
        self.info = info
        self.code = info.setup_code or ""
        lang = current_language()
        until = format_datetime(local_time(info.setup_code_expires_at), lang)
        self.setWindowTitle(_("One-time code"))
        lead = QLabel((_("The account {username} for {name} is ready.") if new else
                       _("The password reset for {name} ({username}) has started.")).format(
            username=info.username, name=info.person))
        lead.setWordWrap(True)
        self.code_label = QLabel(self.code)
        self.code_label.setObjectName("code")
        font = QFont(self.code_label.font())
        font.setPointSize(font.pointSize() * 2)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 3)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        steps = QLabel(_(
            "Give this code to {name} in person. At the sign-in box he chooses his user name {username}, types this "
            "code and then a new password of his own. The code works once, until {until}. It is not kept: "
            "if it is lost, start a new reset.").format(name=info.person, username=info.username, until=until))
        steps.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("I have noted the code"))
        copy = buttons.addButton(_("&Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.code))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addWidget(self.code_label)
        layout.addWidget(steps)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
