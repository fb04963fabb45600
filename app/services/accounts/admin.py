"""Administering accounts: the first administrator, new accounts, resets, flags, unlocking.

Import these from ``app.services.accounts`` (the one public API); this module only splits the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.core import clock
from app.services.accounts import passwords
from app.services.accounts.signin import (
    DEFAULT_RESET_VALID_HOURS,
    RESET_HOURS_KEY,
    AccountInfo,
    accounts_exist,
    SignedIn,
    actor_of,
    context_words,
    load_account,
    account_info,
    account_state,
    check_username,
    new_setup_code,
)
from app.services.access import SYSTEM, Actor
from app.services.staff import get_person
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.access import authorize
from app.services.core.settings import get_int
from app.services.core.validate import clean_text


def _reset_deadline(s: Session) -> dt.datetime:
    hours = get_int(s, RESET_HOURS_KEY, DEFAULT_RESET_VALID_HOURS)
    return clock.utcnow() + dt.timedelta(hours=max(1, hours))


def _check_free_username(s: Session, key: str) -> None:
    if s.scalar(select(Account.id).where(Account.username == key)) is not None:
        raise UserError(_("The user name {username} is already taken.").format(username=key), field="username")


def _active_admins(s: Session) -> int:
    return s.scalar(
        select(func.count()).select_from(Account).join(Person, Person.id == Account.person_id)
        .where(Account.is_admin.is_(True), Account.active.is_(True), Person.active.is_(True))
    ) or 0


def create_first_admin(db: Database, *, username: str, password: str, confirm: str,
                       person_id: int | None = None, name: str | None = None, rank: str | None = None,
                       pno: str | None = None, hold_operator_role: bool = True) -> SignedIn:
    """First run: the computer operator creates their own administrator account (and signs in).

    Either picks an existing person (``person_id``) or adds themselves to the staff list
    (``name``, ``rank``, ``pno``). Refused once any account exists. One transaction, audited.
    """
    key = check_username(username)
    if person_id is None:
        name = clean_text(name, _("Name"), required=True, max_len=120)
        rank = clean_text(rank, _("Rank"), required=True, max_len=60)
        pno = clean_text(pno, _("PNO"), max_len=40) or None
    with db.session() as s:
        if accounts_exist(s):  # an account row, or one the trail records (deleted by hand: never a first run again)
            raise UserError(_("An administrator account already exists. Sign in, or ask the administrator."))
        now_local, now = clock.now(), clock.utcnow()
        if person_id is not None:
            person = get_person(s, person_id)
            if not person.active:
                raise UserError(_("{name} is marked inactive on the staff list.").format(name=person.name))
        else:
            if pno and s.scalar(select(Person.id).where(Person.pno == pno)) is not None:
                raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=pno))
            person = Person(name=name, rank=rank, pno=pno, cctns_user_id=None, active=True, created_at=now_local)
        pw = passwords.check_new_password(password, confirm, context_words=context_words(key, person))
        if person_id is None:
            s.add(person)
            s.flush()
        account = Account(person_id=person.id, username=key, password_hash=passwords.hash_password(pw),
                          is_admin=True, is_inspector=False, active=True, failed_count=0,
                          password_changed_at=now, last_sign_in_at=now, created_at=now)
        account.person = person
        s.add(account)
        s.flush()
        actor = actor_of(account)
        if person_id is None:
            audit.record(s, actor, "person.add", "person", person.id,
                         after={"name": person.name, "rank": person.rank, "pno": person.pno,
                                "cctns_user_id": None, "active": True})
        if hold_operator_role:
            _hold_operator_role(s, actor, person.id)
        audit.record(s, actor, "account.create_first_admin", "account", account.id, after=account_state(account))
        audit.record(s, actor, "signin.ok", "account", account.id, after={"username": key, "failed_count": 0})
        return SignedIn(account_info(account), actor)


def _hold_operator_role(s: Session, actor: Actor, person_id: int) -> None:
    """The first administrator holds the computer operator's role "from today" (audited)."""
    # "from today": held today already, or from today up to the day before a later start (the wizard's
    # "holding them from 01.01.2030" kept, not taken for today)
    today = clock.today()
    holds = s.scalar(select(RoleAssignment.id).where(
        RoleAssignment.person_id == person_id, RoleAssignment.role_code == "operator",
        RoleAssignment.from_date <= today,
        or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= today)))
    later = s.scalar(select(func.min(RoleAssignment.from_date)).where(
        RoleAssignment.person_id == person_id, RoleAssignment.role_code == "operator",
        RoleAssignment.from_date > today))
    if holds is None:
        until = later - dt.timedelta(days=1) if later is not None else None
        ra = RoleAssignment(person_id=person_id, role_code="operator", from_date=today, to_date=until, note="")
        s.add(ra)
        s.flush()
        audit.record(s, actor, "role.assign", "role_assignment", ra.id,
                     after={"person_id": person_id, "role": "operator", "from": today, "to": until})


