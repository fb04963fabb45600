"""Who held which role on a date: the one query behind permissions, owners of entries and documents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models.staff import Person, RoleAssignment


def roles_on(session: Session, on: dt.date) -> dict[int, list[str]]:
    """person id → roles held on the date."""
    rows = session.execute(
        select(RoleAssignment.person_id, RoleAssignment.role_code)
        .where(RoleAssignment.from_date <= on,
               or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on))
        .order_by(RoleAssignment.from_date)
    )
    held: dict[int, list[str]] = {}
    for pid, role in rows:
        held.setdefault(pid, []).append(role)
    return held


def holders(session: Session, role: str, on: dt.date) -> list[int]:
    """Ids of the people holding ``role`` on ``on``, the longest-serving first."""
    return list(session.scalars(
        select(RoleAssignment.person_id)
        .join(Person, Person.id == RoleAssignment.person_id)
        .where(RoleAssignment.role_code == role, RoleAssignment.from_date <= on,
               or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on),
               Person.active.is_(True))
        .order_by(RoleAssignment.from_date, RoleAssignment.id)
    ))

