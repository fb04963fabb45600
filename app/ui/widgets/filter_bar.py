"""The pending workbench's filters: search (debounced), role, person, form, status, overdue, due soon,
unassigned, a due-date range and a case. Emits ``changed`` with the filter as a plain dict whose keys
are ``ObligationFilter``'s fields; ``set_filter(dict)`` shows a filter asked for elsewhere (a click on
a dashboard number). Bad dates show a message beside the range and leave the last good filter in force.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QToolButton,
    QWidget,
)

from app.i18n import N_, _, bilingual, current_language
from app.services.core.errors import UserError
from app.services.obligations import OPEN_STATUSES
from app.ui.widgets.date_edit import DateEdit

SEARCH_DELAY_MS = 300

# status choice → the statuses it filters on (() = every status)
STATUS_CHOICES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pending", N_("Pending"), ("pending",)),
    ("entered", N_("Entered, to be verified"), ("entered",)),
    ("verified", N_("Verified"), ("verified",)),
    ("na", N_("Not applicable"), ("na",)),
    ("missed", N_("Missed (recurring)"), ("missed",)),
    ("open", N_("Not entered (pending or missed)"), OPEN_STATUSES),
    ("any", N_("Any status"), ()),
)
DEFAULT_FILTER: dict[str, Any] = {"statuses": ("pending",)}


def _status_key(statuses) -> str:
    statuses = tuple(statuses or ())
    for key, _label, values in STATUS_CHOICES:
        if values == statuses:
            return key
    return "pending" if statuses == ("pending",) else "any"


class FilterBar(QWidget):
    changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._roles: list[tuple[str, str, str]] = []  # code, hi, en
        self._people: list[tuple[int, str]] = []
        self._forms: list[str] = []
        self._case: tuple[int, str] | None = None  # (case id, label)
        self._quiet = False
        self._last: dict[str, Any] = dict(DEFAULT_FILTER)

        self._build_choices()
        self._build_range_and_case()
        self._lay_out()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._set_tab_order()
        self.retranslate()

    def _build_choices(self) -> None:
        """The search (applied a moment after typing stops), the role, person, form and status choices, the switches."""
        self.search = QLineEdit()
        self.search.setObjectName("pendingSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        self.role_label, self.role = QLabel(), QComboBox()
        self.person_label, self.person = QLabel(), QComboBox()
        self.form_label, self.form = QLabel(), QComboBox()
        self.status_label, self.status = QLabel(), QComboBox()
        for label, combo in ((self.role_label, self.role), (self.person_label, self.person),
                             (self.form_label, self.form), (self.status_label, self.status)):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            combo.currentIndexChanged.connect(self._emit)
        self.person.setMaxVisibleItems(20)

        self.overdue = QCheckBox()
        self.due_soon = QCheckBox()
        self.unassigned = QCheckBox()
        for box in (self.overdue, self.due_soon, self.unassigned):
            box.toggled.connect(self._emit)

    def _build_range_and_case(self) -> None:
        """The due-date range, the error line, the case chip and the clear button."""
        self.range_label = QLabel()
        self.due_from = DateEdit(required=False)
        self.due_to = DateEdit(required=False)
        self.range_label.setBuddy(self.due_from)
        self.to_label = QLabel()
        self.to_label.setBuddy(self.due_to)
        for edit in (self.due_from, self.due_to):
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00.00.00000") + 24)
            edit.editingFinished.connect(self._emit)
            edit.returnPressed.connect(self._emit)
        self.error = QLabel()
        self.error.setObjectName("filterError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        self.case_chip = QLabel()
        self.case_chip.setObjectName("caseChip")
        self.case_chip.setStyleSheet("QLabel#caseChip { border: 1px solid #777; border-radius: 3px; padding: 1px 4px; }")
        self.case_clear = QToolButton()
        self.case_clear.setText("✕")
        self.case_clear.clicked.connect(self.clear_case)
        self.case_chip.hide()
        self.case_clear.hide()

        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)

    def _lay_out(self) -> None:
        """Two rows: search and the choices that run long; status, switches, range, case and clear."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(6)  # the grid's spacings differ, so nested rows would fall back to the style's (~1 px)
        top.addWidget(self.search, 3)
        # role names run long ("Investigating officer (IO)"): the role and person choices get the room
        for label, combo, stretch in ((self.role_label, self.role, 2), (self.person_label, self.person, 2),
                                      (self.form_label, self.form, 1)):
            top.addSpacing(4)
            top.addWidget(label)
            top.addWidget(combo, stretch)
        bottom = QHBoxLayout()
        bottom.setSpacing(6)
        bottom.addWidget(self.status_label)
        bottom.addWidget(self.status)
        bottom.addSpacing(10)
        for box in (self.overdue, self.due_soon, self.unassigned):
            bottom.addWidget(box)
        bottom.addSpacing(10)
        bottom.addWidget(self.range_label)
        bottom.addWidget(self.due_from)
        bottom.addWidget(self.to_label)
        bottom.addWidget(self.due_to)
        bottom.addSpacing(10)
        bottom.addWidget(self.case_chip)
        bottom.addWidget(self.case_clear)
        bottom.addWidget(self.error, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.clear_button)
        grid.addLayout(top, 0, 0)
        grid.addLayout(bottom, 1, 0)

    def _set_tab_order(self) -> None:
        """Tab walks the filters left to right, top row first."""
        QWidget.setTabOrder(self.search, self.role)
        QWidget.setTabOrder(self.role, self.person)
        QWidget.setTabOrder(self.person, self.form)
        QWidget.setTabOrder(self.form, self.status)
        QWidget.setTabOrder(self.status, self.overdue)
        QWidget.setTabOrder(self.overdue, self.due_soon)
        QWidget.setTabOrder(self.due_soon, self.unassigned)
        QWidget.setTabOrder(self.unassigned, self.due_from)
        QWidget.setTabOrder(self.due_from, self.due_to)
        QWidget.setTabOrder(self.due_to, self.case_clear)
        QWidget.setTabOrder(self.case_clear, self.clear_button)

    # --- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search duty, person, case 41/2026, CAS reference (Ctrl+F)"))
        self.search.setToolTip(_("Type to search; the list follows as you type. Ctrl+F comes here from anywhere on the page."))
        self.role_label.setText(_("&Role"))
        self.person_label.setText(_("&Person"))
        self.form_label.setText(_("For&m"))
        self.status_label.setText(_("S&tatus"))
        self.overdue.setText(_("&Overdue"))
        self.overdue.setToolTip(_("Only pending entries whose due time has passed."))
        self.due_soon.setText(_("Due soo&n"))
        self.due_soon.setToolTip(_("Only pending entries falling due within the station's 'due soon' window."))
        self.unassigned.setText(_("&Unassigned"))
        self.unassigned.setToolTip(_("Only entries owed by a role that nobody holds."))
        self.range_label.setText(_("Due bet&ween"))
        self.to_label.setText(_("and"))
        self.case_clear.setToolTip(_("Show every case again"))
        self.clear_button.setText(_("Clear filter&s"))
        self.clear_button.setToolTip(_("Back to all pending entries"))
        self._fill_combos()
        self._show_case()

    def _fill_combos(self) -> None:
        self._quiet = True
        try:
            lang = current_language()
            role = self.role.currentData()
            self.role.clear()
            self.role.addItem(_("All roles"), None)
            for code, hi, en in self._roles:
                self.role.addItem(bilingual(hi, en, lang), code)
            self._select(self.role, role)

            person = self.person.currentData()
            self.person.clear()
            self.person.addItem(_("Everyone"), None)
            for pid, name in self._people:
                self.person.addItem(name, pid)
            self._select(self.person, person)

            form = self.form.currentData()
            self.form.clear()
            self.form.addItem(_("All forms"), None)
            for f in self._forms:
                self.form.addItem(f, f)
            self._select(self.form, form)

            status = self.status.currentData() or "pending"
            self.status.clear()
            for key, label, _values in STATUS_CHOICES:
                self.status.addItem(_(label), key)
            self._select(self.status, status)
        finally:
            self._quiet = False

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        i = combo.findData(value)
        if i < 0 and value is not None:
            # asked for before the choices arrived (a dashboard click on a fresh page): keep the value,
            # shown as is until the names come in and replace it
            combo.addItem(str(value), value)
            i = combo.count() - 1
        combo.setCurrentIndex(max(i, 0))

    # --- choices from the database -----------------------------------------------------------
    def set_choices(self, roles: list[tuple[str, str, str]], people: list[tuple[int, str]], forms: list[str]) -> None:
        """Roles as (code, Hindi, English), people as (id, name), forms; the current choices stay."""
        self._roles, self._people, self._forms = list(roles), list(people), list(forms)
        self._fill_combos()

    # --- the filter -----------------------------------------------------------------------
    def value(self) -> dict[str, Any]:
        """The filter as ObligationFilter keyword arguments; raises UserError for a bad date."""
        statuses = next((v for k, _l, v in STATUS_CHOICES if k == self.status.currentData()), ("pending",))
        due_from = self.due_from.value(_("Due from"))
        due_to = self.due_to.value(_("Due to"))
        if due_from and due_to and due_to < due_from:
            raise UserError(_("The second date of the range is before the first."))
        flt: dict[str, Any] = {"statuses": statuses}
        for key, val in (("role", self.role.currentData()), ("person_id", self.person.currentData()),
                         ("form", self.form.currentData()), ("due_from", due_from), ("due_to", due_to),
                         ("case_id", self._case[0] if self._case else None),
                         ("search", self.search.text().strip() or None)):
            if val is not None:
                flt[key] = val
        for key, box in (("overdue", self.overdue), ("due_soon", self.due_soon), ("unassigned", self.unassigned)):
            if box.isChecked():
                flt[key] = True
        return flt

    def current(self) -> dict[str, Any]:
        """The last valid filter (what the table shows)."""
        return dict(self._last)

    def set_filter(self, flt: dict[str, Any], *, case_label: str = "") -> None:
        """Show exactly this filter (other fields back to their defaults) and emit ``changed`` once."""
        self._quiet = True
        try:
            self.search.setText(flt.get("search") or "")
            self._select(self.role, flt.get("role"))
            self._select(self.person, flt.get("person_id"))
            self._select(self.form, flt.get("form"))
            self._select(self.status, _status_key(flt.get("statuses", ("pending",))))
            self.overdue.setChecked(bool(flt.get("overdue")))
            self.due_soon.setChecked(bool(flt.get("due_soon")))
            self.unassigned.setChecked(bool(flt.get("unassigned")))
            self.due_from.set_value(flt.get("due_from"))
            self.due_to.set_value(flt.get("due_to"))
            case_id = flt.get("case_id")
            self._case = (case_id, case_label or flt.get("case_label") or "") if case_id is not None else None
            self._show_case()
        finally:
            self._quiet = False
        self._emit()

    def clear(self) -> None:
        self.set_filter(dict(DEFAULT_FILTER))

    def clear_case(self) -> None:
        self._case = None
        self._show_case()
        self._emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_case(self) -> None:
        if self._case is None:
            self.case_chip.hide()
            self.case_clear.hide()
            return
        label = self._case[1] or _("case {id}").format(id=self._case[0])
        self.case_chip.setText(_("Case: {case}").format(case=label))
        self.case_chip.show()
        self.case_clear.show()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._emit()

    def _emit(self, *_args) -> None:
        if self._quiet:
            return
        self._search_timer.stop()
        try:
            flt = self.value()
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.error.hide()
        self.error.clear()
        if flt != self._last:
            self._last = flt
            self.changed.emit(dict(flt))
