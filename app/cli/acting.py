"""Who a console command acts as — the console policy, in one place.

- While the database has **no account**, the console is the system actor (``audit.SYSTEM``): that is
  how a station is set up (``init``, ``staff add``, ``accounts first-admin``) before anyone can sign in.
- Once **any account exists**, every command that changes data, and every command that reads the
  audit trail, needs ``--user NAME`` (or the ``ANUPALAN_USER`` variable) and that person's password,
  from a prompt that does not echo, or from ``ANUPALAN_PASSWORD`` for scripts. The sign-in is the
  window's: audited, counted towards the lock, refused while locked. The command then runs as that
  person (``accounts.actor_for``), with that person's permissions. A successful console sign-in is not
  a row of its own (the command's rows name who acted; a command refused for its input leaves none).
- A database file that cannot be written is refused before any sign-in (``require_writable``): the
  same message for a right and a wrong password, nothing changed.

Command modules call ``cli_actor(args, db)`` once, after opening the database, and pass the result
as ``actor=`` to every service call that changes something.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from app.i18n import _
from app.services import accounts
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError

USER_ENV = "ANUPALAN_USER"
PASSWORD_ENV = "ANUPALAN_PASSWORD"


def env_text(name: str) -> str | None:
    """An environment variable's text; one that is not valid UTF-8 is refused with a message (it would have
    failed later with a traceback, in the password hashing or the audit row)."""
    value = os.environ.get(name)
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UserError(_("The {env} variable is not valid text (UTF-8); set it again.").format(env=name)) from None
    return value


def requested_user(args) -> str | None:
    return (getattr(args, "user", None) or env_text(USER_ENV) or "").strip() or None


def read_password(prompt: str, env: str = PASSWORD_ENV) -> str:
    """A password from the environment variable, else from a prompt without echo (a terminal only)."""
    value = env_text(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("A password is needed: type it at a terminal, or set the {env} variable.").format(env=env))
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UserError(_("No password was given.")) from None


def unwritable_reason(db: Database) -> str | None:
    """Why this database's file cannot be written (None: it can, or it is a server's).

    Probed without changing anything, and without opening them on POSIX (``_cannot_write``): the file and
    its ``-wal`` / ``-shm`` companions, and the folder for the journal SQLite creates there. Immutable and
    read-only-mounted files are caught for root too."""
    if getattr(db, "readonly", False):
        return _("it is open read-only")
    path = getattr(db, "path", None)
    if path is None or "://" in str(path):
        return None
    target = Path(path)
    for candidate in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        if candidate is not target and not candidate.exists():
            continue
        problem = _cannot_write(candidate)
        if problem is not None:
            return problem
    if not os.access(target.parent, os.W_OK):
        return _("its folder cannot be written")
    return None


def _cannot_write(path: Path) -> str | None:
    """Why ``path`` cannot be opened for writing, or None. On POSIX asked with ``access()``, never by opening
    and closing the file: closing any descriptor of a file drops every POSIX lock this process holds on it,
    SQLite's included (its lock on the database and on the ``-shm`` index). Another process then believes
    it is the first user of the ``-shm`` and truncates it under this one's memory map: "locking protocol"
    errors, a crash (SIGBUS), or worse. ``access()`` also reports a read-only mount (EROFS) and an
    immutable file (EPERM) for root."""
    if os.name == "posix":
        if os.access(path, os.W_OK):
            return None
        try:
            os.stat(path)
        except OSError as exc:
            return exc.strerror or type(exc).__name__
        import errno

        # root is refused only by a read-only mount or the immutable flag; anyone else by the permissions
        code = errno.EROFS if _read_only_mount(path) else (errno.EPERM if os.geteuid() == 0 else errno.EACCES)
        return os.strerror(code)
    try:  # Windows: a handle's close releases only that handle's locks
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def require_writable(db: Database) -> None:
    """Refuse, before anyone signs in or anything is written, when the file cannot be written: a right and
    a wrong password get the same message (no password oracle in the failing SQL), nothing is changed."""
    reason = unwritable_reason(db)
    if reason is not None:
        raise UserError(_("The database file cannot be written ({reason}), so nothing can be changed and nobody "
                          "is signed in. Make the file writable, or work on a copy.").format(reason=reason))


def cli_actor(args, db: Database) -> Actor:
    user = requested_user(args)
    if not getattr(db, "readonly", False):  # a read-only handle signs in without writing (backup, restore)
        require_writable(db)
    if not accounts.has_accounts(db):
        if user is not None:
            raise UserError(_("This database has no accounts yet, so --user is not needed. Create the "
                              "administrator first: python -m app accounts first-admin"))
        return SYSTEM
    if user is None:
        raise UserError(_("This database has accounts: say who you are with --user NAME "
                          "(the password is asked, or read from {env}).").format(env=PASSWORD_ENV))
    password = read_password(_("Password for {user}: ").format(user=user))
    try:
        signed = accounts.sign_in(db, user, password, record_success=False)
    except accounts.PasswordSetupRequired:
        raise UserError(_("{user} has no password yet. Set it first: python -m app accounts set-password --user {user}")
                        .format(user=user)) from None
    return signed.actor
