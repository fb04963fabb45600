"""Backup settings: how many copies to keep, how often, and a second destination (USB drive/folder)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services import storage
from app.services.storage import LIMITS
from app.ui.changes import Changes
from app.ui.operations import Op


class BackupSettingsDialog(QDialog):
    def __init__(self, ctx, current, parent: QWidget | None = None):
        """``current``: the settings as read on the worker (``storage.load_settings``) by whoever opens this."""
        super().__init__(parent)
        self.ctx = ctx
        self.spins: dict[str, QSpinBox] = {}
        self.tiers = QGroupBox()
        tiers = QFormLayout(self.tiers)
        self.auto = QGroupBox()
        auto = QFormLayout(self.auto)
        self.second = QGroupBox()
        second = QFormLayout(self.second)
        self.labels: dict[str, QLabel] = {}
        for key, form in (("keep_all_hours", tiers), ("daily", tiers), ("weekly", tiers), ("monthly", tiers),
                          ("interval_minutes", auto), ("second_every_hours", second), ("second_keep", second)):
            spin = QSpinBox()
            low, high = LIMITS[key]
            spin.setRange(low, high)
            spin.setValue(getattr(current, key))
            spin.setMinimumWidth(90)
            self.spins[key] = spin
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], spin)
        self.on_close = QCheckBox()
        self.on_close.setChecked(current.on_close)
        auto.addRow(self.on_close)
        self.dir_edit = QLineEdit(current.second_dir)
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.dir_edit, 1)
        row.addWidget(self.browse)
        self.dir_label = QLabel()
        second.insertRow(0, self.dir_label, row)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.tiers)
        layout.addWidget(self.auto)
        layout.addWidget(self.second)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backup settings"))
        self.help.setText(_("Every backup is checked after it is written. Old copies are removed by these rules, "
                            "but never the newest good one."))
        self.tiers.setTitle(_("Copies to keep"))
        self.auto.setTitle(_("Automatic backups"))
        self.second.setTitle(_("Second destination (USB drive or another folder)"))
        for key, text in storage.setting_labels().items():
            self.labels[key].setText(text)
        self.on_close.setText(_("Back up when the app closes"))
        self.dir_label.setText(_("Folder"))
        self.browse.setText(_("Choose…"))
        self.dir_edit.setPlaceholderText(_("none: only the backups folder on this PC"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the USB drive or folder"), self.dir_edit.text())
        if folder:
            self.dir_edit.setText(folder)

    def values(self) -> dict:
        data = {key: spin.value() for key, spin in self.spins.items()}
        data["on_close"] = self.on_close.isChecked()
        data["second_dir"] = self.dir_edit.text()
        return data

    def _save(self) -> None:
        values = self.values()

        def save(db, _actor):
            settings = storage.validated(**values)  # refused values: a message, nothing written
            storage.save_settings(db.storage.path, settings)
            return settings

        Op(self, save, changes=Changes(backup=True)).success(lambda _settings: self.accept()).failure(
            self._refused).run()

    def _refused(self, exc) -> None:
        QMessageBox.warning(self, _("Backup settings"), getattr(exc, "message", str(exc)))
