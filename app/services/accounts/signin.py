"""Accounts: who may sign in, as which person on the staff list, with which flags.

- No default accounts and no default passwords: the first run creates the operator's administrator
  account (``create_first_admin``); every later account is created by an administrator *without* a
  password — the person sets it at their first sign-in, within ``reset_valid_hours``.
- An administrator can only *start* a password reset (``start_reset``): the old password stops
  working at once and the person sets a new one at their next sign-in. No one ever learns another
  person's password. Setting the password (a new account or a reset) needs the one-time code the
  administrator was shown then (stored as a hash, single use, expiring with the reset time); wrong
  codes count towards the lock. Only the very first administrator needs none: nobody could issue it.
- Repeated failures lock the account with a growing delay (``lock_delay``); counts and lock times
  live in the database, so restarting the app does not clear them. Every sign-in attempt, success or
  failure, is an audit row.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.accounts import Account
from app.models.audit import AuditEntry
from app.models.staff import Person
from app.services import audit
from app.services.core import clock
from app.services.accounts import passwords
from app.services.access import SYSTEM, Actor
from app.services.storage import Database, worth_retrying
from app.services.core.errors import DatabaseBusyError, NotFound, UserError
from app.services.access import authorize
from app.services.core.settings import get_int, put_setting
from app.services.core.validate import parse_int
from app.services.core.sql_text import binary

LOCK_AFTER = 5  # failures in a row before the first lock
FIRST_LOCK = dt.timedelta(seconds=30)
MAX_LOCK = dt.timedelta(minutes=15)
IDLE_LOCK_KEY = "accounts.idle_lock_minutes"
RESET_HOURS_KEY = "accounts.reset_valid_hours"
DEFAULT_IDLE_LOCK_MINUTES = 10
DEFAULT_RESET_VALID_HOURS = 24
_USERNAME = re.compile(r"^[\w.\-]{3,40}$", re.UNICODE)


class SignInFailed(UserError):
    def __init__(self, message: str, *, locked_until: dt.datetime | None = None):
        super().__init__(message, field="password")
        self.locked_until = locked_until  # UTC


class PasswordSetupRequired(UserError):
    """The account has no password yet (new, or reset by an administrator): the person sets one now."""

    def __init__(self, message: str, username: str):
        super().__init__(message, field="username")
        self.username = username


@dataclass(frozen=True)
class AccountInfo:
    id: int
    person_id: int
    person: str
    rank: str
    username: str
    admin: bool
    inspector: bool
    active: bool
    password_pending: bool  # the person still has to set a password
    locked_until: dt.datetime | None  # UTC
    failed_count: int
    last_sign_in_at: dt.datetime | None  # UTC
    # the one-time code, only in what ``create_account`` and ``start_reset`` return: shown once, never stored
    setup_code: str | None = None
    setup_code_expires_at: dt.datetime | None = None  # UTC

    @property
    def display(self) -> str:
        return "{person} ({rank})".format(person=self.person, rank=self.rank)

    def as_dict(self) -> dict:
        return {"id": self.id, "person_id": self.person_id, "person": self.person, "rank": self.rank,
                "username": self.username, "admin": self.admin, "inspector": self.inspector,
                "active": self.active, "password_pending": self.password_pending,
                "locked_until": self.locked_until, "failed_count": self.failed_count,
                "last_sign_in_at": self.last_sign_in_at,
                **({"setup_code": self.setup_code, "setup_code_expires_at": self.setup_code_expires_at}
                   if self.setup_code else {})}


@dataclass(frozen=True)
class SignedIn:
    account: AccountInfo
    actor: Actor


@dataclass(frozen=True)
class AccountPolicy:
    idle_lock_minutes: int
    reset_valid_hours: int


# --- small helpers ---------------------------------------------------------------------------
def username_key(username: str) -> str:
    """The stored form of a user name: NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def check_username(username: str) -> str:
    key = username_key(username)
    # letters with their vowel signs and other marks (नीरज, not the "नरज" a letters-only rule leaves)
    marks_ok = all(ch.isalnum() or ch in "._-" or unicodedata.category(ch).startswith("M") for ch in key)
    if not (_USERNAME.match(key) or (marks_ok and 3 <= len(key) <= 40
                                     and not unicodedata.category(key[0]).startswith("M"))):
        raise UserError(_("A user name has 3 to 40 letters, digits, dots, hyphens or underscores, without spaces."),
                        field="username")
    return key


