"""CCTNS support: handholding staff and their attendance register (Monday to Saturday), visits,
training (D-19), CCTNS user ids (D-22) and campaigns (D-24)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from ...i18n import _, current_language, ngettext
from ...services import clock
from ...services.errors import UserError
from ...services.formatting import format_date, format_datetime, format_number, month_name
from ...services.handholding import campaigns as cmp
from ...services.handholding import support_staff as hh
from ...services.handholding import training, user_ids
from ...services.handholding.common import CAMPAIGN_STATUS_LABELS, label
from ..widgets.tables import row_table, selected_row, table_item
from .base import Page
from .support_register import LEAVE_BRUSH, fill_register_grid, mark_days, selected_days

BEHIND_BRUSH = QBrush(QColor("#f8d7da"))


class SupportPage(Page):
    key = "support"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        today = clock.today()
        self.month = (today.year, today.month)
        self.register = None
        self.visits: list = []
        self.trainings: list = []
        self.untrained: list = []
        self.ids: list = []
        self.campaigns: list = []
        self.people: list = []

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.message = QLabel()
        self.message.setObjectName("supportMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()

        # --- staff and attendance ---
        self.prev_button = QPushButton("◀")
        self.prev_button.clicked.connect(lambda: self.change_month(-1))
        self.next_button = QPushButton("▶")
        self.next_button.clicked.connect(lambda: self.change_month(1))
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("◀") + 24)
        self.month_label = QLabel()
        self.month_label.setObjectName("monthLabel")
        self.grid = row_table("attendanceGrid", 1, single=False, alternating=False)
        self.grid.horizontalHeader().setMinimumSectionSize(22)
        self.present_button = QPushButton()
        self.present_button.clicked.connect(lambda: self.mark_selected("present"))
        self.absent_button = QPushButton()
        self.absent_button.clicked.connect(lambda: self.mark_selected("absent"))
        self.leave_button = QPushButton()
        self.leave_button.clicked.connect(lambda: self.mark_selected("leave"))
        self.add_staff_button = QPushButton()
        self.add_staff_button.clicked.connect(self.add_staff)
        self.visit_button = QPushButton()
        self.visit_button.clicked.connect(self.record_visit)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_sheet)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.visit_table = row_table("visitTable", 5, alternating=False)
        staff_tab = QWidget()
        sv = QVBoxLayout(staff_tab)
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
        self.tabs.addTab(staff_tab, "")

        # --- training ---
        self.training_table = row_table("trainingTable", 5, alternating=False)
        self.untrained_label = QLabel()
        self.untrained_label.setWordWrap(True)
        self.untrained_label.setObjectName("untrainedLabel")
        self.training_button = QPushButton()
        self.training_button.clicked.connect(self.add_training)
        tt = QWidget()
        tv = QVBoxLayout(tt)
        tv.addWidget(self.untrained_label)
        tv.addWidget(self.training_table, 1)
        tb = QHBoxLayout()
        tb.addWidget(self.training_button)
        tb.addStretch(1)
        tv.addLayout(tb)
        self.tabs.addTab(tt, "")

        # --- user ids ---
        self.id_table = row_table("userIdTable", 5, alternating=False)
        self.id_table.itemSelectionChanged.connect(self._update_buttons)
        self.request_button = QPushButton()
        self.request_button.clicked.connect(self.request_id)
        self.created_button = QPushButton()
        self.created_button.clicked.connect(self.record_id)
        it = QWidget()
        iv = QVBoxLayout(it)
        iv.addWidget(self.id_table, 1)
        ib = QHBoxLayout()
        ib.addWidget(self.request_button)
        ib.addWidget(self.created_button)
        ib.addStretch(1)
        iv.addLayout(ib)
        self.tabs.addTab(it, "")

        # --- campaigns ---
        self.campaign_table = row_table("campaignTable", 6, alternating=False)
        self.campaign_table.itemSelectionChanged.connect(self._update_buttons)
        self.campaign_button = QPushButton()
        self.campaign_button.clicked.connect(self.add_campaign)
        self.progress_button = QPushButton()
        self.progress_button.clicked.connect(self.record_progress)
        ct = QWidget()
        cv = QVBoxLayout(ct)
        cv.addWidget(self.campaign_table, 1)
        cb = QHBoxLayout()
        cb.addWidget(self.campaign_button)
        cb.addWidget(self.progress_button)
        cb.addStretch(1)
        cv.addLayout(cb)
        self.tabs.addTab(ct, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        for seq, slot in (("Ctrl+P", self.print_sheet), ("Alt+Left", lambda: self.change_month(-1)),
                          ("Alt+Right", lambda: self.change_month(1))):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self._update_buttons()

    def title(self) -> str:
        return _("CCTNS support")

    def retranslate(self) -> None:
        self.heading.setText(_("Handholding staff, training, CCTNS user ids and campaigns (duties D-19 to D-24)"))
        self.tabs.setTabText(0, _("Handholding staff and attendance"))
        self.tabs.setTabText(1, _("Training"))
        self.tabs.setTabText(2, _("CCTNS user ids"))
        self.tabs.setTabText(3, _("Campaigns"))
        self.prev_button.setToolTip(_("Previous month (Alt+Left)"))
        self.next_button.setToolTip(_("Next month (Alt+Right)"))
        self.present_button.setText(_("Mark &present"))
        self.absent_button.setText(_("Mark &absent"))
        self.leave_button.setText(_("Mark &leave"))
        self.grid.setToolTip(_("Select days (drag or Ctrl+click) and mark them. Sundays are not working days."))
        self.add_staff_button.setText(_("Add &handholding staff"))
        self.visit_button.setText(_("Record a &visit to the station"))
        self.print_button.setText(_("Print the monthly &sheet (Ctrl+P)"))
        self.visit_table.setHorizontalHeaderLabels([_("Staff"), _("Arrived"), _("Left"), _("Purpose"), _("Work done")])
        self.training_button.setText(_("Record a &training session"))
        self.training_table.setHorizontalHeaderLabels([_("Held on"), _("Trainer"), _("Topics"), _("CCTNS"),
                                                       _("Attended")])
        self.request_button.setText(_("&Request an id"))
        self.created_button.setText(_("Id &created"))
        self.id_table.setHorizontalHeaderLabels([_("Name"), _("Rank"), _("CCTNS user id"), _("Status"),
                                                 _("Requested on")])
        self.campaign_button.setText(_("&Start a campaign"))
        self.progress_button.setText(_("Record &progress"))
        self.campaign_table.setHorizontalHeaderLabels([_("Campaign"), _("Deadline"), _("Done"), _("Target"),
                                                       _("Status"), _("Entries")])
        self._populate()

    # --- data -------------------------------------------------------------------------------------
    def _data_changed(self, what: str) -> None:
        if what in ("support", "staff", "obligations", "*") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        db, month = self.ctx.db, self.month

        def load():
            from ...services import staff as staff_service

            return (hh.month_attendance(db, month), hh.list_visits(db, limit=200), training.list_trainings(db),
                    training.untrained_staff(db), user_ids.user_id_register(db), cmp.list_campaigns(db),
                    staff_service.list_persons(db, include_inactive=False))

        self.ctx.tasks.run(load, on_done=self._loaded, label=_("Loading…"))

    def _loaded(self, data) -> None:
        (self.register, self.visits, self.trainings, self.untrained, self.ids, self.campaigns,
         self.people) = data
        self._populate()

    def change_month(self, step: int) -> None:
        year, mon = self.month
        mon += step
        year, mon = year + (mon - 1) // 12, (mon - 1) % 12 + 1
        self.month = (year, mon)
        self.month_label.setText(f"{month_name(mon)} {year}")
        self.refresh()

    def _populate(self) -> None:
        lang = current_language()
        self.month_label.setText(f"{month_name(self.month[1], lang)} {self.month[0]}")
        self._populate_grid()
        self.visit_table.setRowCount(len(self.visits))
        for r, v in enumerate(self.visits):
            for c, text in enumerate([v.staff_name, format_datetime(v.arrived_at),
                                      format_datetime(v.left_at) if v.left_at else "", v.purpose, v.work_done]):
                self.visit_table.setItem(r, c, table_item(text))
        self.visit_table.resizeColumnsToContents()
        self.visit_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        if self.untrained:
            self.untrained_label.setText(_("Staff with no CCTNS training ({count}): {names}").format(
                count=format_number(len(self.untrained)), names=", ".join(p.name for p in self.untrained)))
            self.untrained_label.setStyleSheet("color: #b00020;")
        else:
            self.untrained_label.setText(_("Every active staff member has had CCTNS training."))
            self.untrained_label.setStyleSheet("")
        self.training_table.setRowCount(len(self.trainings))
        for r, t in enumerate(self.trainings):
            for c, text in enumerate([format_date(t.held_on), t.trainer, t.topics, _("yes") if t.cctns else _("no"),
                                      ", ".join(n for _i, n in t.attendees)]):
                self.training_table.setItem(r, c, table_item(text, t.id if c == 0 else None))
        self.training_table.resizeColumnsToContents()
        self.training_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        keep = self.selected_id_row()
        status = {"has_id": _("has an id"), "missing": _("not requested"), "requested": _("Requested")}
        self.id_table.setRowCount(len(self.ids))
        for r, row in enumerate(self.ids):
            text = status[row.status]
            if row.shared_with:
                text += " · " + _("also held by {names}").format(names=", ".join(row.shared_with))
            cells = [row.name, row.rank, row.user_id or "", text,
                     format_date(row.requested_on) if row.requested_on else ""]
            for c, t in enumerate(cells):
                it = table_item(t, row.person_id if c == 0 else None)
                if row.status != "has_id" or row.shared_with:
                    it.setBackground(BEHIND_BRUSH if row.shared_with or row.status == "missing" else LEAVE_BRUSH)
                self.id_table.setItem(r, c, it)
            if keep is not None and row.person_id == keep.person_id:
                self.id_table.selectRow(r)
        self.id_table.resizeColumnsToContents()
        self.id_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.campaign_table.setRowCount(len(self.campaigns))
        for r, c in enumerate(self.campaigns):
            cells = [c.name, format_date(c.deadline), format_number(c.done), format_number(c.target),
                     label(CAMPAIGN_STATUS_LABELS, c.status),
                     c.selection if c.target_kind == "entries" else _("a number of entries")]
            for col, t in enumerate(cells):
                it = table_item(t, c.id if col == 0 else None)
                if c.behind:
                    it.setBackground(BEHIND_BRUSH)
                self.campaign_table.setItem(r, col, it)
        self.campaign_table.resizeColumnsToContents()
        self.campaign_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def _populate_grid(self) -> None:
        reg = self.register
        if reg is None:
            return
        fill_register_grid(self.grid, reg, clock.today())
        total = sum(m.not_marked for m in reg.staff)
        self.summary_label.setText(
            _("Working days are Monday to Saturday (SOP of 10 Oct 2014). Days not yet marked this month: {count}.")
            .format(count=format_number(total)) if reg.staff else
            _("No handholding staff served this station in this month. Add them with the button below."))

    # --- selection --------------------------------------------------------------------------------
    def selected_id_row(self):
        return selected_row(self.id_table, self.ids, "person_id")

    def selected_campaign(self):
        return selected_row(self.campaign_table, self.campaigns)

    def selected_staff(self):
        if self.register is None:
            return None
        rows = {i.row() for i in self.grid.selectedIndexes()} or (
            {self.grid.currentRow()} if self.grid.currentRow() >= 0 else set())
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.register.staff[row].staff if 0 <= row < len(self.register.staff) else None

    def _update_buttons(self) -> None:
        row = self.selected_id_row()
        self.request_button.setEnabled(row is not None and row.status == "missing")
        self.created_button.setEnabled(row is not None and row.status != "has_id")
        c = self.selected_campaign()
        self.progress_button.setEnabled(c is not None and c.target_kind == "count" and c.status != "done")

    # --- actions ----------------------------------------------------------------------------------
    def _saved(self, _result) -> None:
        self.ctx.notify_changed("support")
        self.refresh()

    def _open(self, dialog):
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def mark_selected(self, status: str) -> None:
        """Mark every selected day cell; days the register refuses (Sundays, future) are reported."""
        if self.register is None:
            return
        cells = selected_days(self.grid, self.register)
        if not cells:
            self.message.setText(_("Select the days to mark first."))
            return
        db, actor = self.ctx.db, self.ctx.actor

        def work():
            return mark_days(db, cells, status, actor)

        self.ctx.tasks.run(work, on_done=self._marked, label=_("Saving…"))

    def _marked(self, result) -> None:
        done, problems = result
        text = _("Marked {count} days.").format(count=format_number(done))
        if problems:
            text += " " + _("Not marked: {problems}").format(problems=" ".join(dict.fromkeys(problems)))
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if problems else "")
        self._saved(None)

    def add_staff(self):
        from ..dialogs.hh_support import SupportStaffDialog

        return self._open(SupportStaffDialog(self.ctx, parent=self))

    def record_visit(self):
        staff = self.selected_staff()
        if staff is None:
            self.message.setText(_("Choose a handholding staff member in the register first."))
            return None
        from ..dialogs.hh_support import VisitDialog

        return self._open(VisitDialog(self.ctx, staff, parent=self))

    def add_training(self):
        from ..dialogs.hh_support import TrainingDialog

        return self._open(TrainingDialog(self.ctx, self.people, parent=self))

    def request_id(self):
        row = self.selected_id_row()
        if row is None or row.status != "missing":
            return None
        from ..dialogs.hh_support import RequestIdDialog

        return self._open(RequestIdDialog(self.ctx, row, parent=self))

    def record_id(self):
        row = self.selected_id_row()
        if row is None or row.status == "has_id":
            return None
        from ..dialogs.hh_support import RecordIdDialog

        return self._open(RecordIdDialog(self.ctx, row, parent=self))

    def add_campaign(self):
        from ..dialogs.hh_support import CampaignDialog

        return self._open(CampaignDialog(self.ctx, parent=self))

    def record_progress(self):
        c = self.selected_campaign()
        if c is None or c.target_kind != "count":
            return None
        from ..dialogs.hh_support import ProgressDialog

        return self._open(ProgressDialog(self.ctx, c, parent=self))

    def print_sheet(self, path: str | None = None) -> None:
        """Write this month's attendance sheet (in the window's language) to a PDF chosen by the user."""
        year, mon = self.month
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the attendance sheet"), f"attendance-{year}-{mon:02d}.pdf", _("PDF files (*.pdf)"))
            if not path:
                return
        db, lang = self.ctx.db, current_language()

        def work():
            from ...services.handholding.attendance_sheet import attendance_sheet

            return attendance_sheet(db, f"{year}-{mon:02d}", path, lang=lang, actor=self.ctx.actor)

        def failed(exc):
            self.message.setText(exc.message if isinstance(exc, UserError) else str(exc))
            self.message.setStyleSheet("color: #b00020;")

        def done(result):
            self.message.setText(ngettext("Saved {path} ({pages} page).", "Saved {path} ({pages} pages).",
                                          result.pages).format(path=result.path, pages=result.pages))
            self.message.setStyleSheet("")

        self.ctx.tasks.run(work, on_done=done, on_error=failed, label=_("Printing…"))
