"""File → Open rollup…: the rollup's SQLite file (a circle office) or its PostgreSQL URL (a district server)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.i18n import _

ROLLUP_FILTER = "Anupalan rollup (*.sqlite3 *.sqlite *.db);;*"


class OpenRollupDialog(QDialog):
    def __init__(self, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openRollupDialog")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.location = QLineEdit(initial)
        self.location.setObjectName("rollupLocation")
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setObjectName("rollupProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.location.textChanged.connect(self.problem.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(620, 150)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Open rollup"))
        self.note.setText(_("The circle office's rollup file, or a district server's address "
                            "(postgresql://USER@HOST/DATABASE). Make one with: python -m app rollup init --url …"))
        self.browse.setText(_("&Browse…"))
        self.location.setPlaceholderText(_("A rollup file or a postgresql:// address"))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open rollup"), self.location.text(), ROLLUP_FILTER)
        if path:
            self.location.setText(path)

    def _accept(self) -> None:
        if self.location.text().strip():
            self.accept()
            return
        # An empty Open said nothing: name what is needed, in the user's language, and stay open.
        self.problem.setText(_("Give the rollup file (Browse…) or a district server's postgresql:// address."))
        self.problem.show()
        self.location.setFocus()

    def value(self) -> str:
        return self.location.text().strip()