def account_info(a: Account) -> AccountInfo:
    return AccountInfo(a.id, a.person_id, a.person.name, a.person.rank, a.username, a.is_admin, a.is_inspector,
                       a.active, a.password_hash is None, a.locked_until, a.failed_count, a.last_sign_in_at)


def account_state(a: Account) -> dict:
    """What an audit row shows of an account (never a hash: only a digest of the password's and the one-time
    code's hashes, so ``audit verify`` notices a hash written into the file by hand)."""
    return {"username": a.username, "person_id": a.person_id, "admin": a.is_admin, "inspector": a.is_inspector,
            "active": a.active, "password_pending": a.password_hash is None,
            "password_digest": audit.secret_digest(a.password_hash),
            "setup_code_digest": audit.secret_digest(a.setup_code_hash)}


def actor_of(a: Account) -> Actor:
    return Actor(person_id=a.person_id, label=a.person.name, admin=a.is_admin, inspector=a.is_inspector)


def _claimant(username: str) -> Actor:
    """The not-yet-authenticated someone typing a user name at the sign-in box."""
    shown = re.sub(r"[\x00-\x1f\x7f]", "?", username or "")[:60]
    return Actor(person_id=None, label="sign-in: {name}".format(name=shown))


def context_words(a_username: str, person: Person) -> tuple[str, ...]:
    words = [a_username, person.name, person.pno or "", person.cctns_user_id or ""]
    words += person.name.split()
    return tuple(w for w in words if w)


def lock_delay(failed_count: int) -> dt.timedelta | None:
    """How long the account is locked after ``failed_count`` failures in a row (None: not locked).

    30 s after the 5th failure, doubling with each further one, at most 15 minutes; never a
    permanent lock (on a shared station PC that would stop the work)."""
    if failed_count < LOCK_AFTER:
        return None
    return min(FIRST_LOCK * (2 ** min(failed_count - LOCK_AFTER, 20)), MAX_LOCK)


def load_account(s: Session, account_id: int) -> Account:
    a = s.get(Account, account_id)
    if a is None:
        raise NotFound(_("There is no account with id {id}.").format(id=account_id))
    return a


def _by_username(s: Session, key: str) -> Account | None:
    return s.scalar(select(Account).where(Account.username == key))


# --- reading ---------------------------------------------------------------------------------
ACCOUNT_CREATED = ("account.create_first_admin", "account.create")


def accounts_exist(s: Session) -> bool:
    """Accounts are on: an account row exists, or the audit trail records one made. Accounts deleted behind
    the app's back (``DELETE FROM accounts``) leave the station with accounts that nobody can sign in to: never
    a station without accounts, whose commands run as the system and whose first administrator anyone makes."""
    if (s.scalar(select(func.count()).select_from(Account)) or 0) > 0:
        return True
    return s.scalar(select(AuditEntry.id).where(AuditEntry.action.in_(ACCOUNT_CREATED)).limit(1)) is not None


def has_accounts(db: Database) -> bool:
    with db.session() as s:
        return accounts_exist(s)


def list_accounts(db: Database, *, active_only: bool = False) -> list[AccountInfo]:
    with db.session() as s:
        q = select(Account).join(Person, Person.id == Account.person_id).order_by(binary(Person.name), Account.id)
        if active_only:
            q = q.where(Account.active.is_(True), Person.active.is_(True))
        return [account_info(a) for a in s.scalars(q)]


def get_account(db: Database, account_id: int) -> AccountInfo:
    with db.session() as s:
        return account_info(load_account(s, account_id))


def actor_for(db: Database, account: AccountInfo | int) -> Actor:
    """The ``Actor`` services get for a signed-in account, with today's admin/inspector flags."""
    account_id = account if isinstance(account, int) else account.id
    with db.session() as s:
        a = load_account(s, account_id)
        if not a.active or not a.person.active:
            raise UserError(_("The account {username} is switched off.").format(username=a.username))
        return actor_of(a)


def get_policy(db: Database) -> AccountPolicy:
    with db.session() as s:
        return AccountPolicy(get_int(s, IDLE_LOCK_KEY, DEFAULT_IDLE_LOCK_MINUTES),
                             get_int(s, RESET_HOURS_KEY, DEFAULT_RESET_VALID_HOURS))


def set_idle_lock_minutes(db: Database, minutes: int | str, actor: Actor = SYSTEM) -> AccountPolicy:
    value = parse_int(minutes, _("Lock after idle minutes"), minimum=1, maximum=240)
    with db.session() as s:
        authorize(s, actor, "accounts.admin")
        before = put_setting(s, IDLE_LOCK_KEY, value)
        audit.record(s, actor, "setting.update", "setting", IDLE_LOCK_KEY, before=before, after=str(value))
        return AccountPolicy(value, get_int(s, RESET_HOURS_KEY, DEFAULT_RESET_VALID_HOURS))


