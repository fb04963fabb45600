"""Transfer a person's pending work to a successor: preview first, then hand over in one step."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QPushButton

from app.i18n import _, current_language, ngettext
from app.services import catalogue
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.formatting import format_date
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import person_label
from app.services import staff


class TransferDialog(FormDialog):
    """Choose the successor and the date, see what will be handed over, then transfer."""

    changes = Changes(staff=True, obligations=True, cases=True)

    done_transfer = Signal(int)

    def __init__(self, ctx, person, candidates, parent=None):
        self.person = person
        self.candidates = candidates
        self.preview = None
        self._roles: dict[str, tuple[str, str]] = {}
        super().__init__(ctx, parent)
        self.on_date.set_value(clock.today())
        self.successor.setFocus()
        self.successor.currentIndexChanged.connect(self._invalidate)
        self.on_date.textChanged.connect(self._invalidate)

    def build(self) -> None:
        self.setMinimumWidth(560)
        self.successor = QComboBox()
        self.on_date = DateEdit()
        f = self.form
        self.successor_label = f.add_field("to", self.successor, self._successor_value)
        self.date_label = f.add_field("on", self.on_date, lambda: self.on_date.value(_("Transfer date")))
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.preview_label.setObjectName("transferPreview")
        self.layout().addWidget(self.preview_label)
        self.preview_button = QPushButton()
        self.buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.show_preview)
        self._invalidate()

    def _successor_value(self) -> int:
        pid = self.successor.currentData()
        if pid is None:
            raise UserError(_("Choose the person who takes over the work."))
        return pid

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Transfer the work of {name}").format(name=self.person.name))
        self.intro.setText(_("Everything {name} still owes goes to the successor: pending entries, the roles held "
                             "on the transfer date, and the open investigations where {name} is the IO. "
                             "Look at the preview, then transfer.").format(name=self.person.name))
        self.intro.show()
        self.successor_label.setText(_("&Successor"))
        self.date_label.setText(_("Transfer &date"))
        self.preview_button.setText(_("&Preview"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Transfer"))
        current = self.successor.currentData()
        self.successor.clear()
        self.successor.addItem(_("— choose —"), None)
        for p in self.candidates:
            self.successor.addItem(person_label(p.name, p.rank), p.id)
        if current is not None:
            self.successor.setCurrentIndex(max(0, self.successor.findData(current)))
        self._show_preview_text()

    def _invalidate(self, *_args) -> None:
        self.preview = None
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.preview_button.setDefault(True)
        self._show_preview_text()

    def _role_name(self, code: str) -> str:
        names = self._roles.get(code)
        if not names:
            return code
        return names[0] if current_language() == "hi" else names[1]

    def _show_preview_text(self) -> None:
        p = self.preview
        if p is None:
            self.preview_label.setText(_("Press Preview (Alt+P) to see what will be handed over."))
            return
        lines = [ngettext("{count} pending entry goes to {to} ({overdue} already overdue).",
                          "{count} pending entries go to {to} ({overdue} already overdue).", p.obligations).format(
            count=p.obligations, to=p.to_person, overdue=p.overdue)]
        if p.missed:
            lines.append(_("Of these, missed recurring periods still to be entered: {n}.").format(n=p.missed))
        if p.by_role:
            lines.append(_("By role: {roles}.").format(roles=", ".join(
                _("{role} {count}").format(role=self._role_name(r), count=n) for r, n in sorted(p.by_role.items()))))
        if p.roles_ending:
            lines.append(_("{name} stops holding: {roles} (last day {day}).").format(
                name=p.from_person, roles=", ".join(self._role_name(r) for r in p.roles_ending),
                day=format_date(p.on - dt.timedelta(days=1))))
        if p.roles_starting:
            lines.append(_("{name} takes on: {roles} from {day}.").format(
                name=p.to_person, roles=", ".join(self._role_name(r) for r in p.roles_starting),
                day=format_date(p.on)))
        lines.append(ngettext("{count} open investigation gets {to} as its IO.",
                              "{count} open investigations get {to} as their IO.", p.cases_as_io).format(
            count=p.cases_as_io, to=p.to_person))
        self.preview_label.setText("\n".join(lines))

    def show_preview(self) -> None:
        values = self.form.values()
        if values is None:
            return
        pid = self.person.id

        def load(db):
            roles = {r.code: (r.name_hi, r.name_en) for r in catalogue.list_roles(db)}
            return roles, staff.preview_transfer(db, pid, values["to"], values["on"])

        self._set_busy(True)
        Query(self, load, label=_("Working out the transfer…")).success(self._previewed).failure(self._failed).run()

    def _previewed(self, data) -> None:
        self._set_busy(False)
        self._roles, self.preview = data
        self._show_preview_text()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(True)
        save.setDefault(True)
        save.setFocus()

    def submit(self) -> None:
        if self.preview is None:
            self.show_preview()
            return
        super().submit()

    def save(self, db, actor, v: dict) -> int:
        if v["to"] != self.preview.to_person_id or v["on"] != self.preview.on:
            raise UserError(_("The successor or the date changed after the preview; preview again."))
        return staff.transfer(db, self.person.id, v["to"], v["on"], actor=actor)

    def _done(self, result) -> None:
        self.done_transfer.emit(int(result))
        self.ctx.status_message.emit(ngettext("{count} pending entry handed over.",
                                              "{count} pending entries handed over.", int(result)).format(count=result))
        super()._done(result)
