"""What "as of" and "due soon" mean for every list, count and document of owed entries.

"As of day D" is one moment for every list, count and document: the END of day D, its last instant
(D 23:59:59.999999; ``as_of_moment``). At that moment:

- what happened at or before it had happened: an entry arose if its anchor (the FIR's registration,
  the event, the end of a recurring period) is at or before it — a case registered after D did not
  exist yet;
- an entry was still owed unless it had been closed at or before it — entered in CAS, marked not
  applicable, or a recurring period gone by (``missed``, at its due time); an entry made after D was
  still pending on D (``history.open_at``);
- an entry was overdue if its due time was before it — so an entry due at 23:59:59 of D (a daily
  duty) is overdue at the end of D, everywhere.

"As of today" is the present, the live state, for every reader: what is owed now — the current period
of a recurring duty too, which arises at its end (later today, or at the end of the week) but is owed
from its start — overdue if due before now. A day after today is refused (``check_not_future``): what
will be owed then is not known. (Internally a moment after the present is the present.)"""

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
from app.services.core.formatting import as_typed

DEFAULT_DUE_SOON_DAYS = 2
MAX_DUE_SOON_DAYS = 60
DUE_SOON_SETTING = "due_soon_days"


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day``: what "as of ``day``" means (see the module's text)."""
    return dt.datetime.combine(day, dt.time.max)


def as_of_moment(as_of: dt.datetime | dt.date | None) -> dt.datetime:
    """A date means the end of that day (``end_of_day``); nothing, or a moment after the present, means now."""
    now = clock.now()
    if as_of is None:
        return now
    moment = as_of if isinstance(as_of, dt.datetime) else end_of_day(as_of)
    return min(moment, now)


def check_not_future(as_of: dt.datetime | dt.date | None) -> None:
    """Refuse an "as of" on a day after today: its state is not known yet."""
    if as_of is None:
        return
    day = as_of.date() if isinstance(as_of, dt.datetime) else as_of
    if day > clock.today():
        raise UserError(_("The as-of date {date} is in the future: what will be owed then is not known yet. "
                          "Give today or an earlier day.").format(date=as_typed(day)))


def is_past(as_of: dt.datetime | dt.date | None) -> bool:
    """Whether "as of" names a moment before the present (its state must be reconstructed) rather than now."""
    if as_of is None:
        return False
    moment = as_of if isinstance(as_of, dt.datetime) else end_of_day(as_of)
    return moment < clock.now()


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
