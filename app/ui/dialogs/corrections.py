"""Corrections from the case register, always with a reason (``app.services.cases``: ``edit_case``,
``void_case``, ``edit_event``, ``void_event``): the SHO corrects a case's registration, date of offence, act
or sections, or an event's time, or voids a case or an event recorded by mistake. Nothing is deleted; the
audit keeps the values before and after, and the open CAS entries follow (re-dated, or closed as voided).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from app.i18n import _, ngettext
from app.services import accounts, cases, staff
from app.services.cases import NeedsConfirmation
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.widgets.date_edit import DateEdit
from app.ui.widgets.validated_form import FormDialog

REASON_MAX = 500
CORRECTION_CHANGES = Changes(cases=True, obligations=True)


def reason_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName("reason")
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 16)
    return box


def reason_value(box: QPlainTextEdit) -> str:
    return clean_text(box.toPlainText(), _("Reason"), required=True, max_len=REASON_MAX)


def result_message(label: str, result) -> str:
    """What a correction did, in one line for the status bar."""
    parts = [_("{case} corrected.").format(case=label)]
    if result.redated:
        parts.append(ngettext("{n} open entry re-dated.", "{n} open entries re-dated.", len(result.redated))
                     .format(n=len(result.redated)))
    if result.closed:
        parts.append(ngettext("{n} open entry closed as voided.", "{n} open entries closed as voided.",
                              len(result.closed)).format(n=len(result.closed)))
    if result.kept:
        parts.append(ngettext("{n} entry already made in CAS is kept as it is: correct it in CAS too.",
                              "{n} entries already made in CAS are kept as they are: correct them in CAS too.",
                              len(result.kept)).format(n=len(result.kept)))
    parts += list(result.warnings)
    return " ".join(parts)


class _Correction(FormDialog):
    """A correction is the SHO's act. When someone else is signed in (the operator at his desk), the SHO types his
    own password in place (``accounts.confirm_person``): the correction is recorded as his, nobody signs out."""

    changes = CORRECTION_CHANGES
    sho: tuple[int, str] | None = None  # the SHO who confirms in place, when the one signed in is not him
    shos: list | None = None  # today's SHO holders (id, name), once loaded
    purpose = ""  # what the SHO confirms (the window title), a plain string the worker may read

    def _add_reason(self) -> None:
        self.reason = reason_box()
        self.reason_label = self.form.add_field("reason", self.reason, lambda: reason_value(self.reason))
        self.sho_password = QLineEdit()
        self.sho_password.setObjectName("shoPassword")
        self.sho_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sho_password.setMaxLength(200)
        self.sho_password_label = self.form.add_field("sho_password", self.sho_password, self.sho_password.text)
        self.form.set_field_visible("sho_password", False)
        if getattr(self.ctx, "account", None) is not None:
            Query(self, lambda db: [(p.id, p.name) for p in staff.list_persons(db) if "sho" in p.roles]).success(
                self._shos_loaded).run()

    def _shos_loaded(self, shos: list) -> None:
        self.shos = list(shos)
        if shos and self.ctx.actor.person_id not in [pid for pid, _name in shos]:
            self.sho = shos[0]
            self.form.set_field_visible("sho_password", True)
            self._retranslate_common()

    def actor_for_save(self, db, actor, v: dict):
        """On the worker: the SHO's actor when he confirmed in place, else the one signed in.

        When nobody holds the SHO's role today, or the SHO's name had not arrived yet when Save was pressed, it
        says what to do instead of the bare "not allowed" the service would give the operator."""
        if self.sho is not None and "sho_password" in v:
            return accounts.confirm_person(db, self.sho[0], v["sho_password"], purpose=self.purpose,
                                           at_window_of=actor)
        if getattr(self.ctx, "account", None) is not None and self.sho is None:
            shos = self.shos if self.shos is not None else [
                (p.id, p.name) for p in staff.list_persons(db) if "sho" in p.roles]
            if not shos:
                raise UserError(_("Nobody holds the SHO's role today. An administrator gives it on the Staff page "
                                  "(Give a role)."))
            if actor.person_id not in [pid for pid, _name in shos]:  # the field is shown as his name arrives
                raise UserError(_("{name} types his own password here.").format(name=shos[0][1]))
        return actor

    def _add_confirm(self) -> None:
        # an arrest or seizure left more than a few hours before the (new) registration is kept only when confirmed
        self.confirm = QCheckBox()
        self.confirm_label = self.form.add_field("confirm", self.confirm, self.confirm.isChecked)
        self.form.set_field_visible("confirm", False)

    def _retranslate_common(self) -> None:
        self.purpose = self.windowTitle()
        self.reason_label.setText(_("&Reason (kept in the audit trail)"))
        self.sho_password_label.setText(_("SHO {name}'s own &password").format(name=self.sho[1]) if self.sho
                                        else _("SHO's &password"))
        if hasattr(self, "confirm"):
            self.confirm_label.setText(_("C&onfirm"))
            self.confirm.setText(_("An arrest or seizure is then more than a few hours before the FIR: I confirm it"))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, NeedsConfirmation) and hasattr(self, "confirm"):
            self.form.set_field_visible("confirm", True)
            self._set_busy(False)
            self.form.show_error(exc.message, field="confirm")
            return
        if isinstance(exc, UserError) and exc.field == "password" and self.sho is not None:
            self._set_busy(False)  # the SHO's password (accounts.confirm_person): shown beside his field
            self.form.show_error(exc.message, field="sho_password")
        else:
            super()._failed(exc)
        self.sho_password.clear()


class CaseCorrectionDialog(_Correction):
    """Correct a case's registration time, date of offence, act or sections."""

    def __init__(self, ctx, case, parent=None):
        self.case = case
        super().__init__(ctx, parent)
        self.registered.set_value(case.registered_at)
        self.offence.set_value(case.offence_date)
        self.act.setText(case.act or "")
        self.sections.setText(case.sections or "")
        self.reason.setFocus()

    def build(self) -> None:
        self.setMinimumWidth(560)
        self.registered = DateEdit(with_time=True)
        self.offence = DateEdit(required=False)
        self.act = QLineEdit()
        self.sections = QLineEdit()
        f = self.form
        self.registered_label = f.add_field("registered_at", self.registered,
                                            lambda: self.registered.value(_("Registration date")))
        self.offence_label = f.add_field("offence_date", self.offence,
                                         lambda: self.offence.value(_("Date of offence")))
        self.act_label = f.add_field("act", self.act, lambda: clean_text(self.act.text(), _("Act"), max_len=40))
        self.sections_label = f.add_field("sections", self.sections,
                                          lambda: clean_text(self.sections.text(), _("Sections"), max_len=200))
        self._add_confirm()
        self._add_reason()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Correct {case}").format(case=self.case.label))
        self.intro.setText(_("Change what was recorded wrongly and say why. The open CAS entries of the case are "
                             "re-dated; entries already made in CAS stay as they are. The SHO corrects."))
        self.intro.show()
        self.registered_label.setText(_("Re&gistered"))
        self.offence_label.setText(_("Date of o&ffence"))
        self.act_label.setText(_("&Act"))
        self.sections_label.setText(_("&Sections"))
        self._retranslate_common()
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Save the &correction"))

    def save(self, db, actor, v: dict):  # on the worker thread
        c = self.case
        changed = {}
        if v["registered_at"] != c.registered_at:
            changed["registered_at"] = v["registered_at"]
        if v["offence_date"] is not None and v["offence_date"] != c.offence_date:
            changed["offence_date"] = v["offence_date"]
        if v["act"] != (c.act or ""):
            changed["act"] = v["act"]
        if v["sections"] != (c.sections or ""):
            changed["sections"] = v["sections"]
        return cases.edit_case(db, c.id, reason=v["reason"], confirm=bool(v.get("confirm")),
                               actor=self.actor_for_save(db, actor, v), **changed)


