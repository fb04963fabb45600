"""Mark one or many pending entries as made in CAS: the CAS reference, when, and by whom."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from app.i18n import _, ngettext
from app.services.core import clock
from app.services import obligations
from app.services.core.validate import clean_text
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class MarkEnteredDialog(FormDialog):
    """``people`` are (id, name) pairs; ``default_person_id`` is preselected (the signed-in person)."""

    changes = Changes(obligations=True)

    def __init__(self, ctx, ids: list[int], people: list[tuple[int, str]], *, default_person_id: int | None = None,
                 summary: str = "", parent=None):
        self.ids = list(ids)
        self.people = list(people)
        self.default_person_id = default_person_id
        self.summary = summary
        super().__init__(ctx, parent)
        self.setMinimumWidth(520)

    def build(self) -> None:
        self.cas_ref = QLineEdit()
        self.cas_ref.setObjectName("casRef")
        self.at = DateEdit(with_time=True, required=False)
        self.at.set_value(clock.now())
        self.by = QComboBox()
        self.by.addItem("", None)
        for pid, name in self.people:
            self.by.addItem(name, pid)
        i = self.by.findData(self.default_person_id)
        self.by.setCurrentIndex(max(0, i))
        self.cas_ref_label = self.form.add_field(
            "cas_ref", self.cas_ref, lambda: clean_text(self.cas_ref.text(), _("CAS reference"), required=True, max_len=80))
        self.at_label = self.form.add_field("at", self.at, lambda: self.at.value(_("Entered at")))
        self.by_label = self.form.add_field("by", self.by, lambda: self.by.currentData())

    def retranslate(self) -> None:
        super().retranslate()
        n = len(self.ids)
        self.setWindowTitle(_("Mark entered in CAS"))
        text = ngettext("Mark {n} entry as made in CAS.", "Mark {n} entries as made in CAS.", n).format(n=n)
        if self.summary:
            text = "{}\n{}".format(text, self.summary)
        self.intro.setText(text)
        self.intro.show()
        self.cas_ref_label.setText(_("CAS &reference"))
        self.cas_ref.setPlaceholderText(_("The number or ID CAS gave the entry"))
        self.at_label.setText(_("Entered &at"))
        self.by_label.setText(_("Entered &by"))
        self.by.setItemText(0, _("(not recorded)"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Mark entered"))

    def save(self, db, actor, values: dict) -> int:  # on the worker thread
        return obligations.mark_entered(db, self.ids, values["cas_ref"], by_person_id=values["by"],
                                        at=values["at"], actor=actor)
