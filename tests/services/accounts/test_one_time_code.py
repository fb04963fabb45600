"""Issue 16 #3: setting a password on a new or reset account needs the one-time code the administrator
was shown (stored hashed, single use, expiring); a wrong code counts towards the lock. The very first
administrator needs none."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pg_store import raw_sql
from app.services import accounts, staff
from app.services.accounts import SignInFailed
from app.services.core import clock
from app.services.core.errors import UserError

GOOD = "river tea window 42"
NEW = "monsoon kite ladder"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


@pytest.fixture
def admin(station_db):
    clock.pin(dt.datetime(2026, 11, 22, 10, 0))
    return accounts.create_first_admin(station_db, username="omop", password=GOOD, confirm=GOOD,
                                       name="Omop", rank="Constable")


@pytest.fixture
def shiv(station_db, admin):
    p = staff.add_person(station_db, "Shiv", "Inspector", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "shiv", actor=admin.actor)
    accounts.set_first_password(station_db, "shiv", GOOD, GOOD, code=acc.setup_code)
    return acc


def test_whoever_comes_first_cannot_take_a_reset_account(station_db, admin, shiv):
    issued = accounts.start_reset(station_db, shiv.id, actor=admin.actor)
    for code in (None, "", "AAAA-AAAA-AAAA"):
        with pytest.raises(UserError):
            accounts.set_first_password(station_db, "shiv", NEW, NEW, code=code)
    assert accounts.get_account(station_db, shiv.id).password_pending  # still nobody's
    signed = accounts.set_first_password(station_db, "shiv", NEW, NEW, code=issued.setup_code.lower().replace("-", " "))
    assert signed.account.username == "shiv"
    with pytest.raises(UserError, match="no password to set"):  # single use
        accounts.set_first_password(station_db, "shiv", "another fine phrase", "another fine phrase",
                                    code=issued.setup_code)


def test_the_code_is_shown_once_stored_only_as_a_hash(station_db, admin, shiv):
    issued = accounts.start_reset(station_db, shiv.id, actor=admin.actor)
    assert len(issued.setup_code.replace("-", "")) == 12 and issued.setup_code_expires_at is not None
    (stored,), = raw_sql(station_db, "select setup_code_hash from accounts where username = 'shiv'")
    assert stored.startswith("$argon2id$") and issued.setup_code.replace("-", "") not in stored
    trail = " ".join(str(r) for r in raw_sql(station_db, "select after from audit_entries"))
    assert issued.setup_code not in trail and issued.setup_code.replace("-", "") not in trail
    assert accounts.get_account(station_db, shiv.id).setup_code is None  # never read back


def test_wrong_codes_count_towards_the_lock(station_db, admin, shiv):
    issued = accounts.start_reset(station_db, shiv.id, actor=admin.actor)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.set_first_password(station_db, "shiv", NEW, NEW, code="WRONG-CODE-1234")
    locked = accounts.get_account(station_db, shiv.id)
    assert locked.locked_until is not None and locked.failed_count == 5
    with pytest.raises(SignInFailed, match="locked"):  # even the right code waits for the lock
        accounts.set_first_password(station_db, "shiv", NEW, NEW, code=issued.setup_code)
    refused = raw_sql(station_db, "select count(*) from audit_entries where action = 'account.password_set_refused'")
    assert refused == [(5,)]


def test_the_code_expires_with_the_reset(station_db, admin, shiv):
    issued = accounts.start_reset(station_db, shiv.id, actor=admin.actor)
    clock.pin(dt.datetime(2026, 11, 23, 10, 1))
    with pytest.raises(UserError, match="run out"):
        accounts.set_first_password(station_db, "shiv", NEW, NEW, code=issued.setup_code)


def test_a_new_account_needs_its_code_too_and_a_pending_account_without_one_needs_a_reset(station_db, admin):
    p = staff.add_person(station_db, "Kamal", "Constable", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "kamal", actor=admin.actor)
    assert acc.setup_code
    with pytest.raises(UserError):
        accounts.set_first_password(station_db, "kamal", NEW, NEW)
    raw_sql(station_db, "update accounts set setup_code_hash = null where username = 'kamal'")  # as before 0010
    with pytest.raises(UserError, match="no one-time code"):
        accounts.set_first_password(station_db, "kamal", NEW, NEW, code=acc.setup_code)


def test_the_first_administrator_needs_no_code(station_db):
    signed = accounts.create_first_admin(station_db, username="omop", password=GOOD, confirm=GOOD,
                                         name="Omop", rank="Constable")
    assert signed.account.admin and not signed.account.password_pending
