"""The one place that reads the PC's clock, so tests and the demo can pin 'now'."""

from __future__ import annotations

import datetime as dt

_fixed: dt.datetime | None = None


def now() -> dt.datetime:
    """Local wall-clock time (the station's time), naive, to the second."""
    return (_fixed or dt.datetime.now()).replace(microsecond=0)


def utcnow() -> dt.datetime:
    if _fixed is not None:
        return (_fixed - (dt.datetime.now() - dt.datetime.utcnow())).replace(microsecond=0)
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    return now().date()


def pin(moment: dt.datetime | None) -> None:
    """Fix 'now' (tests, the demo builder); ``None`` returns to the real clock."""
    global _fixed
    _fixed = moment


# Two times the station writes down for the same moment may come from two clocks: the GD or CAS PC that
# stamped the event and this PC (old PCs drift, or lose their date with the CMOS battery and are set again by
# hand). A few minutes either way is that difference, not a wrong date; anything more is refused where an order
# of times is checked (an event before its case, an entry made in CAS before what it records).
CLOCK_SLACK = dt.timedelta(minutes=15)
