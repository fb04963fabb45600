"""Forms of the Inspections page: a new visit, a finding, an instruction, a report period.

Each is a ``FormDialog``: fields validate with the services' validators, the save runs on the
worker, a refused save shows the service's message beside its field and changes nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from app.i18n import _, current_language
from app.services.core import clock
from app.services import inspections
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import person_label


class VisitDialog(FormDialog):
    changes = Changes(inspections=True)

    def build(self) -> None:
        self.date = DateEdit()
        self.date.set_value(clock.today())
        self.officer = QLineEdit()
        self.rank = QComboBox()
        self.rank_other = QLineEdit()
        self.surprise = QCheckBox()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        f = self.form
        self.date_label = f.add_field("visit_date", self.date, lambda: self.date.value(_("Date of the visit")))
        self.officer_label = f.add_field("officer_name", self.officer, lambda: clean_text(
            self.officer.text(), _("Inspecting officer's name"), required=True, max_len=120))
        self.rank_label = f.add_field("officer_rank", self.rank, lambda: self.rank.currentData())
        self.other_label = f.add_field("officer_rank_other", self.rank_other, lambda: clean_text(
            self.rank_other.text(), _("Rank"), max_len=60))
        self.surprise_label = f.add_field("surprise", self.surprise, self.surprise.isChecked)
        self.notes_label = f.add_field("notes", self.notes, lambda: clean_text(
            self.notes.toPlainText(), _("Notes"), max_len=4000))
        self.rank.currentIndexChanged.connect(self._rank_changed)
        self._rank_changed()

    def _rank_changed(self) -> None:
        self.form.set_field_visible("officer_rank_other", self.rank.currentData() == "other")

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New inspection visit"))
        self.date_label.setText(_("&Date of the visit"))
        self.officer_label.setText(_("Inspecting &officer"))
        self.rank_label.setText(_("&Rank"))
        self.other_label.setText(_("Rank (o&ther)"))
        self.surprise_label.setText(_("S&urprise"))
        self.surprise.setText(_("A surprise (unannounced) inspection"))
        self.notes_label.setText(_("&Notes"))
        current = self.rank.currentData()
        self.rank.blockSignals(True)
        self.rank.clear()
        for code, label in inspections.RANK_LABELS.items():
            self.rank.addItem(_(label), code)
        self.rank.setCurrentIndex(max(0, self.rank.findData(current)))
        self.rank.blockSignals(False)

    def save(self, db, actor, v: dict):
        return inspections.record_inspection(
            db, visit_date=v["visit_date"], officer_name=v["officer_name"], officer_rank=v["officer_rank"],
            officer_rank_other=v.get("officer_rank_other", ""), surprise=v["surprise"], notes=v["notes"],
            actor=actor)


def _fill_duties(combo: QComboBox, duties, role: str | None, *, automatic: str | None = None) -> None:
    lang = current_language()
    current = combo.currentData()
    combo.clear()
    if automatic is not None:
        combo.addItem(automatic, None)
    for d in duties:
        if role is None or d.role == role:
            combo.addItem(f"{d.code}  {d.name(lang)}", d.code)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class FindingDialog(FormDialog):
    changes = Changes(inspections=True)

    def __init__(self, ctx, inspection_id: int, roles, duties, parent=None):
        self.inspection_id, self.roles, self.duties = inspection_id, roles, duties
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.role = QComboBox()
        self.duty = QComboBox()
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(80)
        self.ok = QCheckBox()
        f = self.form
        self.role_label = f.add_field("role", self.role, lambda: self.role.currentData())
        self.duty_label = f.add_field("duty", self.duty, lambda: self.duty.currentData())
        self.text_label = f.add_field("text", self.text, lambda: clean_text(
            self.text.toPlainText(), _("Finding"), required=True, max_len=2000))
        self.ok_label = f.add_field("satisfactory", self.ok, self.ok.isChecked)
        self.role.currentIndexChanged.connect(self._role_changed)

    def _role_changed(self) -> None:
        _fill_duties(self.duty, self.duties, self.role.currentData(), automatic=_("(the role as a whole)"))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add a finding"))
        self.role_label.setText(_("R&ole"))
        self.duty_label.setText(_("&Duty"))
        self.text_label.setText(_("&Finding"))
        self.ok_label.setText(_("Sa&tisfactory"))
        self.ok.setText(_("The work was found in order"))
        lang = current_language()
        current = self.role.currentData()
        self.role.blockSignals(True)
        self.role.clear()
        for r in self.roles:
            self.role.addItem(f"({r.section}) {r.name(lang)}", r.code)
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.role.blockSignals(False)
        self._role_changed()

    def save(self, db, actor, v: dict):
        return inspections.add_finding(db, self.inspection_id, text=v["text"], role=v["role"],
                                               duty_code=v["duty"], satisfactory=v["satisfactory"],
                                               actor=actor)


class InstructionDialog(FormDialog):
    changes = Changes(inspections=True, obligations=True)

    def __init__(self, ctx, inspection_id: int, people, duties, findings, parent=None, roles=()):
        self.inspection_id, self.people, self.duties, self.findings = inspection_id, people, duties, findings
        self.roles = list(roles)  # the station's roles: their names in the window's language, not their codes
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.person = QComboBox()
        self.finding = QComboBox()
        self.duty = QComboBox()
        self.due = DateEdit()
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(80)
        f = self.form
        self.person_label = f.add_field("person", self.person, self._person_value)
        self.finding_label = f.add_field("finding", self.finding, lambda: self.finding.currentData())
        self.duty_label = f.add_field("duty", self.duty, lambda: self.duty.currentData())
        self.due_label = f.add_field("due", self.due, lambda: self.due.value(_("Due date")))
        self.text_label = f.add_field("text", self.text, lambda: clean_text(
            self.text.toPlainText(), _("Instruction"), required=True, max_len=2000))

    def _person_value(self):
        pid = self.person.currentData()
        if pid is None:
            raise UserError(_("Choose the person the instruction is for."), field="person")
        return pid

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add an instruction"))
        self.intro.setText(_("The instruction becomes an entry the person owes by the due date; at the next "
                             "visit it is listed with its status."))
        self.intro.show()
        self.person_label.setText(_("&Person"))
        self.finding_label.setText(_("About &finding"))
        self.duty_label.setText(_("&Duty"))
        self.due_label.setText(_("D&ue by"))
        self.text_label.setText(_("&Instruction"))
        person, finding = self.person.currentData(), self.finding.currentData()
        self.person.clear()
        names = {r.code: r.name(current_language()) for r in self.roles}
        for p in self.people:
            if p.active and p.roles:
                roles = ", ".join(names.get(r, r) for r in p.roles)
                self.person.addItem(f"{person_label(p.name, p.rank)} ({roles})", p.id)
        self.person.setCurrentIndex(max(0, self.person.findData(person)))
        self.finding.clear()
        self.finding.addItem(_("(none)"), None)
        for fnd in self.findings:
            self.finding.addItem(f"{fnd.duty_code or fnd.role}: {fnd.text[:60]}", fnd.id)
        self.finding.setCurrentIndex(max(0, self.finding.findData(finding)))
        _fill_duties(self.duty, self.duties, None,
                     automatic=_("(automatic: the finding's duty or the role's 'other work')"))

    def save(self, db, actor, v: dict):
        return inspections.add_instruction(
            db, self.inspection_id, person_id=v["person"], text=v["text"], due=v["due"],
            duty_code=v["duty"], finding_id=v["finding"], actor=actor)


class PeriodDialog(FormDialog):
    """Asks for a period, then builds the report on the worker (``build(db, date_from, date_to)``);
    ``result_value`` is the PDF result."""

    def __init__(self, ctx, title: str, build, parent=None):
        self.title_text, self.build_report = title, build
        super().__init__(ctx, parent)

    def build(self) -> None:
        today = clock.today()
        self.start = DateEdit()
        self.start.set_value(today.replace(day=1))
        self.end = DateEdit()
        self.end.set_value(today)
        self.start_label = self.form.add_field("date_from", self.start, lambda: self.start.value(_("From date")))
        self.end_label = self.form.add_field("date_to", self.end, lambda: self.end.value(_("To date")))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.title_text)
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Preview"))
        self.start_label.setText(_("&From"))
        self.end_label.setText(_("&To"))

    def save(self, db, actor, v: dict):
        return self.build_report(db, v["date_from"], v["date_to"])


class ChecklistDialog(FormDialog):
    """The checklist's print choices: the annex of overdue entries per person (none, each person's oldest 15,
    or all of them) and how many recent FIRs, arrests and seizures to draw for verification in CAS. The build
    runs on the worker (``build(db, actor, annex, sample_size)``); a visit's first print keeps its sample."""

    changes = Changes(inspections=True)

    def __init__(self, ctx, build, parent=None):
        self.build_checklist = build
        super().__init__(ctx, parent)

    def build(self) -> None:
        from PySide6.QtWidgets import QSpinBox

        from app.services.reports import DEFAULT_PER_KIND

        self.annex = QComboBox()
        for key in ("none", "oldest", "all"):
            self.annex.addItem("", key)
        self.sample = QSpinBox()
        self.sample.setRange(0, 50)
        self.sample.setValue(DEFAULT_PER_KIND)
        self.annex_label = self.form.add_field("annex", self.annex, self.annex.currentData)
        self.sample_label = self.form.add_field("sample", self.sample, self.sample.value)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Inspection checklist"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Preview"))
        self.annex_label.setText(_("&Annex"))
        self.sample_label.setText(_("&CAS sample (of each)"))
        for i, text in enumerate((_("No annex: the summary by role is enough"),
                                  _("The 15 oldest overdue entries of each person"),
                                  _("Every overdue entry of each person"))):
            self.annex.setItemText(i, text)
        self.sample.setToolTip(_("How many recent FIRs, arrests and seizures (of each) are drawn at random for the "
                                 "officer to look up in CAS; 0: no sample"))

    # printing only reads (a visit's sample is kept when the database can be written): never refused up front
    def open(self) -> None:
        super(FormDialog, self).open()

    def save(self, db, actor, v: dict):
        return self.build_checklist(db, actor, v["annex"], v["sample"])