# --- signing in ------------------------------------------------------------------------------
def sign_in(db: Database, username: str, password: str, *, record_success: bool = True) -> SignedIn:
    """Check a user name and password. Every failed attempt is audited and counts towards a lock.

    Raises ``SignInFailed`` (wrong, locked or switched-off) or ``PasswordSetupRequired``; the
    failure is committed before the exception leaves, so a lock survives a restart.

    A success is audited (``signin.ok``) for the window's sessions; a console command passes
    ``record_success=False``: its own audit rows name who acted, and a command refused for its input
    then leaves no row at all (a success that clears earlier failures is still recorded).

    An unknown user name is recorded shortened (``NAME_RECORDED``) and locks like an account: its
    recent failures are counted from the trail, so guessing names is as slow as guessing passwords
    and the answer is the same as for a real account.
    """
    key = username_key(username)
    if getattr(db, "readonly", False):
        return _sign_in_readonly(db, key, password)
    for attempt in range(3):  # "locking protocol" under many writers: begun again (nothing was kept); else busy
        try:
            return _sign_in_once(db, key, password, record_success)
        except DatabaseBusyError as exc:
            if attempt == 2 or not worth_retrying(exc):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _sign_in_once(db: Database, key: str, password: str, record_success: bool) -> SignedIn:
    error: UserError | None = None
    result: SignedIn | None = None
    generic = _("Wrong user name or password.")
    with db.session() as s:
        now = clock.utcnow()
        a = _by_username(s, key) if key and len(key) <= 40 else None
        if a is None:
            passwords.verify_password(None, password)  # same time as a real check
            error = _unknown_user(s, key, now, generic)
        elif not a.active or not a.person.active:
            passwords.verify_password(None, password)
            audit.record(s, _claimant(key), "signin.fail", "account", a.id,
                         after={"username": key, "reason": "account switched off"})
            error = SignInFailed(_("This account is switched off. Ask the administrator."))
        elif a.locked_until is not None and a.locked_until > now:
            if a.locked_until - now > MAX_LOCK:  # the PC clock went back: never lock for longer than MAX_LOCK
                a.locked_until = now + MAX_LOCK
            audit.record(s, _claimant(key), "signin.refused", "account", a.id,
                         after={"username": key, "reason": "locked", "locked_until": a.locked_until})
            error = SignInFailed(_locked_message(a.locked_until, now), locked_until=a.locked_until)
        elif a.password_hash is None:
            error = _password_not_set(s, a, key, now)
        elif passwords.verify_password(a.password_hash, password):
            result = _signed_in(s, a, key, password, now, record=record_success)
        else:
            error = _wrong_password(s, a, key, now, generic)
    if error is not None:
        raise error
    assert result is not None
    return result


def _password_not_set(s: Session, a: Account, key: str, now: dt.datetime) -> UserError:
    """The account has no password: the person sets one now, unless the time to do so has run out."""
    if a.reset_expires_at is not None and a.reset_expires_at < now:
        audit.record(s, _claimant(key), "signin.fail", "account", a.id,
                     after={"username": key, "reason": "password setup expired"})
        return SignInFailed(_("The time to set this account's password has run out. "
                              "Ask the administrator to start a password reset again."))
    audit.record(s, _claimant(key), "signin.setup", "account", a.id,
                 after={"username": key, "reason": "password to be set"})
    return PasswordSetupRequired(_("Set your new password to continue."), a.username)


def _signed_in(s: Session, a: Account, key: str, password: str, now: dt.datetime, *, record: bool = True) -> SignedIn:
    """The right password: the failure count and lock are cleared (and an old hash upgraded)."""
    before = {"failed_count": a.failed_count}
    if passwords.needs_rehash(a.password_hash):
        a.password_hash = passwords.hash_password(password)
        audit.record(s, actor_of(a), "account.password_upgrade", "account", a.id,
                     after={"username": a.username, "password_digest": audit.secret_digest(a.password_hash)})
    cleared = a.failed_count != 0 or a.locked_until is not None
    a.failed_count = 0
    a.locked_until = None
    a.last_sign_in_at = now
    actor = actor_of(a)
    if record or cleared:
        audit.record(s, actor, "signin.ok", "account", a.id, before=before, after={"username": key, "failed_count": 0})
    return SignedIn(account_info(a), actor)


