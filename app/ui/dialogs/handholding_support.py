"""Handholding: the dialogs of the CCTNS support page (``pages/handholding_support``) — handholding staff,
visits, training, CCTNS user ids, campaigns."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QListWidget, QListWidgetItem

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services import handholding
from app.services.handholding import OFFICE_KIND_LABELS
from app.services.core.validate import clean_text, parse_int
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import person_label


def _text(edit: QLineEdit, label: str, *, required: bool = False, max_len: int = 200):
    return lambda: clean_text(edit.text(), label, required=required, max_len=max_len)


class HandholdingStaffDialog(FormDialog):
    changes = Changes(handholding=True)

    def build(self) -> None:
        self.name = QLineEdit()
        self.office_kind = QComboBox()
        for code in OFFICE_KIND_LABELS:
            self.office_kind.addItem("", code)
        self.office = QLineEdit()
        self.vendor = QLineEdit()
        self.phone = QLineEdit()
        self.from_date = DateEdit()
        self.from_date.set_value(clock.today())
        f = self.form
        self.name_label = f.add_field("name", self.name, _text(self.name, _("Name"), required=True, max_len=120))
        self.kind_label = f.add_field("office_kind", self.office_kind, self.office_kind.currentData)
        self.office_label = f.add_field("office", self.office, _text(self.office, _("Office name"), required=True,
                                                                      max_len=120))
        self.vendor_label = f.add_field("vendor", self.vendor, _text(self.vendor, _("Vendor"), max_len=120))
        self.phone_label = f.add_field("phone", self.phone, _text(self.phone, _("Phone"), max_len=40))
        self.from_label = f.add_field("from_date", self.from_date, lambda: self.from_date.value(_("From date")))
        self.name.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add handholding staff"))
        for i in range(self.office_kind.count()):
            self.office_kind.setItemText(i, _(OFFICE_KIND_LABELS[self.office_kind.itemData(i)]))
        self.name_label.setText(_("&Name"))
        self.kind_label.setText(_("Sits at"))
        self.office_label.setText(_("&Office"))
        self.office.setPlaceholderText(_("e.g. Circle Office Kotwali"))
        self.vendor_label.setText(_("&Vendor"))
        self.phone_label.setText(_("&Phone"))
        self.from_label.setText(_("Serving &from"))

    def save(self, db, actor, v: dict):
        return handholding.add_support_staff(db, v["name"], v["office_kind"], v["office"], vendor=v["vendor"],
                                    phone=v["phone"], from_date=v["from_date"], actor=actor)


class VisitDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, staff, parent=None):
        self.staff = staff
        super().__init__(ctx, parent)
        self.arrived.set_value(clock.now())
        self.purpose.setFocus()

    def build(self) -> None:
        self.arrived = DateEdit(with_time=True)
        self.left = DateEdit(with_time=True, required=False)
        self.purpose = QLineEdit()
        self.work = QLineEdit()
        f = self.form
        self.arrived_label = f.add_field("arrived", self.arrived, lambda: self.arrived.value(_("Arrived at")))
        self.left_label = f.add_field("left", self.left, lambda: self.left.value(_("Left at")))
        self.purpose_label = f.add_field("purpose", self.purpose, _text(self.purpose, _("Purpose"), required=True,
                                                                         max_len=500))
        self.work_label = f.add_field("work", self.work, _text(self.work, _("Work done"), max_len=2000))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Visit of {name}").format(name=self.staff.name))
        self.arrived_label.setText(_("&Arrived at"))
        self.left_label.setText(_("&Left at"))
        self.purpose_label.setText(_("&Purpose"))
        self.work_label.setText(_("&Work done"))

    def save(self, db, actor, v: dict):
        return handholding.record_visit(db, self.staff.id, v["arrived"], left_at=v["left"], purpose=v["purpose"],
                               work_done=v["work"], actor=actor)


class TrainingDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, people, parent=None):
        self.people = people
        super().__init__(ctx, parent)
        self.held_on.set_value(clock.today())
        self.topics.setFocus()

    def build(self) -> None:
        self.held_on = DateEdit()
        self.trainer = QLineEdit()
        self.topics = QLineEdit()
        self.place = QLineEdit()
        self.cctns = QCheckBox()
        self.cctns.setChecked(True)
        self.attendees = QListWidget()
        self.attendees.setMinimumHeight(140)
        for p in self.people:
            it = QListWidgetItem(person_label(p.name, p.rank))
            it.setData(Qt.ItemDataRole.UserRole, p.id)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.attendees.addItem(it)
        f = self.form
        self.held_label = f.add_field("held_on", self.held_on, lambda: self.held_on.value(_("Held on")))
        self.trainer_label = f.add_field("trainer", self.trainer, _text(self.trainer, _("Trainer"), required=True,
                                                                         max_len=120))
        self.topics_label = f.add_field("topics", self.topics, _text(self.topics, _("Topics"), required=True,
                                                                      max_len=2000))
        self.place_label = f.add_field("place", self.place, _text(self.place, _("Place"), max_len=120))
        self.cctns_label = f.add_field("cctns", self.cctns, self.cctns.isChecked)
        self.attendees_label = f.add_field("attendees", self.attendees, self.checked_ids)

    def checked_ids(self) -> list[int]:
        ids = [self.attendees.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.attendees.count())
               if self.attendees.item(i).checkState() == Qt.CheckState.Checked]
        if not ids:
            raise UserError(_("Choose at least one person who attended."), field="attendees")
        return ids

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Record a training session"))
        self.held_label.setText(_("&Held on"))
        self.trainer_label.setText(_("&Trainer"))
        self.topics_label.setText(_("T&opics"))
        self.place_label.setText(_("&Place"))
        self.cctns_label.setText(_("CCTNS"))
        self.cctns.setText(_("CCTNS / CAS training (D-19)"))
        self.attendees_label.setText(_("&Attended"))

    def save(self, db, actor, v: dict):
        return handholding.add_training(db, v["held_on"], v["trainer"], v["topics"], v["attendees"],
                                     place=v["place"], cctns=v["cctns"], actor=actor)


class RequestIdDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, row, parent=None):
        self.row = row
        super().__init__(ctx, parent)
        self.requested_on.set_value(clock.today())
        self.reference.setFocus()

    def build(self) -> None:
        self.requested_on = DateEdit()
        self.reference = QLineEdit()
        f = self.form
        self.on_label = f.add_field("requested_on", self.requested_on, lambda: self.requested_on.value(_("Requested on")))
        self.ref_label = f.add_field("reference", self.reference, _text(self.reference, _("Reference"), max_len=120))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Request a CCTNS user id for {name}").format(name=self.row.name))
        self.on_label.setText(_("&Requested on"))
        self.ref_label.setText(_("Re&ference"))
        self.reference.setPlaceholderText(_("letter number, helpdesk ticket …"))

    def save(self, db, actor, v: dict):
        return handholding.request_user_id(db, self.row.person_id, requested_on=v["requested_on"],
                                        reference=v["reference"], actor=actor)


class RecordIdDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, row, parent=None):
        self.row = row
        super().__init__(ctx, parent)
        self.created_on.set_value(clock.today())
        self.user_id.setFocus()

    def build(self) -> None:
        self.user_id = QLineEdit()
        self.created_on = DateEdit()
        f = self.form
        self.uid_label = f.add_field("user_id", self.user_id, _text(self.user_id, _("CCTNS user id"), required=True,
                                                                     max_len=60))
        self.on_label = f.add_field("created_on", self.created_on, lambda: self.created_on.value(_("Created on")))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("CCTNS user id created for {name}").format(name=self.row.name))
        self.uid_label.setText(_("CCTNS &user id"))
        self.on_label.setText(_("&Created on"))

    def save(self, db, actor, v: dict):
        return handholding.record_user_id(db, self.row.person_id, v["user_id"], created_on=v["created_on"],
                                       actor=actor)


class CampaignDialog(FormDialog):
    """A campaign with a count target, or with the pending entries of a form as its list."""

    changes = Changes(handholding=True)

    def build(self) -> None:
        self.name = QLineEdit()
        self.started = DateEdit()
        self.started.set_value(clock.today())
        self.deadline = DateEdit()
        self.target = QLineEdit()
        self.form_filter = QLineEdit()
        f = self.form
        self.name_label = f.add_field("name", self.name, _text(self.name, _("Campaign name"), required=True,
                                                                max_len=160))
        self.started_label = f.add_field("started", self.started, lambda: self.started.value(_("Started on")))
        self.deadline_label = f.add_field("deadline", self.deadline, lambda: self.deadline.value(_("Deadline")))
        self.target_label = f.add_field("target", self.target, lambda: parse_int(
            self.target.text(), _("Target"), minimum=1, maximum=1_000_000) if self.target.text().strip() else None)
        self.filter_label = f.add_field("form", self.form_filter, _text(self.form_filter, _("Form"), max_len=16))
        f.add_check(self._one_target)
        self.name.setFocus()

    @staticmethod
    def _one_target(v: dict) -> None:
        if (v.get("target") is None) == (not v.get("form")):
            raise UserError(_("Give either a number of entries or a form whose pending entries are the target."),
                            field="target")

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Start a campaign (D-24)"))
        self.name_label.setText(_("&Name"))
        self.started_label.setText(_("St&arted on"))
        self.deadline_label.setText(_("&Deadline"))
        self.target_label.setText(_("&Target (number of entries)"))
        self.filter_label.setText(_("or all pending entries of &form"))
        self.form_filter.setPlaceholderText(_("e.g. IIF-5"))

    def save(self, db, actor, v: dict):
        return handholding.add_campaign(db, v["name"], v["deadline"], started_on=v["started"],
                                target_count=v["target"], form=v["form"] or None, actor=actor)


class ProgressDialog(FormDialog):
    changes = Changes(handholding=True)

    def __init__(self, ctx, campaign, parent=None):
        self.campaign = campaign
        super().__init__(ctx, parent)
        self.on.set_value(clock.today())
        self.count.setFocus()

    def build(self) -> None:
        self.count = QLineEdit()
        self.on = DateEdit()
        self.note = QLineEdit()
        f = self.form
        self.count_label = f.add_field("count", self.count, lambda: parse_int(
            self.count.text(), _("Entries done"), minimum=1, maximum=1_000_000))
        self.on_label = f.add_field("on", self.on, lambda: self.on.value(_("Date")))
        self.note_label = f.add_field("note", self.note, _text(self.note, _("Note"), max_len=500))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Progress on {name}").format(name=self.campaign.name))
        self.count_label.setText(_("&Entries done since the last report"))
        self.on_label.setText(_("&Date"))
        self.note_label.setText(_("&Note"))

    def save(self, db, actor, v: dict):
        return handholding.record_progress(db, self.campaign.id, v["count"], on=v["on"], note=v["note"],
                                   actor=actor)
