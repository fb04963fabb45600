"""The station's people and who holds which role when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.services.access import roles_on
from app.i18n import _
from app.models.catalogue import ROLE_CODES
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.core import clock
from app.services.access import authorize, guard_role_change
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.core.validate import clean_text, parse_date
from app.services.core.formatting import format_date
from app.services.core.sql_text import binary
from app.services.core.formatting import as_typed


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    rank: str
    pno: str | None
    cctns_user_id: str | None
    active: bool
    roles: tuple[str, ...] = ()  # roles held today

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "rank": self.rank, "pno": self.pno,
                "cctns_user_id": self.cctns_user_id, "active": self.active, "roles": list(self.roles)}


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    person_id: int
    person: str
    role: str
    from_date: dt.date
    to_date: dt.date | None


def check_role(role: str) -> str:
    role = (role or "").strip().lower()
    if role not in ROLE_CODES:
        raise UserError(
            _("Unknown role '{role}'. The roles are: {roles}.").format(role=role, roles=", ".join(ROLE_CODES))
        )
    return role


def get_person(session: Session, person_id: int) -> Person:
    """The person on the staff list with this id (active or not); ``NotFound`` when there is none."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(_("There is no person with id {id} on the staff list.").format(id=person_id))
    return person


def _person_dict(p: Person) -> dict:
    return {"name": p.name, "rank": p.rank, "pno": p.pno, "cctns_user_id": p.cctns_user_id, "active": p.active}


def add_person(db: Database, name: str, rank: str, pno: str | None = None,
               cctns_user_id: str | None = None, actor: Actor = SYSTEM) -> PersonInfo:
    name = clean_text(name, _("Name"), required=True, max_len=120)
    rank = clean_text(rank, _("Rank"), required=True, max_len=60)
    pno = clean_text(pno, _("PNO"), max_len=40) or None
    cctns_user_id = clean_text(cctns_user_id, _("CCTNS user id"), max_len=60) or None
    with db.session() as s:
        authorize(s, actor, "staff.edit")
        if pno and s.scalar(select(Person.id).where(Person.pno == pno)) is not None:
            raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=pno))
        p = Person(name=name, rank=rank, pno=pno, cctns_user_id=cctns_user_id, active=True,
                   created_at=clock.now())
        s.add(p)
        s.flush()
        audit.record(s, actor, "person.add", "person", p.id, after=_person_dict(p))
        return PersonInfo(p.id, p.name, p.rank, p.pno, p.cctns_user_id, p.active)


def update_person(db: Database, person_id: int, *, name: str | None = None, rank: str | None = None,
                  pno: str | None = None, cctns_user_id: str | None = None, active: bool | None = None,
                  actor: Actor = SYSTEM) -> PersonInfo:
    with db.session() as s:
        authorize(s, actor, "staff.edit")
        p = get_person(s, person_id)
        before = _person_dict(p)
        if name is not None:
            p.name = clean_text(name, _("Name"), required=True, max_len=120)
        if rank is not None:
            p.rank = clean_text(rank, _("Rank"), required=True, max_len=60)
        if pno is not None:
            new_pno = clean_text(pno, _("PNO"), max_len=40) or None
            if new_pno and s.scalar(select(Person.id).where(Person.pno == new_pno, Person.id != p.id)):
                raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=new_pno))
            p.pno = new_pno
        if cctns_user_id is not None:
            p.cctns_user_id = clean_text(cctns_user_id, _("CCTNS user id"), max_len=60) or None
        if active is not None:
            p.active = bool(active)
        audit.record(s, actor, "person.update", "person", p.id, before=before, after=_person_dict(p))
        return PersonInfo(p.id, p.name, p.rank, p.pno, p.cctns_user_id, p.active)


def list_persons(db: Database, *, include_inactive: bool = True, on: dt.date | None = None) -> list[PersonInfo]:
    on = on or clock.today()
    with db.session() as s:
        held = roles_on(s, on)
        q = select(Person).order_by(binary(Person.name), Person.id)
        if not include_inactive:
            q = q.where(Person.active.is_(True))
        return [PersonInfo(p.id, p.name, p.rank, p.pno, p.cctns_user_id, p.active, tuple(held.get(p.id, ())))
                for p in s.scalars(q)]


def assign_role(db: Database, person_id: int, role: str, from_date: str | dt.date,
                to_date: str | dt.date | None = None, actor: Actor = SYSTEM) -> AssignmentInfo:
    role = check_role(role)
    start = parse_date(from_date, _("From date"))
    end = parse_date(to_date, _("To date"), required=False)
    if end is not None and end < start:
        raise UserError(_("The 'to' date {to} is before the 'from' date {from_}.").format(
            to=as_typed(end), from_=as_typed(start)))
    with db.session() as s:
        authorize(s, actor, "staff.edit")
        p = get_person(s, person_id)
        if not p.active:
            raise UserError(_("{name} is marked inactive; reactivate the person before assigning a role.").format(
                name=p.name))
        overlap = s.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.person_id == person_id, RoleAssignment.role_code == role,
                or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= start),
                *([RoleAssignment.from_date <= end] if end else []),
            )
        )
        if overlap is not None:
            raise UserError(_("{name} already holds this role in that period.").format(name=p.name))
        guard_role_change(s, actor, role, person_id, start, end)
        a = RoleAssignment(person_id=person_id, role_code=role, from_date=start, to_date=end, note="")
        s.add(a)
        s.flush()
        audit.record(s, actor, "role.assign", "role_assignment", a.id,
                     after={"person_id": person_id, "role": role, "from": start, "to": end})
        return AssignmentInfo(a.id, p.id, p.name, role, start, end)


def end_assignment(db: Database, assignment_id: int, on: str | dt.date, actor: Actor = SYSTEM, *,
                   reason: str | None = None) -> AssignmentInfo:
    """End an assignment on ``on`` (the last day held), or move its end; ``reason`` (the window asks for one)
    is kept in the audit row."""
    end = parse_date(on, _("End date"))
    why = clean_text(reason, _("Reason"), max_len=500) if reason is not None else ""
    with db.session() as s:
        authorize(s, actor, "staff.edit")
        a = s.get(RoleAssignment, assignment_id)
        if a is None:
            raise NotFound(_("There is no role assignment with id {id}.").format(id=assignment_id))
        if end < a.from_date:
            raise UserError(_("The end date {to} is before the start of the assignment {from_}.").format(
                to=format_date(end, style="numeric"), from_=format_date(a.from_date, style="numeric")))
        extended_from = (a.to_date + dt.timedelta(days=1)) if a.to_date is not None and end > a.to_date else None
        guard_role_change(s, actor, a.role_code, a.person_id, extended_from, end)
        before = {"to": a.to_date}
        a.to_date = end
        audit.record(s, actor, "role.end", "role_assignment", a.id, before=before,
                     after={"to": end, **({"reason": why} if why else {})})
        return AssignmentInfo(a.id, a.person_id, a.person.name, a.role_code, a.from_date, a.to_date)


def list_assignments(db: Database, *, person_id: int | None = None) -> list[AssignmentInfo]:
    with db.session() as s:
        q = (select(RoleAssignment, Person.name).join(Person, Person.id == RoleAssignment.person_id)
             .order_by(RoleAssignment.role_code, RoleAssignment.from_date))
        if person_id is not None:
            q = q.where(RoleAssignment.person_id == person_id)
        return [AssignmentInfo(a.id, a.person_id, name, a.role_code, a.from_date, a.to_date)
                for a, name in s.execute(q)]
