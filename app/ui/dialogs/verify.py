"""The SHO verifies entries made in CAS (duty A-2): one or many at once."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from app.i18n import _, ngettext
from app.services import obligations
from app.services.core.errors import UserError
from app.ui.changes import Changes
from app.ui.widgets.validated_form import FormDialog


class VerifyDialog(FormDialog):
    """``shos`` are (id, name) of the people holding the SHO's role today."""

    changes = Changes(obligations=True)

    def __init__(self, ctx, ids: list[int], shos: list[tuple[int, str]], *, default_person_id: int | None = None,
                 parent=None):
        self.ids = list(ids)
        self.shos = list(shos)
        self.default_person_id = default_person_id
        super().__init__(ctx, parent)
        self.setMinimumWidth(480)

    def build(self) -> None:
        self.by = QComboBox()
        for pid, name in self.shos:
            self.by.addItem(name, pid)
        i = self.by.findData(self.default_person_id)
        self.by.setCurrentIndex(max(0, i))
        self.by_label = self.form.add_field("by", self.by, self._by_value)

    def _by_value(self):
        if self.by.currentData() is None:
            raise UserError(_("Nobody holds the SHO's role today; assign it on the staff page first."))
        return self.by.currentData()

    def retranslate(self) -> None:
        super().retranslate()
        n = len(self.ids)
        self.setWindowTitle(_("Verify entries"))
        self.intro.setText(ngettext(
            "The SHO confirms that {n} entry made in CAS is correct (duty A-2).",
            "The SHO confirms that {n} entries made in CAS are correct (duty A-2).", n).format(n=n))
        self.intro.show()
        self.by_label.setText(_("Verified &by"))
        self.buttons.button(self.buttons.StandardButton.Save).setText(_("&Verify"))

    def save(self, db, actor, values: dict) -> int:  # on the worker thread
        return obligations.verify(db, self.ids, by_person_id=values["by"], actor=actor)
