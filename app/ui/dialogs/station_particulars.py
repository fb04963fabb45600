"""The station's office particulars for its letters: the letterhead, the station and district in each language,
the offices a letter goes to (SP, Nodal Officer CCTNS, Circle Officer), the signatory's title, copies, phone and
e-mail. One row per particular, Hindi beside English; an empty field goes back to the default (shown greyed)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services import station
from app.services.core.errors import UserError
from app.ui.operations import Op, Query
from app.ui.widgets.validated_form import ERROR_STYLE

# (row label, Hindi key, English key); phone and e-mail have one key each
ROWS = (
    (N_("Letterhead (office)"), "office_hi", "office_en"),
    (N_("Station name"), "station_hi", "station_en"),
    (N_("District"), "district_hi", "district_en"),
    (N_("Superintendent of Police"), "sp_hi", "sp_en"),
    (N_("Nodal Officer CCTNS"), "nodal_hi", "nodal_en"),
    (N_("Circle Officer (through)"), "co_hi", "co_en"),
    (N_("Title under the signature"), "signatory_hi", "signatory_en"),
    (N_("Copy to (separate with ;)"), "copy_hi", "copy_en"),
    (N_("Telephone (CUG)"), "phone", None),
    (N_("E-mail"), "email", None),
)


class StationParticularsDialog(QDialog):
    """Edit the particulars; ``load`` reads them on the worker, Save stores the changed ones (all or none)."""

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.edits: dict[str, QLineEdit] = {}
        self.row_labels: list[QLabel] = []
        self.loaded: dict[str, str] = {}
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setObjectName("formError")
        self.error.hide()
        grid = QGridLayout()
        self.hi_head, self.en_head = QLabel(), QLabel()
        grid.addWidget(self.hi_head, 0, 1)
        grid.addWidget(self.en_head, 0, 2)
        for r, (_label, hi_key, en_key) in enumerate(ROWS, start=1):
            label = QLabel()
            self.row_labels.append(label)
            grid.addWidget(label, r, 0)
            for c, key in ((1, hi_key), (2, en_key)):
                if key is None:
                    continue
                edit = QLineEdit()
                edit.setObjectName(key)
                edit.setMinimumWidth(260)
                self.edits[key] = edit
                grid.addWidget(edit, r, c)
            label.setBuddy(self.edits[hi_key])
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.error)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Station particulars for letters"))
        self.help.setText(_("These lines head the compliance report and name the offices it goes to. "
                            "Leave a field empty to use the default shown in grey."))
        self.hi_head.setText(_("Hindi"))
        self.en_head.setText(_("English"))
        for label, (text, _hi, _en) in zip(self.row_labels, ROWS):
            label.setText(_(text))  # i18n: marked (ROWS holds N_() strings)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    # --- data -------------------------------------------------------------------------------------
    def load(self) -> None:
        Query(self, station.office_particulars).success(self.show_particulars).run()

    def show_particulars(self, info) -> None:
        """Fill the fields: a set particular as text, a default as the grey placeholder."""
        self.loaded = {k: (v if k in info.set_keys else "") for k, v in info.values.items()}
        for key, edit in self.edits.items():
            edit.setText(self.loaded.get(key, ""))
            edit.setPlaceholderText(info.values.get(key, "") if key not in info.set_keys else "")

    def changes(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items() if e.text().strip() != self.loaded.get(k, "").strip()}

    def submit(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        try:
            station.check_office_changes(changes)
        except UserError as exc:
            self.show_error(exc.message)
            return
        self.buttons.setEnabled(False)
        Op(self, lambda db, actor: station.set_office_particulars(db, changes, actor=actor),
           label=_("Saving…")).success(self._saved).failure(self._failed).run()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _saved(self, _info) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.show_error(exc.message if isinstance(exc, UserError) else
                        _("The change could not be saved: {error}").format(error=exc))
