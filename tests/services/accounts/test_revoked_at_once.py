"""An administrator's powers follow his account as it is now, not as it was at sign-in: an account switched off,
or its administrator or inspector flag taken away, counts at once in a window still open (the services read the
account, never only the flags of the ``Actor`` made at sign-in)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import accounts, staff
from app.services.access import permitted
from app.services.core import clock
from app.services.core.errors import UserError

GOOD = "river tea window 42"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


@pytest.fixture
def two_admins(station_db):
    clock.pin(dt.datetime(2026, 11, 22, 10, 0))
    first = accounts.create_first_admin(station_db, username="omop", password=GOOD, confirm=GOOD,
                                        name="Omop", rank="Constable")
    p = staff.add_person(station_db, "Shiv", "Inspector", actor=first.actor)
    second = accounts.create_account(station_db, p.id, "shiv", admin=True, actor=first.actor)
    other = staff.add_person(station_db, "Ram", "Constable", actor=first.actor)
    return first, second, other


def test_an_administrator_who_switched_himself_off_can_do_no_more(station_db, two_admins):
    first, second, other = two_admins
    accounts.set_flags(station_db, first.account.id, active=False, actor=first.actor)
    with pytest.raises(UserError, match="not allowed to manage accounts"):
        accounts.start_reset(station_db, second.id, actor=first.actor)  # the actor made at his sign-in
    with pytest.raises(UserError, match="not allowed"):
        staff.add_person(station_db, "Shyam", "Constable", actor=first.actor)
    with pytest.raises(UserError, match="not allowed to manage accounts"):
        accounts.create_account(station_db, other.id, "ram", admin=True, actor=first.actor)


def test_an_administrator_whose_flag_was_taken_away_loses_it_at_once(station_db, two_admins):
    first, second, other = two_admins
    shiv = accounts.set_first_password(station_db, "shiv", GOOD, GOOD, code=second.setup_code)
    accounts.set_flags(station_db, first.account.id, admin=False, actor=shiv.actor)
    with pytest.raises(UserError, match="not allowed to manage accounts"):
        accounts.create_account(station_db, other.id, "ram", actor=first.actor)
    accounts.create_account(station_db, other.id, "ram", actor=shiv.actor)  # the one still administrator can


def test_an_inspector_flag_taken_away_stops_reading_the_trail(station_db, two_admins):
    first, _second, other = two_admins
    acc = accounts.create_account(station_db, other.id, "ram", inspector=True, actor=first.actor)
    ram = accounts.set_first_password(station_db, "ram", GOOD, GOOD, code=acc.setup_code)
    assert ram.actor.inspector and permitted(station_db, ram.actor, "audit.view")
    accounts.set_flags(station_db, acc.id, inspector=False, actor=first.actor)
    assert not permitted(station_db, ram.actor, "audit.view")


def test_an_administrator_cannot_reset_his_own_password(station_db, two_admins):
    """A reset of one's own account only stops the password one knows; the station's only administrator who then
    lost the code could never sign in again. He changes his password instead."""
    first, _second, _other = two_admins
    with pytest.raises(UserError, match="Change my password"):
        accounts.start_reset(station_db, first.account.id, actor=first.actor)
    assert accounts.sign_in(station_db, "omop", GOOD).account.username == "omop"  # his password still works
