"""Property: whatever dates a user types or corrects, no event recorded on a case is before its offence, and
none is before its registration except an arrest or seizure, by at most a week (``bounds``)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.models.cases import Case, Event
from app.services import cases
from app.services.core import clock
from app.services.core.errors import UserError
from tests.pg_store import examples
from tests.services.cases.station_for_dates import NOW, set_up

KINDS = ("arrest", "seizure", "surrender", "case-diary", "first-remand", "remand", "interrogation", "summons")
SETTINGS = settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

action = st.tuples(st.sampled_from(KINDS), st.integers(-400 * 24, 20 * 24), st.booleans())  # hours from the FIR


@SETTINGS
@given(fir_hours_ago=st.integers(1, 60 * 24), offence_days=st.none() | st.integers(0, 30),
       actions=st.lists(action, min_size=1, max_size=8), edit_offence=st.none() | st.integers(-5, 5),
       edits=st.lists(st.tuples(st.integers(0, 7), st.integers(-400 * 24, 20 * 24), st.booleans()), max_size=3),
       edit_registration=st.none() | st.integers(-10 * 24, 10 * 24))
def test_no_event_before_its_offence(db, fir_hours_ago, offence_days, actions, edit_offence, edits,
                                     edit_registration):
    if not hasattr(db, "_people"):
        db._people = set_up(db)
    clock.pin(NOW)
    registered = NOW - dt.timedelta(hours=fir_hours_ago)
    offence = registered.date() - dt.timedelta(days=offence_days) if offence_days is not None else None
    case_id = cases.add_case(db, "fir", registered_at=registered, offence_date=offence, act="BNS",
                             sections="303(2)").case.id
    for kind, hours, confirm in actions:
        try:
            cases.add_event(db, case_id, kind, occurred_at=registered + dt.timedelta(hours=hours), confirm=confirm)
        except UserError:
            pass
    if edit_offence is not None:
        try:
            cases.update_case(db, case_id, offence_date=registered.date() + dt.timedelta(days=edit_offence),
                              reason="as in the GD")
        except UserError:
            pass
    recorded = [e.id for e in cases.get_case(db, case_id).events]
    for which, hours, confirm in edits:  # corrections of an event's time (the SHO's)
        if recorded:
            try:
                cases.edit_event(db, recorded[which % len(recorded)], occurred_at=registered + dt.timedelta(hours=hours),
                                 reason="typed wrongly", confirm=confirm)
            except UserError:
                pass
    if edit_registration is not None:
        try:
            cases.edit_case(db, case_id, registered_at=registered + dt.timedelta(hours=edit_registration),
                            offence_date=None, reason="GD says otherwise", confirm=True)
        except UserError:
            pass
    with db.session() as s:
        c = s.get(Case, case_id)
        for e in s.scalars(select(Event).where(Event.case_id == case_id)):
            if c.offence_date is not None:
                assert e.occurred_at >= dt.datetime.combine(c.offence_date, dt.time()) - clock.CLOCK_SLACK
            if e.occurred_at < c.registered_at - clock.CLOCK_SLACK:
                assert e.kind in ("arrest", "seizure")
                assert c.registered_at - e.occurred_at <= dt.timedelta(days=7)
