"""Summons and warrants with the court's appearance date: the date is checked and kept in the event's details
(``--appearance DATE``); the entries' due times follow it through ``obligations.apply_appearance``."""

from __future__ import annotations

import datetime as dt

from app.i18n import _
from app.services.core.errors import UserError
from app.services.core.validate import parse_date
from app.services.core.formatting import as_typed

SUMMONS = "summons"


def normalize_appearance(kind: str, details: dict | None, when: dt.datetime) -> dict | None:
    """Check the appearance date of a summons (a date not before the process was received); store it as ISO."""
    if not details or details.get("appearance") in (None, ""):
        return details
    if kind != SUMMONS:
        raise UserError(_("An appearance date belongs to a summons or warrant only."))
    day = parse_date(details["appearance"], _("Appearance date"))
    if day < when.date():
        raise UserError(_("The appearance date {day} is before the summons was received ({received}).").format(
            day=as_typed(day), received=as_typed(when)))
    return {**details, "appearance": day.isoformat()}
