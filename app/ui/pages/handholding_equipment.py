"""Handholding, the equipment and CCTV page (its title): the register, the fault log (open faults older than the threshold flagged),
time to fix per kind (duties D-20 and D-21)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services.core.formatting import format_datetime, format_number
from app.services.handholding import dashboard_summary
from app.services import handholding
from app.services.handholding import EQUIPMENT_KIND_LABELS, label
from app.ui.widgets.tables import reselect, row_table, selected_row, table_item
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page

FLAG_BRUSH = QBrush(QColor("#f8d7da"))
EQUIPMENT_COLUMNS = 6  # kind, name, make/model, serial, location, status
FAULT_COLUMNS = 8  # no., equipment, reported, by, ticket, escalated to, status, what is wrong
FIX_COLUMNS = 5  # kind, fixed, median, longest, open




def duration_text(hours: float | None) -> str:
    if hours is None:
        return "–"
    total = int(round(hours))
    if total < 24:
        return _("{hours} h").format(hours=total)
    return _("{days} d {hours} h").format(days=total // 24, hours=total % 24)


class HandholdingEquipmentPage(Page):
    key = "equipment"
    watches = Changes(handholding=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.items: list = []
        self.faults: list = []
        self.fix: list = []
        self.summary = None

        self._build_widgets()
        self._lay_out()
        self.add_shortcuts(((QKeySequence.StandardKey.New, self.add_equipment), ("Ctrl+F", self.report_fault),
                            ("Ctrl+E", self.escalate), ("Ctrl+R", self.resolve)))
        self.retranslate()
        self._update_buttons()

    def _build_widgets(self) -> None:
        """The heading and status line, the register with its buttons, the fault log, time to fix."""
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("equipmentStatus")
        self.status.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_equipment)
        self.fault_button = QPushButton()
        self.fault_button.clicked.connect(self.report_fault)
        self.table = row_table("equipmentTable", EQUIPMENT_COLUMNS)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.report_fault())

        self.open_only = QCheckBox()
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _c: self.refresh())
        self.escalate_button = QPushButton()
        self.escalate_button.clicked.connect(self.escalate)
        self.resolve_button = QPushButton()
        self.resolve_button.clicked.connect(self.resolve)
        self.fault_table = row_table("faultTable", FAULT_COLUMNS)
        self.fault_table.itemSelectionChanged.connect(self._update_buttons)
        self.fix_table = row_table("fixTable", FIX_COLUMNS)

    def _lay_out(self) -> None:
        """The register above the tabs of the fault log and of the time to fix."""
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.table, 1)
        tb = QHBoxLayout()
        tb.addWidget(self.add_button)
        tb.addWidget(self.fault_button)
        tb.addStretch(1)
        tv.addLayout(tb)
        log = QWidget()
        lv = QVBoxLayout(log)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.fault_table, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.open_only)
        lb.addStretch(1)
        lb.addWidget(self.escalate_button)
        lb.addWidget(self.resolve_button)
        lv.addLayout(lb)
        self.tabs = QTabWidget()
        self.tabs.addTab(log, "")
        self.tabs.addTab(self.fix_table, "")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

    def title(self) -> str:
        return _("Equipment and CCTV")

    def retranslate(self) -> None:
        self.heading.setText(_("CCTNS equipment, CCTV and their faults (duties D-20, D-21)"))
        self.add_button.setText(_("A&dd equipment (Ctrl+N)"))
        self.fault_button.setText(_("Report a fa&ult (Ctrl+F)"))
        self.open_only.setText(_("&Open faults only"))
        self.escalate_button.setText(_("&Escalate (Ctrl+E)"))
        self.resolve_button.setText(_("&Resolved (Ctrl+R)"))
        self.tabs.setTabText(0, _("Fault log"))
        self.tabs.setTabText(1, _("Time to fix (last 90 days)"))
        self.table.setHorizontalHeaderLabels([_("Kind"), _("Name"), _("Make and model"), _("Serial number"),
                                              _("Location"), _("Status")])
        self.fault_table.setHorizontalHeaderLabels([_("No."), _("Equipment"), _("Reported"), _("Reported by"),
                                                    _("Helpdesk ticket"), _("Escalated to"), _("Status"),
                                                    _("What is wrong")])
        self.fix_table.setHorizontalHeaderLabels([_("Kind"), _("Faults fixed"), _("Median time to fix"),
                                                  _("Longest"), _("Still open")])
        self._populate()

    # --- data -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        open_only = self.open_only.isChecked()

        def load(db):
            import datetime as dt

            from app.services.core import clock

            today = clock.today()
            return (handholding.list_equipment(db), handholding.list_faults(db, open_only=open_only, limit=2000),
                    handholding.fix_times(db, date_from=today - dt.timedelta(days=90), date_to=today), dashboard_summary(db))

        Query(self, load, label=_("Loading the equipment register…")).success(self._loaded).run()

    def _loaded(self, data) -> None:
        self.items, self.faults, self.fix, self.summary = data
        self._populate()

    def _populate(self) -> None:
        keep_item = self.selected_item()
        keep_fault = self.selected_fault()
        s = self.summary
        if s is not None:
            if s.cctv_working is None:
                cctv = _("CCTV: no cameras or recorder are in the register.")
            elif s.cctv_working:
                cctv = _("CCTV: working ({count} cameras and recorders).").format(count=format_number(s.cctv_items))
            else:
                cctv = _("CCTV: NOT fully working: {faulty} of {count} cameras and recorders have an open fault.").format(
                    faulty=format_number(s.cctv_faulty), count=format_number(s.cctv_items))
            faults = _("Open faults: {open}; open for more than {days} days: {flagged}.").format(
                open=format_number(s.open_faults), days=format_number(s.threshold_days),
                flagged=format_number(s.flagged_faults))
            self.status.setText(f"{cctv}  {faults}")
            self.status.setStyleSheet("color: #b00020; font-weight: bold;" if s.cctv_working is False
                                      or s.flagged_faults else "")
        self.table.setRowCount(len(self.items))
        for row, e in enumerate(self.items):
            state = _("faulty") if e.open_faults else _("working")
            cells = [label(EQUIPMENT_KIND_LABELS, e.kind), e.name, e.make_model, e.serial_no, e.location, state]
            for col, text in enumerate(cells):
                it = table_item(text, e.id if col == 0 else None)
                if e.open_faults:
                    it.setBackground(FLAG_BRUSH)
                self.table.setItem(row, col, it)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.fault_table.setRowCount(len(self.faults))
        for row, f in enumerate(self.faults):
            if f.open:
                state = _("open {days} d").format(days=f.age_days)
            else:
                state = _("fixed {when}").format(when=format_datetime(f.resolved_at))
            esc = f.escalations[-1] if f.escalations else None
            cells = [str(f.id), f.equipment_name, format_datetime(f.reported_at), f.reported_by, f.ticket_no,
                     esc.escalated_to if esc else "", state, f.description]
            for col, text in enumerate(cells):
                it = table_item(text, f.id if col == 0 else None, right=col == 0)
                if f.flagged:
                    it.setBackground(FLAG_BRUSH)
                    it.setToolTip(_("Open for more than {days} days").format(
                        days=self.summary.threshold_days if self.summary else 3))
                self.fault_table.setItem(row, col, it)
        self.fault_table.resizeColumnsToContents()
        self.fault_table.horizontalHeader().setSectionResizeMode(FAULT_COLUMNS - 1, QHeaderView.ResizeMode.Stretch)

        self.fix_table.setRowCount(len(self.fix))
        for row, t in enumerate(self.fix):
            cells = [label(EQUIPMENT_KIND_LABELS, t.kind), format_number(t.resolved), duration_text(t.median_hours),
                     duration_text(t.max_hours), format_number(t.open)]
            for col, text in enumerate(cells):
                self.fix_table.setItem(row, col, table_item(text, right=col > 0))
        self.fix_table.resizeColumnsToContents()
        self.fix_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        reselect(self.table, keep_item.id if keep_item else None)
        reselect(self.fault_table, keep_fault.id if keep_fault else None)
        self._update_buttons()

    def selected_item(self):
        return selected_row(self.table, self.items)

    def selected_fault(self):
        return selected_row(self.fault_table, self.faults)

    def _update_buttons(self) -> None:
        self.fault_button.setEnabled(self.selected_item() is not None)
        f = self.selected_fault()
        self.escalate_button.setEnabled(f is not None and f.open)
        self.resolve_button.setEnabled(f is not None and f.open)

    # --- actions ----------------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.open()  # its Op announces the change: this page reloads (watches), and so does the dashboard
        return dialog

    def add_equipment(self):
        from app.ui.dialogs.handholding_equipment import EquipmentDialog

        return self._open(EquipmentDialog(self.ctx, parent=self))

    def report_fault(self):
        item = self.selected_item()
        if item is None:
            return None
        from app.ui.dialogs.handholding_equipment import FaultDialog

        return self._open(FaultDialog(self.ctx, item, parent=self))

    def escalate(self):
        f = self.selected_fault()
        if f is None or not f.open:
            return None
        from app.ui.dialogs.handholding_equipment import EscalateDialog

        return self._open(EscalateDialog(self.ctx, f, parent=self))

    def resolve(self):
        f = self.selected_fault()
        if f is None or not f.open:
            return None
        from app.ui.dialogs.handholding_equipment import ResolveDialog

        return self._open(ResolveDialog(self.ctx, f, parent=self))