class EventCorrectionDialog(_Correction):
    """Correct when an event happened."""

    def __init__(self, ctx, case, event, event_name: str, parent=None):
        self.case, self.the_event, self.event_name = case, event, event_name
        super().__init__(ctx, parent)
        self.occurred.set_value(event.occurred_at)
        self.occurred.setFocus()
        self.occurred.selectAll()

    def build(self) -> None:
        self.setMinimumWidth(560)
        self.occurred = DateEdit(with_time=True)
        self.when_label = self.form.add_field("occurred_at", self.occurred, self._when_value)
        self._add_confirm()
        self.confirm.toggled.connect(lambda _c: self.form.validate_field("occurred_at"))
        self._add_reason()

    def _when_value(self):
        """The new date, said beside the field as it is typed when it falls before the case's registration or
        the offence (the service's own check; an arrest hours before the FIR shows the confirmation)."""
        when = self.occurred.value(_("Date of the event"))
        try:
            cases.check_event_moment(kind=self.the_event.kind, when=when, registered_at=self.case.registered_at,
                                     offence_date=self.case.offence_date, case_label=self.case.label,
                                     confirm=self.confirm.isChecked())
        except NeedsConfirmation as exc:
            self.form.set_field_visible("confirm", True)
            raise UserError(exc.message, field="occurred_at") from None
        except UserError as exc:
            raise UserError(exc.message, field="occurred_at") from None
        return when

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Correct an event of {case}").format(case=self.case.label))
        self.intro.setText(_("{event}: correct when it happened and say why. Its open CAS entries are re-dated.")
                           .format(event=self.event_name))
        self.intro.show()
        self.when_label.setText(_("&When"))
        self._retranslate_common()
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Save the &correction"))

    def save(self, db, actor, v: dict):
        return cases.edit_event(db, self.the_event.id, occurred_at=v["occurred_at"], reason=v["reason"],
                                confirm=bool(v.get("confirm")), actor=self.actor_for_save(db, actor, v))


class VoidDialog(_Correction):
    """Void a case (``event`` None) or one of its events, with the reason."""

    def __init__(self, ctx, case, event=None, event_name: str = "", parent=None):
        self.case, self.the_event, self.event_name = case, event, event_name
        super().__init__(ctx, parent)
        self.reason.setFocus()

    def build(self) -> None:
        self.setMinimumWidth(560)
        self._add_reason()

    def retranslate(self) -> None:
        super().retranslate()
        if self.the_event is None:
            self.setWindowTitle(_("Void {case}").format(case=self.case.label))
            self.intro.setText(_("Void {case} only if it was registered by mistake. Its open CAS entries are closed "
                                 "with your reason; the case stays in the register, marked voided, and takes no "
                                 "more events. Entries already made in CAS stay: correct them in CAS too.")
                               .format(case=self.case.label))
        else:
            self.setWindowTitle(_("Void an event of {case}").format(case=self.case.label))
            self.intro.setText(_("Void \"{event}\" only if it was recorded by mistake. Its open CAS entries are "
                                 "closed with your reason and the case's deadlines are worked out again without it. "
                                 "The event stays in the list, marked voided.").format(event=self.event_name))
        self.intro.show()
        self._retranslate_common()
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Void"))

    def save(self, db, actor, v: dict):
        actor = self.actor_for_save(db, actor, v)
        if self.the_event is None:
            return cases.void_case(db, self.case.id, reason=v["reason"], actor=actor)
        return cases.void_event(db, self.the_event.id, reason=v["reason"], actor=actor)