def create_account(db: Database, person_id: int, username: str, *, admin: bool = False, inspector: bool = False,
                   actor: Actor = SYSTEM) -> AccountInfo:
    """An administrator gives a person on the staff list an account, without a password: the person
    sets it at their first sign-in (within the reset time, 24 hours by default) with the one-time code
    returned here in ``setup_code`` (shown to the administrator once, stored only as a hash)."""
    key = check_username(username)
    with db.session() as s:
        authorize(s, actor, "accounts.admin")
        person = get_person(s, person_id)
        if not person.active:
            raise UserError(_("{name} is marked inactive on the staff list.").format(name=person.name))
        if s.scalar(select(Account.id).where(Account.person_id == person_id)) is not None:
            raise UserError(_("{name} already has an account.").format(name=person.name))
        _check_free_username(s, key)
        code, code_hash = new_setup_code()
        a = Account(person_id=person_id, username=key, password_hash=None, is_admin=bool(admin),
                    is_inspector=bool(inspector), active=True, failed_count=0,
                    reset_expires_at=_reset_deadline(s), setup_code_hash=code_hash, created_at=clock.utcnow())
        a.person = person
        s.add(a)
        s.flush()
        audit.record(s, actor, "account.create", "account", a.id,
                     after=dict(account_state(a), reset_expires_at=a.reset_expires_at, one_time_code="issued"))
        return replace(account_info(a), setup_code=code, setup_code_expires_at=a.reset_expires_at)


def start_reset(db: Database, account_id: int, actor: Actor = SYSTEM) -> AccountInfo:
    """Start a password reset: the old password stops working now; the person sets a new one at
    their next sign-in with the one-time code returned in ``setup_code`` (the administrator hands it
    over; it works once, until the reset time runs out). The administrator never chooses or sees the
    password."""
    with db.session() as s:
        authorize(s, actor, "accounts.admin")
        a = load_account(s, account_id)
        if not actor.is_system and a.person_id == actor.person_id:
            # signed in, he knows his password: a reset would only stop it, and with the code lost the
            # station's only administrator could never sign in again
            raise UserError(_("You are signed in with this account: change your own password in Account → Change my "
                              "password. Another administrator resets it if you have forgotten it."))
        before = account_state(a)
        code, code_hash = new_setup_code()
        a.password_hash = None
        a.setup_code_hash = code_hash
        a.reset_expires_at = _reset_deadline(s)
        a.failed_count = 0
        a.locked_until = None
        audit.record(s, actor, "account.reset_start", "account", a.id, before=before,
                     after=dict(account_state(a), reset_expires_at=a.reset_expires_at, one_time_code="issued"))
        return replace(account_info(a), setup_code=code, setup_code_expires_at=a.reset_expires_at)


def set_flags(db: Database, account_id: int, *, admin: bool | None = None, inspector: bool | None = None,
              active: bool | None = None, actor: Actor = SYSTEM) -> AccountInfo:
    """Change an account's administrator / inspector flags or switch it off (never deleted).
    The last active administrator cannot be removed, so the station never locks itself out."""
    with db.session() as s:
        authorize(s, actor, "accounts.admin")
        a = load_account(s, account_id)
        before = account_state(a)
        was_admin = a.is_admin and a.active and a.person.active
        if admin is not None:
            a.is_admin = bool(admin)
        if inspector is not None:
            a.is_inspector = bool(inspector)
        if active is not None:
            a.active = bool(active)
        s.flush()
        if was_admin and _active_admins(s) == 0:
            raise UserError(_("{name} is the only administrator. Make someone else an administrator first.").format(
                name=a.person.name))
        if before == account_state(a):
            return account_info(a)
        audit.record(s, actor, "account.update", "account", a.id, before=before, after=account_state(a))
        return account_info(a)


def unlock(db: Database, account_id: int, actor: Actor = SYSTEM) -> AccountInfo:
    with db.session() as s:
        authorize(s, actor, "accounts.admin")
        a = load_account(s, account_id)
        before = {"failed_count": a.failed_count, "locked_until": a.locked_until}
        a.failed_count = 0
        a.locked_until = None
        audit.record(s, actor, "account.unlock", "account", a.id, before=before,
                     after={"failed_count": 0, "locked_until": None})
        return account_info(a)
