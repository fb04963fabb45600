"""Register a case: an FIR (number/year, registration time, offence date, act and sections, IO, sensitive,
punishment class) or one of the other kinds. Every field is checked as it is typed, with the services'
own validators; the law check (IPC before 1 July 2024, BNS on or after, by the date of offence) is the
service's ``check_law``, so the message beside the field is the one the service would give.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from app.i18n import _
from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.formatting import latin_digits
from app.services.core.validate import clean_text, parse_int
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog
from app.ui.people import person_label
from app.services import catalogue

ACT_SUGGESTIONS = ("BNS", "IPC", "BNS, NDPS", "BNS, POCSO", "IPC, NDPS", "IPC, POCSO", "NDPS", "Arms Act")
# Fields each kind shows; the rest are hidden (and not sent).
LAW_KINDS = ("fir", "ncr")
FIR_ONLY = ("io", "sensitive", "punishment_class", "punishment_reason")


class CaseDialog(FormDialog):
    changes = Changes(cases=True, obligations=True)

    def __init__(self, ctx, io_people, parent=None, kind: str = "fir"):
        self.io_people = io_people  # PersonInfo of the people holding the io role
        super().__init__(ctx, parent)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        now = clock.now()
        self.year.setText(str(now.year))
        self.registered.set_value(now.replace(second=0))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.number.setFocus()

    # --- building -------------------------------------------------------------------------
    def build(self) -> None:
        self.setMinimumWidth(560)
        self.kind = QComboBox()
        self.number = QLineEdit()
        self.year = QLineEdit()
        self.registered = DateEdit(with_time=True)
        self.offence = DateEdit(required=False)
        self.act = QComboBox()
        self.act.setEditable(True)
        self.act.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.act.addItems(ACT_SUGGESTIONS)
        self.act.setCurrentText("")
        self.sections = QLineEdit()
        self.io = QComboBox()
        self.sensitive = QCheckBox()
        self.punishment = QComboBox()
        self.punishment_reason = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        f = self.form
        self.labels = {
            "kind": f.add_field("kind", self.kind, lambda: self.kind.currentData()),
            "number": f.add_field("number", self.number, self._number_value),
            "year": f.add_field("year", self.year, lambda: parse_int(
                latin_digits(self.year.text()), _("Year"), minimum=1950, maximum=2100)),
            "registered_at": f.add_field("registered_at", self.registered, self._registered_value),
            "offence_date": f.add_field("offence_date", self.offence, lambda: self.offence.value(_("Date of offence"))),
            "act": f.add_field("act", self.act, lambda: clean_text(self.act.currentText(), _("Act"), max_len=40)),
            "sections": f.add_field("sections", self.sections, lambda: clean_text(
                self.sections.text(), _("Sections"), max_len=200)),
            "io": f.add_field("io", self.io, lambda: self.io.currentData()),
            "sensitive": f.add_field("sensitive", self.sensitive, self.sensitive.isChecked),
            "punishment_class": f.add_field("punishment_class", self.punishment, lambda: self.punishment.currentData()),
            "punishment_reason": f.add_field("punishment_reason", self.punishment_reason, lambda: clean_text(
                self.punishment_reason.text(), _("Reason"), max_len=500)),
            "description": f.add_field("description", self.description, lambda: clean_text(
                self.description.toPlainText(), _("Description"), max_len=2000)),
        }
        f.add_check(self._check_together)
        # the law check runs again whenever one of its inputs changes
        for w in (self.act.lineEdit(), self.sections, self.offence):
            w.editingFinished.connect(self._recheck_law)

    def _number_value(self) -> int | None:
        text = latin_digits(self.number.text()).strip()
        if not text:
            if self.kind.currentData() == "fir":
                raise UserError(_("{field} is required.").format(field=_("FIR number")))
            return None  # the next number of the kind and year
        return parse_int(text, _("Number"), minimum=1, maximum=9_999_999)

    def _registered_value(self) -> dt.datetime:
        value = self.registered.value(_("Registration date"))
        if value > clock.now() + dt.timedelta(minutes=5):
            raise UserError(_("{field} {value} is in the future. If the PC's clock is wrong, set it first.").format(
                field=_("Registration date"), value=value.strftime("%Y-%m-%d %H:%M")))
        return value

    def _check_together(self, v: dict) -> None:
        offence, registered = v.get("offence_date"), v.get("registered_at")
        if offence is not None and registered is not None and offence > registered.date():
            raise UserError(_("The date of offence {offence} is after the registration date {registered}.").format(
                offence=offence, registered=registered.date()), field="offence_date")
        if v.get("kind") in LAW_KINDS and registered is not None:
            try:
                cases.check_law(v.get("act", ""), v.get("sections", ""), offence or registered.date(),
                                       registered.date())
            except UserError as exc:
                raise UserError(exc.message, field="act") from None
        if v.get("kind") == "fir":
            self._check_punishment(v)

    def _check_punishment(self, v: dict) -> None:
        """The class the sections give, or why it cannot be given: a section the punishment table does not know is
        never guessed (choose the class and say why); a class other than the sections' needs a reason."""
        found = cases.classify_punishment(v.get("act", ""), v.get("sections", ""))
        chosen, reason = v.get("punishment_class"), (v.get("punishment_reason") or "").strip()
        if chosen is None and not found.known and not found.empty:
            raise UserError(found.reason(), field="punishment_class")
        if chosen is not None and not reason and not found.empty and chosen != found.punishment_class:
            raise UserError(_("The sections give: {reason}. To set another class, say why.").format(
                reason=found.reason()), field="punishment_reason")

    def _show_computed_class(self) -> None:
        """The first choice of the class list says what the sections give (or what stops it)."""
        found = cases.classify_punishment(self.act.currentText(), self.sections.text())
        text = (_("Work it out from the act and sections") if found.empty
                else _("From the sections: {reason}").format(reason=found.reason()))
        self.punishment.setItemText(0, text)
        self.punishment.setItemData(0, text, Qt.ItemDataRole.ToolTipRole)

    def _recheck_law(self) -> None:
        self._show_computed_class()
        if self.form.fields["act"].visible and self.act.currentText().strip():
            values = {}
            for key in ("kind", "registered_at", "offence_date", "act", "sections"):
                ok, value = self.form.validate_field(key)
                if not ok:
                    return
                values[key] = value
            try:
                self._check_together(values)
            except UserError as exc:
                self.form.show_error(exc)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for key in ("offence_date", "act", "sections"):
            self.form.set_field_visible(key, kind in LAW_KINDS)
        for key in FIR_ONLY:
            self.form.set_field_visible(key, kind == "fir")
        self._label_number()
        self.setWindowTitle(_("Register: {kind}").format(kind=self.kind.currentText()))

    def _label_number(self) -> None:
        if self.kind.currentData() == "fir":
            self.labels["number"].setText(_("FIR &number"))
            self.number.setPlaceholderText(_("as in CCTNS, e.g. 123"))
        else:
            self.labels["number"].setText(_("&Number"))
            self.number.setPlaceholderText(_("empty: the next number"))

    def retranslate(self) -> None:
        super().retranslate()
        kind = self.kind.currentData() or "fir"
        self.kind.blockSignals(True)
        self.kind.clear()
        for code, label in catalogue.CASE_KINDS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.blockSignals(False)
        io = self.io.currentData()
        self.io.clear()
        self.io.addItem(_("— not yet assigned —"), None)
        for p in self.io_people:
            self.io.addItem(person_label(p.name, p.rank), p.id)
        self.io.setCurrentIndex(max(0, self.io.findData(io)))
        pc = self.punishment.currentData()
        self.punishment.clear()
        self.punishment.addItem(_("Work it out from the act and sections"), None)
        for code, label in cases.PUNISHMENT_CLASSES.items():
            self.punishment.addItem(_(label), code)
        self.punishment.setCurrentIndex(max(0, self.punishment.findData(pc)))
        self._show_computed_class()
        self.punishment_reason.setPlaceholderText(_("needed when the class differs from the sections' or a section is "
                                                    "not known"))
        texts = {
            "kind": _("&Kind"), "year": _("&Year"), "registered_at": _("&Registered at"),
            "offence_date": _("Date of o&ffence"), "act": _("&Act"), "sections": _("Sec&tions"),
            "io": _("&IO (investigating officer)"), "sensitive": _("Sensiti&ve"),
            "punishment_class": _("&Punishment class"), "punishment_reason": _("Reason for the c&lass"),
            "description": _("&Description"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self._label_number()
        self.sensitive.setText(_("Sexual offence, POCSO, terrorism…: not uploaded to the website"))
        self.sections.setPlaceholderText(_("e.g. 303(2), 317(2)"))
        self.act.lineEdit().setPlaceholderText(_("BNS for offences from 1 July 2024, IPC before"))
        self.setWindowTitle(_("Register: {kind}").format(kind=self.kind.currentText()))

    # --- saving (worker thread) -----------------------------------------------------------
    def save(self, db, actor, v: dict):
        kind = v["kind"]
        return cases.add_case(
            db, kind, registered_at=v["registered_at"], number=v["number"], year=v["year"],
            offence_date=v.get("offence_date"), act=v.get("act", ""), sections=v.get("sections", ""),
            io_person_id=v.get("io"), sensitive=bool(v.get("sensitive", False)),
            punishment_class=v.get("punishment_class"), description=v["description"],
            punishment_reason=v.get("punishment_reason") or None, actor=actor)
