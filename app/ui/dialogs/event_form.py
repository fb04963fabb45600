"""Record an event on a case (arrest, seizure, first remand, final report, court disposal …) with the
particulars each kind needs; the service creates the CAS entries the event owes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from app.i18n import N_, _
from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog, plain_label
from app.ui.people import person_label
from app.services import catalogue
from app.services.core.formatting import as_typed

# Particulars an event can carry (stored in the event's details): key → label, choices (None = text).
DETAIL_FIELDS: dict[str, tuple[str, tuple[tuple[str, str], ...] | None]] = {
    "accused": (N_("&Accused (name)"), None),
    "place": (N_("P&lace"), None),
    "property": (N_("&Property seized"), None),
    "diary_no": (N_("Case diary &part no."), None),
    "court": (N_("&Court"), None),
    "jail": (N_("&Jail"), None),
    "outcome": (N_("O&utcome"), (("chargesheet", N_("Chargesheet")), ("final-report", N_("Final report (closure)")))),
    "report_no": (N_("Report &no."), None),
    "court_case_no": (N_("Court case &no."), None),
    "summons_kind": (N_("&Type"), (("summons", N_("Summons")), ("warrant", N_("Warrant")))),
    "name": (N_("&Name of the person summoned"), None),
    "appearance": (N_("Appearance &date in court (DD.MM.YYYY)"), None),
    "result": (N_("&Result"), None),
    "station": (N_("Other &police station"), None),
    "note": (N_("N&ote"), None),
}
# What each event asks for: (detail key, required).
EVENT_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "io-change": (),
    "arrest": (("accused", True), ("place", False)),
    "surrender": (("accused", True), ("court", False)),
    "seizure": (("property", True), ("place", False)),
    "case-diary": (("diary_no", False),),
    "interrogation": (("accused", True),),
    "first-remand": (("accused", False), ("court", False)),
    "remand": (("accused", False), ("court", False)),
    "jail": (("accused", True), ("jail", False)),
    "final-report": (("outcome", True), ("report_no", False)),
    "court-number": (("court_case_no", True), ("court", False)),
    "bail": (("accused", True), ("court", False)),
    "summons": (("summons_kind", True), ("name", True), ("appearance", False)),
    "hearing": (("court", False),),
    "disposal": (("result", True), ("court", False)),
    "appeal": (("result", True),),
    "transfer-out": (("station", True),),
    "transfer-in": (("station", True),),
    "traced": (("place", False), ("note", False)),
    "recovered": (("place", False), ("note", False)),
    "inquest": (("place", False), ("note", False)),
}
TEXT_LIMIT = 200


class EventDialog(FormDialog):
    changes = Changes(cases=True, obligations=True)

    def __init__(self, ctx, case_info, staff, parent=None, kind: str | None = None):
        self.case = case_info  # CaseInfo
        self.staff = staff  # active PersonInfo
        super().__init__(ctx, parent)
        if kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.occurred.set_value(clock.now().replace(second=0))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.confirm.toggled.connect(lambda _c: self._recheck_when())
        self._kind_changed()
        self.kind.setFocus()

    def allowed_kinds(self) -> list[str]:
        return cases.event_kinds_for(self.case.kind)

    def build(self) -> None:
        self.setMinimumWidth(520)
        self.kind = QComboBox()
        self.occurred = DateEdit(with_time=True)
        self.person = QComboBox()
        f = self.form
        self.kind_label = f.add_field("kind", self.kind, lambda: self.kind.currentData())
        self.when_label = f.add_field("occurred_at", self.occurred, self._when_value)
        self.person_label = f.add_field("person", self.person, self._person_value)
        # an arrest or seizure more than a few hours before the FIR is recorded only when confirmed (cases.bounds)
        self.confirm = QCheckBox()
        self.confirm_label = f.add_field("confirm", self.confirm, self.confirm.isChecked)
        self.detail_widgets: dict[str, QLineEdit | QComboBox] = {}
        self.detail_labels = {}
        for key, (_label, choices) in DETAIL_FIELDS.items():
            w: QLineEdit | QComboBox
            if choices is None:
                w = QLineEdit()
            else:
                w = QComboBox()
            self.detail_widgets[key] = w
            self.detail_labels[key] = f.add_field(key, w, lambda k=key: self._detail_value(k))

    def _required(self, key: str) -> bool:
        return dict(EVENT_FIELDS.get(self.kind.currentData(), ())).get(key, False)

    def _detail_value(self, key: str):
        w = self.detail_widgets[key]
        label = plain_label(_(DETAIL_FIELDS[key][0]))
        if isinstance(w, QComboBox):
            value = w.currentData()
            if value is None and self._required(key):
                raise UserError(_("{field} is required.").format(field=label))
            return value
        return clean_text(w.text(), label, required=self._required(key), max_len=TEXT_LIMIT) or None

    def _when_value(self) -> dt.datetime:
        label = _("Date of the event")
        value = self.occurred.value(label)
        if value > clock.now() + dt.timedelta(minutes=5):
            raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
                field=label, value=as_typed(value)))
        # before the offence or the registration: said beside the field while typing, not only after saving
        try:
            cases.check_event_moment(kind=self.kind.currentData(), when=value, registered_at=self.case.registered_at,
                                     offence_date=self.case.offence_date, case_label=self.case.label,
                                     confirm=self.confirm.isChecked())
        except UserError as exc:
            raise UserError(exc.message, field="occurred_at") from None
        return value

    def _person_value(self) -> int | None:
        pid = self.person.currentData()
        if self.kind.currentData() == "io-change":
            if pid is None:
                raise UserError(_("Say who the new IO is."))
            if pid == self.case.io_person_id:
                raise UserError(_("{name} is already the IO of {case}.").format(name=self.person.currentText(),
                                                                           case=self.case.label))
        return pid

    def _recheck_when(self) -> None:
        if self.occurred.text().strip():
            self.form.validate_field("occurred_at")

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        wanted = dict(EVENT_FIELDS.get(kind, ()))
        for key in DETAIL_FIELDS:
            self.form.set_field_visible(key, key in wanted or key == "note")
        self.form.set_field_visible("confirm", kind in ("arrest", "seizure"))
        self.person_label.setText(_("&New IO") if kind == "io-change" else _("Staff &member (optional)"))
        self.form.clear_errors()
        self._recheck_when()  # an arrest may precede the FIR by hours, other events may not
        self.adjustSize()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add an event to {case}").format(case=self.case.label))
        kind = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for code in self.allowed_kinds():
            self.kind.addItem(_(catalogue.EVENT_KINDS[code]), code)
        if kind:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.blockSignals(False)
        self.kind_label.setText(_("&Event"))
        self.when_label.setText(_("&When"))
        self.confirm_label.setText(_("&Before the FIR"))
        self.confirm.setText(_("More than a few hours before the FIR: I confirm the date"))
        pid = self.person.currentData()
        self.person.clear()
        self.person.addItem(_("— nobody in particular —"), None)
        for p in self.staff:
            self.person.addItem(person_label(p.name, p.rank), p.id)
        self.person.setCurrentIndex(max(0, self.person.findData(pid)))
        for key, (label, choices) in DETAIL_FIELDS.items():
            self.detail_labels[key].setText(_(label))
            if choices is not None:
                w = self.detail_widgets[key]
                current = w.currentData()
                w.clear()
                w.addItem(_("— choose —"), None)
                for code, text in choices:
                    w.addItem(_(text), code)
                w.setCurrentIndex(max(0, w.findData(current)))
        if kind:
            self.person_label.setText(_("&New IO") if kind == "io-change" else _("Staff &member (optional)"))

    def save(self, db, actor, v: dict):
        kind = v["kind"]
        details = {}
        for key in DETAIL_FIELDS:
            if key in v and v[key] is not None:
                details["kind" if key == "summons_kind" else key] = v[key]
        return cases.add_event(db, self.case.id, kind, occurred_at=v["occurred_at"],
                                      person_id=v.get("person"), details=details,
                                      confirm=bool(v.get("confirm", False)), actor=actor)
