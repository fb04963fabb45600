"""The case register: find a case, register a new one (Ctrl+N), add events (Ctrl+E), and see each
case's timeline — its events and the CAS entries it owes, with their state."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from app.i18n import N_, _, current_language, ngettext
from app.services import cases
from app.services import staff
from app.services.core.formatting import format_date, format_datetime
from app.services.catalogue import case_label
from app.services.core.validate import clean_text, parse_int
from app.services.core.errors import UserError
from app.ui.widgets import column_fit
from app.ui.widgets.tables import row_table, table_item
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page
from app.services import catalogue

LIST_LIMIT = 200
SEARCH_MAX = 200  # as cases.list_cases takes it
STATUS_LABELS = {
    "pending": N_("pending"), "entered": N_("entered"), "verified": N_("verified"), "na": N_("not applicable"),
    "missed": N_("missed"),
}
CASE_STATUS_LABELS = {
    "open": N_("under investigation"), "charge-sheeted": N_("charge-sheeted"), "final-report": N_("final report"),
    "disposed": N_("disposed"), "transferred-out": N_("transferred out"), "void": N_("voided"),
    "traced": N_("traced"), "recovered": N_("recovered"), "matched": N_("matched"), "identified": N_("identified"),
}
OVERDUE = QColor("#b00020")
DUE_SOON = QColor("#8a5a00")
DONE = QColor("#2e7d32")


def _shown_label(c) -> str:
    """The case's label ("FIR 12/2026", "गुमशुदगी 3/2026") in the current language: the one the service
    wrote into ``CaseInfo.label`` is in the language of the moment the list was read."""
    return case_label(c.kind, c.number, c.year, c.id)


def accused_line(a, lang: str) -> str:
    """One accused on the case: custody, first remand and the last day before default bail."""
    text = _("Accused {name}: {custody}").format(name=a.label, custody=cases.custody_label(a.custody))
    if a.first_remand_at is not None:
        text += "; " + _("first remand {date}").format(date=format_datetime(a.first_remand_at, lang))
    if a.default_bail_at is not None:
        text += "; " + _("last day before default bail {date} ({days} days)").format(
            date=format_date(a.default_bail_at.date()), days=a.period_days)
    return text


def event_summary(details: dict) -> str:
    """The event's particulars in one line (values only; the keys are the form's)."""
    parts = []
    for key, value in details.items():
        if value in (None, "") or key == "void":  # a voided event says so in its own column
            continue
        if key == "outcome":
            value = _("Chargesheet") if value == "chargesheet" else _("Final report (closure)")
        parts.append(str(value))
    return "; ".join(parts)


class CasesPage(Page):
    key = "cases"
    watches = Changes(cases=True, obligations=True, staff=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.cases: list = []
        self.detail = None
        self.staff: list = []
        self._roles: dict = {}  # role code → RoleInfo (read with the list), named in the window's language
        self._select_case_id: int | None = None
        self._list_generation = 0
        self._detail_generation = 0

        self._build_filters()
        self._build_lists()
        self._lay_out()
        self._add_keys()
        self.retranslate()

    def _build_filters(self) -> None:
        """The heading and the filters: search, kind, year (a reload a moment after typing stops)."""
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.kind_filter = QComboBox()
        self.kind_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_filter.setMinimumContentsLength(10)
        self.kind_label = QLabel()
        self.kind_label.setBuddy(self.kind_filter)
        self.year_filter = QLineEdit()
        self.year_filter.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 16)
        self.year_label = QLabel()
        self.year_label.setBuddy(self.year_filter)
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet("color: #b00020;")
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._reload_timer.start())
        self.year_filter.textChanged.connect(lambda _t: self._reload_timer.start())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())

    def _build_lists(self) -> None:
        """The case list with its buttons; the chosen case's events and the CAS entries it owes."""
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_case)
        self.event_button = QPushButton()
        self.event_button.clicked.connect(self.add_event)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        self.table = row_table("caseTable", 6, read_only=True)  # case, kind, registered, act/sections, IO, status
        # the case and when it was registered always whole; act and sections (whole in the heading) give way
        column_fit.enable(self.table, stretch=3, keep=(0, 2), caps={0: 240})  # a rare long kind ends in "…"
        self.table.itemSelectionChanged.connect(self._case_selected)
        self.case_heading = QLabel()
        self.case_heading.setWordWrap(True)
        self.case_heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.events_label = QLabel()
        self.events = row_table("eventTable", 4, read_only=True)  # when, event, particulars, staff
        self.obligations_label = QLabel()
        # due, duty (with its form), owner, state, CAS ref
        self.obligations = row_table("obligationTable", 5, read_only=True)
        self.obligations.setWordWrap(True)
        self.obligations.horizontalHeader().sectionResized.connect(self._rewrap_obligations)
        self._build_corrections()

    def _lay_out(self) -> None:
        """Left: filters, cases, buttons. Right: the case's events above the entries it owes."""
        filters = QHBoxLayout()
        for w in (self.search_label, self.search):
            filters.addWidget(w)
        filters.setStretchFactor(self.search, 2)
        for w in (self.kind_label, self.kind_filter, self.year_label, self.year_filter):
            filters.addWidget(w)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(filters)
        lv.addWidget(self.filter_error)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count_label)
        lb = QHBoxLayout()
        lb.addWidget(self.new_button)
        lb.addWidget(self.event_button)
        lb.addWidget(self.correct_button)
        lb.addStretch(1)
        lv.addLayout(lb)

        top_right = QWidget()
        tv = QVBoxLayout(top_right)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.case_heading)
        tv.addWidget(self.events_label)
        tv.addWidget(self.events, 1)
        bottom_right = QWidget()
        bv = QVBoxLayout(bottom_right)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(self.obligations_label)
        bv.addWidget(self.obligations, 1)
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.setObjectName("caseDetailSplitter")
        self.detail_splitter.addWidget(top_right)
        self.detail_splitter.addWidget(bottom_right)
        self.detail_splitter.setStretchFactor(0, 2)
        self.detail_splitter.setStretchFactor(1, 3)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("casesSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail_splitter)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)

    def _add_keys(self) -> None:
        """The page's shortcuts and the order Tab walks."""
        self.add_shortcuts(((QKeySequence.StandardKey.New, self.new_case), ("Ctrl+E", self.add_event),
                            ("Ctrl+F", self._focus_search), ("F5", self.refresh)))
        self.setTabOrder(self.search, self.kind_filter)
        self.setTabOrder(self.kind_filter, self.year_filter)
        self.setTabOrder(self.year_filter, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.event_button)
        self.setTabOrder(self.event_button, self.correct_button)
        self.setTabOrder(self.correct_button, self.events)
        self.setTabOrder(self.events, self.obligations)

    def title(self) -> str:
        return _("Case register")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: the timeline gets the larger share unless a layout was remembered
            self._sized = True
            if "cases/casesSplitter" not in (self.ctx.prefs.get("page_layouts") or {}):
                total = max(self.splitter.width(), 800)
                self.splitter.setSizes([total // 2, total - total // 2])  # the list's key columns whole

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def retranslate(self) -> None:
        self.heading.setText(_("Cases and what each one owes in CAS"))
        self.search_label.setText(_("Fin&d:"))
        self.search.setPlaceholderText(_("Number (123 or 123/2026), act, sections, description"))
        self.kind_label.setText(_("&Kind:"))
        self.year_label.setText(_("&Year:"))
        kind = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(_("All kinds"), None)
        for code, label in catalogue.CASE_KINDS.items():
            self.kind_filter.addItem(_(label), code)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(kind)))
        self.kind_filter.blockSignals(False)
        self.new_button.setText(_("&New case (Ctrl+N)"))
        self.event_button.setText(_("Add &event (Ctrl+E)"))
        self._retranslate_corrections()
        self.table.setHorizontalHeaderLabels([_("Case"), _("Kind"), _("Registered"), _("Act and sections"), _("IO"),
                                              _("Status")])
        self.events_label.setText(_("Events"))
        self.events.setHorizontalHeaderLabels([_("When"), _("Event"), _("Particulars"), _("Staff")])
        self.obligations_label.setText(_("CAS entries this case owes"))
        self.obligations.setHorizontalHeaderLabels([_("Due"), _("Duty"), _("Owed by"), _("State"), _("CAS ref.")])
        self._populate_cases()
        self._populate_detail()

    # --- loading --------------------------------------------------------------------------
    def _filters(self):
        year_text = self.year_filter.text().strip()
        year = None
        if year_text:
            try:
                year = parse_int(year_text, _("Year"), minimum=1950, maximum=2100)
            except UserError as exc:
                self.filter_error.setText(exc.message)
                self.filter_error.show()
                return None
        try:  # beside the filters, as the year is: not a message box popping up while typing
            search = clean_text(self.search.text(), _("Search"), max_len=SEARCH_MAX) or None
        except UserError as exc:
            self.filter_error.setText(exc.message)
            self.filter_error.show()
            return None
        self.filter_error.hide()
        return self.kind_filter.currentData(), year, search

    def export_source(self, view):
        """Ctrl+Shift+X on the register: every case the filters find, not only the newest shown (``table_export``)."""
        from app.ui.table_export import cases_source

        if view is not self.table:
            return None
        filters = self._filters()
        if filters is None:  # the filter's own error is shown beside it
            raise UserError(self.filter_error.text())
        return cases_source(*filters)

    def refresh(self) -> None:
        filters = self._filters()
        if filters is None:
            return
        kind, year, search = filters
        self._list_generation += 1
        generation = self._list_generation

        def load(db):
            found = cases.list_cases(db, kind=kind, year=year, search=search, limit=LIST_LIMIT)
            people = staff.list_persons(db, include_inactive=False)
            return found, people, catalogue.list_roles(db)

        Query(self, load, label=_("Loading the cases…")).success(lambda data: self._loaded(generation, data)).run()

    def _loaded(self, generation: int, data) -> None:
        if generation != self._list_generation:
            return  # a newer search is on its way
        self.cases, self.staff, roles = data
        self._roles = {r.code: r for r in roles}
        self._populate_cases()

    def _populate_cases(self) -> None:
        keep = self._select_case_id
        if keep is None:
            current = self.selected_case()
            keep = current.id if current else None
        self._select_case_id = None
        lang = current_language()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.cases))
        select_row = 0 if self.cases else None
        for row, c in enumerate(self.cases):
            law = " ".join(x for x in (c.act, c.sections) if x)
            self.table.setItem(row, 0, table_item(_shown_label(c), c.id, tooltip=c.description or None))
            self.table.setItem(row, 1, table_item(_(catalogue.CASE_KINDS.get(c.kind, c.kind))))
            self.table.setItem(row, 2, table_item(format_datetime(c.registered_at, lang)))
            self.table.setItem(row, 3, table_item(law))
            self.table.setItem(row, 4, table_item(c.io_name or ""))
            self.table.setItem(row, 5, table_item(_(CASE_STATUS_LABELS.get(c.status, c.status))))
            if c.id == keep:
                select_row = row
        self.table.blockSignals(False)
        self.table.setColumnHidden(1, True)  # the case's label names its kind already ("NCR 1189/2026")
        column_fit.fit(self.table)
        if len(self.cases) >= LIST_LIMIT:
            self.count_label.setText(_("The latest {count} cases; narrow the search to see older ones.").format(
                count=LIST_LIMIT))
        else:
            self.count_label.setText(ngettext("{count} case", "{count} cases", len(self.cases)).format(
                count=len(self.cases)))
        if select_row is not None:
            self.table.selectRow(select_row)
            if getattr(self, "_focus_new_case", False) and self.cases[select_row].id == keep:
                self._focus_new_case = False
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._case_selected()

    def selected_case(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        if item is None:
            return None
        cid = item.data(Qt.ItemDataRole.UserRole)
        return next((c for c in self.cases if c.id == cid), None)

    def _case_selected(self) -> None:
        case = self.selected_case()
        self.event_button.setEnabled(case is not None)
        self._update_corrections()
        if case is None:
            self.detail = None
            self._populate_detail()
            return
        if self.detail is not None and self.detail.info.id == case.id:
            pass  # refreshed below anyway: entries may have changed
        self._detail_generation += 1
        generation = self._detail_generation
        Query(self, lambda db: cases.get_case(db, case.id), label=_("Loading the case…")).success(
            lambda d: self._detail_loaded(generation, d)).run()

    def _detail_loaded(self, generation: int, detail) -> None:
        if generation != self._detail_generation:
            return
        self.detail = detail
        self._populate_detail()
        self._update_corrections()

    def _populate_detail(self) -> None:
        """The chosen case's particulars, its events and the CAS entries it owes (or an invitation to choose)."""
        d = self.detail
        self.events.setRowCount(0)
        self.obligations.setRowCount(0)
        if d is None:
            self.case_heading.setText(_("Choose a case to see its events and the entries it owes."))
            self.obligations_label.setText(_("CAS entries this case owes"))  # no stale count of another case
            return
        lang = current_language()
        self.case_heading.setText(self._heading(d, lang))
        self._fill_events(d, lang)
        self._fill_obligations(d, lang)
        self._size_obligation_columns()
        pending = sum(1 for o in d.obligations if o.status == "pending")
        self.obligations_label.setText(_("CAS entries this case owes: {pending} pending of {count}").format(
            pending=pending, count=len(d.obligations)))

    @staticmethod
    def _heading(d, lang: str) -> str:
        """The case's particulars, each accused's custody and the cases it is matched with, one to a line."""
        c = d.info
        bits = [_("{case} — {kind}, registered {when}").format(
            case=_shown_label(c), kind=_(catalogue.CASE_KINDS.get(c.kind, c.kind)), when=format_datetime(c.registered_at, lang))]
        if c.act or c.sections:
            bits.append(_("Act {act}, sections {sections}").format(act=c.act or "—", sections=c.sections or "—"))
        if c.kind == "fir":
            bits.append(_("IO: {name}").format(name=c.io_name or _("not yet assigned")))
        if c.sensitive:
            bits.append(_("Sensitive: not uploaded to the website"))
        bits.append(_("Status: {status}").format(status=_(CASE_STATUS_LABELS.get(c.status, c.status))))
        for a in d.accused:  # each accused's custody and default-bail day (BNSS 187(3))
            bits.append(accused_line(a, lang))
        for link in d.links:
            bits.append(_("Matched with {case} on {date}.").format(
                case=link["label"], date=format_datetime(link["at"], lang)))
        return "\n".join(bits)

    def _fill_events(self, d, lang: str) -> None:
        """The events table: when, what (voided ones with their reason), the particulars, the officer."""
        self.events.setRowCount(len(d.events))
        for row, e in enumerate(d.events):
            summary = event_summary(e.details)
            self.events.setItem(row, 0, table_item(format_datetime(e.occurred_at, lang), e.id))
            kind = _(catalogue.EVENT_KINDS.get(e.kind, e.kind))
            if e.voided:
                kind = _("{event} — VOIDED: {reason}").format(event=kind, reason=e.voided.get("reason", ""))
            self.events.setItem(row, 1, table_item(kind))
            self.events.setItem(row, 2, table_item(summary, tooltip=summary or None))
            self.events.setItem(row, 3, table_item(e.person or ""))
        self.events.resizeColumnsToContents()
        self.events.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _fill_obligations(self, d, lang: str) -> None:
        """The entries table: due, duty and form, owner, state (coloured when overdue, due soon or done), CAS
        reference."""
        self.obligations.setRowCount(len(d.obligations))
        for row, o in enumerate(d.obligations):
            basis = o.basis_hi if lang == "hi" and o.basis_hi else (o.basis_en or o.basis)
            if o.form:
                duty = _("{code} {form}: {name}").format(code=o.duty_code, form=o.form, name=o.duty_name(lang))
            else:
                duty = _("{code} {name}").format(code=o.duty_code, name=o.duty_name(lang))
            owner = o.person or _("unassigned ({role})").format(role=self._roles[o.role].name(lang) if o.role in self._roles else o.role)
            due = format_datetime(o.due_at, lang) if o.due_at else "—"
            if o.status == "pending":
                state = _("overdue") if o.overdue else (_("due soon") if o.due_soon else _(STATUS_LABELS[o.status]))
            else:
                state = _(STATUS_LABELS.get(o.status, o.status))
            items = [table_item(due, o.id, tooltip=basis), table_item(duty, tooltip=duty), table_item(owner),
                     table_item(state), table_item(o.cas_ref or "")]
            colour = OVERDUE if (o.status == "pending" and o.overdue) else (
                DUE_SOON if (o.status == "pending" and o.due_soon) else (DONE if o.status in ("entered", "verified") else None))
            for col, it in enumerate(items):
                if colour is not None and col in (0, 3):
                    it.setForeground(QBrush(colour))
                self.obligations.setItem(row, col, it)

    def _rewrap_obligations(self, column: int, _old: int, _new: int) -> None:
        if column == 1:  # the duty column changed width (the window or the splitter moved)
            self.obligations.resizeRowsToContents()

    def _size_obligation_columns(self) -> None:
        """Due, owner, state and CAS ref. as wide as their text (owner at most 160 px); the duty takes the rest
        (its whole text is in the tooltip)."""
        t = self.obligations
        header = t.horizontalHeader()
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            t.resizeColumnToContents(col)
        t.setColumnWidth(2, min(t.columnWidth(2), 160))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        t.resizeRowsToContents()  # the duty's whole text on wrapped lines, not only in a tooltip

    # --- actions --------------------------------------------------------------------------
    def new_case(self, kind: str = "fir"):
        from app.ui.dialogs.case_form import CaseDialog

        io_people = [p for p in self.staff if "io" in p.roles]
        dialog = CaseDialog(self.ctx, io_people, parent=self, kind=kind)
        dialog.saved.connect(self._case_saved)
        dialog.open()
        return dialog

    def _case_saved(self, result) -> None:
        n = len(result.obligations)
        self.ctx.status_message.emit(ngettext(
            "{case} registered; {count} CAS entry is now owed.", "{case} registered; {count} CAS entries are now owed.",
            n).format(case=result.case.label, count=n))
        for w in getattr(result, "warnings", []) or []:
            self.ctx.status_message.emit(w)
        self._select_case_id = result.case.id
        self._focus_new_case = True  # the keyboard goes to the new case's row: Ctrl+E adds its first event
        # show the new case even when the filters would hide it
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.blockSignals(False)
        self.kind_filter.blockSignals(True)
        self.kind_filter.setCurrentIndex(0)
        self.kind_filter.blockSignals(False)
        # the page reloads when the dialog's Op announces the new case (watches)

    def add_event(self, kind: str | None = None):
        case = self.selected_case()
        if case is None:
            return None
        from app.ui.dialogs.event_form import EventDialog

        dialog = EventDialog(self.ctx, case, self.staff, parent=self, kind=kind)
        dialog.saved.connect(lambda result, c=case: self._event_saved(c, result))
        dialog.open()
        return dialog

    def _event_saved(self, case, result) -> None:
        n = len(result.obligations)
        self.ctx.status_message.emit(ngettext(
            "Event recorded on {case}; {count} new CAS entry owed.",
            "Event recorded on {case}; {count} new CAS entries owed.", n).format(case=case.label, count=n))
        self._select_case_id = case.id  # the page reloads when the dialog's Op announces the event (watches)

    # --- corrections (app/ui/dialogs/corrections.py): the SHO edits or voids a case or an event, with a reason ---
    def _build_corrections(self) -> None:
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correctButton")
        self.correct_menu = QMenu(self)
        self.edit_case_action = self.correct_menu.addAction("", self.edit_case)
        self.void_case_action = self.correct_menu.addAction("", self.void_case)
        self.correct_menu.addSeparator()
        self.edit_event_action = self.correct_menu.addAction("", self.edit_event)
        self.void_event_action = self.correct_menu.addAction("", self.void_event)
        self.correct_button.setMenu(self.correct_menu)
        self.events.itemSelectionChanged.connect(self._update_corrections)

    def _retranslate_corrections(self) -> None:
        self.correct_button.setText(_("&Correct…"))
        self.correct_button.setToolTip(_("Correct or void the case or the chosen event, with a reason (the SHO)"))
        self.edit_case_action.setText(_("Correct the case's &particulars…"))
        self.void_case_action.setText(_("&Void the case…"))
        self.edit_event_action.setText(_("Correct the chosen event's &time…"))
        self.void_event_action.setText(_("V&oid the chosen event…"))

    def selected_event(self):
        """The event chosen in the events table (of the case shown), or None."""
        if self.detail is None:
            return None
        rows = self.events.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.events.item(rows[0].row(), 0)
        eid = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((e for e in self.detail.events if e.id == eid), None)

    def _update_corrections(self) -> None:
        case = self.detail.info if self.detail is not None else None
        live = case is not None and case.status != "void"
        event = self.selected_event()
        self.correct_button.setEnabled(live)
        self.edit_case_action.setEnabled(live)
        self.void_case_action.setEnabled(live)
        self.edit_event_action.setEnabled(live and event is not None and not event.voided)
        self.void_event_action.setEnabled(live and event is not None and not event.voided)

    def _event_name(self, event) -> str:
        return "{kind}, {when}".format(kind=_(catalogue.EVENT_KINDS.get(event.kind, event.kind)),
                                       when=format_datetime(event.occurred_at, current_language()))

    def _open_correction(self, dialog):
        case = self.detail.info
        dialog.saved.connect(lambda result, label=_shown_label(case): self._corrected(label, result))
        self.correction_dialog = dialog  # kept for tests and so it is not collected while open
        dialog.open()
        return dialog

    def _corrected(self, label: str, result) -> None:
        from app.ui.dialogs.corrections import result_message

        self.ctx.status_message.emit(result_message(label, result))
        self._select_case_id = result.case_id

    def edit_case(self):
        from app.ui.dialogs.corrections import CaseCorrectionDialog

        if self.detail is None:
            return None
        return self._open_correction(CaseCorrectionDialog(self.ctx, self.detail.info, parent=self))

    def void_case(self):
        from app.ui.dialogs.corrections import VoidDialog

        if self.detail is None:
            return None
        return self._open_correction(VoidDialog(self.ctx, self.detail.info, parent=self))

    def edit_event(self):
        from app.ui.dialogs.corrections import EventCorrectionDialog

        event = self.selected_event()
        if event is None:
            return None
        return self._open_correction(EventCorrectionDialog(self.ctx, self.detail.info, event, self._event_name(event),
                                                           parent=self))

    def void_event(self):
        from app.ui.dialogs.corrections import VoidDialog

        event = self.selected_event()
        if event is None:
            return None
        return self._open_correction(VoidDialog(self.ctx, self.detail.info, event, self._event_name(event),
                                                parent=self))
