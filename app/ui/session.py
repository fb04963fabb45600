"""Who is signed in to the window: sign-in at start, switch user, lock after idle time, status bar.

``sign_in_at_start(ctx)`` runs before the main window opens (the first administrator's account on a
database without accounts, else the sign-in dialog). ``SessionController`` lives on the main window:
an "Account" menu (switch user, lock, change password, idle time), the signed-in person in the status
bar, and the idle lock — any key or mouse input resets the idle clock (a monotonic clock, so a PC
clock reset cannot unlock or lock early); past the station's idle minutes the window's contents are
hidden and only a sign-in brings them back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLabel, QMessageBox

from app.i18n import _
from app.ui.changes import Changes
from app.ui.operations import Op, Query

if TYPE_CHECKING:  # imported where used: importing this module stays cheap (no SQLAlchemy, no argon2)
    from app.services.accounts import AccountPolicy, SignedIn
    from app.ui.dialogs.sign_in import SignInDialog

_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                 QEvent.Type.TouchBegin}


def apply_sign_in(ctx, signed: SignedIn) -> None:
    ctx.actor = signed.actor
    ctx.account = signed.account


def sign_in_at_start(ctx) -> bool:
    """Sign someone in before the window opens; False when the user chose to quit."""
    from app.services import accounts
    from app.ui.dialogs.first_admin import FirstAdminDialog
    from app.ui.dialogs.sign_in import SignInDialog

    if not Query(ctx, accounts.has_accounts).wait(_("Loading…")):  # on the worker, the GUI thread waiting
        dialog = FirstAdminDialog(ctx)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
            return False
        apply_sign_in(ctx, dialog.result_value)
        return True
    demo = getattr(ctx, "demo_sign_in", None)
    dialog = SignInDialog(ctx, username=demo.usernames[0] if demo else None)
    if demo is not None:
        dialog.set_demo(demo)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.signed is None:
        return False
    apply_sign_in(ctx, dialog.signed)
    return True


class SessionController(QObject):
    CHECK_EVERY_MS = 15_000

    def __init__(self, window, ctx, *, monotonic: Callable[[], float] = time.monotonic):
        from app.services import accounts

        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._monotonic = monotonic
        self.last_input = monotonic()
        self.idle_minutes = accounts.DEFAULT_IDLE_LOCK_MINUTES
        self.locked = False
        self.lock_dialog: SignInDialog | None = None
        self._hidden: list = []
        self.user_label: QLabel | None = None
        if not hasattr(window, "set_signed_in"):  # the main window's status bar hook, else a label of our own
            self.user_label = QLabel()
            window.statusBar().addPermanentWidget(self.user_label)
        self._build_menu()
        # A timer of our own rather than QTimer.singleShot(0, ...): it goes with this controller when the
        # window is deleted right after closing (a pending singleShot would call into the deleted window,
        # or with a context object keep this controller, the window and the context alive for good).
        self._close_check = QTimer(self)
        self._close_check.setSingleShot(True)
        self._close_check.setInterval(0)
        self._close_check.timeout.connect(self._stop_if_closed)
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        ctx.language_changed.connect(self._language_changed)  # a bound method: see MainWindow.__init__
        self.retranslate()
        self._load_policy()

    # --- menu and texts ----------------------------------------------------------------------
    def _build_menu(self) -> None:
        self.menu = self.window.menuBar().addMenu("")
        self.switch_action = QAction(self)
        self.switch_action.triggered.connect(self.switch_user)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock(reason="session.lock"))
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_password)
        self.idle_action = QAction(self)
        self.idle_action.triggered.connect(self.set_idle_minutes)
        self.accounts_action = QAction(self)
        self.accounts_action.setObjectName("manageAccounts")
        self.accounts_action.triggered.connect(self.manage_accounts)
        for action in (self.switch_action, self.lock_action, self.password_action, self.idle_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.accounts_action)
        self.accounts_dialog = None

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Account"))
        self.switch_action.setText(_("&Switch user…"))
        self.lock_action.setText(_("&Lock now"))
        self.password_action.setText(_("&Change my password…"))
        self.idle_action.setText(_("Lock after &idle minutes…"))
        self.accounts_action.setText(_("&Accounts…"))
        self.accounts_action.setToolTip(_("Add accounts, start password resets, unlock (administrators)"))
        account = getattr(self.ctx, "account", None)
        who = None
        if account is not None:
            flags = [_("administrator")] if account.admin else []
            flags += [_("inspector")] if account.inspector else []
            from app.ui.people import person_label

            who = person_label(account.person, account.rank) + (" · " + ", ".join(flags) if flags else "")
        if self.user_label is None:
            self.window.set_signed_in(who)
        else:
            self.user_label.setText(_("Signed in: {name}").format(name=who) if who else _("Not signed in"))
        self.password_action.setEnabled(account is not None)
        self.idle_action.setEnabled(bool(account and account.admin))
        self.accounts_action.setEnabled(bool(account and account.admin))

    def _load_policy(self) -> None:
        from app.services import accounts

        Query(self, accounts.get_policy).success(self._policy_loaded).run()

    def _policy_loaded(self, policy: AccountPolicy) -> None:
        self.idle_minutes = policy.idle_lock_minutes

    # --- idle lock ---------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS and not self.locked:
            self.last_input = self._monotonic()
        elif kind == QEvent.Type.Close and watched is self.window:
            self._close_check.start()  # once the close is through (it could be refused)
        return False

    def _stop_if_closed(self) -> None:
        if not self.window.isVisible():
            self.shutdown()

    def shutdown(self) -> None:
        """Stop watching input (the window closed): an application-wide filter must not outlive it."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def idle_seconds(self) -> float:
        return self._monotonic() - self.last_input

    def check_idle(self) -> None:
        if getattr(self.ctx, "account", None) is None:  # nobody signed in (no accounts yet): nothing to lock
            return
        if not self.locked and self.idle_seconds() >= self.idle_minutes * 60:
            self.lock(reason="session.lock")

    def lock(self, *, reason: str = "session.lock", switching: bool = False) -> None:
        """Hide everything the window shows and ask for a sign-in (the same person or another)."""
        if self.locked:
            return
        self.locked = True
        self._record(reason)
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w is not self.window and isinstance(w, QDialog)]
        for w in self._hidden:
            w.hide()
        central = self.window.centralWidget()
        if central is not None:
            central.hide()
        self.window.menuBar().setEnabled(False)
        from app.ui.dialogs.sign_in import SignInDialog

        account = getattr(self.ctx, "account", None)
        self.lock_dialog = SignInDialog(self.ctx, username=None if switching or account is None else account.username,
                                        locked=not switching, parent=self.window)
        self.lock_dialog.finished.connect(self._lock_finished)
        self.lock_dialog.open()

    def _lock_finished(self, code: int) -> None:
        dialog, self.lock_dialog = self.lock_dialog, None
        if code != QDialog.DialogCode.Accepted or dialog is None or dialog.signed is None:
            self.locked = False  # let the window close
            self.window.close()
            return
        previous = getattr(self.ctx, "account", None)
        apply_sign_in(self.ctx, dialog.signed)
        self.locked = False
        self.last_input = self._monotonic()
        central = self.window.centralWidget()
        if central is not None:
            central.show()
        self.window.menuBar().setEnabled(True)
        if previous is not None and previous.id == dialog.signed.account.id:
            for w in self._hidden:
                w.show()
        else:
            for w in self._hidden:  # another person: the previous person's open forms are closed
                w.reject() if hasattr(w, "reject") else w.close()
            self.ctx.emit_changes(Changes.everything())
        self._hidden = []
        self.retranslate()
        self._load_policy()

    def switch_user(self) -> None:
        self.lock(reason="session.switch", switching=True)

    def _record(self, action: str) -> None:
        from app.services import accounts

        if self.ctx.actor.is_system:
            return
        Op(self, lambda db, actor: accounts.record_session_event(db, actor, action), changes=Changes(audit=True)).run()

    # --- account actions --------------------------------------------------------------------
    def change_password(self) -> None:
        from app.ui.dialogs.change_password import ChangePasswordDialog

        account = getattr(self.ctx, "account", None)
        if account is None:
            return
        dialog = ChangePasswordDialog(self.ctx, account.id, parent=self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.status_message.emit(_("Your password was changed."))

    def manage_accounts(self):
        """Account → Accounts: only for an administrator signed in (the services check again)."""
        from app.ui.dialogs.accounts import AccountsDialog

        account = getattr(self.ctx, "account", None)
        if account is None or not account.admin:
            QMessageBox.information(self.window, _("Accounts"), _(
                "Only an administrator manages accounts. Ask the station's computer operator (the administrator)."))
            return None
        if self.accounts_dialog is not None and self.accounts_dialog.isVisible():
            self.accounts_dialog.raise_()
            return self.accounts_dialog
        self.accounts_dialog = AccountsDialog(self.ctx, parent=self.window)
        self.accounts_dialog.open()
        return self.accounts_dialog

    def set_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(self.window, _("Idle lock"),
                                          _("Lock the window after this many minutes without input:"),
                                          self.idle_minutes, 1, 240)
        if not ok:
            return
        from app.services import accounts

        Op(self, lambda db, actor: accounts.set_idle_lock_minutes(db, minutes, actor=actor),
           changes=Changes(accounts=True)).success(self._policy_loaded).failure(
            lambda exc: QMessageBox.warning(self.window, _("Anupalan"), getattr(exc, "message", str(exc)))).run()
