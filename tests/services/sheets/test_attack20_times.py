"""Attack on issue 20: a register's time of registration (and of an event) is kept, not dropped to midnight:
an FIR's 24-hour clock starts when it was registered."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.sheets import Profile, SheetError, Table, map_table
from app.services.sheets.dates import parse_moment


@pytest.mark.parametrize("value, expected", [
    ("01/12/2026 22:30", dt.datetime(2026, 12, 1, 22, 30)),
    ("01/12/26 10:30 PM", dt.datetime(2026, 12, 1, 22, 30)),
    ("१२/०१/२०२६ ०९:१५", dt.datetime(2026, 1, 12, 9, 15)),
    ("2026-12-01T10:00:00+05:30", dt.datetime(2026, 12, 1, 10, 0)),
    (dt.datetime(2026, 12, 1, 22, 30), dt.datetime(2026, 12, 1, 22, 30)),
    (46357.9375, dt.datetime(2026, 12, 1, 22, 30)),
    ("01/12/2026", dt.date(2026, 12, 1)),
    ("01/12/2026 00:00", dt.date(2026, 12, 1)),
    (dt.datetime(2026, 12, 1), dt.date(2026, 12, 1)),
    (46357, dt.date(2026, 12, 1)),
    (20261201, dt.date(2026, 12, 1)),
])
def test_parse_moment_keeps_a_time_of_day(value, expected):
    got = parse_moment(value, "DD/MM/YYYY")
    assert got == expected and type(got) is type(expected)


def test_a_time_that_is_not_a_time_is_refused():
    with pytest.raises(SheetError):
        parse_moment("01/12/2026 25:99", "DD/MM/YYYY")


def test_registration_and_event_times_are_kept_the_offence_date_stays_a_date():
    cases = Table("csv", None, (), [["FIR No.", "Registration Date/Time", "Date of offence"],
                                    ["5/2026", "01/12/2026 22:30", "30/11/2026 21:00"]])
    values = map_table(cases, Profile(name="", kind="cases")).rows[0].values
    assert values["registered_on"] == dt.datetime(2026, 12, 1, 22, 30)
    assert values["occurred_on"] == dt.date(2026, 11, 30)
    events = Table("csv", None, (), [["FIR No.", "Event", "Date"], ["5/2026", "Arrest", "02/12/2026 15:45"]])
    assert map_table(events, Profile(name="", kind="events")).rows[0].values["event_date"] == \
        dt.datetime(2026, 12, 2, 15, 45)
