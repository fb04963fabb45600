"""Handholding, the CCTNS support page (its title): handholding staff and their attendance register (Monday to Saturday), visits,
training (D-19), CCTNS user ids (D-22) and campaigns (D-24).

Each tab is its own widget (``handholding_attendance``, ``handholding_training``, ``handholding_user_ids``,
``handholding_campaigns``); this page loads the data for all of them in one task and runs the actions.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLabel, QTabWidget, QVBoxLayout

from app.i18n import _, current_language, ngettext
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.formatting import format_number, month_name
from app.services import handholding
from app.ui.widgets.tables import selected_row
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.pages.base import Page
from app.ui.pages.handholding_attendance import AttendanceTab
from app.ui.pages.handholding_campaigns import CampaignsTab
from app.ui.pages.handholding_register import selected_days
from app.ui.pages.handholding_training import TrainingTab
from app.ui.pages.handholding_user_ids import UserIdsTab
from app.ui.save_place import in_documents


class HandholdingSupportPage(Page):
    key = "support"
    watches = Changes(handholding=True, staff=True, obligations=True)

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
        self.explain = QLabel()  # who the handholding staff are: the word alone says little to a constable
        self.explain.setObjectName("handholdingExplained")
        self.explain.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("supportMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()

        # the tabs hold their widgets; the page keeps a name for each widget it (and the tests) use
        self.attendance_tab = AttendanceTab()
        self.training_tab = TrainingTab()
        self.user_ids_tab = UserIdsTab()
        self.campaigns_tab = CampaignsTab()
        for tab in (self.attendance_tab, self.training_tab, self.user_ids_tab, self.campaigns_tab):
            self.tabs.addTab(tab, "")
        self._name_tab_widgets()
        self._connect_actions()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.add_shortcuts((("Ctrl+P", self.print_sheet), ("Alt+Left", lambda: self.change_month(-1)),
                            ("Alt+Right", lambda: self.change_month(1))))
        self.retranslate()
        self._update_buttons()

    def _name_tab_widgets(self) -> None:
        """The page's names for the tabs' widgets it (and the tests) use."""
        at = self.attendance_tab
        self.prev_button, self.next_button, self.month_label = at.prev_button, at.next_button, at.month_label
        self.grid, self.visit_table, self.summary_label = at.grid, at.visit_table, at.summary_label
        self.present_button, self.absent_button = at.present_button, at.absent_button
        self.leave_button, self.add_staff_button = at.leave_button, at.add_staff_button
        self.visit_button, self.print_button = at.visit_button, at.print_button
        self.training_table = self.training_tab.training_table
        self.untrained_label = self.training_tab.untrained_label
        self.training_button = self.training_tab.training_button
        self.id_table = self.user_ids_tab.id_table
        self.request_button = self.user_ids_tab.request_button
        self.created_button = self.user_ids_tab.created_button
        self.campaign_table = self.campaigns_tab.campaign_table
        self.campaign_button = self.campaigns_tab.campaign_button
        self.progress_button = self.campaigns_tab.progress_button

    def _connect_actions(self) -> None:
        """Each tab's buttons and selections to the page's actions."""
        self.prev_button.clicked.connect(lambda: self.change_month(-1))
        self.next_button.clicked.connect(lambda: self.change_month(1))
        self.present_button.clicked.connect(lambda: self.mark_selected("present"))
        self.absent_button.clicked.connect(lambda: self.mark_selected("absent"))
        self.leave_button.clicked.connect(lambda: self.mark_selected("leave"))
        self.add_staff_button.clicked.connect(self.add_staff)
        self.visit_button.clicked.connect(self.record_visit)
        self.print_button.clicked.connect(self.print_sheet)
        self.training_button.clicked.connect(self.add_training)
        self.id_table.itemSelectionChanged.connect(self._update_buttons)
        self.request_button.clicked.connect(self.request_id)
        self.created_button.clicked.connect(self.record_id)
        self.campaign_table.itemSelectionChanged.connect(self._update_buttons)
        self.campaign_button.clicked.connect(self.add_campaign)
        self.progress_button.clicked.connect(self.record_progress)

    def title(self) -> str:
        return _("CCTNS support")

    def retranslate(self) -> None:
        self.heading.setText(_("Handholding staff, training, CCTNS user ids and campaigns (duties D-19 to D-24)"))
        self.tabs.setTabText(0, _("Handholding staff and attendance"))
        self.explain.setText(_(
            "Handholding staff are the CCTNS project's support engineers posted at the circle office or district "
            "headquarters: they keep the station's computers, printers and network working and help the staff use "
            "CAS. The office in-charge keeps their attendance here, six days a week (SOP of 10 October 2014)."))
        self.tabs.setTabToolTip(0, self.explain.text())
        self.tabs.setTabText(1, _("Training"))
        self.tabs.setTabText(2, _("CCTNS user ids"))
        self.tabs.setTabText(3, _("Campaigns"))
        for tab in (self.attendance_tab, self.training_tab, self.user_ids_tab, self.campaigns_tab):
            tab.retranslate()
        self._populate()

    # --- data -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        month = self.month

        def load(db):
            from app.services import staff

            return (handholding.month_attendance(db, month), handholding.list_visits(db, limit=200), handholding.list_trainings(db),
                    handholding.untrained_staff(db), handholding.user_id_register(db), handholding.list_campaigns(db),
                    staff.list_persons(db, include_inactive=False))

        Query(self, load, label=_("Loading…")).success(self._loaded).run()

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
        self.attendance_tab.populate(self.month, self.register, self.visits)
        self.training_tab.populate(self.trainings, self.untrained)
        self.user_ids_tab.populate(self.ids, self.selected_id_row())
        self.campaigns_tab.populate(self.campaigns)
        self._update_buttons()

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
    def _open(self, dialog):
        dialog.open()  # its Op announces the change: this page reloads (watches), and so does the dashboard
        return dialog

    def mark_selected(self, status: str) -> None:
        """Mark every selected day cell; days the register refuses (Sundays, future) are reported."""
        if self.register is None:
            return
        cells = selected_days(self.grid, self.register)
        if not cells:
            self.message.setText(_("Select the days to mark first."))
            return
        days = [(staff_id, day) for staff_id, _name, day in cells]
        Op(self, lambda db, actor: handholding.mark_days(db, days, status, actor=actor), changes=Changes(handholding=True),
           label=_("Saving…")).success(self._marked).run()

    def _marked(self, result) -> None:
        done, problems = result.done, result.problems
        text = _("Marked {count} days.").format(count=format_number(done))
        if problems:
            text += " " + _("Not marked: {problems}").format(problems=" ".join(dict.fromkeys(problems)))
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if problems else "")

    def add_staff(self):
        from app.ui.dialogs.handholding_support import HandholdingStaffDialog

        return self._open(HandholdingStaffDialog(self.ctx, parent=self))

    def record_visit(self):
        staff = self.selected_staff()
        if staff is None:
            self.message.setText(_("Choose a handholding staff member in the register first."))
            return None
        from app.ui.dialogs.handholding_support import VisitDialog

        return self._open(VisitDialog(self.ctx, staff, parent=self))

    def add_training(self):
        from app.ui.dialogs.handholding_support import TrainingDialog

        return self._open(TrainingDialog(self.ctx, self.people, parent=self))

    def request_id(self):
        row = self.selected_id_row()
        if row is None or row.status != "missing":
            return None
        from app.ui.dialogs.handholding_support import RequestIdDialog

        return self._open(RequestIdDialog(self.ctx, row, parent=self))

    def record_id(self):
        row = self.selected_id_row()
        if row is None or row.status == "has_id":
            return None
        from app.ui.dialogs.handholding_support import RecordIdDialog

        return self._open(RecordIdDialog(self.ctx, row, parent=self))

    def add_campaign(self):
        from app.ui.dialogs.handholding_support import CampaignDialog

        return self._open(CampaignDialog(self.ctx, parent=self))

    def record_progress(self):
        c = self.selected_campaign()
        if c is None or c.target_kind != "count":
            return None
        from app.ui.dialogs.handholding_support import ProgressDialog

        return self._open(ProgressDialog(self.ctx, c, parent=self))

    def print_sheet(self, path: str | None = None) -> None:
        """Write this month's attendance sheet (in the window's language) to a PDF chosen by the user."""
        year, mon = self.month
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the attendance sheet"), in_documents(f"attendance-{year}-{mon:02d}.pdf"), _("PDF files (*.pdf)"))
            if not path:
                return
        lang = current_language()

        def work(db, actor):  # printing asks who prints (the register's permission)
            from app.services.reports import attendance_sheet

            return attendance_sheet(db, f"{year}-{mon:02d}", path, lang=lang, actor=actor)

        def failed(exc):
            self.message.setText(exc.message if isinstance(exc, UserError) else str(exc))
            self.message.setStyleSheet("color: #b00020;")

        def done(result):
            self.message.setText(ngettext("Saved {path} ({pages} page).", "Saved {path} ({pages} pages).",
                                          result.pages).format(path=result.path, pages=result.pages))
            self.message.setStyleSheet("")

        Query(self, work, with_actor=True, label=_("Printing…")).success(done).failure(failed).run()
