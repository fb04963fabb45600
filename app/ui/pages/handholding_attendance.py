"""The CCTNS support page's first tab: the month's attendance register of the handholding staff, with
the buttons that mark days, and their visits to the station."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.i18n import _, current_language
from app.services.core import clock
from app.services.core.formatting import format_datetime, format_number, month_name
from app.ui.widgets.tables import row_table, table_item
from app.ui.pages.handholding_register import fill_register_grid


class AttendanceTab(QWidget):
    """The widgets only: the page connects the buttons and gives the data to ``populate``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("◀") + 24)
        self.month_label = QLabel()
        self.month_label.setObjectName("monthLabel")
        self.grid = row_table("attendanceGrid", 1, single=False, alternating=False)
        self.grid.horizontalHeader().setMinimumSectionSize(22)
        self.present_button = QPushButton()
        self.absent_button = QPushButton()
        self.leave_button = QPushButton()
        self.add_staff_button = QPushButton()
        self.visit_button = QPushButton()
        self.print_button = QPushButton()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.visit_table = row_table("visitTable", 5, alternating=False)
        sv = QVBoxLayout(self)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.month_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        for b in (self.present_button, self.absent_button, self.leave_button):
            nav.addWidget(b)
        sv.addLayout(nav)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(self.visit_table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        sv.addWidget(split, 1)
        sv.addWidget(self.summary_label)
        sb = QHBoxLayout()
        for b in (self.add_staff_button, self.visit_button):
            sb.addWidget(b)
        sb.addStretch(1)
        sb.addWidget(self.print_button)
        sv.addLayout(sb)

    def retranslate(self) -> None:
        self.prev_button.setToolTip(_("Previous month (Alt+Left)"))
        self.next_button.setToolTip(_("Next month (Alt+Right)"))
        self.present_button.setText(_("Mark &present"))
        self.absent_button.setText(_("Mark absen&t"))
        self.leave_button.setText(_("Mark l&eave"))
        self.grid.setToolTip(_("Select days (drag or Ctrl+click) and mark them. Sundays are not working days."))
        self.add_staff_button.setText(_("Add handh&olding staff"))
        self.visit_button.setText(_("Record a &visit to the station"))
        self.print_button.setText(_("Print the monthly &sheet (Ctrl+P)"))
        self.visit_table.setHorizontalHeaderLabels([_("Staff"), _("Arrived"), _("Left"), _("Purpose"), _("Work done")])

    def populate(self, month: tuple[int, int], register, visits: list) -> None:
        lang = current_language()
        self.month_label.setText(f"{month_name(month[1], lang)} {month[0]}")
        self._populate_grid(register)
        self.visit_table.setRowCount(len(visits))
        for r, v in enumerate(visits):
            for c, text in enumerate([v.staff_name, format_datetime(v.arrived_at),
                                      format_datetime(v.left_at) if v.left_at else "", v.purpose, v.work_done]):
                self.visit_table.setItem(r, c, table_item(text))
        self.visit_table.resizeColumnsToContents()
        self.visit_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def _populate_grid(self, reg) -> None:
        if reg is None:
            return
        fill_register_grid(self.grid, reg, clock.today())
        total = sum(m.not_marked for m in reg.staff)
        self.summary_label.setText(
            _("Working days are Monday to Saturday (SOP of 10 Oct 2014). Days not yet marked this month: {count}.")
            .format(count=format_number(total)) if reg.staff else
            _("No handholding staff served this station in this month. Add them with the button below."))
