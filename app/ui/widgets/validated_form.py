"""A form whose fields validate with the services' own validators and show the message beside the field.

Each field has a label (with a mnemonic), an input widget and an error line under it. A field's
validator reads its widget and returns the clean value or raises ``UserError`` (use the functions of
``app/services/validate.py``, the same the services use), so the message the user sees inline is the
message the service would give. ``values()`` validates everything, shows every problem and focuses
the first; ``show_error()`` puts a service's ``UserError`` beside its field (``UserError.field``) or
above the form when it names no field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services.core.errors import UserError
from app.ui.changes import NO_CHANGES, Changes
from app.ui.operations import Op

ERROR_STYLE = "color: #b00020;"
_MNEMONIC_SUFFIX = re.compile(r"\s*\(&[^)]\)")  # Hindi labels put the English mnemonic at the end: "नाम (&N)"


def plain_label(text: str) -> str:
    """A label without its mnemonic marker, to name the field in a message: "&Name" → "Name",
    "नाम (&N)" → "नाम"."""
    text = _MNEMONIC_SUFFIX.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
INVALID_STYLE = "border: 1px solid #b00020;"


@dataclass
class _Field:
    key: str
    label: QLabel
    widget: QWidget
    error: QLabel
    validator: Callable[[], Any]
    container: QWidget
    visible: bool = True


class ValidatedForm(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.hide()
        outer.addWidget(self.form_error)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(self.layout_)
        self.fields: dict[str, _Field] = {}
        self._checks: list[Callable[[dict], None]] = []

    # --- building -------------------------------------------------------------------------
    def add_field(self, key: str, widget: QWidget, validator: Callable[[], Any]) -> QLabel:
        """Add a row; returns its label (set its text, with a ``&`` mnemonic, in ``retranslate``)."""
        label = QLabel()
        label.setBuddy(widget)
        label.setWordWrap(True)
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.setObjectName(f"error_{key}")
        error.hide()
        container = QWidget()
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(3)
        box.addWidget(widget)
        box.addWidget(error)
        self.layout_.addRow(label, container)
        field = _Field(key, label, widget, error, validator, container)
        self.fields[key] = field
        self._watch(field)
        return label

    def add_check(self, check: Callable[[dict], None]) -> None:
        """A check over several values; raise ``UserError(msg, field=key)`` to flag one field."""
        self._checks.append(check)

    def set_field_visible(self, key: str, visible: bool) -> None:
        field = self.fields[key]
        field.visible = visible
        self.layout_.setRowVisible(field.container, visible)
        if not visible:
            self._set_error(field, None)

    def _watch(self, field: _Field) -> None:
        w = field.widget
        if isinstance(w, QLineEdit):
            w.editingFinished.connect(lambda f=field: self.validate_field(f.key))
            w.textEdited.connect(lambda _t, f=field: self._revalidate_if_shown(f))
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(lambda _i, f=field: self._revalidate_if_shown(f))
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(lambda f=field: self._revalidate_if_shown(f))
        elif isinstance(w, QAbstractButton):
            w.toggled.connect(lambda _c, f=field: self._revalidate_if_shown(f))

    # --- validating -----------------------------------------------------------------------
    def _revalidate_if_shown(self, field: _Field) -> None:
        if not field.error.isHidden():
            self.validate_field(field.key)

    def validate_field(self, key: str) -> tuple[bool, Any]:
        field = self.fields[key]
        if not field.visible:
            return True, None
        try:
            value = field.validator()
        except UserError as exc:
            self._set_error(field, exc.message)
            return False, None
        self._set_error(field, None)
        return True, value

    def values(self) -> dict[str, Any] | None:
        """Every visible field's clean value, or None after showing each problem beside its field."""
        self.clear_errors()
        result: dict[str, Any] = {}
        first_bad: _Field | None = None
        for key, field in self.fields.items():
            if not field.visible:
                continue
            ok, value = self.validate_field(key)
            if ok:
                result[key] = value
            elif first_bad is None:
                first_bad = field
        if first_bad is None:
            for check in self._checks:
                try:
                    check(result)
                except UserError as exc:
                    self.show_error(exc)
                    return None
        if first_bad is not None:
            first_bad.widget.setFocus()
            return None
        return result

    def show_error(self, exc: UserError | str, field: str | None = None) -> None:
        """Show a message beside its field (``field`` or ``exc.field``), else above the form."""
        message = exc if isinstance(exc, str) else exc.message
        key = field or (None if isinstance(exc, str) else exc.field)
        target = self.fields.get(key) if key else None
        if target is not None and target.visible:
            self._set_error(target, message)
            target.widget.setFocus()
        else:
            self.form_error.setText(message)
            self.form_error.show()
            self._grow_window()

    def _grow_window(self) -> None:
        """A message must not squeeze the fields: let the dialog grow (never shrink) to fit it."""
        window = self.window()
        if window is self or not window.isVisible():
            return
        window.layout().activate() if window.layout() is not None else None
        hint = window.sizeHint()
        if hint.height() > window.height():
            window.resize(window.width(), hint.height())

    def clear_errors(self) -> None:
        self.form_error.hide()
        self.form_error.clear()
        for field in self.fields.values():
            self._set_error(field, None)

    def error_text(self, key: str | None = None) -> str:
        """The message shown beside ``key`` (or above the form); empty when none (used by tests)."""
        if key is None:
            return self.form_error.text() if not self.form_error.isHidden() else ""
        err = self.fields[key].error
        return err.text() if not err.isHidden() else ""

    def _set_error(self, field: _Field, message: str | None) -> None:
        if message:
            field.error.setText(message)
            field.error.show()
            field.widget.setStyleSheet(f"{type(field.widget).__name__} {{ {INVALID_STYLE} }}")
            self._grow_window()
        else:
            field.error.clear()
            field.error.hide()
            field.widget.setStyleSheet("")


