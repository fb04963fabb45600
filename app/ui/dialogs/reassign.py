"""Give the chosen open entries to another person (or back to nobody), with the reason — from the pending list.

The person must hold the entries' role today or from a later date; giving them outside the role (a cover while
the holder is on leave) is said on purpose with the tick. ``obligations.reassign``: audited, all or nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox

from app.i18n import _, ngettext
from app.services import obligations
from app.ui.changes import Changes
from app.ui.dialogs.corrections import reason_box, reason_value
from app.ui.dialogs.sign_in import combo_value
from app.ui.widgets.validated_form import FormDialog

NOBODY = -1


class ReassignDialog(FormDialog):
    """``people`` are (id, name) of the active persons on the staff list."""

    changes = Changes(obligations=True)

    def __init__(self, ctx, ids: list[int], people: list[tuple[int, str]], *, summary: str = "", parent=None):
        self.ids = list(ids)
        self.people = list(people)
        self.summary = summary
        super().__init__(ctx, parent)
        self.setMinimumWidth(540)
        self.person.setFocus()

    def build(self) -> None:
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.outside = QCheckBox()
        self.reason = reason_box()
        f = self.form
        self.person_label = f.add_field("person", self.person, lambda: combo_value(self.person, NOBODY))
        self.outside_label = f.add_field("outside", self.outside, self.outside.isChecked)
        self.reason_label = f.add_field("reason", self.reason, lambda: reason_value(self.reason))

    def retranslate(self) -> None:
        super().retranslate()
        n = len(self.ids)
        self.setWindowTitle(_("Give entries to another person"))
        intro = ngettext("{n} open entry goes to the person chosen below.",
                         "{n} open entries go to the person chosen below.", n).format(n=n)
        if self.summary:
            intro = "{}\n{}".format(self.summary, intro)
        self.intro.setText(intro)
        self.intro.show()
        current = combo_value(self.person, None)
        self.person.clear()
        for pid, name in self.people:
            self.person.addItem(name, pid)
        self.person.addItem(_("nobody: back to the role's unassigned list"), NOBODY)
        if current is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(current)))
        self.person_label.setText(_("&Give to"))
        self.outside_label.setText("")
        self.outside.setText(_("Outside his role, on purpose (a &cover while the holder is away)"))
        self.reason_label.setText(_("&Reason (kept in the audit trail)"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("Gi&ve"))

    def save(self, db, actor, v: dict) -> int:  # on the worker thread
        person = None if v["person"] == NOBODY else v["person"]
        return obligations.reassign(db, self.ids, person, actor=actor, outside_role=bool(v["outside"]),
                                    reason=v["reason"])
