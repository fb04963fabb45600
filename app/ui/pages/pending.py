"""The pending workbench: every owed CAS entry in one table, filters and search, and the three actions
(mark entered with the CAS reference, the SHO's verification, not applicable with a reason), each with
a shortcut. The table is the id-backed lazy model: the filter's ids and the first page of rows come from
the worker in one task, later pages are read on the worker as they are painted ("Loading…" meanwhile), so
a station with 250k entries scrolls like one with 25 and the window never waits on a query. A long list
is shown in two steps: its first page (a LIMIT, no sort of every id) with the count, then the whole id
list from a second task, appended below the rows shown (dropped if the filter changed meanwhile).

The two-phase loading is in ``pending_loading``, the actions and their dialogs in ``pending_actions``;
this module lays the page out and keeps its texts, filters, counts and details.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.i18n import _, bilingual, current_language, ngettext
from app.services import catalogue
from app.services import obligations
from app.services import staff
from app.services.core.formatting import format_number
from app.ui.item_models.obligation_columns import (
    COL_CAS_REF,
    COL_CASE,
    COL_CODE,
    COL_DUE,
    COL_DUTY,
    COL_FORM,
    COL_PERSON,
    COL_ROLE,
    COL_STATE,
    COL_STATUS,
)
from app.ui.item_models.obligation_table import ObligationTableModel
from app.ui.widgets import column_fit
from app.ui.widgets.filter_bar import DEFAULT_FILTER, FilterBar
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page
from app.ui.slip_print import SLIP_KEY, print_person_slip
from app.ui.pages.pending_actions import PendingActions
from app.ui.pages.pending_loading import PendingLoading
from app.ui.people import person_label
from app.services.core.formatting import natural_key

# header column → the order ``obligations.ids`` knows
SORT_ORDERS = {
    COL_STATE: "due", COL_DUE: "due", COL_CODE: "duty", COL_DUTY: "duty", COL_FORM: "form", COL_ROLE: "role",
    COL_PERSON: "person", COL_CASE: "case", COL_STATUS: "status", COL_CAS_REF: "due",
}


class PendingPage(PendingLoading, PendingActions, Page):
    key = "pending"
    watches = Changes(obligations=True, cases=True, staff=True, rules=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._generation = 0
        self._order = ("due", False)
        self._filter: dict = dict(DEFAULT_FILTER)
        self._shown: tuple | None = None  # (filter, order) of the rows in the table
        self._stale = True
        self._choices_loaded = False
        self._people: list[tuple[int, str]] = []
        self._active_people: list[tuple[int, str]] = []
        self._shos: list[tuple[int, str]] = []
        self.last_load_ms: float | None = None  # time from asking to rows in the model (for the benchmark)
        self.last_complete_ms: float | None = None  # … to the whole id list in the model (None until then)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._load_ids)

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.filters = FilterBar()
        self.filters.changed.connect(self._filter_changed)

        self._build_table()
        self.details = QLabel()
        self.details.setObjectName("pendingDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 8)  # a long Hindi duty and its basis, whole
        self.empty_label = QLabel()  # an empty list says so (issue 18), instead of a blank table
        self.empty_label.setObjectName("pendingEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("font-weight: bold; color: #2e7d32;")
        self.empty_label.hide()

        self._build_actions()
        self._lay_out()
        ctx.open_pending.connect(self.show_filter)
        self.retranslate()
        self._update_actions()

    def _build_table(self) -> None:
        """The id-backed lazy table: its model (later pages read on the worker), columns, sorting, menu."""
        self.model = ObligationTableModel(lambda id_list: obligations.rows(self.ctx.db, id_list), self,
                                          runner=self._run_fetch)
        self.model.fetch_failed.connect(lambda msg: self.ctx.status_message.emit(
            _("Some entries could not be loaded: {error}").format(error=msg)))
        self.model.dataChanged.connect(self._rows_arrived)
        self.table = QTableView()
        self.table.setObjectName("pendingTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the action buttons
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row measuring
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vheader.hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_DUTY, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(False)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self._set_column_widths()
        # the entry's state, due time, code and case always whole; the duty's name (whole below the table)
        # gives up room first, then the role, form and CAS reference
        column_fit.enable(self.table, stretch=COL_DUTY, keep=(COL_STATE, COL_DUE, COL_CODE, COL_PERSON, COL_CASE),
                          caps={COL_ROLE: 200, COL_PERSON: 190, COL_CASE: 160, COL_CAS_REF: 160}, lazy=True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_details())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

    def _build_actions(self) -> None:
        """Mark entered, verify, not applicable, search and reload: as shortcuts and as buttons."""
        # actions: shortcuts live while focus is on this page (other pages may use the same keys)
        self.search_action = self._action(QKeySequence.StandardKey.Find, self.filters.focus_search)
        self.enter_action = self._action(QKeySequence("Ctrl+E"), self.mark_entered)
        self.verify_action = self._action(QKeySequence("Ctrl+Shift+V"), self.verify)
        self.na_action = self._action(QKeySequence("Ctrl+N"), self.not_applicable)
        self.reassign_action = self._action(QKeySequence("Ctrl+G"), self.reassign)
        self.reload_action = self._action(QKeySequence.StandardKey.Refresh, self.refresh)
        self.enter_button = QPushButton()
        self.verify_button = QPushButton()
        self.na_button = QPushButton()
        self.enter_button.clicked.connect(self.mark_entered)
        self.verify_button.clicked.connect(self.verify)
        self.na_button.clicked.connect(self.not_applicable)
        self.reassign_button = QPushButton()
        self.reassign_button.setObjectName("reassignButton")
        self.reassign_button.clicked.connect(self.reassign)
        self.slip_action = self._action(QKeySequence(SLIP_KEY), self.print_slip)
        self.slip_button = QPushButton()  # the slip of the person filtered on, else of the current row's owner
        self.slip_button.setObjectName("slipButton")
        self.slip_button.clicked.connect(self.print_slip)
        self.count_label = QLabel()
        self.count_label.setObjectName("pendingCount")

    def _lay_out(self) -> None:
        """Heading, filters, the table, the chosen entry's details, then the actions with the count."""
        actions = QHBoxLayout()
        actions.addWidget(self.enter_button)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.na_button)
        actions.addWidget(self.reassign_button)
        actions.addWidget(self.slip_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.filters)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        QWidget.setTabOrder(self.filters.clear_button, self.table)
        QWidget.setTabOrder(self.table, self.enter_button)
        QWidget.setTabOrder(self.enter_button, self.verify_button)
        QWidget.setTabOrder(self.verify_button, self.na_button)
        QWidget.setTabOrder(self.na_button, self.reassign_button)
        QWidget.setTabOrder(self.reassign_button, self.slip_button)


    def _run_fetch(self, work, on_done, on_error) -> None:
        """The model's later pages, read on the worker like everything else."""
        Query(self, lambda _db: work()).success(on_done).failure(on_error).run()

    def _rows_arrived(self, top, bottom, _roles=()) -> None:
        index = self.table.currentIndex()
        if index.isValid() and top.row() <= index.row() <= bottom.row():
            self._show_details()  # the current row was still loading

    def _action(self, keys, slot) -> QAction:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _state_width(self) -> int:
        bold = self.font()
        bold.setBold(True)
        return QFontMetrics(bold).horizontalAdvance(_("Overdue {days} days").format(days="9999")) + 40

    def _fit_state_column(self) -> None:
        """Widen (never narrow) the state column to its longest text in the current language."""
        if self.table.columnWidth(COL_STATE) < self._state_width():
            self.table.setColumnWidth(COL_STATE, self._state_width())

    def _set_column_widths(self) -> None:
        fm = self.fontMetrics()
        widths = {COL_STATE: self._state_width(), COL_DUE: fm.horizontalAdvance("00.00.0000 00:00") + 16,
                  COL_CODE: fm.horizontalAdvance("D-28") + 16, COL_FORM: fm.horizontalAdvance("IIF-10/11") + 12,
                  COL_ROLE: 105, COL_PERSON: 125, COL_CASE: 110, COL_STATUS: 80, COL_CAS_REF: 85}
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)

    # --- texts ----------------------------------------------------------------------------
    def title(self) -> str:
        return _("Pending entries")

    def retranslate(self) -> None:
        self.heading.setText(_("Pending CAS entries: who owes what, by when"))
        self.filters.retranslate()
        self.model.retranslate()
        for action, button, text, tip in (
            (self.enter_action, self.enter_button, _("Mark &entered…"),
             _("Record the CAS reference for the selected entries")),
            (self.verify_action, self.verify_button, _("&Verify…"),
             _("The SHO confirms the selected entries made in CAS (duty A-2)")),
            (self.na_action, self.na_button, _("Not appl&icable…"),
             _("This entry needs no CAS entry; give the reason")),
            (self.reassign_action, self.reassign_button, _("&Give to another person…"),
             _("Give the selected entries to another person, with the reason")),
        ):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setText(text)
            button.setText(text)
            tooltip = _("{action} ({keys})").format(action=tip, keys=keys)
            action.setToolTip(tooltip)
            button.setToolTip(tooltip)
        self.slip_button.setText(_("Print roll-&call slip…"))
        self.slip_action.setText(_("Print the roll-call slip"))  # its name under Help → Keyboard shortcuts
        self.slip_button.setToolTip(_("The roll-call slip of the person filtered on, else of the chosen entry's "
                                      "owner ({keys})").format(keys=SLIP_KEY))
        self.search_action.setText(_("Search"))
        self.reload_action.setText(_("Reload"))
        self._update_count()
        self._show_details()
        self._fit_columns()

    # --- loading --------------------------------------------------------------------------
    def activated(self) -> None:
        if not self._choices_loaded:
            self._load_choices()
        if self._stale:
            self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._stale = False
        self._reload_timer.start()  # coalesce several requests in one event loop turn

    def data_changed(self, changes: Changes) -> None:
        if changes.staff:
            self._choices_loaded = False
        if changes & self.watches:
            if self.isVisible():
                if not self._choices_loaded:
                    self._load_choices()
                self.refresh()
            else:
                self._stale = True

    def _load_choices(self) -> None:
        self._choices_loaded = True

        def load(db):
            roles = catalogue.list_roles(db)
            people = staff.list_persons(db, include_inactive=True)
            forms = sorted({d.form for d in catalogue.list_duties(db) if d.form}, key=natural_key)
            return roles, people, forms

        Query(self, load, label=_("Loading the staff list…")).success(self._choices).run()

    def _choices(self, data) -> None:
        roles, people, forms = data
        self.model.set_role_names({r.code: (r.name_hi, r.name_en) for r in roles})
        self._people = [(p.id, p.name if p.active else _("{name} (left)").format(name=p.name)) for p in people]
        self._shos = [(p.id, p.name) for p in people if "sho" in p.roles and p.active]
        self._active_people = [(p.id, person_label(p.name, p.rank)) for p in people if p.active]
        self.filters.set_choices([(r.code, r.name_hi, r.name_en) for r in roles], self._people, forms)

    def _filter_changed(self, flt: dict) -> None:
        self._filter = flt
        self.refresh()

    def _fit_columns(self) -> None:
        """The status column only when the filter shows more than one status (else every row says the same)."""
        statuses = tuple(self._filter.get("statuses") or ())
        self.table.setColumnHidden(COL_STATUS, len(statuses) == 1)
        # only an entry made in CAS has a reference: no empty column for the pending, missed or not applicable
        self.table.setColumnHidden(COL_CAS_REF, bool(statuses) and not set(statuses) & {"entered", "verified"})
        self._fit_state_column()
        column_fit.fit(self.table)

    def show_filter(self, flt: dict) -> None:
        """Show the entries matching ``flt`` (keys of ``ObligationFilter``; ``case_label`` for a case chip)."""
        flt = dict(flt)
        case_label = flt.pop("case_label", "")
        self.filters.set_filter(flt, case_label=case_label)
        self._filter = self.filters.current()
        self.refresh()

    def current_filter(self) -> obligations.ObligationFilter:
        fields = {k: v for k, v in self._filter.items() if k in obligations.ObligationFilter.__dataclass_fields__}
        if "statuses" in fields:
            fields["statuses"] = tuple(fields["statuses"])
        return obligations.ObligationFilter(**fields)

    def export_source(self, view):
        """Ctrl+Shift+X on the table: the whole list the filter finds, in the table's order (``table_export``)."""
        from app.ui.table_export import pending_source

        return pending_source(self.current_filter(), self._order, self.model.total) if view is self.table else None

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self._order = (SORT_ORDERS.get(column, "due"), order == Qt.SortOrder.DescendingOrder)
        self.refresh()

    # --- selection ------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = [i.row() for i in self.table.selectionModel().selectedRows()]
        if not rows and self.table.currentIndex().isValid() and self.table.selectionModel().hasSelection():
            rows = [self.table.currentIndex().row()]
        return self.model.ids_of_rows(rows)

    def _selection_changed(self, *_args) -> None:
        self._update_count()
        self._update_actions()

    def _update_actions(self) -> None:
        has = bool(self.model.rowCount())
        for action, button in ((self.enter_action, self.enter_button), (self.verify_action, self.verify_button),
                               (self.na_action, self.na_button), (self.reassign_action, self.reassign_button)):
            action.setEnabled(has)
            button.setEnabled(has)
        self.slip_button.setEnabled(self.slip_person_id() is not None)

    def slip_person_id(self) -> int | None:
        """Whose slip "Print slip" prints: the person the list is filtered on, else the current row's owner."""
        if self._filter.get("person_id"):
            return self._filter["person_id"]
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        return getattr(row, "person_id", None)

    def print_slip(self) -> None:
        print_person_slip(self, self.slip_person_id())

    def _update_count(self) -> None:
        total = self.model.total  # the whole list's count, while its first rows are all the table has
        text = ngettext("{n} entry", "{n} entries", total).format(n=format_number(total))
        selected = len(self.table.selectionModel().selectedRows()) if self.table.selectionModel() else 0
        if selected > 1:
            text = _("{entries}, {n} selected").format(entries=text, n=format_number(selected))
        self.count_label.setText(text)
        self.empty_label.setText(_("No entries to show for these filters. Change or clear the filters to see others."))
        self.empty_label.setVisible(self._shown is not None and total == 0)

    def _show_details(self) -> None:
        index = self.table.currentIndex()
        o = self.model.row_at(index.row()) if index.isValid() else None
        if o is None:
            self.details.setText("")
            return
        lang = current_language()
        basis = bilingual(o.basis_hi or o.basis, o.basis_en or o.basis, lang) if hasattr(o, "basis_en") else o.basis
        lines = ["{} — {}".format(o.duty_code, o.duty_name(lang) if hasattr(o, "duty_name") else o.duty_name_en)]
        if basis:
            lines.append(_("Due {due}: {basis}").format(due=self.model.due_text(o.due_at), basis=basis))
        if getattr(o, "problem", None):
            lines.append(o.problem)
        self.details.setText("\n".join(lines))
