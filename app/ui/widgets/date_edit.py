"""Date (and date-time) entry as stations write it: DD.MM.YYYY [HH:MM], parsed by the services' validators.

A plain line edit is faster to type into than a spin-box date editor and accepts every form the
services accept (``validate.parse_date`` / ``parse_datetime``). Up/Down step one day (Shift: one
hour for a date-time); the text is always re-shown in one normal form after editing.
"""

from __future__ import annotations

import datetime as dt
import weakref

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from app.i18n import _, on_language_changed, remove_language_listener
from app.services.core import validate
from app.services.core.formatting import latin_digits

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"


class DateEdit(QLineEdit):
    """A date or a date with a time; ``value(label)`` returns it or raises ``UserError``."""

    def __init__(self, parent: QWidget | None = None, *, with_time: bool = False, required: bool = True):
        super().__init__(parent)
        self.with_time = with_time
        self.required = required
        self.editingFinished.connect(self._normalise)
        self.retranslate()
        self._follow_language()

    def _follow_language(self) -> None:
        """Re-set the hint texts on every language switch, wherever the field sits (no page has to)."""
        ref = weakref.WeakMethod(self.retranslate)

        def on_change(_code: str) -> None:
            method = ref()
            if method is not None:
                try:
                    method()
                except RuntimeError:  # the Qt side is already gone
                    pass

        on_language_changed(on_change)
        self.destroyed.connect(lambda *_a: remove_language_listener(on_change))

    def retranslate(self) -> None:
        if self.with_time:
            self.setPlaceholderText(_("DD.MM.YYYY HH:MM"))
            self.setToolTip(_("Date and time, e.g. 22.11.2026 14:30. Up/Down change the day, Shift+Up/Down the hour."))
        else:
            self.setPlaceholderText(_("DD.MM.YYYY"))
            self.setToolTip(_("Date, e.g. 22.11.2026. Up/Down change the day."))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00.00.0000 00:00") + 24)

    # --- value ----------------------------------------------------------------------------
    def value(self, label: str):
        """The date (or datetime) typed, or None when empty and not required; raises UserError."""
        text = latin_digits(self.text())  # a Hindi keyboard may type ०५.०१.२०२६
        if self.with_time:
            return validate.parse_datetime(text, label, required=self.required)
        return validate.parse_date(text, label, required=self.required)

    def set_value(self, value: dt.date | dt.datetime | None) -> None:
        if value is None:
            self.clear()
        elif self.with_time:
            if not isinstance(value, dt.datetime):
                value = dt.datetime.combine(value, dt.time())
            self.setText(value.strftime(DATETIME_FORMAT))
        else:
            if isinstance(value, dt.datetime):
                value = value.date()
            self.setText(value.strftime(DATE_FORMAT))

    def _try_value(self):
        try:
            return self.value("")
        except Exception:
            return None

    def _normalise(self) -> None:
        parsed = self._try_value()
        if parsed is not None:
            self.set_value(parsed)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            parsed = self._try_value()
            if parsed is not None:
                sign = 1 if key == Qt.Key.Key_Up else -1
                if self.with_time and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    step = dt.timedelta(hours=sign)
                else:
                    step = dt.timedelta(days=sign)
                self.set_value(parsed + step)
                self.editingFinished.emit()
                return
        super().keyPressEvent(event)