class FormDialog(QDialog):
    """A dialog around a ``ValidatedForm``: Enter saves, Esc cancels, the save runs on the worker.

    Subclasses build their fields in ``build()``, set texts in ``retranslate()`` and do the work in
    ``save(db, actor, values)`` (called on the worker thread through an ``Op``: services only, no widgets);
    ``changes`` says what a save changes (announced after ``saved``). A ``UserError`` from the service
    comes back beside its field or above the form, and the dialog stays open; nothing was written, as
    the services promise.
    """

    saved = Signal(object)
    changes: Changes = NO_CHANGES

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result_value = None
        self._busy = False
        self.form = ValidatedForm()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.setMinimumWidth(480)  # room for a message beside a field (Hindi runs long)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        self.build()
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()

    def build(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    # every form saves: on a read-only database it is refused before anything is typed (app/ui/readonly.py)
    def exec(self) -> int:
        from app.ui.readonly import refuse_if_readonly

        if refuse_if_readonly(self.ctx, self.parentWidget()):
            self.reject()
            return QDialog.DialogCode.Rejected.value
        return super().exec()

    def open(self) -> None:
        from app.ui.readonly import refuse_if_readonly

        if refuse_if_readonly(self.ctx, self.parentWidget()):
            self.reject()
            return
        super().open()

    def retranslate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def save(self, db, actor, values: dict):  # runs on the worker thread
        raise NotImplementedError

    def submit(self) -> None:
        if self._busy:
            return
        values = self.form.values()
        if values is None:
            return
        self._set_busy(True)
        Op(self, lambda db, actor: self.save(db, actor, values), changes=self.changes,
           label=_("Saving…")).success(self._done).failure(self._failed).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def _done(self, result) -> None:
        self._set_busy(False)
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, UserError):
            self.form.show_error(exc)
        else:
            self.form.show_error(_("The change could not be saved: {error}").format(error=exc))
