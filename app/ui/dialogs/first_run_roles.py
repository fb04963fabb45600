"""The first-run wizard's roles page: a grid of people by roles, and the date they hold them from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWizardPage,
)

from app.i18n import _, current_language, ngettext
from app.services.core import clock
from app.services.core.formatting import format_date
from app.services.core.errors import UserError
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.validated_form import ERROR_STYLE
from app.ui.dialogs.first_run_staff import StaffPage


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class RolesPage(QWizardPage):
    """A grid: one row per person, one column per role; Space ticks a box."""

    def __init__(self, staff_page: StaffPage):
        super().__init__()
        self.staff_page = staff_page
        self.roles = []  # RoleInfo, loaded by the wizard
        self.grid = QTableWidget(0, 0)
        self.grid.setObjectName("wizardRoles")
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.from_date = DateEdit()
        self.from_label = QLabel()
        self.from_label.setBuddy(self.from_date)
        self.error = _error_label()
        # a start after today leaves every role vacant until then: asked about here, before Finish
        self.confirm_later = QCheckBox()
        self.confirm_later.setObjectName("confirmLaterStart")
        self.confirm_later.hide()
        self.from_date.editingFinished.connect(self._date_edited)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.from_label)
        row.addWidget(self.from_date)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.grid, 1)
        layout.addLayout(row)
        layout.addWidget(self.confirm_later)
        layout.addWidget(self.error)
        self.from_date.set_value(clock.today())

    def retranslate(self) -> None:
        self.setTitle(_("Who holds which role"))
        self.setSubTitle(_("Tick each person's roles (arrow keys to move, Space to tick). A role may have several "
                           "holders, e.g. several IOs."))
        self.from_label.setText(_("Holding them fro&m"))
        self.hint.setText(_("Entries owed by a role nobody holds are shown as unassigned until someone takes it."))
        start = self._later_start()
        if start is not None and self.confirm_later.isVisible():
            self._show_later(start)
        self._build_grid()

    def initializePage(self) -> None:
        self._build_grid()
        self.grid.setFocus()
        self.grid.setCurrentCell(0, 0)

    def _build_grid(self) -> None:
        people = self.staff_page.people
        ticked = self.ticked()
        lang = current_language()
        self.grid.setColumnCount(len(self.roles))
        self.grid.setRowCount(len(people))
        self.grid.setHorizontalHeaderLabels([r.name(lang) for r in self.roles])
        self.grid.setVerticalHeaderLabels([p.name for p in people])
        for r, p in enumerate(people):
            for c, role in enumerate(self.roles):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if (r, role.code) in ticked else Qt.CheckState.Unchecked)
                self.grid.setItem(r, c, item)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # long role names ("कान्स० मोहर्रिर / हेड मोहर्रिर") wrap onto two lines rather than being cut
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(header.fontMetrics().lineSpacing() * 2 + 10)
        for c, role in enumerate(self.roles):
            self.grid.horizontalHeaderItem(c).setToolTip(role.name(lang))

    def ticked(self) -> set[tuple[int, str]]:
        out = set()
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is not None and item.checkState() == Qt.CheckState.Checked and c < len(self.roles):
                    out.add((r, self.roles[c].code))
        return out

    def set_ticked(self, row: int, role: str, on: bool = True) -> None:
        c = next(i for i, r in enumerate(self.roles) if r.code == role)
        self.grid.item(row, c).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def validatePage(self) -> bool:
        try:
            start = self.from_date.value(_("From date"))
        except UserError as exc:
            self.show_error(exc.message)
            return False
        if start > clock.today():
            self._show_later(start)
            if not self.confirm_later.isChecked():
                days = (start - clock.today()).days
                self.show_error(ngettext(
                    "{date} is {days} day from today: until then nobody holds any of these roles and every entry "
                    "stays unassigned. Tick the box to keep this date, or change it.",
                    "{date} is {days} days from today: until then nobody holds any of these roles and every entry "
                    "stays unassigned. Tick the box to keep this date, or change it.", days).format(
                    date=format_date(start), days=days))
                self.confirm_later.setFocus()
                return False
        self.show_error("")
        return True

    def _later_start(self):
        try:
            start = self.from_date.value(_("From date"))
        except UserError:
            return None
        return start if start > clock.today() else None

    def _date_edited(self) -> None:
        start = self._later_start()
        if start is None:
            self.confirm_later.setChecked(False)
            self.confirm_later.hide()
        else:
            self._show_later(start)

    def _show_later(self, start) -> None:
        days = (start - clock.today()).days
        self.confirm_later.setText(ngettext("Yes: from {date}, {days} day from today",
                                            "Yes: from {date}, {days} days from today", days).format(
            date=format_date(start), days=days))
        self.confirm_later.show()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
