"""The first-run wizard's first page: set up this station, or open the demo station (which ends the wizard)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QRadioButton, QVBoxLayout, QWizardPage

from app.i18n import _

PAGE_WELCOME, PAGE_STATION, PAGE_STAFF, PAGE_ROLES = range(4)


class WelcomePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.setup = QRadioButton()
        self.setup.setChecked(True)
        self.demo = QRadioButton()
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_note.setIndent(24)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addWidget(self.setup)
        layout.addWidget(self.demo)
        layout.addWidget(self.demo_note)
        layout.addStretch(1)
        self.demo.toggled.connect(self.setFinalPage)  # the demo ends the wizard here: Finish instead of Next

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Anupalan"))
        self.text.setText(_("Anupalan keeps track of who owes which CAS entry, by when, under the allocation of "
                            "19 Nov 2018. This database has no station yet."))
        self.setup.setText(_("&Set up this station: its details, its staff and who holds which role"))
        self.demo.setText(_("Open the &demo station (made-up data, to try the app)"))
        self.demo_note.setText(_("The demo station is kept in its own file in the data folder; building it the first "
                                 "time takes up to a minute. Your station's database stays empty until you set it up."))

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else PAGE_STATION
