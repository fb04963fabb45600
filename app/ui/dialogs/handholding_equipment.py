"""Handholding: the dialogs of the equipment and CCTV page (``pages/handholding_equipment``) — add an item,
report a fault, escalate it, resolve it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.i18n import _
from app.services.core import clock
from app.services import handholding
from app.services.handholding import EQUIPMENT_KIND_LABELS
from app.services.core.validate import clean_text
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


def _text(widget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


class EquipmentDialog(FormDialog):
    changes = Changes(handholding=True)

    def build(self) -> None:
        self.kind = QComboBox()
        for code in EQUIPMENT_KIND_LABELS:
            self.kind.addItem("", code)
        self.name = QLineEdit()
        self.make = QLineEdit()
        self.serial = QLineEdit()
        self.location = QLineEdit()
        self.installed = DateEdit(required=False)
        f = self.form
        self.kind_label = f.add_field("kind", self.kind, self.kind.currentData)
        self.name_label = f.add_field("name", self.name, lambda: clean_text(
            self.name.text(), _("Name"), required=True, max_len=120))
        self.make_label = f.add_field("make", self.make, lambda: clean_text(self.make.text(), _("Make and model"),
                                                                              max_len=120))
        self.serial_label = f.add_field("serial", self.serial, lambda: clean_text(
            self.serial.text(), _("Serial number"), max_len=80))
        self.location_label = f.add_field("location", self.location, lambda: clean_text(
            self.location.text(), _("Location"), max_len=120))
        self.installed_label = f.add_field("installed", self.installed, lambda: self.installed.value(_("Installed on")))
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add equipment"))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, _(EQUIPMENT_KIND_LABELS[self.kind.itemData(i)]))
        self.kind_label.setText(_("&Kind"))
        self.name_label.setText(_("&Name"))
        self.make_label.setText(_("&Make and model"))
        self.serial_label.setText(_("S&erial number"))
        self.location_label.setText(_("&Location"))
        self.installed_label.setText(_("&Installed on"))

    def save(self, db, actor, v: dict):
        return handholding.add_equipment(db, v["kind"], v["name"], make_model=v["make"], serial_no=v["serial"],
                                location=v["location"], installed_on=v["installed"], actor=actor)


class FaultDialog(FormDialog):
    """Report a fault on one item."""

    changes = Changes(handholding=True)

    def __init__(self, ctx, item, parent=None):
        self.item = item
        super().__init__(ctx, parent)
        self.reported_at.set_value(clock.now())
        self.description.setFocus()

    def build(self) -> None:
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.reported_at = DateEdit(with_time=True)
        self.reported_by = QLineEdit()
        self.ticket = QLineEdit()
        f = self.form
        self.description_label = f.add_field("description", self.description, lambda: clean_text(
            self.description.toPlainText(), _("What is wrong"), required=True, max_len=2000))
        self.at_label = f.add_field("reported_at", self.reported_at, lambda: self.reported_at.value(_("Reported at")))
        self.by_label = f.add_field("reported_by", self.reported_by, lambda: clean_text(
            self.reported_by.text(), _("Reported by"), max_len=120))
        self.ticket_label = f.add_field("ticket_no", self.ticket, lambda: clean_text(
            self.ticket.text(), _("Helpdesk ticket number"), max_len=60))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Report a fault: {name}").format(name=self.item.name))
        self.description_label.setText(_("&What is wrong"))
        self.at_label.setText(_("Reported &at"))
        self.by_label.setText(_("Reported &by"))
        signed_in = self.ctx.actor.person_id is not None  # the system actor has no name to record
        self.reported_by.setPlaceholderText(_("Leave empty for yourself") if signed_in else _("Name of the person"))
        self.ticket_label.setText(_("Helpdesk &ticket no."))

    def save(self, db, actor, v: dict):
        return handholding.report_fault(db, self.item.id, v["description"], reported_at=v["reported_at"],
                               reported_by=v["reported_by"], ticket_no=v["ticket_no"], actor=actor)


class EscalateDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, fault, parent=None):
        self.fault = fault
        super().__init__(ctx, parent)
        self.at.set_value(clock.now())
        self.ticket.setText(fault.ticket_no)
        self.to.setFocus()

    def build(self) -> None:
        self.to = QLineEdit()
        self.at = DateEdit(with_time=True)
        self.ticket = QLineEdit()
        self.note = QLineEdit()
        f = self.form
        self.to_label = f.add_field("to", self.to, lambda: clean_text(self.to.text(), _("Escalated to"), required=True,
                                                                      max_len=120))
        self.at_label = f.add_field("at", self.at, lambda: self.at.value(_("Escalated at")))
        self.ticket_label = f.add_field("ticket_no", self.ticket, lambda: clean_text(
            self.ticket.text(), _("Helpdesk ticket number"), max_len=60))
        self.note_label = f.add_field("note", self.note, lambda: clean_text(self.note.text(), _("Note"), max_len=1000))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Escalate fault {id}").format(id=self.fault.id))
        self.to_label.setText(_("Escalated &to"))
        self.to.setPlaceholderText(_("e.g. helpdesk, district nodal officer CCTNS, vendor"))
        self.at_label.setText(_("&When"))
        self.ticket_label.setText(_("Helpdesk tic&ket no."))
        self.note_label.setText(_("&Note"))

    def save(self, db, actor, v: dict):
        return handholding.escalate_fault(db, self.fault.id, v["to"], escalated_at=v["at"], note=v["note"],
                                 ticket_no=v["ticket_no"] or None, actor=actor)


class ResolveDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, fault, parent=None):
        self.fault = fault
        super().__init__(ctx, parent)
        self.at.set_value(clock.now())
        self.how.setFocus()

    def build(self) -> None:
        self.how = QLineEdit()
        self.at = DateEdit(with_time=True)
        self.by = QLineEdit()
        f = self.form
        self.how_label = f.add_field("how", self.how, lambda: clean_text(self.how.text(), _("How it was fixed"),
                                                                         required=True, max_len=2000))
        self.at_label = f.add_field("at", self.at, lambda: self.at.value(_("Resolved at")))
        self.by_label = f.add_field("by", self.by, lambda: clean_text(self.by.text(), _("Fixed by"), max_len=120))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Resolve fault {id}: {name}").format(id=self.fault.id, name=self.fault.equipment_name))
        self.how_label.setText(_("&How it was fixed"))
        self.at_label.setText(_("&When"))
        self.by_label.setText(_("Fixed &by"))

    def save(self, db, actor, v: dict):
        return handholding.resolve_fault(db, self.fault.id, v["how"], resolved_at=v["at"], resolved_by=v["by"],
                                actor=actor)
