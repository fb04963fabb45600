"""Give a person a role from a date (optionally to a date), or end an assignment on a date."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox

from app.i18n import _, current_language, ngettext
from app.services import catalogue
from app.services.core import clock
from app.services.core.formatting import format_date
from app.services import staff
from app.services.core.errors import UserError
from app.services.staff import AssignmentInfo, PersonInfo
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import rank_label


class AssignRoleDialog(FormDialog):
    """Give a role; when the role has open entries nobody owes (they arose while it was vacant), offer them
    to the new holder — unticked: nothing moves unless the user asks."""

    changes = Changes(staff=True, obligations=True)

    def __init__(self, ctx, person: PersonInfo, roles, parent=None):
        self.person = person
        self.roles = roles  # list[RoleInfo] from the catalogue
        self.backlog = None  # staff.Backlog of the chosen role, once read
        self._take = False
        super().__init__(ctx, parent)
        self.from_date.set_value(clock.today())
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.role.setFocus()

    def build(self) -> None:
        self.role = QComboBox()
        self.from_date = DateEdit()
        self.to_date = DateEdit(required=False)
        f = self.form
        self.role_label = f.add_field("role", self.role, self._role_value)
        self.from_label = f.add_field("from_date", self.from_date, lambda: self.from_date.value(_("From date")))
        self.to_label = f.add_field("to_date", self.to_date, lambda: self.to_date.value(_("To date")))
        # a start after today is asked about here, not found out later from a vacant role (01.01.2030)
        self.confirm_later = QCheckBox()
        self.confirm_later.setObjectName("confirmLaterStart")
        self.confirm_label = f.add_field("confirm_later", self.confirm_later, self.confirm_later.isChecked)
        f.set_field_visible("confirm_later", False)
        self.from_date.editingFinished.connect(self._from_date_edited)

        def check(v):
            if v.get("to_date") is not None and v["to_date"] < v["from_date"]:
                raise UserError(_("The 'to' date {to} is before the 'from' date {from_}.").format(
                    to=v["to_date"], from_=v["from_date"]), field="to_date")
        f.add_check(check)
        f.add_check(self._check_later_start)
        self.take_backlog = QCheckBox()
        self.take_backlog.setObjectName("takeBacklog")
        self.take_backlog.hide()
        self.layout().addWidget(self.take_backlog)  # under the form, above the buttons

    def _later_start(self):
        """The from date when it is after today (else None)."""
        try:
            start = self.from_date.value(_("From date"))
        except UserError:
            return None
        return start if start is not None and start > clock.today() else None

    def _from_date_edited(self) -> None:
        start = self._later_start()
        if start is None:
            self.confirm_later.setChecked(False)
            self.form.set_field_visible("confirm_later", False)
        else:
            self._show_later_start(start)

    def _show_later_start(self, start) -> None:
        days = (start - clock.today()).days
        self.confirm_later.setText(ngettext("Yes: from {date}, {days} day from today",
                                            "Yes: from {date}, {days} days from today", days).format(
            date=format_date(start), days=days))
        self.form.set_field_visible("confirm_later", True)

    def _check_later_start(self, v: dict) -> None:
        start = v.get("from_date")
        if start is None or start <= clock.today():
            return
        self._show_later_start(start)
        if not v.get("confirm_later"):
            days = (start - clock.today()).days
            raise UserError(ngettext(
                "{date} is {days} day from today: until then {name} does not hold this role, and the entries it "
                "owes go to its present holders (or stay unassigned). Tick the box to keep this date.",
                "{date} is {days} days from today: until then {name} does not hold this role, and the entries it "
                "owes go to its present holders (or stay unassigned). Tick the box to keep this date.", days).format(
                date=format_date(start), days=days, name=self.person.name), field="confirm_later")

    def _role_changed(self, *_args) -> None:
        code = self.role.currentData()
        if self.backlog is not None and self.backlog.role == code:
            return
        self.backlog = None
        self.take_backlog.setChecked(False)
        self.take_backlog.hide()
        if code:
            Query(self, lambda db: staff.role_backlog(db, code)).success(self._backlog_read).run()

    def _backlog_read(self, backlog) -> None:
        if backlog.role != self.role.currentData():
            return  # the role changed meanwhile; its own count is on its way
        self.backlog = backlog
        self._show_backlog()

    def _show_backlog(self) -> None:
        b = self.backlog
        self.take_backlog.setVisible(bool(b and b.count))
        if b and b.count:
            self.take_backlog.setText(ngettext(
                "Also &hand over the {n} open entry of this role that nobody owes ({overdue} overdue)",
                "Also &hand over the {n} open entries of this role that nobody owes ({overdue} overdue)",
                b.count).format(n=b.count, overdue=b.overdue))

    def submit(self) -> None:
        self._take = self.take_backlog.isVisible() and self.take_backlog.isChecked()  # read here, not on the worker
        super().submit()

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
        self.confirm_label.setText(_("Starts &later"))
        start = self._later_start() if hasattr(self, "confirm_later") else None
        if start is not None:
            self._show_later_start(start)
        current = self.role.currentData()
        self.role.clear()
        lang = current_language()
        names = {r.code: r.name(lang) for r in self.roles}
        for code in catalogue.role_codes():
            self.role.addItem(names.get(code, code), code)
        if current:
            self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self._show_backlog()

    def save(self, db, actor, v: dict) -> AssignmentInfo:
        if self._take:
            info, _moved = staff.assign_role_with_backlog(db, self.person.id, v["role"], v["from_date"],
                                                          v["to_date"], actor=actor)
            return info
        return staff.assign_role(db, self.person.id, v["role"], v["from_date"], v["to_date"],
                                         actor=actor)


KEEP, RELEASE = "keep", "release"  # what becomes of the person's open entries of the role (else a person's id)


class EndAssignmentDialog(FormDialog):
    """End a role assignment on a date, with the reason; a running one also says what becomes of the person's
    open entries of the role (they stay with him, go to another holder of the role, or go back to the role's
    unassigned backlog) — ``staff.end_role``. An assignment that has already ended only has its end corrected."""

    changes = Changes(staff=True, obligations=True, cases=True)

    def __init__(self, ctx, assignment: AssignmentInfo, role_name: str, parent=None):
        self.assignment = assignment
        self.role_name = role_name
        self.preview = None  # staff.EndRolePreview once read (a running assignment)
        super().__init__(ctx, parent)
        self.end_date.set_value(clock.today())
        self.end_date.setFocus()
        self.end_date.selectAll()
        Query(self, self._read).success(self._read_done).failure(lambda _exc: None).run()

    @property
    def running(self) -> bool:
        a = self.assignment
        return a.to_date is None or a.to_date > clock.today()

    def build(self) -> None:
        from PySide6.QtWidgets import QLabel

        from app.ui.dialogs.corrections import reason_box, reason_value

        self.end_date = DateEdit()
        self.end_label = self.form.add_field("end", self.end_date, lambda: self.end_date.value(_("End date")))
        self.owed = QLabel()
        self.owed.setWordWrap(True)
        self.owed_label = self.form.add_field("owed", self.owed, lambda: None)
        self.entries = QComboBox()
        self.entries.setObjectName("entriesGoTo")
        self.entries_label = self.form.add_field("entries", self.entries, lambda: self.entries.currentData())
        self.reason = reason_box()
        self.reason_label = self.form.add_field("reason", self.reason, lambda: reason_value(self.reason))
        for key in ("owed", "entries"):
            self.form.set_field_visible(key, False)
        self._holders: list = []

        def check(v):
            if v["end"] < self.assignment.from_date:
                raise UserError(_("The end date {to} is before the start of the assignment {from_}.").format(
                    to=format_date(v["end"], style="numeric"),
                    from_=format_date(self.assignment.from_date, style="numeric")), field="end")
        self.form.add_check(check)

    def _read(self, db):
        """On the worker: who else holds the role, and (a running assignment) what the person still owes of it."""
        a = self.assignment
        holders = [p for p in staff.list_persons(db, include_inactive=False) if a.role in p.roles and p.id != a.person_id]
        preview = None
        if self.running:
            try:
                preview = staff.preview_end_role(db, a.person_id, a.role, clock.today())
            except UserError:
                preview = None
        return holders, preview

    def _read_done(self, data) -> None:
        self._holders, self.preview = data
        self.form.set_field_visible("owed", self.preview is not None)
        self.form.set_field_visible("entries", self.preview is not None)
        self._fill_entries()
        self.retranslate()
        self.layout().activate()
        self.resize(max(self.width(), 560), max(self.height(), self.sizeHint().height()))

    def _fill_entries(self) -> None:
        current = self.entries.currentData()
        self.entries.clear()
        self.entries.addItem(_("stay with {name}").format(name=self.assignment.person), KEEP)
        for p in self._holders:
            self.entries.addItem(_("go to {name} ({rank}), who holds the role").format(name=p.name, rank=rank_label(p.rank)), p.id)
        self.entries.addItem(_("go back to the role's unassigned list, for the next holder"), RELEASE)
        self.entries.setCurrentIndex(max(0, self.entries.findData(current)))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("End a role assignment"))
        self.intro.setText(_("{name} stops holding the role {role} on the date below (the last day held).").format(
            name=self.assignment.person, role=self.role_name))
        self.intro.show()
        self.end_label.setText(_("&Last day"))
        self.owed_label.setText(_("Open work"))
        p = self.preview
        if p is not None:
            text = ngettext("{name} owes {count} open entry of this role ({overdue} overdue).",
                            "{name} owes {count} open entries of this role ({overdue} overdue).",
                            p.owed.count).format(name=p.person, count=p.owed.count, overdue=p.owed.overdue)
            if p.cases_as_io:
                text += " " + ngettext("He is the IO of {n} open case; the cases follow his entries.",
                                       "He is the IO of {n} open cases; the cases follow his entries.",
                                       len(p.cases_as_io)).format(n=len(p.cases_as_io))
            self.owed.setText(text)
        self.entries_label.setText(_("His open &entries"))
        if self.entries.count():
            self._fill_entries()
        self.reason_label.setText(_("&Reason (kept in the audit trail)"))

    def save(self, db, actor, v: dict) -> AssignmentInfo:
        a = self.assignment
        choice = v.get("entries", KEEP)
        if "entries" in v and self.running:
            staff.end_role(db, a.person_id, a.role, v["end"], hand_to=None if choice in (KEEP, RELEASE) else choice,
                           release=choice == RELEASE, reason=v["reason"], actor=actor)
            return next(x for x in staff.list_assignments(db, person_id=a.person_id) if x.id == a.id)
        return staff.end_assignment(db, a.id, v["end"], actor=actor, reason=v["reason"])
