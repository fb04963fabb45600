"""Who may do what, enforced in the services (hiding a button is not a permission).

Every mutating service calls ``authorize(session, actor, ACTION, owner_person_id=...)`` before it
changes anything. The matrix follows the circular and the issue:

- the computer operator administers the desk: the *admin* account flag (given to the operator's
  account on the first run) covers accounts, the station's details, the staff list, rules, restore;
  it gives no power over other people's CAS entries by itself;
- the operator role types most CAS entries (28 duties) and may mark any entry entered;
- a mohrir or an IO marks *their own* entries (``self``: the person who owes the item);
- the SHO verifies (A-2), marks entries not applicable and reassigns work, but never an entry he made
  himself (``obligations.verify``); only an administrator gives or ends the SHO's role
  (``staff.sho``), never to himself, and one person holds it at a time (``staff.assign_role``);
- recording someone else as the maker of an entry (``obligation.enter_for``) is the operator's
  desk work only, so the verifier cannot put another name on his own entry;
- an inspecting officer (the *inspector* account flag, e.g. the Circle Officer) reads, prints and
  records findings, and changes nothing else.

The system actor (``audit.SYSTEM``: the console while no account exists, the demo builder, scheduled
work) may do everything; ``app/cli/common.py`` decides when the console counts as the system.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.models.staff import Person, RoleAssignment
from app.services.access.actor import Actor
from app.services.core.errors import UserError
from app.services.core.formatting import format_date

# action → who may: station roles (``sho``, ``mohrir``, ``io``, ``operator``, ``court``), the account
# flags ``admin`` and ``inspector``, and ``self`` = the person who owes the item (``owner_person_id``).
# tests/services/test_permissions_matrix.py spells the same table out cell by cell.
STATION_ROLES = ("sho", "mohrir", "io", "operator", "court")
EVERY_ROLE = frozenset(STATION_ROLES)
MATRIX: dict[str, frozenset[str]] = {
    "station.edit": frozenset({"admin", "sho"}),
    "staff.edit": frozenset({"admin", "sho", "operator"}),
    "staff.transfer": frozenset({"admin", "sho"}),
    "staff.sho": frozenset({"admin"}),
    "case.add": frozenset({"sho", "mohrir", "operator"}),
    "case.event": EVERY_ROLE,
    # edit or void a case or an event: moves statutory deadlines or closes entries, so the SHO (duty A-2)
    "case.correct": frozenset({"sho"}),
    "obligation.enter": frozenset({"self", "sho", "operator"}),
    "obligation.enter_for": frozenset({"operator"}),
    "obligation.verify": frozenset({"sho"}),
    "obligation.na": frozenset({"sho"}),
    "obligation.reassign": frozenset({"sho"}),
    "rules.edit": frozenset({"admin", "sho"}),
    "inspection.record": frozenset({"inspector", "sho"}),
    "report.print": EVERY_ROLE | {"admin", "inspector"},
    "audit.view": frozenset({"admin", "sho", "inspector"}),
    "backup.run": EVERY_ROLE | {"admin"},
    "backup.restore": frozenset({"admin"}),
    "accounts.admin": frozenset({"admin"}),
    "equipment.edit": frozenset({"admin", "sho", "operator"}),
}

ACTION_LABELS = {
    "station.edit": N_("change the station's details"),
    "staff.edit": N_("change the staff list"),
    "staff.transfer": N_("transfer a person's pending work"),
    "staff.sho": N_("give or end the SHO's role"),
    "case.add": N_("register a case"),
    "case.event": N_("add an event to a case"),
    "case.correct": N_("correct or void a case or an event"),
    "obligation.enter": N_("mark an entry as entered in CAS"),
    "obligation.enter_for": N_("record someone else as the maker of an entry"),
    "obligation.verify": N_("verify an entry"),
    "obligation.na": N_("mark an entry not applicable"),
    "obligation.reassign": N_("reassign an entry"),
    "rules.edit": N_("change the due-date rules"),
    "inspection.record": N_("record an inspection"),
    "report.print": N_("print reports"),
    "audit.view": N_("view the audit trail"),
    "backup.run": N_("make a backup"),
    "backup.restore": N_("restore a backup"),
    "accounts.admin": N_("manage accounts"),
    "equipment.edit": N_("change the equipment register"),
}


def actor_roles(session: Session, actor: Actor, on: dt.date | None = None) -> set[str]:
    from app.models.accounts import Account  # the accounts' table: loaded by the first check, not by a reader
    from app.services.core import clock
    from app.services.access.roles import roles_on

    held: set[str] = set()
    admin, inspector = actor.admin, actor.inspector
    if actor.person_id is not None:
        # the account as it is now, not as it was at sign-in: an account switched off, or an administrator's or
        # inspector's flag taken away, counts at once in a window still open (any doubt refuses)
        account = session.execute(select(Account.active, Account.is_admin, Account.is_inspector)
                                  .where(Account.person_id == actor.person_id)).first()
        if account is not None:
            if not account.active:
                return held
            admin, inspector = admin and bool(account.is_admin), inspector and bool(account.is_inspector)
        held.update(roles_on(session, on or clock.today()).get(actor.person_id, []))
    if admin:
        held.add("admin")
    if inspector:
        held.add("inspector")
    return held


def allowed(session: Session, actor: Actor, action: str, *, owner_person_id: int | None = None) -> bool:
    if action not in MATRIX:
        raise KeyError(action)
    if actor.is_system:
        return True
    allowed_roles = MATRIX[action]
    if "self" in allowed_roles and owner_person_id is not None and owner_person_id == actor.person_id:
        return True
    return bool(actor_roles(session, actor) & allowed_roles)


def permitted(db, actor: Actor, action: str, *, owner_person_id: int | None = None) -> bool:
    """``allowed`` in its own short unit of work (for the window, to enable or disable a control)."""
    with db.session() as s:
        return allowed(s, actor, action, owner_person_id=owner_person_id)


def allowed_actions(session: Session, actor: Actor) -> frozenset[str]:
    """Every action the actor may take on items owned by someone else (for menus and buttons)."""
    return frozenset(a for a in MATRIX if allowed(session, actor, a))


# Actions allowed on a read-only database: printing and the audit trail only read it; backups work on the
# file, not through this session (the backup service checks permissions with a read-only handle).
READING_ACTIONS = frozenset({"report.print", "audit.view", "backup.run", "backup.restore"})


def authorize(session: Session, actor: Actor, action: str, *, owner_person_id: int | None = None) -> None:
    if session.info.get("readonly") and action not in READING_ACTIONS:
        from app.services.core.errors import ReadOnlyDatabaseError, readonly_message

        raise ReadOnlyDatabaseError(readonly_message())
    if not allowed(session, actor, action, owner_person_id=owner_person_id):
        raise UserError(_("{name} is not allowed to {action}.").format(
            name=actor.label, action=_(ACTION_LABELS.get(action, action))))


def guard_role_change(session: Session, actor: Actor, role: str, person_id: int, start: dt.date | None = None,
                      end: dt.date | None = None) -> None:
    """Separation of duties for the roles that check others' work (today: the SHO's, who verifies).

    Giving or ending such a role needs an administrator (``staff.sho``, audited by the caller), never
    for himself, and one person holds it at a time: a second holder is refused while the current
    assignment runs in the period (``start``..``end``, both given when a role is being given); the
    current one must be ended explicitly first. The system actor (a station being set up before any
    account exists) is bound only by the one-holder rule."""
    if role in GUARDED_ROLES:
        authorize(session, actor, "staff.sho")
        if not actor.is_system and actor.person_id == person_id:
            raise UserError(_("Nobody gives or ends the SHO's role for himself: another administrator has to do it."))
    if start is not None and role in CONFLICTING_ROLES:
        _refuse_conflicting_role(session, role, person_id, start, end)
    if role not in GUARDED_ROLES or start is None:
        return
    other = session.execute(
        select(RoleAssignment.id, RoleAssignment.from_date, Person.name)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.role_code == role, RoleAssignment.person_id != person_id,
               or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= start),
               *([RoleAssignment.from_date <= end] if end is not None else []))
        .order_by(RoleAssignment.from_date, RoleAssignment.id).limit(1)
    ).first()
    if other is not None:
        raise UserError(_("{name} holds the SHO's role from {from_}; there is one SHO at a time. End that "
                          "assignment first (the day before the new SHO starts).")
                        .format(name=other.name, from_=format_date(other.from_date, style="numeric")))


GUARDED_ROLES = frozenset({"sho"})
# Roles one person never holds at once: the computer operator records entries (and names their makers), the SHO
# verifies them; held together, one man could record an entry as another's and then verify it himself.
CONFLICTING_ROLES = {"sho": "operator", "operator": "sho"}
_ROLE_WORDS = {"sho": N_("SHO's"), "operator": N_("computer operator's")}


def _refuse_conflicting_role(session: Session, role: str, person_id: int, start: dt.date,
                             end: dt.date | None) -> None:
    other_role = CONFLICTING_ROLES[role]
    clash = session.execute(
        select(RoleAssignment.id, RoleAssignment.from_date, Person.name)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.role_code == other_role, RoleAssignment.person_id == person_id,
               or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= start),
               *([RoleAssignment.from_date <= end] if end is not None else []))
        .order_by(RoleAssignment.from_date, RoleAssignment.id).limit(1)
    ).first()
    if clash is not None:
        raise UserError(_("{name} holds the {other} role in that period (assignment {id}): the SHO, who verifies "
                          "entries, and the computer operator, who records them, are never the same person. End "
                          "that assignment first.").format(name=clash.name, other=_(_ROLE_WORDS[other_role]),
                                                           id=clash.id))
