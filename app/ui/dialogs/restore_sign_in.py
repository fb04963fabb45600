"""Who restores over a damaged file: nobody can sign in against the damaged file itself, so the person signs in
against the backup's own accounts (checked inside the restore, in its prepared copy) and the restore is recorded
as theirs. A backup without accounts is restored as the system, as before; the dialog is not shown for it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import _


class RestoreSignInDialog(QDialog):
    """``username`` and ``password`` after ``exec()`` returns Accepted."""

    def __init__(self, backup_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.backup_file = backup_file
        self.username = ""
        self.password = ""
        self.setMinimumWidth(520)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_label = QLabel()
        self.user_label.setBuddy(self.user_edit)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password_edit)
        form = QFormLayout()
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Who is restoring?"))
        self.body.setText(_("The damaged file's accounts cannot be read, so sign in with an administrator account "
                            "of the backup {path}. The restore is recorded in the audit trail under that name.")
                          .format(path=self.backup_file))
        self.user_label.setText(_("&User name"))
        self.password_label.setText(_("&Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Restore"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def submit(self) -> None:
        username = self.user_edit.text().strip()
        if not username or not self.password_edit.text():
            self.show_message(_("Enter the user name and the password."))
            return
        self.username, self.password = username, self.password_edit.text()
        self.accept()
