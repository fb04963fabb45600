"""Give a person a role from a date (optionally to a date), or end an assignment on a date."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from app.i18n import _, current_language
from app.services import catalogue
from app.services.core import clock
from app.services import staff
from app.services.core.errors import UserError
from app.services.staff import AssignmentInfo, PersonInfo
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class AssignRoleDialog(FormDialog):
    changes = Changes(staff=True)

    def __init__(self, ctx, person: PersonInfo, roles, parent=None):
        self.person = person
        self.roles = roles  # list[RoleInfo] from the catalogue
        super().__init__(ctx, parent)
        self.from_date.set_value(clock.today())
        self.role.setFocus()

    def build(self) -> None:
        self.role = QComboBox()
        self.from_date = DateEdit()
        self.to_date = DateEdit(required=False)
        f = self.form
        self.role_label = f.add_field("role", self.role, self._role_value)
        self.from_label = f.add_field("from_date", self.from_date, lambda: self.from_date.value(_("From date")))
        self.to_label = f.add_field("to_date", self.to_date, lambda: self.to_date.value(_("To date")))

        def check(v):
            if v.get("to_date") is not None and v["to_date"] < v["from_date"]:
                raise UserError(_("The 'to' date {to} is before the 'from' date {from_}.").format(
                    to=v["to_date"], from_=v["from_date"]), field="to_date")
        f.add_check(check)

    def _role_value(self) -> str:
        code = self.role.currentData()
        if not code:
            raise UserError(_("Choose a role."))
        return code

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Give {name} a role").format(name=self.person.name))
        self.role_label.setText(_("&Role"))
        self.from_label.setText(_("&From date"))
        self.to_label.setText(_("&To date (leave empty if open-ended)"))
        current = self.role.currentData()
        self.role.clear()
        lang = current_language()
        names = {r.code: r.name(lang) for r in self.roles}
        for code in catalogue.role_codes():
            self.role.addItem(names.get(code, code), code)
        if current:
            self.role.setCurrentIndex(max(0, self.role.findData(current)))

    def save(self, db, actor, v: dict) -> AssignmentInfo:
        return staff.assign_role(db, self.person.id, v["role"], v["from_date"], v["to_date"],
                                         actor=actor)


class EndAssignmentDialog(FormDialog):
    changes = Changes(staff=True)

    def __init__(self, ctx, assignment: AssignmentInfo, role_name: str, parent=None):
        self.assignment = assignment
        self.role_name = role_name
        super().__init__(ctx, parent)
        self.end_date.set_value(clock.today())
        self.end_date.setFocus()

    def build(self) -> None:
        self.end_date = DateEdit()
        self.end_label = self.form.add_field("end", self.end_date, lambda: self.end_date.value(_("End date")))

        def check(v):
            if v["end"] < self.assignment.from_date:
                raise UserError(_("The end date {to} is before the start of the assignment {from_}.").format(
                    to=v["end"], from_=self.assignment.from_date), field="end")
        self.form.add_check(check)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("End a role assignment"))
        self.intro.setText(_("{name} stops holding the role {role} on the date below (the last day held).").format(
            name=self.assignment.person, role=self.role_name))
        self.intro.show()
        self.end_label.setText(_("&Last day"))

    def save(self, db, actor, v: dict) -> AssignmentInfo:
        return staff.end_assignment(db, self.assignment.id, v["end"], actor=actor)
