"""A role's backlog: the open entries of a role that nobody owes (they arose while no one held the role),
handed to a holder only when the user says so; and ending a person's role, with what becomes of the
entries of that role the person still owes.

Nothing moves without being asked for: ``role_backlog`` and ``preview_end_role`` only count. Every move is
checked first (refused input leaves no trace, not even a backup), then a verified backup of the file is
taken (as for a transfer) and the move is made and audited in one transaction.

Who may receive entries of a role: an active person who holds it today or from a later date (a successor
named in advance); "any doubt refuses".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.validate import clean_text, parse_date
from app.services.obligations import OPEN_STATUSES
from app.services.staff.handover import OPEN_CASE_STATUSES
from app.services.staff.persons import AssignmentInfo, assign_role, check_role, end_assignment, get_person
from app.services.storage import Database
from app.services.core.formatting import as_typed


@dataclass(frozen=True)
class Backlog:
    """Open entries of one role that nobody owes (or that one person owes, for ``preview_end_role``)."""
    role: str
    ids: tuple[int, ...]
    overdue: int  # pending and past their due time
    missed: int  # recurring periods gone by, still to be entered
    by_form: dict[str, int] = field(default_factory=dict)  # "" for duties without a form

    @property
    def count(self) -> int:
        return len(self.ids)

    def as_dict(self) -> dict:
        return {"role": self.role, "count": self.count, "overdue": self.overdue, "missed": self.missed,
                "by_form": self.by_form, "ids": list(self.ids)}


@dataclass(frozen=True)
class EndRolePreview:
    person_id: int
    person: str
    role: str
    assignment_id: int
    on: dt.date  # the last day the person holds the role
    owed: Backlog  # the person's open entries of the role
    cases_as_io: tuple[int, ...] = ()  # ending the io role: the open cases naming the person as their IO
    to_person: str | None = None  # the name of the person the entries are handed to (``end_role --to``)

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "person": self.person, "role": self.role,
                "assignment_id": self.assignment_id, "on": self.on, "owed": self.owed.as_dict(),
                "cases_as_io": list(self.cases_as_io), "to_person": self.to_person}


def _cases_as_io(session: Session, person_id: int, role: str) -> tuple[int, ...]:
    """The open cases naming the person as IO (only when the role ending is io): new entries of those
    cases go to their IO, so they follow the person's io entries when those are handed over."""
    if role != "io":
        return ()
    return tuple(session.scalars(select(Case.id).where(Case.io_person_id == person_id,
                                                       Case.status.in_(OPEN_CASE_STATUSES)).order_by(Case.id)))


def _backlog(session: Session, role: str, person_id: int | None) -> Backlog:
    o = Obligation
    owner = o.person_id.is_(None) if person_id is None else o.person_id == person_id
    rows = session.execute(select(o.id, o.status, o.form, o.due_at)
                           .where(o.role_code == role, owner, o.status.in_(OPEN_STATUSES))
                           .order_by(o.due_at, o.id)).all()
    now = clock.now()
    by_form: dict[str, int] = {}
    for _id, _status, form, _due in rows:
        by_form[form or ""] = by_form.get(form or "", 0) + 1
    return Backlog(role, tuple(r[0] for r in rows),
                   sum(1 for r in rows if r[1] == "pending" and r[3] < now),
                   sum(1 for r in rows if r[1] == "missed"), by_form)


def holds_role_from(session: Session, person_id: int, role: str, day: dt.date) -> bool:
    """Whether the person holds ``role`` on ``day`` or from a later date."""
    return session.scalar(select(func.count()).select_from(RoleAssignment).where(
        RoleAssignment.person_id == person_id, RoleAssignment.role_code == role,
        or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= day))) > 0


def _receiver(session: Session, person_id: int, role: str) -> Person:
    person = get_person(session, person_id)
    if not person.active:
        raise UserError(_("{name} is marked inactive and cannot take over work.").format(name=person.name))
    if not holds_role_from(session, person_id, role, clock.today()):
        raise UserError(_("{name} does not hold the role {role} today or from a later date; assign the role "
                          "first.").format(name=person.name, role=role))
    return person


def role_backlog(db: Database, role: str) -> Backlog:
    """The open entries of ``role`` that nobody owes: what a new holder of the role could take over."""
    role = check_role(role)
    with db.session() as s:
        return _backlog(s, role, None)


def _move(session: Session, ids: Sequence[int], role: str, from_person: int | None,
          to_person: int | None) -> list[int]:
    """Give the listed entries to ``to_person``: each must still be an open entry of ``role`` owed by
    ``from_person`` (None: nobody), else nothing moves."""
    o = Obligation
    owner = o.person_id.is_(None) if from_person is None else o.person_id == from_person
    found = {ob.id: ob for ob in session.scalars(select(o).where(o.id.in_(list(ids)), o.role_code == role, owner,
                                                                  o.status.in_(OPEN_STATUSES)))}
    changed = [i for i in ids if i not in found]
    if changed:
        raise UserError(_("The entries changed while you were deciding ({ids}); look at them again.").format(
            ids=", ".join(map(str, changed[:10]))))
    for i in ids:
        found[i].person_id = to_person
    return list(ids)


