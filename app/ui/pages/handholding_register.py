"""The attendance register of the handholding staff on the CCTNS support page: one row per staff
member, one column per day of the month, each day marked present, absent or on leave (Monday to
Saturday; Sundays and days off the station are greyed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget

from app.i18n import _, pgettext
from app.services.core.formatting import format_date
from app.services.handholding import OFFICE_KIND_LABELS, label
from app.ui.widgets.tables import table_item

SUNDAY_BRUSH = QBrush(QColor("#d9d9d9"))
OFF_BRUSH = QBrush(QColor("#eeeeee"))
ABSENT_BRUSH = QBrush(QColor("#f8d7da"))
LEAVE_BRUSH = QBrush(QColor("#fff3cd"))


def day_mark(code: str) -> str:
    """The one-letter mark of a day in the register grid."""
    return {"present": pgettext("attendance mark", "P"), "absent": pgettext("attendance mark", "A"),
            "leave": pgettext("attendance mark", "L")}[code]


def fill_register_grid(grid: QTableWidget, reg, today: dt.date) -> None:
    """Show the month's register ``reg`` (``support_staff.month_attendance``) in ``grid``."""
    days = reg.days
    grid.clear()
    grid.setColumnCount(1 + len(days))
    grid.setRowCount(len(reg.staff))
    grid.setHorizontalHeaderLabels([_("Handholding staff")] + [str(d.day) for d in days])
    for c, d in enumerate(days, start=1):
        head = grid.horizontalHeaderItem(c)
        head.setToolTip(format_date(d, style="full"))
    for r, m in enumerate(reg.staff):
        office = label(OFFICE_KIND_LABELS, m.staff.office_kind)
        name = table_item(f"{m.staff.name} · {office}", m.staff.id)
        name.setToolTip(_("{office}: {name}; present {present}, absent {absent}, leave {leave}, not marked "
                          "{unmarked}").format(office=office, name=m.staff.office_name, present=m.present,
                                               absent=m.absent, leave=m.leave, unmarked=m.not_marked))
        grid.setItem(r, 0, name)
        for c, d in enumerate(days, start=1):
            e = m.entries.get(d)
            it = table_item(day_mark(e.status) if e else "", d.isoformat())
            it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if d.weekday() == 6:
                it.setBackground(SUNDAY_BRUSH)
                it.setFlags(Qt.ItemFlag.ItemIsEnabled)
                it.setToolTip(_("Sunday: not a working day"))
            elif not m.staff.posted_on(d) or d > today:
                it.setBackground(OFF_BRUSH)
            elif e is not None and e.status == "absent":
                it.setBackground(ABSENT_BRUSH)
            elif e is not None and e.status == "leave":
                it.setBackground(LEAVE_BRUSH)
            grid.setItem(r, c, it)
    grid.resizeColumnsToContents()
    grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def selected_days(grid: QTableWidget, reg) -> list[tuple[int, str, dt.date]]:
    """(staff id, name, day) of every selected day cell (the name column is left out)."""
    cells = []
    for index in grid.selectedIndexes():
        if index.column() == 0:
            continue
        staff = reg.staff[index.row()].staff
        cells.append((staff.id, staff.name, reg.days[index.column() - 1]))
    return cells