NAME_RECORDED = 60  # characters of a typed user name kept in the trail (names have at most 40)


def _unknown_user(s: Session, key: str, now: dt.datetime, generic: str) -> SignInFailed:
    """No such account: recorded (the name shortened), and locked like an account after repeated failures.

    The failures of the same (shortened) name in the last ``MAX_LOCK`` are read back from the trail; the
    lock follows ``lock_delay`` from the last of them, and the answer is an account's locked message."""
    claimant = _claimant(key)
    shown = key[:NAME_RECORDED]
    since = now - MAX_LOCK
    failures, last = s.execute(
        select(func.count(), func.max(AuditEntry.at_utc))
        .where(AuditEntry.action == "signin.fail", AuditEntry.entity == "account", AuditEntry.entity_id.is_(None),
               AuditEntry.actor_label == claimant.label, AuditEntry.at_utc >= since)).one()
    delay = lock_delay(failures or 0)
    if delay is not None and last is not None and last + delay > now:
        until = min(last + delay, now + MAX_LOCK)
        audit.record(s, claimant, "signin.refused", "account", None,
                     after={"username": shown, "reason": "locked", "locked_until": until})
        return SignInFailed(_locked_message(until, now), locked_until=until)
    failures = (failures or 0) + 1
    delay = lock_delay(failures)
    until = now + delay if delay else None
    audit.record(s, claimant, "signin.fail", "account", None,
                 after={"username": shown, "reason": "unknown user", "failed_count": failures, "locked_until": until})
    return SignInFailed(_locked_message(until, now) if until else generic, locked_until=until)


def _wrong_password(s: Session, a: Account, key: str, now: dt.datetime, generic: str) -> SignInFailed:
    """A wrong password counts towards the lock (``lock_delay``)."""
    a.failed_count += 1
    a.last_failed_at = now
    delay = lock_delay(a.failed_count)
    a.locked_until = now + delay if delay else None
    audit.record(s, _claimant(key), "signin.fail", "account", a.id,
                 after={"username": key, "reason": "wrong password", "failed_count": a.failed_count,
                        "locked_until": a.locked_until})
    return SignInFailed(_locked_message(a.locked_until, now) if delay else generic, locked_until=a.locked_until)


def _sign_in_readonly(db: Database, key: str, password: str) -> SignedIn:
    """Sign-in on a database opened read-only: the same checks, nothing written.

    No audit row and no failure count can be saved there, and nothing can be changed through such a
    window either; whoever can read the file could test passwords against its hashes anyway.
    """
    generic = _("Wrong user name or password.")
    with db.session() as s:
        now = clock.utcnow()
        a = _by_username(s, key) if key else None
        if a is None or not a.active or not a.person.active:
            passwords.verify_password(None, password)
            raise SignInFailed(generic if a is None else _("This account is switched off. Ask the administrator."))
        if a.locked_until is not None and a.locked_until > now:
            raise SignInFailed(_locked_message(min(a.locked_until, now + MAX_LOCK), now),
                               locked_until=a.locked_until)
        if a.password_hash is None:
            raise SignInFailed(_("This account's password has not been set yet, and it cannot be set while the "
                                 "database is open read-only."))
        if not passwords.verify_password(a.password_hash, password):
            raise SignInFailed(generic)
        return SignedIn(account_info(a), actor_of(a))


def _locked_message(until: dt.datetime, now: dt.datetime) -> str:
    seconds = max(1, int((until - now).total_seconds()))
    if seconds < 120:
        return _("Too many wrong passwords. This account is locked; try again in {n} seconds.").format(n=seconds)
    return _("Too many wrong passwords. This account is locked; try again in {n} minutes.").format(
        n=(seconds + 59) // 60)


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or copied from paper
CODE_LENGTH = 12  # ≈ 59 bits, and five wrong tries lock the account


def new_setup_code() -> tuple[str, str]:
    """A fresh one-time code as shown ("ABCD-EFGH-JKMN") and its argon2id hash (what is stored)."""
    import secrets

    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4)), passwords.hash_password(raw)


