"""Setting up a new station in one transaction: its particulars, its staff and who holds which role.

The first-run wizard is one user action; it is one call here. Every value is checked before anything is
written, and the writes share one unit of work: if any step is refused nothing is written, and a retry
starts from a clean database. Each step is audited as the separate services audit it (``station.init``,
``person.add``, ``role.assign``), so the audit trail reads the same whichever way a station was set up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.i18n import _
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize, guard_role_change
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.validate import clean_text, parse_date
from app.services.staff import AssignmentInfo, PersonInfo, check_role
from app.services.station.particulars import StationInfo, check_station_details, init_station_in
from app.services.storage import Database


@dataclass(frozen=True)
class NewPerson:
    """A person to put on the staff list (the values ``staff.add_person`` takes)."""

    name: str
    rank: str
    pno: str | None = None
    cctns_user_id: str | None = None


@dataclass(frozen=True)
class StationSetUp:
    station: StationInfo
    people: list[PersonInfo]  # in the order given
    assignments: list[AssignmentInfo]


def set_up_station(db: Database, name: str, district: str, code: str | None = None, *,
                   people: Sequence[NewPerson] = (), assignments: Sequence[tuple[int, str]] = (),
                   start: str | dt.date | None = None, actor: Actor = SYSTEM) -> StationSetUp:
    """Create the station, add ``people`` and give them roles from ``start`` (default: today), in one
    transaction. ``assignments`` are (index into ``people``, role code); the same pair twice is one
    assignment. Raises ``UserError`` (nothing written) for a bad value, a PNO given twice or already on
    the staff list, an unknown role, a refused permission, or a database that already has a station."""
    check_station_details(name, district, code)
    clean_people = [_checked_person(p) for p in people]
    _refuse_repeated_pno(clean_people)
    start_date = parse_date(start if start is not None else clock.today(), _("From date"))
    roles = _checked_assignments(assignments, len(clean_people))
    with db.session() as s:
        info = init_station_in(s, name, district, code, actor=actor)
        authorize(s, actor, "staff.edit")
        added = [_add_person(s, p, actor) for p in clean_people]
        given = [_assign(s, added[row], role, start_date, actor) for row, role in roles]
        today = clock.today()
        held = {row: tuple(r for i, r in roles if i == row and start_date <= today) for row in range(len(added))}
        return StationSetUp(info, [PersonInfo(p.id, p.name, p.rank, p.pno, p.cctns_user_id, p.active, held[row])
                                   for row, p in enumerate(added)], given)


def _checked_person(p: NewPerson) -> NewPerson:
    return NewPerson(clean_text(p.name, _("Name"), required=True, max_len=120),
                     clean_text(p.rank, _("Rank"), required=True, max_len=60),
                     clean_text(p.pno, _("PNO"), max_len=40) or None,
                     clean_text(p.cctns_user_id, _("CCTNS user id"), max_len=60) or None)


def _refuse_repeated_pno(people: list[NewPerson]) -> None:
    seen: set[str] = set()
    for p in people:
        if p.pno and p.pno in seen:
            raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=p.pno))
        if p.pno:
            seen.add(p.pno)


def _checked_assignments(assignments: Sequence[tuple[int, str]], count: int) -> list[tuple[int, str]]:
    checked: list[tuple[int, str]] = []
    for row, role in assignments:
        if not 0 <= row < count:
            raise ValueError(f"assignment for person {row}: only {count} people are given")
        pair = (row, check_role(role))
        if pair not in checked:  # the same tick twice is one assignment
            checked.append(pair)
    return checked


def _add_person(s, p: NewPerson, actor: Actor) -> Person:
    if p.pno and s.scalar(select(Person.id).where(Person.pno == p.pno)) is not None:
        raise UserError(_("A person with PNO {pno} is already on the staff list.").format(pno=p.pno))
    person = Person(name=p.name, rank=p.rank, pno=p.pno, cctns_user_id=p.cctns_user_id, active=True,
                    created_at=clock.now())
    s.add(person)
    s.flush()
    audit.record(s, actor, "person.add", "person", person.id,
                 after={"name": person.name, "rank": person.rank, "pno": person.pno,
                        "cctns_user_id": person.cctns_user_id, "active": person.active})
    return person


def _assign(s, person: Person, role: str, start: dt.date, actor: Actor) -> AssignmentInfo:
    guard_role_change(s, actor, role, person.id, start, None)  # one SHO at a time, from the first day
    a = RoleAssignment(person_id=person.id, role_code=role, from_date=start, to_date=None, note="")
    s.add(a)
    s.flush()
    audit.record(s, actor, "role.assign", "role_assignment", a.id,
                 after={"person_id": person.id, "role": role, "from": start, "to": None})
    return AssignmentInfo(a.id, person.id, person.name, role, start, None)


__all__ = ["NewPerson", "StationSetUp", "set_up_station"]
