"""Refusals name an entry as the user knows it, by its form and case ("IIF-1 of FIR 12/2025"), not by the
program's internal number ("Entry 18")."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.i18n import set_language
from app.services import cases, obligations, staff
from app.services.core import clock
from app.services.core.errors import UserError

DAY = dt.datetime(2025, 3, 3, 9, 0)


@pytest.fixture
def station(db):
    from app.services.station import init_station

    clock.pin(DAY)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for role, name in (("sho", "Vikram Singh"), ("mohrir", "Ram Prakash Yadav"), ("io", "Sunita Yadav")):
        people[role] = staff.add_person(db, name, "SI").id
        staff.assign_role(db, people[role], role, dt.date(2024, 1, 1))
    clock.pin(DAY + dt.timedelta(hours=10))
    return db, people


def test_refusals_name_the_form_and_the_case(station):
    db, p = station
    made = cases.add_case(db, "fir", registered_at=DAY, number=12, year=2025, act="BNS", sections="303(2)",
                          io_person_id=p["io"])
    ob = made.obligations[0]
    form = ob.form
    assert form  # an FIR's first entry has a form (IIF-1)
    obligations.mark_entered(db, [ob.id], "CAS-1", by_person_id=p["mohrir"])
    with pytest.raises(UserError) as e:
        obligations.mark_entered(db, [ob.id], "CAS-2", by_person_id=p["mohrir"])
    said = str(e.value)
    assert f"{form} of FIR 12/2025" in said, said
    assert not re.search(rf"\bEntry {ob.id}\b", said), said
    obligations.reopen(db, ob.id, "typo in the reference")
    with pytest.raises(UserError) as e:
        obligations.reopen(db, ob.id, "again")
    assert f"{form} of FIR 12/2025" in str(e.value) and f"Entry {ob.id} " not in str(e.value)
    set_language("hi")
    try:
        with pytest.raises(UserError) as e:
            obligations.reopen(db, ob.id, "again")
        assert f"प्रविष्टि {form} (" in str(e.value) and "12/2025)" in str(e.value), str(e.value)
    finally:
        set_language("en")


def test_a_correction_warning_names_the_form_and_the_case(station):
    db, p = station
    made = cases.add_case(db, "fir", registered_at=DAY, number=12, year=2025, act="BNS", sections="303(2)",
                          io_person_id=p["io"])
    ob = made.obligations[0]
    obligations.mark_entered(db, [ob.id], "CAS-1", by_person_id=p["mohrir"], at=DAY + dt.timedelta(hours=1))
    result = cases.edit_case(db, made.case.id, reason="the registration time was typed wrong",
                             registered_at=DAY + dt.timedelta(hours=5), confirm=True)
    assert any(f"{ob.form} of FIR 12/2025 was marked made in CAS" in w for w in result.warnings), result.warnings
