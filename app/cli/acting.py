"""Who a console command acts as — the console policy, in one place.

- While the database has **no account**, the console is the system actor (``audit.SYSTEM``): that is
  how a station is set up (``init``, ``staff add``, ``accounts first-admin``) before anyone can sign in.
- Once **any account exists**, every command that changes data, and every command that reads the
  audit trail, needs ``--user NAME`` (or the ``ANUPALAN_USER`` variable) and that person's password,
  from a prompt that does not echo, or from ``ANUPALAN_PASSWORD`` for scripts. The sign-in is the
  window's: audited, counted towards the lock, refused while locked. The command then runs as that
  person (``accounts.actor_for``), with that person's permissions.

Command modules call ``cli_actor(args, db)`` once, after opening the database, and pass the result
as ``actor=`` to every service call that changes something.
"""

from __future__ import annotations

import getpass
import os
import sys

from app.i18n import _
from app.services import accounts
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError

USER_ENV = "ANUPALAN_USER"
PASSWORD_ENV = "ANUPALAN_PASSWORD"


def requested_user(args) -> str | None:
    return (getattr(args, "user", None) or os.environ.get(USER_ENV) or "").strip() or None


def read_password(prompt: str, env: str = PASSWORD_ENV) -> str:
    """A password from the environment variable, else from a prompt without echo (a terminal only)."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("A password is needed: type it at a terminal, or set the {env} variable.").format(env=env))
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UserError(_("No password was given.")) from None


def cli_actor(args, db: Database) -> Actor:
    user = requested_user(args)
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
        signed = accounts.sign_in(db, user, password)
    except accounts.PasswordSetupRequired:
        raise UserError(_("{user} has no password yet. Set it first: python -m app accounts set-password --user {user}")
                        .format(user=user)) from None
    return signed.actor
