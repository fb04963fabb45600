"""Mark one pending entry as not applicable, with the reason (kept, audited, never deleted)."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from app.i18n import _
from app.services import obligations
from app.services.core.validate import clean_text
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class NotApplicableDialog(FormDialog):
    changes = Changes(obligations=True)

    def __init__(self, ctx, obligation_id: int, summary: str = "", parent=None):
        self.obligation_id = obligation_id
        self.summary = summary
        super().__init__(ctx, parent)
        self.setMinimumWidth(520)

    def build(self) -> None:
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        self.reason_label = self.form.add_field(
            "reason", self.reason,
            lambda: clean_text(self.reason.toPlainText(), _("Reason"), required=True, max_len=500))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Not applicable"))
        intro = _("This entry will leave the pending list. The reason is kept with it and in the audit trail.")
        if self.summary:
            intro = "{}\n{}".format(self.summary, intro)
        self.intro.setText(intro)
        self.intro.show()
        self.reason_label.setText(_("&Reason"))
        self.reason.setPlaceholderText(_("Why CAS needs no entry here, e.g. the FIR was transferred to another station."))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Mark &not applicable"))

    def save(self, db, actor, values: dict) -> None:  # on the worker thread
        obligations.mark_na(db, self.obligation_id, values["reason"], actor=actor)
