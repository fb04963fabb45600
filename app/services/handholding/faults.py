"""The fault log of the equipment register (duty D-21): faults reported, escalated and resolved, open
faults older than the station's threshold flagged, and the time to fix per kind of equipment.

A fault is open until it is resolved. Time to fix is measured from the report to the resolution.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.staff import Person
from app.models.handholding import Equipment, EquipmentFault, FaultEscalation
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.staff import get_person
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.settings import put_setting
from app.services.core.validate import clean_text, parse_datetime, parse_int
from app.services.handholding.common import (
    EQUIPMENT_ACTION,
    EQUIPMENT_KIND_LABELS,
    FAULT_THRESHOLD_SETTING,
    MAX_FAULT_THRESHOLD_DAYS,
    equipment_or_error,
    fault_threshold,
    not_in_future,
)


@dataclass(frozen=True)
class EscalationInfo:
    id: int
    escalated_at: dt.datetime
    escalated_to: str
    note: str


@dataclass(frozen=True)
class FaultRow:
    id: int
    equipment_id: int
    equipment_kind: str
    equipment_name: str
    reported_at: dt.datetime
    reported_by: str  # the person's name when on the staff list, else as written
    description: str
    ticket_no: str
    escalations: tuple[EscalationInfo, ...]
    resolved_at: dt.datetime | None
    resolution: str
    resolved_by: str
    age_days: int  # open: days since the report; resolved: days it took
    flagged: bool  # open and older than the threshold

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    @property
    def hours_to_fix(self) -> float | None:
        if self.resolved_at is None:
            return None
        return (self.resolved_at - self.reported_at).total_seconds() / 3600

    def as_dict(self) -> dict:
        return {
            "id": self.id, "equipment_id": self.equipment_id, "equipment_kind": self.equipment_kind,
            "equipment": self.equipment_name, "reported_at": self.reported_at.isoformat(sep=" "),
            "reported_by": self.reported_by, "description": self.description, "ticket_no": self.ticket_no,
            "escalations": [{"at": e.escalated_at.isoformat(sep=" "), "to": e.escalated_to, "note": e.note}
                            for e in self.escalations],
            "resolved_at": self.resolved_at.isoformat(sep=" ") if self.resolved_at else None,
            "resolution": self.resolution, "resolved_by": self.resolved_by, "open": self.open,
            "age_days": self.age_days, "flagged": self.flagged,
        }


@dataclass(frozen=True)
class FixTimes:
    """Time to fix for one kind of equipment (resolved faults reported in the period)."""

    kind: str
    resolved: int
    median_hours: float | None
    max_hours: float | None
    open: int



def _get_fault(session: Session, fault_id: int) -> EquipmentFault:
    f = session.get(EquipmentFault, fault_id)
    if f is None:
        raise NotFound(_("There is no fault with number {id}.").format(id=fault_id))
    return f



# --- faults --------------------------------------------------------------------------------------------


def report_fault(db: Database, equipment_id: int, description: str, *, reported_at: str | dt.datetime | None = None,
                 reported_by_person_id: int | None = None, reported_by: str = "", ticket_no: str = "",
                 actor: Actor = SYSTEM) -> FaultRow:
    description = clean_text(description, _("What is wrong"), required=True, max_len=2000)
    reported_by = clean_text(reported_by, _("Reported by"), max_len=120)
    ticket_no = clean_text(ticket_no, _("Helpdesk ticket number"), max_len=60)
    now = clock.now()
    at = parse_datetime(reported_at, _("Reported at"), required=False) or now
    not_in_future(at, _("Reported at"), now)
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        e = equipment_or_error(s, equipment_id)
        if e.retired_on is not None:
            raise UserError(_("{name} was taken out of service on {date}; a fault cannot be reported on it.")
                            .format(name=e.name, date=e.retired_on.strftime("%d.%m.%Y")))
        by_id = reported_by_person_id if reported_by_person_id is not None else actor.person_id
        if by_id is not None:
            person = get_person(s, by_id)
            reported_by = reported_by or person.name
        if not reported_by:
            raise UserError(_("Say who reported the fault."), field="reported_by")
        if ticket_no and s.scalar(select(EquipmentFault.id).where(EquipmentFault.ticket_no == ticket_no)):
            raise UserError(_("Helpdesk ticket {ticket} is already recorded against another fault.").format(
                ticket=ticket_no), field="ticket_no")
        f = EquipmentFault(equipment_id=e.id, reported_at=at, reported_by_id=by_id, reported_by=reported_by,
                           description=description, ticket_no=ticket_no, resolved_at=None, resolution="",
                           resolved_by="", created_at=now)
        s.add(f)
        s.flush()
        audit.record(s, actor, "fault.report", "equipment_fault", f.id,
                     after={"equipment_id": e.id, "reported_at": at, "reported_by": reported_by,
                            "description": description, "ticket_no": ticket_no})
        return _rows(s, [f], now, fault_threshold(s))[0]


def escalate_fault(db: Database, fault_id: int, escalated_to: str, *, escalated_at: str | dt.datetime | None = None,
                   note: str = "", ticket_no: str | None = None, actor: Actor = SYSTEM) -> FaultRow:
    """Take an open fault higher (helpdesk, district nodal officer, vendor); optionally record the
    helpdesk's ticket number if it was only given now."""
    escalated_to = clean_text(escalated_to, _("Escalated to"), required=True, max_len=120)
    note = clean_text(note, _("Note"), max_len=1000)
    now = clock.now()
    at = parse_datetime(escalated_at, _("Escalated at"), required=False) or now
    not_in_future(at, _("Escalated at"), now)
    ticket = clean_text(ticket_no, _("Helpdesk ticket number"), max_len=60) if ticket_no is not None else None
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        f = _get_fault(s, fault_id)
        if f.resolved_at is not None:
            raise UserError(_("Fault {id} was resolved on {date}; it cannot be escalated.").format(
                id=f.id, date=f.resolved_at.strftime("%d.%m.%Y")))
        if at < f.reported_at:
            raise UserError(_("The escalation is dated before the fault was reported ({date}).").format(
                date=f.reported_at.strftime("%d.%m.%Y %H:%M")))
        before = {"ticket_no": f.ticket_no}
        if ticket:
            if s.scalar(select(EquipmentFault.id).where(EquipmentFault.ticket_no == ticket,
                                                        EquipmentFault.id != f.id)):
                raise UserError(_("Helpdesk ticket {ticket} is already recorded against another fault.").format(
                    ticket=ticket), field="ticket_no")
            f.ticket_no = ticket
        esc = FaultEscalation(fault_id=f.id, escalated_at=at, escalated_to=escalated_to, note=note, created_at=now)
        s.add(esc)
        s.flush()
        audit.record(s, actor, "fault.escalate", "equipment_fault", f.id, before=before,
                     after={"escalated_at": at, "escalated_to": escalated_to, "note": note, "ticket_no": f.ticket_no})
        return _rows(s, [f], now, fault_threshold(s))[0]


