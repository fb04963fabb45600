"""The obligation table's columns: their numbers, titles, item roles and how a row reads in each cell.

Column numbers are named constants (Vorta's ``archive_table_model``); ``SORT_ROLE`` gives a comparable
value per cell, ``ID_ROLE`` the obligation id, ``ROW_ROLE`` the row itself. The functions here turn an
``ObligationRow`` into the texts, tooltips and sort values the model (``obligation_table``) hands to views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.i18n import N_, _, bilingual, ngettext
from app.services.core import clock
from app.services.core.formatting import digits, format_date, format_time

COL_STATE = 0  # overdue / due soon, in words and with an icon (reads in grey print too)
COL_DUE = 1
COL_CODE = 2
COL_DUTY = 3
COL_FORM = 4
COL_ROLE = 5
COL_PERSON = 6
COL_CASE = 7
COL_STATUS = 8
COL_CAS_REF = 9
COLUMN_COUNT = 10

COLUMN_TITLES = {
    COL_STATE: N_("State"),
    COL_DUE: N_("Due"),
    COL_CODE: N_("Duty"),
    COL_DUTY: N_("Entry owed"),
    COL_FORM: N_("Form"),
    COL_ROLE: N_("Role"),
    COL_PERSON: N_("Person"),
    COL_CASE: N_("Case"),
    COL_STATUS: N_("Status"),
    COL_CAS_REF: N_("CAS reference"),
}

STATUS_LABELS = {
    "pending": N_("Pending"),
    "entered": N_("Entered"),
    "verified": N_("Verified"),
    "na": N_("Not applicable"),
    "missed": N_("Missed"),
}

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the ObligationRow itself (None while not loaded or on error)

OVERDUE_COLOUR = QColor(160, 20, 20)
DUE_SOON_COLOUR = QColor(150, 90, 0)


def code_key(code: str) -> tuple[str, int]:
    letter, _sep, number = (code or "").partition("-")
    return (letter, int(number) if number.isdigit() else 0)


def due_text(due_at: dt.datetime | None, lang: str | None = None) -> str:
    if due_at is None:
        return ""
    return "{} {}".format(format_date(due_at, lang, style="numeric"), format_time(due_at, lang))


def state_text(o: Any) -> str:
    if o.status != "pending":
        return ""
    if o.overdue:
        days = max(0, (clock.now() - o.due_at).days) if o.due_at else 0
        if days == 0:
            return _("Overdue")
        return ngettext("Overdue {days} day", "Overdue {days} days", days).format(days=digits(str(days)))
    if o.due_soon:
        return _("Due soon")
    return ""


def cell_texts(o: Any, lang: str, role_names: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """The display text of every column for one row, in ``lang``."""
    texts = [""] * COLUMN_COUNT
    texts[COL_STATE] = state_text(o)
    texts[COL_DUE] = due_text(o.due_at, lang)
    texts[COL_CODE] = o.duty_code
    texts[COL_DUTY] = bilingual(o.duty_name_hi, o.duty_name_en, lang)
    texts[COL_FORM] = o.form or ""
    hi_en = role_names.get(o.role)
    texts[COL_ROLE] = bilingual(hi_en[0], hi_en[1], lang) if hi_en else o.role
    texts[COL_PERSON] = o.person if o.person_id is not None and o.person else _("Unassigned")
    texts[COL_CASE] = case_text(o)
    texts[COL_STATUS] = _(STATUS_LABELS.get(o.status, o.status))
    texts[COL_CAS_REF] = o.cas_ref or ""
    return tuple(texts)


def case_text(o: Any) -> str:
    """The row's case label in the current language (not the one it was read in: a language switch does not
    read the rows again)."""
    label = o.case_label
    return label.render(_) if hasattr(label, "render") else (label or "")


def basis_text(o: Any, lang: str | None = None) -> str:
    """Why the entry is due when it is, in ``lang`` (the row keeps both languages)."""
    if hasattr(o, "basis_en"):
        return bilingual(o.basis_hi or o.basis, o.basis_en or o.basis, lang)
    return o.basis


def cell_tooltip(o: Any, col: int) -> str:
    """A cell's own tooltip ("" when the cell's text is tooltip enough)."""
    basis = basis_text(o) if col == COL_DUE else ""
    if basis:
        return _("Due date: {basis}").format(basis=basis)
    if col == COL_DUTY:
        return "{} — {}\n{}".format(o.duty_code, o.duty_name_hi, o.duty_name_en)
    if col == COL_PERSON and o.person_id is None:
        return _("Nobody holds this role: assign it on the staff page.")
    if col == COL_STATE and o.status == "pending" and o.overdue:
        return _("The due date has passed and the entry is not yet made in CAS.")
    return ""


def sort_value(o: Any, col: int, texts: Callable[[], tuple[str, ...]]):
    """A comparable value for the cell; ``texts()`` gives the row's cell texts (asked for text columns only)."""
    if col == COL_STATE:
        return 0 if (o.status == "pending" and o.overdue) else 1 if (o.status == "pending" and o.due_soon) else 2
    if col == COL_DUE:
        return o.due_at or dt.datetime.max
    if col == COL_CODE:
        return code_key(o.duty_code)
    return texts()[col].casefold()
