"""Accounts: first administrator, sign-in success and failure, lockout, reset, flags."""

from __future__ import annotations

import datetime as dt
import pytest
from sqlalchemy import text

from app.services import accounts, audit, staff
from app.services.core import clock
from app.services.accounts import PasswordSetupRequired, SignInFailed
from app.services.core.errors import UserError
from app.services.accounts import Argon2Params

CHEAP = Argon2Params(time_cost=1, memory_cost_kib=8, parallelism=1)
GOOD = "river tea window 42"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(CHEAP)
    yield
    accounts.use_params(None)


@pytest.fixture
def admin(station_db):
    clock.pin(dt.datetime(2026, 11, 22, 10, 0))
    signed = accounts.create_first_admin(station_db, username="Operator", password=GOOD, confirm=GOOD,
                                         name="Sunita Verma", rank="Constable", pno="9001")
    return signed


def _audit_actions(db):
    with db.session() as s:
        return list(s.scalars(text("select action from audit_entries order by seq")))


def test_no_accounts_on_a_new_database(station_db):
    assert not accounts.has_accounts(station_db)
    assert accounts.list_accounts(station_db) == []


def test_first_admin_creates_person_role_account_and_signs_in(station_db, admin):
    assert admin.account.username == "operator" and admin.account.admin
    assert admin.actor.admin and admin.actor.person_id == admin.account.person_id
    people = staff.list_persons(station_db)
    assert [(p.name, p.roles) for p in people] == [("Sunita Verma", ("operator",))]
    actions = _audit_actions(station_db)
    assert actions[-4:] == ["person.add", "role.assign", "account.create_first_admin", "signin.ok"]
    with station_db.session() as s:
        stored = s.execute(text("select password_hash from accounts")).scalar()
    assert stored.startswith("$argon2id$") and GOOD not in stored
    with pytest.raises(UserError, match="already exists"):
        accounts.create_first_admin(station_db, username="second", password=GOOD, confirm=GOOD,
                                    name="X", rank="SI")


def test_first_admin_bad_input_changes_nothing(station_db):
    before = _audit_actions(station_db)
    for kwargs, match in [
        (dict(username="op", password=GOOD, confirm=GOOD, name="A", rank="B"), "3 to 40"),
        (dict(username="operator", password="short", confirm="short", name="A", rank="B"), "at least 8"),
        (dict(username="operator", password="password123", confirm="password123", name="A", rank="B"), "common"),
        (dict(username="operator", password=GOOD, confirm=GOOD + "x", name="A", rank="B"), "not the same"),
        (dict(username="operator", password=GOOD, confirm=GOOD, name="", rank="B"), "Name is required"),
        (dict(username="sunitaverma", password="Sunita Verma!", confirm="Sunita Verma!", name="Sunita Verma",
              rank="B"), "your name"),
    ]:
        with pytest.raises(UserError, match=match):
            accounts.create_first_admin(station_db, **kwargs)
    assert _audit_actions(station_db) == before
    assert staff.list_persons(station_db) == [] and not accounts.has_accounts(station_db)


def test_sign_in_success_and_failure_are_audited(station_db, admin):
    signed = accounts.sign_in(station_db, "  OPERATOR ", GOOD)
    assert signed.actor.label == "Sunita Verma" and signed.actor.admin
    with pytest.raises(SignInFailed, match="Wrong user name or password"):
        accounts.sign_in(station_db, "operator", "wrong password here")
    with pytest.raises(SignInFailed, match="Wrong user name or password"):
        accounts.sign_in(station_db, "nobody", GOOD)
    assert _audit_actions(station_db)[-3:] == ["signin.ok", "signin.fail", "signin.fail"]
    with station_db.session() as s:
        last = s.execute(text(
            "select actor_person_id, actor_label, after, at_utc, at_local from audit_entries order by seq desc"
        )).first()
    assert last[0] is None and last[1] == "sign-in: nobody" and '"unknown user"' in last[2]
    assert last[3] and last[4]  # when, in UTC and local
    assert accounts.get_account(station_db, admin.account.id).failed_count == 1


