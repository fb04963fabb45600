"""CCTNS user ids for new staff (D-22): requested, then created, so no one works under someone
else's id. The id is written onto the person (``app.services.staff.update_person``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.i18n import _
from app.models.staff import Person
from app.models.handholding import UserIdRequest
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date
from app.services.handholding.common import not_in_future
from app.services.staff import get_person, update_person
from app.services.core.sql_text import binary

ACTION = "staff.edit"


@dataclass(frozen=True)
class UserIdRow:
    """One active person and where their CCTNS user id stands."""

    person_id: int
    name: str
    rank: str
    user_id: str | None
    request_id: int | None
    requested_on: dt.date | None
    reference: str
    status: str  # "has_id", "requested", "missing"
    shared_with: tuple[str, ...] = ()  # others holding the same id (a problem to fix)

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "name": self.name, "rank": self.rank, "user_id": self.user_id,
                "request_id": self.request_id,
                "requested_on": self.requested_on.isoformat() if self.requested_on else None,
                "reference": self.reference, "status": self.status, "shared_with": list(self.shared_with)}


@dataclass(frozen=True)
class RequestInfo:
    id: int
    person_id: int
    requested_on: dt.date
    reference: str
    status: str
    created_on: dt.date | None
    user_id: str | None


def _req_info(r: UserIdRequest) -> RequestInfo:
    return RequestInfo(r.id, r.person_id, r.requested_on, r.reference, r.status, r.created_on, r.user_id)


def _open_request(s, person_id: int) -> UserIdRequest | None:
    return s.scalars(select(UserIdRequest).where(UserIdRequest.person_id == person_id,
                                                 UserIdRequest.status == "requested")
                     .order_by(UserIdRequest.id.desc())).first()


def request_user_id(db: Database, person_id: int, *, requested_on: str | dt.date | None = None,
                    reference: str = "", actor: Actor = SYSTEM) -> RequestInfo:
    day = parse_date(requested_on, _("Requested on"), required=False) or clock.today()
    not_in_future(day, _("Requested on"), clock.now())
    reference = clean_text(reference, _("Reference"), max_len=120)
    with db.session() as s:
        authorize(s, actor, ACTION)
        p = get_person(s, person_id)
        if not p.active:
            raise UserError(_("{name} is marked inactive (no longer posted here).").format(name=p.name))
        if p.cctns_user_id:
            raise UserError(_("{name} already has the CCTNS user id {uid}.").format(name=p.name, uid=p.cctns_user_id))
        if _open_request(s, p.id) is not None:
            raise UserError(_("A CCTNS user id for {name} has already been requested.").format(name=p.name))
        r = UserIdRequest(person_id=p.id, requested_on=day, reference=reference, status="requested",
                          created_on=None, user_id=None, note="", created_at=clock.now())
        s.add(r)
        s.flush()
        audit.record(s, actor, "user_id.request", "cctns_id_request", r.id,
                     after={"person_id": p.id, "requested_on": day, "reference": reference})
        return _req_info(r)


def _check_unique(s, user_id: str, person_id: int) -> None:
    other = s.execute(select(Person.id, Person.name).where(func.lower(Person.cctns_user_id) == user_id.lower(),
                                                           Person.id != person_id)).first()
    if other is not None:
        raise UserError(_("The CCTNS user id {uid} belongs to {name}. Each person needs their own id.").format(
            uid=user_id, name=other[1]), field="user_id")


def record_user_id(db: Database, person_id: int, user_id: str, *, created_on: str | dt.date | None = None,
                   actor: Actor = SYSTEM) -> RequestInfo:
    """The id was created: write it onto the person and close the request (one is made if none was
    recorded, so the register shows when each id came)."""
    user_id = clean_text(user_id, _("CCTNS user id"), required=True, max_len=60)
    if any(c.isspace() for c in user_id):
        raise UserError(_("A CCTNS user id has no spaces."), field="user_id")
    day = parse_date(created_on, _("Created on"), required=False) or clock.today()
    not_in_future(day, _("Created on"), clock.now())
    with db.session() as s:  # check everything before writing anything
        authorize(s, actor, ACTION)
        p = get_person(s, person_id)
        if p.cctns_user_id:
            raise UserError(_("{name} already has the CCTNS user id {uid}.").format(name=p.name, uid=p.cctns_user_id))
        _check_unique(s, user_id, p.id)
        req = _open_request(s, p.id)
        if req is not None and day < req.requested_on:
            raise UserError(_("The id cannot be created before it was requested ({date}).").format(
                date=req.requested_on.strftime("%d.%m.%Y")))
    update_person(db, person_id, cctns_user_id=user_id, actor=actor)
    with db.session() as s:
        req = _open_request(s, person_id)
        before = None
        if req is None:
            req = UserIdRequest(person_id=person_id, requested_on=day, reference="", status="created",
                                note=_("recorded when the id was created"), created_at=clock.now())
            s.add(req)
        else:
            before = {"status": req.status}
        req.status, req.created_on, req.user_id = "created", day, user_id
        s.flush()
        audit.record(s, actor, "user_id.created", "cctns_id_request", req.id, before=before,
                     after={"person_id": person_id, "status": "created", "created_on": day, "user_id": user_id})
        return _req_info(req)


def cancel_request(db: Database, person_id: int, reason: str, *, actor: Actor = SYSTEM) -> RequestInfo:
    """Withdraw the open request for a person's CCTNS user id (made in error, or the person left before
    the id came), with the reason; the request is kept, marked cancelled."""
    reason = clean_text(reason, _("Reason"), required=True, max_len=500)
    with db.session() as s:
        authorize(s, actor, ACTION)
        p = get_person(s, person_id)
        r = _open_request(s, p.id)
        if r is None:
            raise UserError(_("No CCTNS user id has been requested for {name}.").format(name=p.name))
        r.status, r.note = "cancelled", reason
        audit.record(s, actor, "user_id.cancel", "cctns_id_request", r.id, before={"status": "requested"},
                     after={"status": "cancelled", "reason": reason})
        return _req_info(r)


def user_id_rows_in(s) -> list[UserIdRow]:
    people = list(s.execute(select(Person.id, Person.name, Person.rank, Person.cctns_user_id)
                            .where(Person.active.is_(True)).order_by(binary(Person.name), Person.id)))
    holders: dict[str, list[tuple[int, str]]] = {}
    for pid, name, _rank, uid in s.execute(select(Person.id, Person.name, Person.rank, Person.cctns_user_id)
                                           .where(Person.cctns_user_id.is_not(None))):
        holders.setdefault(uid.lower(), []).append((pid, name))
    open_reqs = {r.person_id: r for r in s.scalars(select(UserIdRequest).where(UserIdRequest.status == "requested")
                                                   .order_by(UserIdRequest.id))}
    rows = []
    for pid, name, rank, uid in people:
        req = open_reqs.get(pid)
        if uid:
            shared = tuple(n for other, n in holders.get(uid.lower(), []) if other != pid)
            rows.append(UserIdRow(pid, name, rank, uid, None, None, "", "has_id", shared))
        elif req is not None:
            rows.append(UserIdRow(pid, name, rank, None, req.id, req.requested_on, req.reference, "requested"))
        else:
            rows.append(UserIdRow(pid, name, rank, None, None, None, "", "missing"))
    return rows


def user_id_register(db: Database) -> list[UserIdRow]:
    """Every active person: their id, or the open request, or nothing yet; ids shared are shown."""
    with db.session() as s:
        return user_id_rows_in(s)


def without_user_id(db: Database) -> list[UserIdRow]:
    return [r for r in user_id_register(db) if r.status != "has_id"]
