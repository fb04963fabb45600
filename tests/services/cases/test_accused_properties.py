"""Property tests of the per-accused clocks, over random remands, bails and extensions:

- an accused's default-bail day is never later than 60 / 90 / 180 days (or the court's extension, at most
  one year) from his first remand, the remand day counting as day 1 (BNSS 187(3); NDPS 36A(4));
- the case's chargesheet entry (IIF-5) is due at the earliest default-bail day among the accused still in
  custody on it (among all remanded accused when none was), and for rape / POCSO never after two months
  from the information (BNSS 193(2)).

Each example is a new FIR on the same station database, so this runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from tests.pg_store import examples
from tests.services.cases.test_accused_clocks import c4, db_path, made, station  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

FIR_AT = dt.datetime(2025, 1, 6, 10)
NOW = FIR_AT + dt.timedelta(days=500)
PERIOD = {"lt10": 60, "ge10": 90, "sexual": 60, "ndps": 180}
SETTINGS = settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

step = st.one_of(
    st.tuples(st.just("remand"), st.integers(0, 2), st.sampled_from(("first-remand", "remand")), st.integers(0, 3000)),
    st.tuples(st.just("bail"), st.integers(0, 2), st.integers(0, 3000)),
    st.tuples(st.just("extend"), st.integers(0, 2), st.integers(150, 400)),
)


def last_moment(day: dt.date, days: int) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=days - 1), dt.time(23, 59, 59))


@SETTINGS
@given(pclass=st.sampled_from(sorted(PERIOD)), steps=st.lists(step, min_size=1, max_size=8))
def test_default_bail_days_never_late(station, pclass, steps):  # noqa: F811
    db, p = station
    clock.pin(NOW)
    case = cases.add_case(db, "fir", registered_at=FIR_AT, act="BNS", sections="303(2)", io_person_id=p["io"],
                          punishment_class=pclass, punishment_reason="the clock under test").case
    ids = [cases.add_accused(db, case.id, name)[0].id for name in ("A", "B", "C")]
    latest_start: dict[int, dt.datetime] = {}  # his latest remand: a bail ends custody only after it
    for s in steps:
        try:
            if s[0] == "remand":
                at = FIR_AT + dt.timedelta(hours=s[3])
                cases.add_event(db, case.id, s[2], occurred_at=at, accused=ids[s[1]])
                latest_start[ids[s[1]]] = max(at, latest_start.get(ids[s[1]], at))
            elif s[0] == "bail":
                cases.bail_accused(db, ids[s[1]], FIR_AT + dt.timedelta(hours=s[2]))
            else:
                info = cases.get_accused(db, ids[s[1]])
                cases.extend_period(db, ids[s[1]], s[2], ordered_on=(info.first_remand_at or FIR_AT).date())
        except UserError:
            pass  # refused input (a second first remand, bail before custody, an extension outside NDPS …)
        people = cases.list_accused(db, case.id)
        remanded = [a for a in people if a.first_remand_at is not None]
        for a in remanded:
            days = PERIOD[pclass] if not a.extended_days else a.extended_days
            assert pclass == "ndps" or not a.extended_days
            assert days <= 365
            assert a.first_remand_at <= a.default_bail_at <= last_moment(a.first_remand_at.date(), days)
            assert a.default_bail_at <= last_moment(a.first_remand_at.date(), 365)
        due = c4(db, case.id).due_at
        if not remanded:
            continue
        # in custody on his own day: no bail or release after his latest remand (a re-remand after bail puts him
        # back in custody) and up to that day
        custody = [a for a in remanded
                   if all(t is None or t > a.default_bail_at or t <= latest_start.get(a.id, FIR_AT)
                          for t in (a.bailed_at, a.released_at))]
        earliest = min(a.default_bail_at for a in (custody or remanded))
        if pclass == "sexual":
            assert due == min(earliest, dt.datetime(2025, 3, 6, 10))  # two months from the FIR (193(2))
        else:
            assert due == earliest
