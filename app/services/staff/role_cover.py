"""Roles that nobody holds: every new entry of such a role is unassigned until someone is given it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select

from app.i18n import bilingual
from app.models.staff import Person, RoleAssignment
from app.models.catalogue import Role
from app.services.core import clock
from app.services.storage import Database


@dataclass(frozen=True)
class VacantRole:
    code: str
    name_hi: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return bilingual(self.name_hi, self.name_en, lang)


def vacant_roles(db: Database, on: dt.date | None = None) -> list[VacantRole]:
    """The station roles (in the letter's order) that no active person holds on ``on`` (today)."""
    on = on or clock.today()
    with db.session() as s:
        held = set(s.scalars(
            select(RoleAssignment.role_code).join(Person, Person.id == RoleAssignment.person_id)
            .where(Person.active.is_(True), RoleAssignment.from_date <= on,
                   or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= on))))
        return [VacantRole(r.code, r.name_hi, r.name_en)
                for r in s.scalars(select(Role).order_by(Role.sort)) if r.code not in held]