def resolve_fault(db: Database, fault_id: int, resolution: str, *, resolved_at: str | dt.datetime | None = None,
                  resolved_by: str = "", actor: Actor = SYSTEM) -> FaultRow:
    resolution = clean_text(resolution, _("How it was fixed"), required=True, max_len=2000)
    resolved_by = clean_text(resolved_by, _("Fixed by"), max_len=120)
    now = clock.now()
    at = parse_datetime(resolved_at, _("Resolved at"), required=False) or now
    not_in_future(at, _("Resolved at"), now)
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        f = _get_fault(s, fault_id)
        if f.resolved_at is not None:
            raise UserError(_("Fault {id} was already resolved on {date}.").format(
                id=f.id, date=f.resolved_at.strftime("%d.%m.%Y")))
        if at < f.reported_at:
            raise UserError(_("The fault cannot be resolved before it was reported ({date}).").format(
                date=f.reported_at.strftime("%d.%m.%Y %H:%M")))
        f.resolved_at, f.resolution, f.resolved_by = at, resolution, resolved_by
        audit.record(s, actor, "fault.resolve", "equipment_fault", f.id, before={"resolved_at": None},
                     after={"resolved_at": at, "resolution": resolution, "resolved_by": resolved_by})
        return _rows(s, [f], now, fault_threshold(s))[0]


def _rows(session: Session, faults: list[EquipmentFault], now: dt.datetime, threshold: int) -> list[FaultRow]:
    if not faults:
        return []
    ids = [f.id for f in faults]
    equipment = {e.id: e for e in session.scalars(select(Equipment).where(
        Equipment.id.in_({f.equipment_id for f in faults})))}
    people = dict(session.execute(select(Person.id, Person.name).where(
        Person.id.in_({f.reported_by_id for f in faults if f.reported_by_id is not None}))).all())
    escalations: dict[int, list[EscalationInfo]] = {}
    for esc in session.scalars(select(FaultEscalation).where(FaultEscalation.fault_id.in_(ids))
                               .order_by(FaultEscalation.escalated_at, FaultEscalation.id)):
        escalations.setdefault(esc.fault_id, []).append(
            EscalationInfo(esc.id, esc.escalated_at, esc.escalated_to, esc.note))
    out = []
    for f in faults:
        e = equipment[f.equipment_id]
        end = f.resolved_at or now
        age = max(0, (end - f.reported_at).days)
        flagged = f.resolved_at is None and (now - f.reported_at) > dt.timedelta(days=threshold)
        out.append(FaultRow(f.id, e.id, e.kind, e.name, f.reported_at,
                            people.get(f.reported_by_id, f.reported_by) if f.reported_by_id else f.reported_by,
                            f.description, f.ticket_no, tuple(escalations.get(f.id, ())), f.resolved_at,
                            f.resolution, f.resolved_by, age, flagged))
    return out