def _code_key(code: str | None) -> str:
    """A typed code as compared: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-_.]", "", unicodedata.normalize("NFKC", code or "")).upper()[:64]


def set_first_password(db: Database, username: str, new_password: str, confirm: str,
                       code: str | None = None) -> SignedIn:
    """The person sets their own password on a new or reset account with the one-time code the
    administrator gave him (``create_account``, ``start_reset``), and is signed in.

    The code proves who he is: without it whoever came first could take the account over. A wrong code
    counts towards the account's lock like a wrong password, and is audited; the code works once, until
    the account's reset time runs out."""
    key = username_key(username)
    error: UserError | None = None
    with db.session() as s:
        now = clock.utcnow()
        a = _by_username(s, key)
        if a is None or a.password_hash is not None or not a.active or not a.person.active:
            raise UserError(_("This account has no password to set. Sign in with your password."))
        if a.locked_until is not None and a.locked_until > now:
            raise SignInFailed(_locked_message(min(a.locked_until, now + MAX_LOCK), now), locked_until=a.locked_until)
        if a.reset_expires_at is not None and a.reset_expires_at < now:
            raise UserError(_("The time to set this account's password has run out. "
                              "Ask the administrator to start a password reset again."))
        if a.setup_code_hash is None:
            raise UserError(_("This account has no one-time code. Ask the administrator to start a password reset: "
                              "it gives a new code."))
        pw = passwords.check_new_password(new_password, confirm, context_words=context_words(a.username, a.person))
        if not _code_key(code) or not passwords.verify_password(a.setup_code_hash, _code_key(code)):
            a.failed_count += 1
            a.last_failed_at = now
            delay = lock_delay(a.failed_count)
            a.locked_until = now + delay if delay else None
            audit.record(s, _claimant(key), "account.password_set_refused", "account", a.id,
                         after={"username": key, "reason": "wrong one-time code", "failed_count": a.failed_count,
                                "locked_until": a.locked_until})
            error = SignInFailed(_locked_message(a.locked_until, now) if delay else _(
                "The one-time code is wrong. Type the code the administrator gave you."), locked_until=a.locked_until)
        else:
            a.password_hash = passwords.hash_password(pw)
            a.setup_code_hash = None
            a.password_changed_at = now
            a.reset_expires_at = None
            a.failed_count = 0
            a.locked_until = None
            a.last_sign_in_at = now
            actor = actor_of(a)
            audit.record(s, actor, "account.password_set", "account", a.id, after=account_state(a))
            audit.record(s, actor, "signin.ok", "account", a.id, after={"username": a.username, "failed_count": 0})
            result = SignedIn(account_info(a), actor)
    if error is not None:
        raise error
    return result


def change_password(db: Database, account_id: int, old_password: str, new_password: str, confirm: str,
                    actor: Actor) -> AccountInfo:
    """A person changes their own password (the old one is asked again; a wrong one counts as a failure)."""
    error: UserError | None = None
    with db.session() as s:
        a = load_account(s, account_id)
        if actor.person_id is None or actor.person_id != a.person_id:
            raise UserError(_("Only {name} can change this password; an administrator can start a reset.").format(
                name=a.person.name))
        pw = passwords.check_new_password(new_password, confirm, context_words=context_words(a.username, a.person))
        now = clock.utcnow()
        if a.locked_until is not None and a.locked_until > now:
            raise SignInFailed(_locked_message(min(a.locked_until, now + MAX_LOCK), now), locked_until=a.locked_until)
        if not passwords.verify_password(a.password_hash, old_password):
            a.failed_count += 1
            a.last_failed_at = now
            delay = lock_delay(a.failed_count)
            a.locked_until = now + delay if delay else None
            audit.record(s, actor, "account.password_change_refused", "account", a.id,
                         after={"reason": "wrong current password", "failed_count": a.failed_count})
            error = SignInFailed(_("The current password is wrong."), locked_until=a.locked_until)
        elif passwords.verify_password(a.password_hash, pw):
            raise UserError(_("The new password is the same as the current one."), field="password")
        else:
            a.password_hash = passwords.hash_password(pw)
            a.password_changed_at = now
            a.failed_count = 0
            audit.record(s, actor, "account.password_change", "account", a.id,
                         after={"username": a.username, "password_digest": audit.secret_digest(a.password_hash)})
            info = account_info(a)
    if error is not None:
        raise error
    return info


def record_session_event(db: Database, actor: Actor, action: str) -> None:
    """Sign-out, idle lock, switch of user: appended to the audit trail (``session.*``)."""
    if action not in ("session.sign_out", "session.lock", "session.switch"):
        raise KeyError(action)
    if getattr(db, "readonly", False):  # nothing can be written (or changed) through a read-only window
        return
    with db.session() as s:
        audit.record(s, actor, action, "session", None)


# --- administering -----------------------------------------------------------------------------

