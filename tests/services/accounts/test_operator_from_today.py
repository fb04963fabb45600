"""The first administrator's "I am the station's computer operator from today" is honoured even when the
wizard gave the roles from a later date: he holds the operator role from today up to that date (the later
assignment is kept). Before, an operator assignment starting on 01.01.2030 counted as "holds it", so the
tick did nothing and the role stayed vacant until 2030."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import accounts, staff, station
from app.services.accounts import Argon2Params
from app.services.core import clock

GOOD = "river tea window 42"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1))
    yield
    accounts.use_params(None)


@pytest.fixture
def later_start(db):
    clock.pin(dt.datetime(2026, 12, 5, 10, 0))
    station.set_up_station(db, "Kotwali", "Lucknow", people=[station.NewPerson("Neeraj Gupta", "Constable")],
                           assignments=[(0, "operator")], start="2030-01-01")
    return staff.list_persons(db)[0]


def operator_spans(db, person_id):
    return [(a.from_date, a.to_date) for a in staff.list_assignments(db, person_id=person_id) if a.role == "operator"]


def test_the_tick_gives_the_operator_role_from_today_up_to_the_later_start(db, later_start):
    accounts.create_first_admin(db, username="neeraj", password=GOOD, confirm=GOOD, person_id=later_start.id,
                                hold_operator_role=True)
    assert sorted(operator_spans(db, later_start.id)) == [(dt.date(2026, 12, 5), dt.date(2029, 12, 31)),
                                                          (dt.date(2030, 1, 1), None)]
    assert "operator" not in {r.code for r in staff.vacant_roles(db)}


def test_without_the_tick_the_wizards_date_stands(db, later_start):
    accounts.create_first_admin(db, username="neeraj", password=GOOD, confirm=GOOD, person_id=later_start.id,
                                hold_operator_role=False)
    assert operator_spans(db, later_start.id) == [(dt.date(2030, 1, 1), None)]
    assert "operator" in {r.code for r in staff.vacant_roles(db)}


def test_already_holding_it_today_adds_nothing(db):
    clock.pin(dt.datetime(2026, 12, 5, 10, 0))
    station.set_up_station(db, "Kotwali", "Lucknow", people=[station.NewPerson("Neeraj Gupta", "Constable")],
                           assignments=[(0, "operator")], start="2026-01-01")
    person = staff.list_persons(db)[0]
    accounts.create_first_admin(db, username="neeraj", password=GOOD, confirm=GOOD, person_id=person.id,
                                hold_operator_role=True)
    assert operator_spans(db, person.id) == [(dt.date(2026, 1, 1), None)]
