"""An entry cannot be marked as made in CAS before its recurring period began (it would count as on time)."""

import datetime as dt

import pytest
from sqlalchemy import select

from app.models.obligations import Obligation
from app.services.core import clock
from app.services import obligations, staff
from app.services.obligations import period_start_from_key
from app.services.core.errors import UserError
from app.services.station import init_station


def test_period_start_from_key():
    assert period_start_from_key("2026-11-22") == dt.date(2026, 11, 22)
    assert period_start_from_key("2026-W47") == dt.date(2026, 11, 16)
    assert period_start_from_key("2026-11-F2") == dt.date(2026, 11, 16)
    assert period_start_from_key("2026-11") == dt.date(2026, 11, 1)


def test_recurring_entry_before_its_period_is_refused(db):
    clock.pin(dt.datetime(2026, 11, 1, 9, 0))
    init_station(db, "Kotwali", "Agra")
    p = staff.add_person(db, "Shyam Lal", "HC")
    staff.assign_role(db, p.id, "mohrir", "2026-10-01")
    clock.pin(dt.datetime(2026, 11, 3, 9, 0))
    obligations.catch_up(db)
    with db.session() as s:
        ob_id, key = s.execute(select(Obligation.id, Obligation.period_key)
                               .where(Obligation.period_key == "2026-11-03")).first()
    with pytest.raises(UserError) as info:
        obligations.mark_entered(db, [ob_id], "GD-1", at="2026-11-02 18:00")
    assert "before its period" in info.value.message
    assert obligations.mark_entered(db, [ob_id], "GD-1", at="2026-11-03 08:30") == 1