def faults_in(session: Session, *, open_only: bool = False, as_of: dt.datetime | None = None,
              equipment_id: int | None = None, limit: int | None = None) -> list[FaultRow]:
    now = as_of or clock.now()
    q = select(EquipmentFault).where(EquipmentFault.reported_at <= now)
    if open_only:
        # open as of ``now``: not resolved, or resolved only later
        q = q.where((EquipmentFault.resolved_at.is_(None)) | (EquipmentFault.resolved_at > now))
    if equipment_id is not None:
        q = q.where(EquipmentFault.equipment_id == equipment_id)
    q = q.order_by(EquipmentFault.resolved_at.is_not(None), EquipmentFault.reported_at, EquipmentFault.id)
    if limit is not None:
        q = q.limit(limit)
    faults = list(session.scalars(q))
    rows = _rows(session, faults, now, fault_threshold(session))
    if as_of is not None:  # seen from a past moment, a fix made later is not known yet
        rows = [_as_seen(r, now, fault_threshold(session)) for r in rows]
    return rows


def _as_seen(row: FaultRow, now: dt.datetime, threshold: int) -> FaultRow:
    if row.resolved_at is None or row.resolved_at <= now:
        return row
    from dataclasses import replace

    return replace(row, resolved_at=None, resolution="", resolved_by="",
                   escalations=tuple(e for e in row.escalations if e.escalated_at <= now),
                   age_days=max(0, (now - row.reported_at).days),
                   flagged=(now - row.reported_at) > dt.timedelta(days=threshold))


def list_faults(db: Database, *, open_only: bool = False, as_of: dt.datetime | None = None,
                equipment_id: int | None = None, limit: int | None = None) -> list[FaultRow]:
    """Faults, open ones first (oldest first), then resolved ones; ``as_of`` looks back in time."""
    with db.session() as s:
        return faults_in(s, open_only=open_only, as_of=as_of, equipment_id=equipment_id, limit=limit)


def fix_times_in(session: Session, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 as_of: dt.datetime | None = None) -> list[FixTimes]:
    now = as_of or clock.now()
    q = (select(Equipment.kind, EquipmentFault.reported_at, EquipmentFault.resolved_at)
         .join(Equipment, Equipment.id == EquipmentFault.equipment_id)
         .where(EquipmentFault.reported_at <= now))
    if date_from is not None:
        q = q.where(EquipmentFault.reported_at >= dt.datetime.combine(date_from, dt.time()))
    if date_to is not None:
        q = q.where(EquipmentFault.reported_at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
    hours: dict[str, list[float]] = {}
    still_open: dict[str, int] = {}
    for kind, reported, resolved in session.execute(q):
        if resolved is None or resolved > now:
            still_open[kind] = still_open.get(kind, 0) + 1
        else:
            hours.setdefault(kind, []).append((resolved - reported).total_seconds() / 3600)
    out = []
    for kind in EQUIPMENT_KIND_LABELS:
        h = hours.get(kind, [])
        if not h and not still_open.get(kind):
            continue
        out.append(FixTimes(kind, len(h), statistics.median(h) if h else None, max(h) if h else None,
                            still_open.get(kind, 0)))
    return out


def fix_times(db: Database, *, date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[FixTimes]:
    """Per kind of equipment: faults fixed, median and longest time to fix (hours), faults still open."""
    with db.session() as s:
        return fix_times_in(s, date_from=date_from, date_to=date_to)


# --- the threshold -------------------------------------------------------------------------------------


def get_fault_threshold(db: Database) -> int:
    with db.session() as s:
        return fault_threshold(s)


def set_fault_threshold(db: Database, days: int | str, actor: Actor = SYSTEM) -> int:
    """Open faults older than this many days are flagged (default 3)."""
    days = parse_int(days, _("Days before an open fault is flagged"), minimum=1, maximum=MAX_FAULT_THRESHOLD_DAYS)
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        before = put_setting(s, FAULT_THRESHOLD_SETTING, days)
        audit.record(s, actor, "setting.update", "setting", FAULT_THRESHOLD_SETTING, before=before, after=str(days))
    return days
