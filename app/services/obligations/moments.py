"""What "as of" and "due soon" mean for every list, count and document of owed entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.core import clock
from app.services.core.settings import get_int, put_setting
from app.services.core.errors import UserError
from app.services.storage import Database

DEFAULT_DUE_SOON_DAYS = 2
MAX_DUE_SOON_DAYS = 60
DUE_SOON_SETTING = "due_soon_days"


def as_of_moment(as_of: dt.datetime | dt.date | None) -> dt.datetime:
    """A date means the end of that day; nothing means now."""
    if as_of is None:
        return clock.now()
    if isinstance(as_of, dt.datetime):
        return as_of
    return dt.datetime.combine(as_of, dt.time(23, 59, 59))


def due_soon_days(session: Session | Connection) -> int:
    """The stored window, or the default when it is missing or unreadable."""
    return get_int(session, DUE_SOON_SETTING, DEFAULT_DUE_SOON_DAYS, 0, MAX_DUE_SOON_DAYS)


def set_due_soon_days(db: Database, days: int, actor: Actor = SYSTEM) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DUE_SOON_DAYS:
        raise UserError(_("The 'due soon' window must be between 0 and 60 days."))
    with db.session() as s:
        authorize(s, actor, "rules.edit")
        before = put_setting(s, DUE_SOON_SETTING, days)
        audit.record(s, actor, "setting.update", "setting", DUE_SOON_SETTING, before=before, after=str(days))
    return days
