"""The first-run wizard's staff page: people typed one by one into a short form and added to a list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWizardPage,
)

from app.i18n import _
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.services.station import NewPerson
from app.ui.widgets.validated_form import ValidatedForm
from app.ui.dialogs.person_form import RANK_SUGGESTIONS


class StaffPage(QWizardPage):
    """People typed one by one into a short form and added to the list below (Enter adds)."""

    def __init__(self):
        super().__init__()
        self.people: list[NewPerson] = []
        self.name, self.pno = QLineEdit(), QLineEdit()
        from PySide6.QtWidgets import QComboBox

        self.rank = QComboBox()
        self.rank.setEditable(True)
        self.rank.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.form = ValidatedForm()
        self.name_label = self.form.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Name"), required=True, max_len=120))
        self.rank_label = self.form.add_field("rank", self.rank, lambda: clean_text(
            self.rank.currentText(), _("Rank"), required=True, max_len=60))
        self.pno_label = self.form.add_field("pno", self.pno, self._pno_value)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_person)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("wizardStaff")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for edit in (self.name, self.pno, self.rank):
            edit.installEventFilter(self)  # Enter adds the person (and does not press Next)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_person()
            return True
        return super().eventFilter(watched, event)

    def _pno_value(self) -> str | None:
        pno = clean_text(self.pno.text(), _("PNO"), max_len=40) or None
        if pno and any(p.pno == pno for p in self.people):
            raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=pno))
        return pno

    def retranslate(self) -> None:
        self.setTitle(_("The staff"))
        self.setSubTitle(_("Type each person and press Enter to add them to the list. More people can be added "
                           "later on the Staff page."))
        self.name_label.setText(_("Nam&e"))
        self.rank_label.setText(_("&Rank"))
        self.pno_label.setText(_("&PNO (optional)"))
        self.add_button.setText(_("&Add to the list"))
        self.remove_button.setText(_("Re&move from the list"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Rank"), _("PNO")])
        current = self.rank.currentText()
        self.rank.clear()
        self.rank.addItems([_(r) for r in RANK_SUGGESTIONS])
        self.rank.setCurrentText(current)
        self._update_hint()

    def initializePage(self) -> None:
        self.name.setFocus()

    def add_person(self) -> None:
        values = self.form.values()
        if values is None:
            return
        self.people.append(NewPerson(values["name"], values["rank"], values["pno"]))
        self._fill()
        self.name.clear()
        self.pno.clear()
        self.name.setFocus()

    def remove_person(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for r in rows:
            del self.people[r]  # nothing is written before Finish
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.people))
        for r, p in enumerate(self.people):
            for c, text in enumerate((p.name, p.rank, p.pno or "")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_hint()
        self.completeChanged.emit()

    def _update_hint(self) -> None:
        if self.people:
            self.hint.setText(_("{count} on the list. Press Next when everyone is there.").format(count=len(self.people)))
        else:
            self.hint.setText(_("Nobody on the list yet."))

    def validatePage(self) -> bool:
        # text typed but not added: add it rather than lose it
        if self.name.text().strip():
            before = len(self.people)
            self.add_person()
            if len(self.people) == before:
                return False
        if not self.people:
            self.form.show_error(_("Add at least one person: every CAS entry is owed by someone."))
            return False
        return True