def take_backlog(db: Database, person_id: int, role: str, *, ids: Sequence[int] | None = None,
                 actor: Actor = SYSTEM) -> list[int]:
    """Hand the role's unassigned open entries to ``person_id`` (who holds the role today or from a later
    date): exactly ``ids`` when given (a preview's list; refused if any of them has changed since), else
    all of them. Returns the ids moved. A verified backup first; audited."""
    role = check_role(role)
    with db.session() as s:  # check first: refused input leaves no trace
        authorize(s, actor, "staff.transfer")
        _receiver(s, person_id, role)
        wanted = list(dict.fromkeys(ids)) if ids is not None else list(_backlog(s, role, None).ids)
    if not wanted:
        return []
    db.storage.before_bulk_change("backlog")  # a verified copy of a file; nothing on a server
    with db.session() as s:
        authorize(s, actor, "staff.transfer")
        person = _receiver(s, person_id, role)
        moved = _move(s, wanted, role, None, person.id)
        audit.record(s, actor, "staff.take_backlog", "person", person.id, before={"person_id": None},
                     after={"role": role, "to": person.id, "obligations": moved})
        return moved


def assign_role_with_backlog(db: Database, person_id: int, role: str, from_date, to_date=None, *,
                             actor: Actor = SYSTEM) -> tuple[AssignmentInfo, list[int]]:
    """``assign_role``, then the role's unassigned backlog to the new holder (``take_backlog``). The
    permission to move entries and the dates are checked before the role is assigned."""
    role = check_role(role)
    end = parse_date(to_date, _("To date"), required=False)
    if end is not None and end < clock.today():
        raise UserError(_("The assignment ends before today; its holder cannot take over the backlog."))
    with db.session() as s:
        authorize(s, actor, "staff.transfer")
    info = assign_role(db, person_id, role, from_date, to_date, actor=actor)
    return info, take_backlog(db, person_id, role, actor=actor)


def _current_assignment(session: Session, person_id: int, role: str, on: dt.date) -> RoleAssignment:
    person = get_person(session, person_id)
    found = session.scalars(select(RoleAssignment).where(
        RoleAssignment.person_id == person_id, RoleAssignment.role_code == role, RoleAssignment.from_date <= on,
        or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on)).order_by(RoleAssignment.id)).first()
    if found is None:
        raise UserError(_("{name} does not hold the role {role} on {date}.").format(name=person.name, role=role,
                                                                                     date=as_typed(on)))
    if found.to_date is not None and (found.to_date <= clock.today() or found.to_date == on):
        # ending it again would hand his entries over a second time, and moving the end of a finished
        # assignment rewrites who held the role when: that is a correction, not an ending
        raise UserError(_("{name}'s role {role} already ends on {date}; it is not ended again (a wrong end date "
                          "is a correction, not made with 'staff end').").format(
            name=person.name, role=role, date=as_typed(found.to_date)))
    return found


def preview_end_role(db: Database, person_id: int, role: str, on) -> EndRolePreview:
    """Which assignment would end on ``on`` (the last day held) and what the person still owes of the role."""
    role = check_role(role)
    day = parse_date(on, _("End date"))
    with db.session() as s:
        a = _current_assignment(s, person_id, role, day)
        return EndRolePreview(person_id, a.person.name, role, a.id, day, _backlog(s, role, person_id),
                              _cases_as_io(s, person_id, role))


def end_role(db: Database, person_id: int, role: str, on, *, hand_to: int | None = None, release: bool = False,
             actor: Actor = SYSTEM, reason: str | None = None) -> tuple[EndRolePreview, list[int]]:
    """End the person's holding of ``role`` on ``on`` (the last day held). The person's open entries of the
    role go to ``hand_to`` (who must hold the role), or to nobody with ``release`` (the role's backlog,
    for the next holder to take), or stay with the person when neither is asked. ``reason`` goes into the
    audit row of the ending. Returns the preview and the ids moved."""
    if hand_to is not None and release:
        raise UserError(_("Either hand the entries to a person or release them, not both."))
    role = check_role(role)
    day = parse_date(on, _("End date"))
    if reason is not None:
        reason = clean_text(reason, _("Reason"), max_len=500)
    moving = hand_to is not None or release
    with db.session() as s:  # check everything first: refused input leaves no trace
        a = _current_assignment(s, person_id, role, day)
        if day < a.from_date:
            raise UserError(_("The end date {to} is before the start of the assignment {from_}.").format(
                to=as_typed(day), from_=as_typed(a.from_date)))
        authorize(s, actor, "staff.edit")
        if moving:
            authorize(s, actor, "staff.transfer")
        if hand_to is not None:
            if hand_to == person_id:
                raise UserError(_("A person cannot hand work over to themselves; choose the successor."))
        receiver = _receiver(s, hand_to, role).name if hand_to is not None else None
        preview = EndRolePreview(person_id, a.person.name, role, a.id, day, _backlog(s, role, person_id),
                                 _cases_as_io(s, person_id, role), receiver)
    moving = moving and bool(preview.owed.ids or preview.cases_as_io)
    if moving:
        db.storage.before_bulk_change("end-role")  # before anything is written
    end_assignment(db, preview.assignment_id, day, actor=actor, reason=reason)
    if not moving:
        return preview, []
    with db.session() as s:
        authorize(s, actor, "staff.transfer")
        if hand_to is not None:
            _receiver(s, hand_to, role)
        moved = _move(s, list(preview.owed.ids), role, person_id, hand_to)
        # his open investigations follow his io entries (as in a transfer): to the successor, or to no IO
        cases = list(s.scalars(select(Case).where(Case.id.in_(list(preview.cases_as_io)),
                                                  Case.io_person_id == person_id)))
        for c in cases:
            c.io_person_id = hand_to
        audit.record(s, actor, "staff.end_role_handover", "person", person_id, before={"person_id": person_id},
                     after={"role": role, "to": hand_to, "obligations": moved, "cases_io": [c.id for c in cases]})
        return preview, moved
