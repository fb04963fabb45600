"""Today's plan for one person (from the Today page): the entries to make first — statutory clocks, then the
oldest overdue — and what making them does to the counts (``app.services.plan``). Read on the worker; a
person chosen in the list reloads it. Enter on an entry opens its case's entries on the Pending page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.i18n import _
from app.services import plan as plan_service
from app.services.core.formatting import format_datetime
from app.ui.operations import Query


class TodayPlanDialog(QDialog):
    """``people``: (id, label) of the persons to choose from; ``person_id``: the one shown first."""

    def __init__(self, ctx, people: list[tuple[int, str]], person_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan: plan_service.TodayPlan | None = None
        self.setObjectName("todayPlan")
        self.resize(1100, 620)
        self.person = QComboBox()
        self.person.setObjectName("planPerson")
        for pid, label in people:
            self.person.addItem(label, pid)
        i = self.person.findData(person_id)
        self.person.setCurrentIndex(max(0, i))
        self.person_label = QLabel()
        self.person_label.setBuddy(self.person)
        self.summary = QLabel()
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget()
        self.table.setObjectName("planEntries")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.buttons = QDialogButtonBox()
        self.slip_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.slip_button.setObjectName("planSlip")
        self.slip_button.clicked.connect(self.print_slip)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.person_label)
        top.addWidget(self.person, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.person.currentIndexChanged.connect(self.load)
        ctx.language_changed.connect(self._language_changed)
        self.retranslate()
        self.load()

    # --- texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(_("Today's plan"))
        self.person_label.setText(_("&Person"))
        self.close_button.setText(_("&Close"))
        self.slip_button.setText(_("Print on the &slip…"))
        self.slip_button.setToolTip(_("The person's roll-call slip with today's plan added"))
        self.table.setColumnCount(6)
        self.table.setHorizontalHeaderLabels([_("No."), _("Why first"), _("Case"), _("Duty"), _("Form"), _("Due")])
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._show()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def print_slip(self) -> None:
        """The person's roll-call slip with this plan on it, in the preview."""
        from app.ui.slip_print import print_person_slip

        print_person_slip(self, self.person.currentData(), plan=True)

    # --- data ------------------------------------------------------------------------------------
    def load(self, *_a) -> None:
        pid = self.person.currentData()
        if pid is None:
            self.summary.setText(_("Nobody holds a role today."))
            return
        self.summary.setText(_("Loading…"))
        Query(self, lambda db: plan_service.today_plan(db, pid)).success(self._loaded).failure(self._failed).run()

    def _loaded(self, plan) -> None:
        if plan.person_id != self.person.currentData():
            return  # another person was chosen meanwhile; his plan follows
        self.plan = plan
        self._show()

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(getattr(exc, "message", None) or str(exc))

    def _show(self) -> None:
        plan = self.plan
        if plan is None:
            self.table.setRowCount(0)
            return
        self.summary.setText("\n".join(plan_service.summary_lines(plan)))
        self.table.setRowCount(len(plan.items))
        for r, item in enumerate(plan.items):
            e = item.entry
            cells = [str(r + 1), plan_service.reason_text(item), e.case_label or "—",
                     f"{e.duty_code} {e.duty_name()}", e.form or "—",
                     format_datetime(e.due_at, style="short") if e.due_at else "—"]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if c == 1 and (item.reason == "clock" or e.overdue):
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, cell)
        if plan.items:
            self.table.setCurrentCell(0, 0)
