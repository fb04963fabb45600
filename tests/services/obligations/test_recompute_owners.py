"""Rule recompute and owner resolution for open entries: whoever owes an entry now keeps it unless the
rule's owner changed; an open entry's holder is looked up as of today when the anchor date's holder is gone."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import staff
from app.services import cases, obligations, staff
from app.services.core import clock
from app.services import obligations

DAY = dt.datetime(2025, 3, 3, 10, 0)


@pytest.fixture
def station(db):
    from app.services.station import init_station

    clock.pin(DAY - dt.timedelta(hours=3))
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for key, rank, role in (("sho", "Inspector", "sho"), ("mohrir", "Head Constable", "mohrir"),
                            ("operator", "Constable", "operator"), ("io", "Sub-Inspector", "io")):
        p = staff.add_person(db, key.title(), rank)
        staff.assign_role(db, p.id, role, dt.date(2024, 1, 1))
        people[key] = p.id
    clock.pin(DAY + dt.timedelta(hours=1))
    return db, people


def _transfer_mohrir(db, people) -> int:
    """The mohrir leaves on 10 March (marked inactive); a successor takes his open entries."""
    successor = staff.add_person(db, "Brijesh Pal", "Head Constable").id
    clock.pin(dt.datetime(2025, 3, 10, 9))
    staff.transfer(db, people["mohrir"], successor, dt.date(2025, 3, 10))
    staff.update_person(db, people["mohrir"], active=False)
    return successor


def test_recompute_keeps_the_successor_when_the_owner_did_not_change(station):
    db, p = station
    made = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    assert made.person_id == p["mohrir"]
    successor = _transfer_mohrir(db, p)
    assert obligations.get(db, made.id).person_id == successor
    obligations.update_rule(db, "mlc.entry", hours=48)
    [item] = obligations.preview_recompute(db)
    assert (item.old_person_id, item.new_person_id) == (successor, successor)  # not "unassigned"
    assert obligations.recompute(db) == 1
    after = obligations.get(db, made.id)
    assert after.person_id == successor and not after.unassigned
    assert after.due_at == DAY + dt.timedelta(hours=48)


def test_recompute_gives_a_new_owner_role_to_todays_holder(station):
    db, p = station
    made = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    new_operator = staff.add_person(db, "Naya Operator", "Constable").id
    clock.pin(dt.datetime(2025, 3, 10, 9))
    staff.transfer(db, p["operator"], new_operator, dt.date(2025, 3, 10))
    staff.update_person(db, p["operator"], active=False)
    obligations.update_rule(db, "mlc.entry", owner="operator")
    [item] = obligations.preview_recompute(db)
    assert (item.old_role, item.new_role) == ("mohrir", "operator")
    assert item.new_person_id == new_operator  # who holds the role today, not on the anchor date (nobody)
    obligations.recompute(db)
    after = obligations.get(db, made.id)
    assert (after.role, after.person_id) == ("operator", new_operator)


def test_an_old_event_recorded_late_goes_to_todays_holder_when_its_holder_is_gone(station):
    db, p = station
    successor = _transfer_mohrir(db, p)
    # the successor holds the role only from 10 March; an MLC of 3 March is recorded on 12 March
    clock.pin(dt.datetime(2025, 3, 12, 9))
    late = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    assert late.person_id == successor and not late.unassigned


def test_nobody_holding_the_role_at_all_still_means_unassigned(station):
    db, p = station
    staff.update_person(db, p["mohrir"], active=False)
    made = cases.add_case(db, "mlc", registered_at=DAY).obligations[0]
    assert made.person_id is None and made.unassigned