def test_lockout_grows_persists_and_ends(station_db, admin):
    start = dt.datetime(2026, 11, 22, 10, 0)
    clock.pin(start)
    for i in range(4):
        with pytest.raises(SignInFailed, match="Wrong"):
            accounts.sign_in(station_db, "operator", f"wrong {i}")
    with pytest.raises(SignInFailed, match="locked") as info:
        accounts.sign_in(station_db, "operator", "wrong 5")
    first_lock = info.value.locked_until
    # the right password is refused while locked, and does not reset the count
    with pytest.raises(SignInFailed, match="locked"):
        accounts.sign_in(station_db, "operator", GOOD)
    # a restart (a new Database on the same file) keeps the lock
    from app.services.station import open_database

    again = open_database(station_db.path)
    try:
        with pytest.raises(SignInFailed, match="locked"):
            accounts.sign_in(again, "operator", GOOD)
    finally:
        again.close()
    clock.pin(start + dt.timedelta(seconds=31))
    with pytest.raises(SignInFailed, match="locked") as info:
        accounts.sign_in(station_db, "operator", "wrong 6")
    second = info.value.locked_until - clock.utcnow()
    assert second == dt.timedelta(seconds=60)  # grows: 30 s, then 60 s …
    assert first_lock is not None
    clock.pin(start + dt.timedelta(seconds=95))
    assert accounts.sign_in(station_db, "operator", GOOD).account.failed_count == 0
    assert accounts.lock_delay(4) is None and accounts.lock_delay(5) == dt.timedelta(seconds=30)
    assert accounts.lock_delay(50) == accounts.MAX_LOCK
    assert "signin.refused" in _audit_actions(station_db)


def test_clock_set_back_never_locks_longer_than_the_maximum(station_db, admin):
    clock.pin(dt.datetime(2026, 11, 22, 10, 0))
    with station_db.session() as s:
        s.execute(text("update accounts set locked_until = '2030-01-01 00:00:00.000000'"))
    with pytest.raises(SignInFailed) as info:
        accounts.sign_in(station_db, "operator", GOOD)
    assert info.value.locked_until - clock.utcnow() <= accounts.MAX_LOCK


def test_new_account_sets_its_own_password_at_first_sign_in(station_db, admin):
    p = staff.add_person(station_db, "Ram Prakash", "SI", "9002", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "ramp", actor=admin.actor)
    assert acc.password_pending
    with pytest.raises(PasswordSetupRequired) as info:
        accounts.sign_in(station_db, "ramp", "")
    assert info.value.username == "ramp"
    with pytest.raises(UserError, match="your name"):
        accounts.set_first_password(station_db, "ramp", "ramprakash", "ramprakash", code=acc.setup_code)
    signed = accounts.set_first_password(station_db, "ramp", "monsoon kite ladder", "monsoon kite ladder",
                                         code=acc.setup_code)
    assert signed.actor.person_id == p.id and not signed.actor.admin
    assert accounts.sign_in(station_db, "ramp", "monsoon kite ladder").account.username == "ramp"
    with pytest.raises(UserError, match="no password to set"):
        accounts.set_first_password(station_db, "ramp", "another good one", "another good one")


def test_admin_only_starts_a_reset(station_db, admin):
    p = staff.add_person(station_db, "Ram Prakash", "SI", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "ramp", actor=admin.actor)
    accounts.set_first_password(station_db, "ramp", "monsoon kite ladder", "monsoon kite ladder", code=acc.setup_code)
    ram = accounts.actor_for(station_db, acc)
    with pytest.raises(UserError, match="not allowed to manage accounts"):
        accounts.start_reset(station_db, admin.account.id, actor=ram)
    reset = accounts.start_reset(station_db, acc.id, actor=admin.actor)
    # the old password stops working at once; the person sets a new one
    with pytest.raises(PasswordSetupRequired):
        accounts.sign_in(station_db, "ramp", "monsoon kite ladder")
    accounts.set_first_password(station_db, "ramp", "winter lamp orange", "winter lamp orange", code=reset.setup_code)
    assert accounts.sign_in(station_db, "ramp", "winter lamp orange").actor.person_id == p.id
    assert {"account.reset_start", "account.password_set"} <= set(_audit_actions(station_db))


