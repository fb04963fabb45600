"""The dashboard's "Statutory clocks" box: every accused in custody whose last day before default bail
(BNSS 187(3); NDPS 36A(4)) is within the window, those already past it first, from
``cases.statutory_clocks``. A row already past is red, one within a week amber, and each row says it in
words too (so it also reads in grey print and for the colour-blind). Enter or a double click on a row
opens the pending workbench on that case (``opened(filter)``). Holds no session: it shows what it is given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWidget

from app.i18n import _, ngettext
from app.services.core.formatting import format_date, format_number, forms_once
from app.ui.widgets.restyle import restyle

WINDOW_DAYS = 15  # the dashboard's window; the checklist and the command line take their own
ACCRUED_BG, SOON_BG, ALARM = "#f8d0d0", "#fdebc8", "#a01414"
VISIBLE_ROWS = 2  # the two most urgent, the rest scroll (the summary above says how many): the Today
# page has no room to spare at 1366×768


def case_text(label) -> str:
    """The case's label in the current language (rows are not read again when the language is switched)."""
    return label.render(_) if hasattr(label, "render") else str(label)


def left_text(days: int) -> str:
    """``days`` from today to his last day: 0 is today, below 0 default bail has accrued."""
    if days < 0:
        since = -days - 1
        if since == 0:
            return _("DEFAULT BAIL ACCRUED today")
        return ngettext("DEFAULT BAIL ACCRUED {n} day ago", "DEFAULT BAIL ACCRUED {n} days ago", since).format(
            n=format_number(since))
    if days == 0:
        return _("LAST DAY today")
    return ngettext("{n} day left", "{n} days left", days).format(n=format_number(days))


def owed_text(row) -> str:
    """The case's open entries, the chargesheet (C-4, IIF-5) first, each form once ("CD ×2!"); "!" marks
    overdue."""
    items = sorted(row.owed, key=lambda o: (o.duty_code != "C-4", o.due_at is None, o.due_at))
    return forms_once([(o.form or o.duty_code, o.overdue) for o in items]) or "—"


class ClocksBox(QGroupBox):
    opened = Signal(dict)  # a pending-workbench filter (the row's case)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clocksBox")
        self.rows: list = []
        self.summary = QLabel()
        self.summary.setObjectName("clocksSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("clocksTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open(r))
        self.table.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self._counted = False  # before the first count nothing is said (never "no accused near default bail")
        self._error = ""
        self.retranslate()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent

        if obj is self.table and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
            self._open(self.table.currentRow())
            return True
        return super().eventFilter(obj, event)

    def retranslate(self) -> None:
        self.setTitle(_("Statutory clocks: accused in custody near default bail (BNSS 187(3))"))
        self.table.setHorizontalHeaderLabels([_("Last day"), _("Time left"), _("Accused"), _("Case"), _("IO"),
                                              _("First remand"), _("Still owed (! overdue)")])
        self.table.setToolTip(_("Each accused's days run from his own first remand, the remand day being day 1 "
                                "(Kapil Wadhawan, Supreme Court, 2023). Enter or double-click opens the case's "
                                "entries."))
        if self._error:
            self.set_error(self._error)
        elif self._counted:
            self.set_rows(self.rows)
        else:
            self.table.hide()
            self.summary.setText(_("Counting…"))

    def set_error(self, message: str) -> None:
        self._error = message
        self.rows = []
        self.table.setRowCount(0)
        self.table.hide()
        self.summary.setText(_("The statutory clocks could not be read: {error}").format(error=message))
        restyle(self.summary, f"color: {ALARM}; font-weight: bold;")

    def set_rows(self, rows: list) -> None:
        self._counted, self._error = True, ""
        self.rows = list(rows)
        accrued = sum(r.days_left < 0 for r in self.rows)
        if not self.rows:
            self.summary.setText(_("No accused in custody has a last day before default bail within {n} days.")
                                 .format(n=format_number(WINDOW_DAYS)))
            restyle(self.summary, "")
        else:
            text = ngettext("{n} accused in custody has his last day within {days} days.",
                            "{n} accused in custody have their last day within {days} days.", len(self.rows)).format(
                n=format_number(len(self.rows)), days=format_number(WINDOW_DAYS))
            if accrued:
                text = "⚠ " + ngettext("{n} is already past it: default bail has accrued.",
                                       "{n} are already past it: default bail has accrued.", accrued).format(
                    n=format_number(accrued)) + " " + text
            self.summary.setText(text)
            restyle(self.summary, f"color: {ALARM}; font-weight: bold;" if accrued else "font-weight: bold;")
        self.table.setVisible(bool(self.rows))
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for i, r in enumerate(self.rows):
            cells = [format_date(r.default_bail_at.date()), left_text(r.days_left), r.accused, case_text(r.case_label),
                     r.io or _("no IO"), format_date(r.remand_at.date()), owed_text(r)]
            colour = ACCRUED_BG if r.days_left < 0 else SOON_BG if r.days_left <= 7 else None
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                    item.setForeground(QBrush(QColor("#000000")))
                if c in (0, 1) and r.days_left <= 7:
                    item.setFont(bold)
                self.table.setItem(i, c, item)
        shown = min(max(len(self.rows), 1), VISIBLE_ROWS)
        head = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
        heights = [self.table.rowHeight(i) if self.rows else 0 for i in range(shown)]
        self.table.setFixedHeight(head + sum(heights))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            r = self.rows[row]
            self.opened.emit({"case_id": r.case_id, "case_label": case_text(r.case_label)})
