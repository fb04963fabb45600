"""Staff and roles: the station's people, who holds which role when, and transfers of pending work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableWidget, QVBoxLayout, QWidget,
)

from app.i18n import _, current_language
from app.services import catalogue
from app.services.core import clock
from app.services import staff
from app.services.core.formatting import format_date
from app.ui.widgets.tables import table_item
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page
from app.ui.widgets import column_fit
from app.ui.slip_print import SLIP_KEY, print_person_slip
from app.ui.people import rank_label

PERSON_COLUMNS = 6  # name, rank, PNO, CCTNS id, roles today, active
ASSIGNMENT_COLUMNS = 3  # role, from, to



class StaffPage(Page):
    key = "staff"
    watches = Changes(staff=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.people: list = []
        self.assignments: list = []
        self.roles: list = []
        self._select_after_load: int | None = None

        self._build_controls()
        self._build_tables()
        self._lay_out()
        self.add_shortcuts(((QKeySequence.StandardKey.New, self.add_person), ("F2", self.edit_person),
                            ("Ctrl+R", self.assign_role), ("Ctrl+T", self.transfer), ("Ctrl+F", self.search.setFocus)))
        self.add_shortcuts(((SLIP_KEY, self.print_slip),))
        self.setTabOrder(self.search, self.show_inactive)
        self.setTabOrder(self.show_inactive, self.table)
        self.retranslate()
        self._update_buttons()

    def _build_controls(self) -> None:
        """The heading, the search, the inactive switch and the buttons acting on a person."""
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._populate_people)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.show_inactive = QCheckBox()
        self.show_inactive.toggled.connect(self._populate_people)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_person)
        self.assign_button = QPushButton()
        self.assign_button.clicked.connect(self.assign_role)
        self.transfer_button = QPushButton()
        self.transfer_button.clicked.connect(self.transfer)
        self.slip_button = QPushButton()
        self.slip_button.clicked.connect(self.print_slip)

    def _build_tables(self) -> None:
        """The staff list and the chosen person's role assignments."""
        self.table = QTableWidget(0, PERSON_COLUMNS)
        self.table.setObjectName("staffTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(False)
        # the name always whole ("Satya Prakash …" was cut); the roles (whole in the panel beside) give way
        column_fit.enable(self.table, stretch=4, keep=(0,))
        self.table.itemSelectionChanged.connect(self._person_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_person())

        self.assign_heading = QLabel()
        self.assign_heading.setWordWrap(True)
        self.assign_table = QTableWidget(0, ASSIGNMENT_COLUMNS)
        self.assign_table.setObjectName("assignmentTable")
        self.assign_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.assign_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.assign_table.verticalHeader().hide()
        self.assign_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.assign_table.itemSelectionChanged.connect(self._update_buttons)
        self.end_button = QPushButton()
        self.end_button.clicked.connect(self.end_assignment)

    def _lay_out(self) -> None:
        """Left: search, staff list, buttons. Right: the chosen person's roles."""
        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.assign_button, self.transfer_button):
            buttons.addWidget(b)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addLayout(buttons)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.assign_heading)
        rv.addWidget(self.assign_table, 1)
        rb = QHBoxLayout()
        rb.addWidget(self.end_button)
        rb.addStretch(1)
        rv.addLayout(rb)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("staffSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)

    def title(self) -> str:
        return _("Staff and roles")

    def retranslate(self) -> None:
        self.heading.setText(_("The station's people and the roles they hold"))
        self.search_label.setText(_("Fin&d:"))
        self.search.setPlaceholderText(_("Name, rank, PNO or CCTNS id"))
        self.show_inactive.setText(_("Show &inactive"))
        self.add_button.setText(_("Add &person (Ctrl+N)"))
        self.edit_button.setText(_("&Edit (F2)"))
        self.assign_button.setText(_("Give a &role (Ctrl+R)"))
        self.transfer_button.setText(_("&Transfer work (Ctrl+T)"))
        self.slip_button.setText(_("Print &slip (Ctrl+Shift+P)"))
        self.slip_button.setToolTip(_("The chosen person's roll-call slip: half an A4 sheet, what to enter in CAS "
                                      "first"))
        self.end_button.setText(_("E&nd this assignment"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Rank"), _("PNO"), _("CCTNS id"), _("Roles today"),
                                              _("Active")])
        self.assign_table.setHorizontalHeaderLabels([_("Role"), _("From"), _("To")])
        self._populate_people()
        self._populate_assignments()

    # --- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        def load(db):
            return (staff.list_persons(db), staff.list_assignments(db),
                    catalogue.list_roles(db))

        Query(self, load, label=_("Loading the staff…")).success(self._loaded).run()

    def _loaded(self, data) -> None:
        self.people, self.assignments, self.roles = data
        self._populate_people()

    def role_name(self, code: str) -> str:
        lang = current_language()
        for r in self.roles:
            if r.code == code:
                return r.name(lang)
        return code

    def selected_person(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        pid = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((p for p in self.people if p.id == pid), None)

    def _populate_people(self) -> None:
        keep = self._select_after_load
        if keep is None:
            current = self.selected_person()
            keep = current.id if current else None
        self._select_after_load = None
        text = self.search.text().strip().casefold()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        shown = [p for p in self.people if (p.active or self.show_inactive.isChecked())
                 and (not text or text in " ".join([p.name, p.rank, rank_label(p.rank), p.pno or "", p.cctns_user_id or ""]).casefold())]
        self.table.setRowCount(len(shown))
        select_row = None
        for row, p in enumerate(shown):
            self.table.setItem(row, 0, table_item(p.name, p.id))
            self.table.setItem(row, 1, table_item(rank_label(p.rank)))
            self.table.setItem(row, 2, table_item(p.pno or ""))
            self.table.setItem(row, 3, table_item(p.cctns_user_id or ""))
            self.table.setItem(row, 4, table_item(", ".join(self.role_name(r) for r in p.roles)))
            self.table.setItem(row, 5, table_item(_("yes") if p.active else _("no")))
            if p.id == keep:
                select_row = row
        self.table.setSortingEnabled(True)
        column_fit.fit(self.table)
        if select_row is not None:
            for r in range(self.table.rowCount()):
                if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == keep:
                    self.table.selectRow(r)
                    self.table.scrollToItem(self.table.item(r, 0))
                    break
        elif self.table.rowCount():
            self.table.selectRow(0)
        self._person_selected()

    def _person_selected(self) -> None:
        self._populate_assignments()
        self._update_buttons()

    def _populate_assignments(self) -> None:
        person = self.selected_person()
        self.assign_table.setRowCount(0)
        if person is None:
            self.assign_heading.setText(_("Choose a person to see their roles."))
            return
        self.assign_heading.setText(_("Roles of {name} ({rank})").format(name=person.name, rank=rank_label(person.rank)))
        mine = [a for a in self.assignments if a.person_id == person.id]
        self.assign_table.setRowCount(len(mine))
        for row, a in enumerate(mine):
            self.assign_table.setItem(row, 0, table_item(self.role_name(a.role), a.id))
            self.assign_table.setItem(row, 1, table_item(format_date(a.from_date)))
            self.assign_table.setItem(row, 2, table_item(format_date(a.to_date) if a.to_date else _("continuing")))
        self.assign_table.resizeColumnsToContents()
        self.assign_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if mine:
            self.assign_table.selectRow(0)
        self._update_buttons()

    def selected_assignment(self):
        rows = self.assign_table.selectionModel().selectedRows()
        if not rows:
            return None
        aid = self.assign_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((a for a in self.assignments if a.id == aid), None)

    def _update_buttons(self) -> None:
        person = self.selected_person()
        for b in (self.edit_button, self.assign_button, self.transfer_button):
            b.setEnabled(person is not None)
        self.slip_button.setEnabled(person is not None)
        a = self.selected_assignment() if person is not None else None
        self.end_button.setEnabled(a is not None and (a.to_date is None or a.to_date >= clock.today()))

    # --- actions --------------------------------------------------------------------------
    def print_slip(self) -> None:
        person = self.selected_person()
        print_person_slip(self, person.id if person else None)

    def _after_save(self, result) -> None:
        pid = getattr(result, "person_id", None) or getattr(result, "id", None)
        self._select_after_load = pid  # the page reloads when the dialog's Op announces the change (watches)

    def add_person(self) -> None:
        from app.ui.dialogs.person_form import PersonDialog

        dialog = PersonDialog(self.ctx, parent=self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def edit_person(self):
        person = self.selected_person()
        if person is None:
            return None
        from app.ui.dialogs.person_form import PersonDialog

        dialog = PersonDialog(self.ctx, person, parent=self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def assign_role(self):
        person = self.selected_person()
        if person is None:
            return None
        from app.ui.dialogs.assign_role import AssignRoleDialog

        dialog = AssignRoleDialog(self.ctx, person, self.roles, parent=self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def end_assignment(self):
        a = self.selected_assignment()
        if a is None:
            return None
        from app.ui.dialogs.assign_role import EndAssignmentDialog

        dialog = EndAssignmentDialog(self.ctx, a, self.role_name(a.role), parent=self)
        dialog.saved.connect(self._after_save)
        dialog.open()
        return dialog

    def transfer(self):
        person = self.selected_person()
        if person is None:
            return None
        from app.ui.dialogs.transfer import TransferDialog

        dialog = TransferDialog(self.ctx, person, [p for p in self.people if p.active and p.id != person.id],
                                parent=self)  # its Op announces the staff and the entries changed
        dialog.open()
        return dialog
