"""First run: the database has no station yet. A short wizard — the station's details, its staff, who
holds which role — or "open the demo station" (built once on the worker, into its own file in the data
folder, with a progress dialog; the station's real database is never touched by the demo).

Setting up calls the same services as the rest of the app, one after the other, on the worker thread.
Everything is checked before the first write (with the services' own validators), and a step already
done is never repeated: if a later step fails, the message is shown and Finish carries on from there.

The pages are in ``first_run_welcome``, ``first_run_station``, ``first_run_staff`` and ``first_run_roles``;
the demo station in ``demo_station``. Their public names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWizard

from app.i18n import _
from app.services import catalogue
from app.services import staff, station
from app.services.core.errors import UserError
from app.ui.dialogs.first_run_roles import RolesPage
from app.ui.dialogs.first_run_staff import StaffPage
from app.ui.dialogs.first_run_station import StationPage
from app.ui.dialogs.first_run_welcome import PAGE_ROLES, PAGE_STAFF, PAGE_STATION, PAGE_WELCOME, WelcomePage


@dataclass
class _Progress:
    station_id: int | None = None
    assigned: set = field(default_factory=set)  # (row index, role) already saved


class FirstRunWizard(QWizard):
    """``choice`` is "setup" (done: the station exists) or "demo" (the caller opens the demo station)."""

    finished_setup = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.choice: str | None = None
        self._progress = _Progress()
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
        db = ctx.db
        ctx.tasks.run(lambda: catalogue.list_roles(db), on_done=self._roles_loaded)

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
        self._busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.roles.show_error("")
        details = dict(self.station.values or {})
        people = self.staff.people
        ticked = sorted(self.roles.ticked())
        start = self.roles.from_date.value(_("From date"))
        db, actor, progress = self.ctx.db, self.ctx.actor, self._progress

        def setup():  # worker thread; each finished step is remembered so a retry does not repeat it
            if progress.station_id is None:
                if station.get_station(db) is None:
                    progress.station_id = station.init_station(
                        db, details["name"], details["district"], details.get("code"), actor=actor).id
                else:
                    progress.station_id = station.get_station(db).id
            for p in people:
                if p.id is None:
                    p.id = staff.add_person(db, p.name, p.rank, p.pno, actor=actor).id
            for row, role in ticked:
                if (row, role) not in progress.assigned:
                    staff.assign_role(db, people[row].id, role, start, actor=actor)
                    progress.assigned.add((row, role))
            return progress.station_id

        self.ctx.tasks.run(setup, on_done=self._set_up, on_error=self._setup_failed,
                           label=_("Setting up the station…"))

    def _set_up(self, _station_id) -> None:
        self._busy = False
        self.choice = "setup"
        self.finished_setup.emit()
        super().accept()

    def _setup_failed(self, exc: Exception) -> None:
        self._busy = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        message = exc.message if isinstance(exc, UserError) else str(exc)
        self.roles.show_error(_("The station could not be set up completely: {error}").format(error=message))
