"""A person's transfer: every open obligation goes to the successor, nothing is lost.

``transfer(db, from, to, on)`` in one audited transaction: the leaving person's open obligations
(pending, and ``missed`` recurring periods still to be entered) are handed to the successor; the roles the leaving person holds on ``on`` end the day before and the
successor holds them from ``on``; open investigations with the leaving person as IO get the successor
as IO. ``preview_transfer`` says what would happen without changing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.access import authorize, guard_role_change
from app.services.obligations import OPEN_STATUSES
from app.services.staff.persons import get_person
from app.services.core.validate import parse_date

OPEN_CASE_STATUSES = ("open",)


@dataclass(frozen=True)
class TransferPreview:
    from_person_id: int
    from_person: str
    to_person_id: int
    to_person: str
    on: dt.date
    obligations: int  # open obligations handed over (pending and missed)
    overdue: int  # of which pending and already overdue
    by_role: dict[str, int]
    roles_ending: tuple[str, ...]  # roles the leaving person holds on ``on``
    roles_starting: tuple[str, ...]  # of those, the roles the successor does not hold yet
    cases_as_io: int  # open investigations whose IO changes
    missed: int = 0  # of the obligations, recurring periods gone by that are still to be entered

    def as_dict(self) -> dict:
        return {"from_person_id": self.from_person_id, "from_person": self.from_person,
                "to_person_id": self.to_person_id, "to_person": self.to_person, "on": self.on,
                "obligations": self.obligations, "overdue": self.overdue, "by_role": self.by_role,
                "roles_ending": list(self.roles_ending), "roles_starting": list(self.roles_starting),
                "cases_as_io": self.cases_as_io, "missed": self.missed}


def _active_assignments(session: Session, person_id: int, on: dt.date) -> list[RoleAssignment]:
    return list(session.scalars(select(RoleAssignment).where(
        RoleAssignment.person_id == person_id, RoleAssignment.from_date <= on,
        or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on)).order_by(RoleAssignment.id)))


def _check(session: Session, from_person_id: int, to_person_id: int, on) -> tuple[Person, Person, dt.date]:
    day = parse_date(on, _("Transfer date"))
    if from_person_id == to_person_id:
        raise UserError(_("A person cannot hand work over to themselves; choose the successor."))
    leaving = get_person(session, from_person_id)
    successor = get_person(session, to_person_id)
    if not successor.active:
        raise UserError(_("{name} is marked inactive and cannot take over work.").format(name=successor.name))
    return leaving, successor, day


def _preview(session: Session, leaving: Person, successor: Person, day: dt.date) -> TransferPreview:
    from app.services.core import clock

    now = clock.now()
    o = Obligation
    by_role = dict(session.execute(select(o.role_code, func.count()).where(
        o.person_id == leaving.id, o.status.in_(OPEN_STATUSES)).group_by(o.role_code)).all())
    missed = session.scalar(select(func.count()).select_from(o).where(
        o.person_id == leaving.id, o.status == "missed")) or 0
    overdue = session.scalar(select(func.count()).select_from(o).where(
        o.person_id == leaving.id, o.status == "pending", o.due_at < now)) or 0
    ending = tuple(a.role_code for a in _active_assignments(session, leaving.id, day))
    held = {a.role_code for a in _active_assignments(session, successor.id, day)}
    cases = session.scalar(select(func.count()).select_from(Case).where(
        Case.io_person_id == leaving.id, Case.status.in_(OPEN_CASE_STATUSES))) or 0
    return TransferPreview(leaving.id, leaving.name, successor.id, successor.name, day, sum(by_role.values()),
                           overdue, by_role, ending, tuple(r for r in dict.fromkeys(ending) if r not in held), cases,
                           missed)


def preview_transfer(db: Database, from_person_id: int, to_person_id: int, on) -> TransferPreview:
    with db.session() as s:
        leaving, successor, day = _check(s, from_person_id, to_person_id, on)
        return _preview(s, leaving, successor, day)


def transfer(db: Database, from_person_id: int, to_person_id: int, on, actor: Actor = SYSTEM) -> int:
    """Hand everything open over; returns the number of obligations moved.

    A bulk change: after the input is checked, a verified backup is taken before anything is written.
    """
    with db.session() as s:  # check first, so refused input leaves no trace (not even a backup)
        authorize(s, actor, "staff.transfer")
        _check(s, from_person_id, to_person_id, on)

    db.storage.before_bulk_change("transfer")  # a verified copy of a file; nothing on a server
    with db.session() as s:
        authorize(s, actor, "staff.transfer")
        leaving, successor, day = _check(s, from_person_id, to_person_id, on)
        preview = _preview(s, leaving, successor, day)
        o = Obligation
        moved = list(s.scalars(select(o).where(o.person_id == leaving.id, o.status.in_(OPEN_STATUSES)).order_by(o.id)))
        for ob in moved:
            ob.person_id = successor.id
        ended = []
        for a in _active_assignments(s, leaving.id, day):
            guard_role_change(s, actor, a.role_code, leaving.id)
            before = a.to_date
            a.to_date = max(a.from_date, day - dt.timedelta(days=1))
            ended.append({"id": a.id, "role": a.role_code, "to": [before, a.to_date]})
        started = []
        for role in preview.roles_starting:
            guard_role_change(s, actor, role, successor.id, day, None)
            a = RoleAssignment(person_id=successor.id, role_code=role, from_date=day, to_date=None,
                               note=_("took over from {name}").format(name=leaving.name))
            s.add(a)
            s.flush()
            started.append({"id": a.id, "role": role, "from": day})
        cases = list(s.scalars(select(Case).where(Case.io_person_id == leaving.id,
                                                  Case.status.in_(OPEN_CASE_STATUSES))))
        for c in cases:
            c.io_person_id = successor.id
        audit.record(s, actor, "staff.transfer", "person", leaving.id,
                     before={"person_id": leaving.id},
                     after={"to": successor.id, "on": day, "obligations": [ob.id for ob in moved],
                            "roles_ended": ended, "roles_started": started, "cases_io": [c.id for c in cases]})
        return len(moved)
