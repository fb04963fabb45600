"""First run: the database has no station yet. A short wizard — the station's details, its staff, who
holds which role — or "open the demo station" (built once on the worker, into its own file in the data
folder, with a progress dialog; the station's real database is never touched by the demo).

Finish is one user action and one service call (``station.set_up_station``) in one transaction, on the
worker thread. Everything is checked before the first write (with the services' own validators); if the
service refuses anything, nothing was written: the message is shown and Finish tries the whole again.

The pages are in ``first_run_welcome``, ``first_run_station``, ``first_run_staff`` and ``first_run_roles``;
the demo station in ``demo_station``. Their public names are re-exported here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from app.i18n import _
from app.services import catalogue, station
from app.services.core.errors import UserError
from app.ui.changes import Changes
from app.ui.dialogs.first_run_roles import RolesPage
from app.ui.dialogs.first_run_staff import StaffPage
from app.ui.dialogs.first_run_station import StationPage
from app.ui.dialogs.first_run_welcome import PAGE_ROLES, PAGE_STAFF, PAGE_STATION, PAGE_WELCOME, WelcomePage
from app.ui.operations import Op, Query


class FirstRunWizard(QWizard):
    """``choice`` is "setup" (done: the station exists) or "demo" (the caller opens the demo station)."""

    finished_setup = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.choice: str | None = None
        self._busy = False
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.welcome = WelcomePage()
        self.station = StationPage()
        self.staff = StaffPage()
        self.roles = RolesPage(self.staff)
        for pid, page in ((PAGE_WELCOME, self.welcome), (PAGE_STATION, self.station), (PAGE_STAFF, self.staff),
                          (PAGE_ROLES, self.roles)):
            self.setPage(pid, page)
        self.setMinimumSize(780, 540)
        self.retranslate()
        Query(self, catalogue.list_roles).success(self._roles_loaded).run()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Anupalan — first start"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        for page in (self.welcome, self.station, self.staff, self.roles):
            page.retranslate()

    def _roles_loaded(self, roles) -> None:
        self.roles.roles = roles
        self.roles.retranslate()

    def accept(self) -> None:
        if self.welcome.demo.isChecked():
            self.choice = "demo"
            super().accept()
            return
        if self._busy or not self.roles.validatePage():
            return
        self._set_busy(True)
        self.roles.show_error("")
        details = dict(self.station.values or {})
        people = list(self.staff.people)
        ticked = sorted(self.roles.ticked())
        start = self.roles.from_date.value(_("From date"))
        Op(self, lambda db, actor: station.set_up_station(
            db, details["name"], details["district"], details.get("code"), people=people, assignments=ticked,
            start=start, actor=actor), changes=Changes(station=True, staff=True),
           label=_("Setting up the station…")).success(self._set_up).failure(self._setup_failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button(QWizard.WizardButton.FinishButton).setEnabled(not busy)
        self.button(QWizard.WizardButton.BackButton).setEnabled(not busy)

    def _set_up(self, _result) -> None:
        self._busy = False
        self.choice = "setup"
        self.finished_setup.emit()
        super().accept()

    def _setup_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        message = exc.message if isinstance(exc, UserError) else str(exc)
        self.roles.show_error(_("The station could not be set up completely: {error}").format(error=message))
