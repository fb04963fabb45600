"""Issue 18: a person (the SHO) confirms an act with his own password at someone else's window. The password
is checked as a sign-in checks it (wrong ones lock), the act is his, the audit names both, and a person who
cannot confirm is told what to do."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.services import accounts, staff
from app.services.accounts import SignInFailed
from app.services.core import clock
from app.services.core.errors import UserError

GOOD = "river tea window 42"
SHO = "monsoon kite ladder"


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
    return staff.add_person(station_db, "Shiv", "Inspector", actor=admin.actor)


def last_audit(db):
    with db.session() as s:
        return s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))


def test_the_right_password_gives_his_actor_and_is_audited_naming_the_window(station_db, admin, shiv):
    acc = accounts.create_account(station_db, shiv.id, "shiv", actor=admin.actor)
    accounts.set_first_password(station_db, "shiv", SHO, SHO, code=acc.setup_code)
    actor = accounts.confirm_person(station_db, shiv.id, SHO, purpose="verify 2 entries", at_window_of=admin.actor)
    assert actor.person_id == shiv.id and actor.label == "Shiv"
    row = last_audit(station_db)
    assert (row.action, row.actor_person_id) == ("signin.confirm", shiv.id)
    after = json.loads(row.after)
    assert after["purpose"] == "verify 2 entries" and after["window_of"] == "Omop"


def test_wrong_passwords_count_towards_his_lock(station_db, admin, shiv):
    acc = accounts.create_account(station_db, shiv.id, "shiv", actor=admin.actor)
    accounts.set_first_password(station_db, "shiv", SHO, SHO, code=acc.setup_code)
    for _ in range(5):
        with pytest.raises(SignInFailed, match="not Shiv's password|locked"):
            accounts.confirm_person(station_db, shiv.id, "wrong words here", purpose="verify", at_window_of=admin.actor)
    with pytest.raises(SignInFailed, match="locked|Locked|wait|again"):
        accounts.confirm_person(station_db, shiv.id, SHO, purpose="verify", at_window_of=admin.actor)
    assert last_audit(station_db).action != "signin.confirm"


def test_no_account_says_where_to_add_one(station_db, admin, shiv):
    with pytest.raises(UserError, match="Account → Accounts") as caught:
        accounts.confirm_person(station_db, shiv.id, SHO, purpose="verify", at_window_of=admin.actor)
    assert caught.value.field == "password"


def test_a_password_not_yet_set_points_to_the_one_time_code(station_db, admin, shiv):
    accounts.create_account(station_db, shiv.id, "shiv", actor=admin.actor)
    with pytest.raises(UserError, match="one-time code"):
        accounts.confirm_person(station_db, shiv.id, "anything", purpose="verify", at_window_of=admin.actor)


def test_an_empty_password_is_refused_without_counting(station_db, admin, shiv):
    acc = accounts.create_account(station_db, shiv.id, "shiv", actor=admin.actor)
    accounts.set_first_password(station_db, "shiv", SHO, SHO, code=acc.setup_code)
    with pytest.raises(UserError, match="own password"):
        accounts.confirm_person(station_db, shiv.id, "", purpose="verify", at_window_of=admin.actor)
    assert accounts.list_accounts(station_db)[1].failed_count == 0
