"""A person confirms an act with his own password where the work is done, without the one signed in to the
window signing out: the SHO verifying at the operator's PC (duty A-2).

``confirm_person`` checks the person's password exactly as a sign-in does (a wrong one counts towards his
lock, a locked or switched-off account is refused) and returns his ``Actor``: the act that follows is recorded
as his. An audit row ``signin.confirm`` says whose password was given, for what, and at whose window.
When he cannot confirm (no account, no password set yet), the message says what to do.

Import this from ``app.services.accounts`` (the one public API); this module only splits the package.
"""

from __future__ import annotations

from sqlalchemy import select

from app.i18n import _
from app.models.accounts import Account
from app.services import audit
from app.services.access import SYSTEM, Actor
from app.services.accounts.signin import PasswordSetupRequired, SignInFailed, actor_of, load_account, sign_in
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.services.staff import get_person
from app.services.storage import Database

PURPOSE_MAX = 120


def confirm_person(db: Database, person_id: int, password: str, *, purpose: str,
                   at_window_of: Actor = SYSTEM) -> Actor:
    """Check ``person_id``'s own password in place and return his ``Actor`` (today's flags).

    ``purpose`` is what he confirms (recorded); ``at_window_of`` is who is signed in to the window."""
    what = clean_text(purpose, _("Purpose"), required=True, max_len=PURPOSE_MAX)
    with db.session() as s:
        person = get_person(s, person_id)
        name = person.name
        account = s.scalar(select(Account).where(Account.person_id == person_id))
        if account is None:
            raise UserError(_("{name} has no account, so his password cannot be asked. An administrator can add "
                              "one in Account → Accounts; he then sets his password with the one-time code.")
                            .format(name=name), field="password")
        username = account.username
    if not password:
        raise UserError(_("{name} types his own password here.").format(name=name), field="password")
    try:
        signed = sign_in(db, username, password, record_success=False)  # failures count towards his lock
    except PasswordSetupRequired:
        raise UserError(_("{name} has not set his password yet. He signs in once with the one-time code the "
                          "administrator gave him (Account → Switch user), then confirms here; if the code is lost, "
                          "an administrator starts a new reset in Account → Accounts.").format(name=name),
                        field="password") from None
    except SignInFailed as exc:
        if exc.locked_until is not None or exc.message != _("Wrong user name or password."):
            raise  # locked or switched off: the sign-in's own words
        raise SignInFailed(_("That is not {name}'s password. He types his own password; after several wrong ones "
                             "his account is locked for a while.").format(name=name)) from None
    with db.session() as s:
        a = load_account(s, signed.account.id)
        actor = actor_of(a)
        audit.record(s, actor, "signin.confirm", "account", a.id,
                     after={"username": a.username, "purpose": what, "window_of": at_window_of.label,
                            "window_person_id": at_window_of.person_id})
    return actor
