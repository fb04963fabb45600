"""First run: the database has no station yet. A short wizard — the station's details, its staff, who
holds which role — or "open the demo station" (built once on the worker, into its own file in the data
folder, with a progress dialog; the station's real database is never touched by the demo).

Setting up calls the same services as the rest of the app, one after the other, on the worker thread.
Everything is checked before the first write (with the services' own validators), and a step already
done is never repeated: if a later step fails, the message is shown and Finish carries on from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressDialog, QPushButton, QRadioButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWizard, QWizardPage,
)

from ...i18n import _, current_language
from ...paths import data_dir
from ...services import catalogue as catalogue_service
from ...services import clock
from ...services import staff as staff_service
from ...services import station as station_service
from ...services.errors import UserError
from ...services.validate import clean_text
from ..widgets.date_edit import DateEdit
from ..widgets.validated_form import ERROR_STYLE, ValidatedForm
from .person_form import RANK_SUGGESTIONS

DEMO_FILE = "demo-station.sqlite3"
DEMO_YEARS = 5
PAGE_WELCOME, PAGE_STATION, PAGE_STAFF, PAGE_ROLES = range(4)


def demo_path() -> Path:
    return data_dir() / DEMO_FILE


@dataclass
class _NewPerson:
    name: str
    rank: str
    pno: str | None
    id: int | None = None  # set once saved


@dataclass
class _Progress:
    station_id: int | None = None
    assigned: set = field(default_factory=set)  # (row index, role) already saved


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class WelcomePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.setup = QRadioButton()
        self.setup.setChecked(True)
        self.demo = QRadioButton()
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_note.setIndent(24)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addWidget(self.setup)
        layout.addWidget(self.demo)
        layout.addWidget(self.demo_note)
        layout.addStretch(1)
        self.demo.toggled.connect(self.setFinalPage)  # the demo ends the wizard here: Finish instead of Next

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to Anupalan"))
        self.text.setText(_("Anupalan keeps track of who owes which CAS entry, by when, under the allocation of "
                            "19 Nov 2018. This database has no station yet."))
        self.setup.setText(_("&Set up this station: its details, its staff and who holds which role"))
        self.demo.setText(_("Open the &demo station (made-up data, to try the app)"))
        self.demo_note.setText(_("The demo station is kept in its own file in the data folder; building it the first "
                                 "time takes up to a minute. Your station's database stays empty until you set it up."))

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else PAGE_STATION


class StationPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.name, self.district, self.code = QLineEdit(), QLineEdit(), QLineEdit()
        self.form = ValidatedForm()
        self.name_label = self.form.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Station name"), required=True, max_len=120))
        self.district_label = self.form.add_field("district", self.district, lambda: clean_text(
            self.district.text(), _("District"), required=True, max_len=120))
        self.code_label = self.form.add_field("code", self.code, lambda: clean_text(
            self.code.text(), _("Station code"), max_len=40) or None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.values: dict | None = None

    def retranslate(self) -> None:
        self.setTitle(_("The station"))
        self.setSubTitle(_("As written in CCTNS."))
        self.name_label.setText(_("Station &name"))
        self.district_label.setText(_("&District"))
        self.code_label.setText(_("Station &code (optional)"))

    def initializePage(self) -> None:
        self.name.setFocus()

    def validatePage(self) -> bool:
        self.values = self.form.values()
        return self.values is not None


class StaffPage(QWizardPage):
    """People typed one by one into a short form and added to the list below (Enter adds)."""

    def __init__(self):
        super().__init__()
        self.people: list[_NewPerson] = []
        self.name, self.pno = QLineEdit(), QLineEdit()
        from PySide6.QtWidgets import QComboBox

        self.rank = QComboBox()
        self.rank.setEditable(True)
        self.rank.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.form = ValidatedForm()
        self.name_label = self.form.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Name"), required=True, max_len=120))
        self.rank_label = self.form.add_field("rank", self.rank, lambda: clean_text(
            self.rank.currentText(), _("Rank"), required=True, max_len=60))
        self.pno_label = self.form.add_field("pno", self.pno, self._pno_value)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_person)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("wizardStaff")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for edit in (self.name, self.pno, self.rank):
            edit.installEventFilter(self)  # Enter adds the person (and does not press Next)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_person()
            return True
        return super().eventFilter(watched, event)

    def _pno_value(self) -> str | None:
        pno = clean_text(self.pno.text(), _("PNO"), max_len=40) or None
        if pno and any(p.pno == pno for p in self.people):
            raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=pno))
        return pno

    def retranslate(self) -> None:
        self.setTitle(_("The staff"))
        self.setSubTitle(_("Type each person and press Enter to add them to the list. More people can be added "
                           "later on the Staff page."))
        self.name_label.setText(_("&Name"))
        self.rank_label.setText(_("&Rank"))
        self.pno_label.setText(_("&PNO (optional)"))
        self.add_button.setText(_("&Add to the list"))
        self.remove_button.setText(_("Re&move from the list"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Rank"), _("PNO")])
        current = self.rank.currentText()
        self.rank.clear()
        self.rank.addItems([_(r) for r in RANK_SUGGESTIONS])
        self.rank.setCurrentText(current)
        self._update_hint()

    def initializePage(self) -> None:
        self.name.setFocus()

    def add_person(self) -> None:
        values = self.form.values()
        if values is None:
            return
        self.people.append(_NewPerson(values["name"], values["rank"], values["pno"]))
        self._fill()
        self.name.clear()
        self.pno.clear()
        self.name.setFocus()

    def remove_person(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        for r in rows:
            if self.people[r].id is None:  # already saved people stay (nothing is deleted)
                del self.people[r]
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.people))
        for r, p in enumerate(self.people):
            for c, text in enumerate((p.name, p.rank, p.pno or "")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_hint()
        self.completeChanged.emit()

    def _update_hint(self) -> None:
        if self.people:
            self.hint.setText(_("{count} on the list. Press Next when everyone is there.").format(count=len(self.people)))
        else:
            self.hint.setText(_("Nobody on the list yet."))

    def validatePage(self) -> bool:
        # text typed but not added: add it rather than lose it
        if self.name.text().strip():
            before = len(self.people)
            self.add_person()
            if len(self.people) == before:
                return False
        if not self.people:
            self.form.show_error(_("Add at least one person: every CAS entry is owed by someone."))
            return False
        return True


class RolesPage(QWizardPage):
    """A grid: one row per person, one column per role; Space ticks a box."""

    def __init__(self, staff_page: StaffPage):
        super().__init__()
        self.staff_page = staff_page
        self.roles = []  # RoleInfo, loaded by the wizard
        self.grid = QTableWidget(0, 0)
        self.grid.setObjectName("wizardRoles")
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.from_date = DateEdit()
        self.from_label = QLabel()
        self.from_label.setBuddy(self.from_date)
        self.error = _error_label()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.from_label)
        row.addWidget(self.from_date)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.grid, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.from_date.set_value(clock.today())

    def retranslate(self) -> None:
        self.setTitle(_("Who holds which role"))
        self.setSubTitle(_("Tick each person's roles (arrow keys to move, Space to tick). A role may have several "
                           "holders, e.g. several IOs."))
        self.from_label.setText(_("Holding them &from"))
        self.hint.setText(_("Entries owed by a role nobody holds are shown as unassigned until someone takes it."))
        self._build_grid()

    def initializePage(self) -> None:
        self._build_grid()
        self.grid.setFocus()
        self.grid.setCurrentCell(0, 0)

    def _build_grid(self) -> None:
        people = self.staff_page.people
        ticked = self.ticked()
        lang = current_language()
        self.grid.setColumnCount(len(self.roles))
        self.grid.setRowCount(len(people))
        self.grid.setHorizontalHeaderLabels([r.name(lang) for r in self.roles])
        self.grid.setVerticalHeaderLabels([p.name for p in people])
        for r, p in enumerate(people):
            for c, role in enumerate(self.roles):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if (r, role.code) in ticked else Qt.CheckState.Unchecked)
                self.grid.setItem(r, c, item)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # long role names ("कान्स० मोहर्रिर / हेड मोहर्रिर") wrap onto two lines rather than being cut
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(header.fontMetrics().lineSpacing() * 2 + 10)
        for c, role in enumerate(self.roles):
            self.grid.horizontalHeaderItem(c).setToolTip(role.name(lang))

    def ticked(self) -> set[tuple[int, str]]:
        out = set()
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is not None and item.checkState() == Qt.CheckState.Checked and c < len(self.roles):
                    out.add((r, self.roles[c].code))
        return out

    def set_ticked(self, row: int, role: str, on: bool = True) -> None:
        c = next(i for i, r in enumerate(self.roles) if r.code == role)
        self.grid.item(row, c).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def validatePage(self) -> bool:
        try:
            self.from_date.value(_("From date"))
        except UserError as exc:
            self.show_error(exc.message)
            return False
        return True

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


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
        ctx.tasks.run(lambda: catalogue_service.list_roles(db), on_done=self._roles_loaded)

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
        station = dict(self.station.values or {})
        people = self.staff.people
        ticked = sorted(self.roles.ticked())
        start = self.roles.from_date.value(_("From date"))
        db, actor, progress = self.ctx.db, self.ctx.actor, self._progress

        def setup():  # worker thread; each finished step is remembered so a retry does not repeat it
            if progress.station_id is None:
                if station_service.get_station(db) is None:
                    progress.station_id = station_service.init_station(
                        db, station["name"], station["district"], station.get("code"), actor=actor).id
                else:
                    progress.station_id = station_service.get_station(db).id
            for p in people:
                if p.id is None:
                    p.id = staff_service.add_person(db, p.name, p.rank, p.pno, actor=actor).id
            for row, role in ticked:
                if (row, role) not in progress.assigned:
                    staff_service.assign_role(db, people[row].id, role, start, actor=actor)
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


class _ProgressBridge(QObject):
    """Carries the demo builder's progress from the worker thread to the GUI thread (queued signal)."""

    progressed = Signal(float, str)