def test_reset_expires(station_db, admin):
    p = staff.add_person(station_db, "Ram Prakash", "SI", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "ramp", actor=admin.actor)
    clock.pin(dt.datetime(2026, 11, 23, 10, 1))
    with pytest.raises(SignInFailed, match="run out"):
        accounts.sign_in(station_db, "ramp", "")
    with pytest.raises(UserError, match="run out"):
        accounts.set_first_password(station_db, "ramp", "winter lamp orange", "winter lamp orange",
                                    code=acc.setup_code)
    reset = accounts.start_reset(station_db, acc.id, actor=admin.actor)
    accounts.set_first_password(station_db, "ramp", "winter lamp orange", "winter lamp orange", code=reset.setup_code)


def test_change_password(station_db, admin):
    with pytest.raises(SignInFailed, match="current password is wrong"):
        accounts.change_password(station_db, admin.account.id, "nope nope", "new phrase here", "new phrase here",
                                 actor=admin.actor)
    accounts.change_password(station_db, admin.account.id, GOOD, "new phrase here", "new phrase here",
                             actor=admin.actor)
    with pytest.raises(SignInFailed):
        accounts.sign_in(station_db, "operator", GOOD)
    accounts.sign_in(station_db, "operator", "new phrase here")
    other = staff.add_person(station_db, "Ram Prakash", "SI", actor=admin.actor)
    acc = accounts.create_account(station_db, other.id, "ramp", actor=admin.actor)
    with pytest.raises(UserError, match="Only Ram Prakash"):
        accounts.change_password(station_db, acc.id, "", "x y z w v u", "x y z w v u", actor=admin.actor)


def test_last_admin_cannot_be_removed_and_switched_off_accounts_cannot_sign_in(station_db, admin):
    with pytest.raises(UserError, match="only administrator"):
        accounts.set_flags(station_db, admin.account.id, admin=False, actor=admin.actor)
    with pytest.raises(UserError, match="only administrator"):
        accounts.set_flags(station_db, admin.account.id, active=False, actor=admin.actor)
    p = staff.add_person(station_db, "Ram Prakash", "SI", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "ramp", actor=admin.actor)
    accounts.set_first_password(station_db, "ramp", "monsoon kite ladder", "monsoon kite ladder", code=acc.setup_code)
    accounts.set_flags(station_db, acc.id, active=False, actor=admin.actor)
    with pytest.raises(SignInFailed, match="switched off"):
        accounts.sign_in(station_db, "ramp", "monsoon kite ladder")
    with pytest.raises(UserError, match="switched off"):
        accounts.actor_for(station_db, acc.id)
    accounts.set_flags(station_db, acc.id, active=True, inspector=True, actor=admin.actor)
    assert accounts.actor_for(station_db, acc.id).inspector
    with pytest.raises(UserError, match="already taken"):
        accounts.create_account(station_db, staff.add_person(station_db, "X", "HC", actor=admin.actor).id, "RAMP",
                                actor=admin.actor)


def test_unlock_by_admin(station_db, admin):
    p = staff.add_person(station_db, "Ram Prakash", "SI", actor=admin.actor)
    acc = accounts.create_account(station_db, p.id, "ramp", actor=admin.actor)
    accounts.set_first_password(station_db, "ramp", "monsoon kite ladder", "monsoon kite ladder", code=acc.setup_code)
    for i in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in(station_db, "ramp", f"bad {i}")
    accounts.unlock(station_db, acc.id, actor=admin.actor)
    assert accounts.sign_in(station_db, "ramp", "monsoon kite ladder").account.failed_count == 0


def test_idle_lock_setting(station_db, admin):
    assert accounts.get_policy(station_db).idle_lock_minutes == accounts.DEFAULT_IDLE_LOCK_MINUTES
    assert accounts.set_idle_lock_minutes(station_db, "5", actor=admin.actor).idle_lock_minutes == 5
    with pytest.raises(UserError, match="between 1 and 240"):
        accounts.set_idle_lock_minutes(station_db, 0, actor=admin.actor)
    assert accounts.get_policy(station_db).idle_lock_minutes == 5


def test_audit_chain_intact_after_account_work(station_db, admin):
    accounts.sign_in(station_db, "operator", GOOD)
    with pytest.raises(SignInFailed):
        accounts.sign_in(station_db, "operator", "nope nope nope")
    with station_db.session() as s:
        assert audit.verify_chain(s) == []