def build_demo_station(ctx, parent, on_ready, *, path: Path | None = None, years: int = DEMO_YEARS) -> QProgressDialog | None:
    """Build the demo station into its own file (unless it is there already) on the worker, with a progress
    dialog; then call ``on_ready(path)`` — or ``on_ready(None)`` with the error shown, if it failed."""
    path = path or demo_path()
    if path.exists() and path.stat().st_size > 0:
        on_ready(path)
        return None
    from ...services.demo import build_demo

    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(_("The demo station"))
    dialog.setLabelText(_("Building the demo station (five years of made-up work)…"))
    dialog.setRange(0, 1000)
    dialog.setCancelButton(None)  # the builder cannot stop half-way; it never leaves a partial file
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumWidth(480)
    bridge = _ProgressBridge(dialog)

    def show_progress(fraction: float, message: str) -> None:
        dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            dialog.setLabelText(message)

    bridge.progressed.connect(show_progress)
    dialog.show()

    def done(_result) -> None:
        dialog.close()
        on_ready(path)

    def failed(exc: Exception) -> None:
        dialog.close()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, _("The demo station"), exc.message if isinstance(exc, UserError) else str(exc))
        on_ready(None)

    ctx.tasks.run(lambda: build_demo(path, years=years, progress=bridge.progressed.emit), on_done=done, on_error=failed,
                  label=_("Building the demo station…"))
    return dialog
