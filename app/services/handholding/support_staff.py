"""Handholding staff (vendor staff at a circle office or the district HQ), their visits to the
station and their attendance register, Monday to Saturday (SOP of 10 Oct 2014, points 5 and 6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.handholding import HandholdingAttendance, HandholdingStaff, HandholdingVisit
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date, parse_datetime
from app.services.handholding.common import (
    ATTENDANCE_LABELS,
    OFFICE_KIND_LABELS,
    check_choice,
    is_working_day,
    month_bounds,
    not_in_future,
)
from app.services.core.sql_text import binary
from app.services.core.formatting import as_typed

ACTION = "equipment.edit"


@dataclass(frozen=True)
class SupportStaffInfo:
    id: int
    name: str
    vendor: str
    phone: str
    office_kind: str
    office_name: str
    from_date: dt.date
    to_date: dt.date | None
    active: bool
    note: str

    def posted_on(self, day: dt.date) -> bool:
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "vendor": self.vendor, "phone": self.phone,
                "office_kind": self.office_kind, "office_name": self.office_name,
                "from_date": self.from_date.isoformat(),
                "to_date": self.to_date.isoformat() if self.to_date else None, "active": self.active}


@dataclass(frozen=True)
class VisitInfo:
    id: int
    staff_id: int
    staff_name: str
    arrived_at: dt.datetime
    left_at: dt.datetime | None
    purpose: str
    work_done: str
    fault_id: int | None


@dataclass(frozen=True)
class AttendanceEntry:
    staff_id: int
    day: dt.date
    status: str
    time_in: dt.time | None
    time_out: dt.time | None
    note: str


@dataclass(frozen=True)
class StaffMonth:
    """One staff member's register for a month: the entries kept, and the counts."""

    staff: SupportStaffInfo
    entries: dict[dt.date, AttendanceEntry]
    working_days: int  # Monday to Saturday days of the month within the posting
    present: int
    absent: int
    leave: int
    not_marked: int  # working days up to ``as_of`` with no entry


@dataclass(frozen=True)
class AttendanceMonth:
    first: dt.date
    last: dt.date
    days: list[dt.date]
    staff: list[StaffMonth] = field(default_factory=list)


def _info(st: HandholdingStaff) -> SupportStaffInfo:
    return SupportStaffInfo(st.id, st.name, st.vendor, st.phone, st.office_kind, st.office_name, st.from_date,
                            st.to_date, st.active, st.note)


def _staff_dict(st: HandholdingStaff) -> dict:
    return _info(st).as_dict() | {"note": st.note}


def _get(session: Session, staff_id: int) -> HandholdingStaff:
    st = session.get(HandholdingStaff, staff_id)
    if st is None:
        raise NotFound(_("There is no handholding staff member with id {id}.").format(id=staff_id))
    return st


def add_support_staff(db: Database, name: str, office_kind: str, office_name: str, *, vendor: str = "",
                      phone: str = "", from_date: str | dt.date | None = None, note: str = "",
                      actor: Actor = SYSTEM) -> SupportStaffInfo:
    name = clean_text(name, _("Name"), required=True, max_len=120)
    office_kind = check_choice(office_kind, OFFICE_KIND_LABELS, _("Office"))
    office_name = clean_text(office_name, _("Office name"), required=True, max_len=120)
    vendor = clean_text(vendor, _("Vendor"), max_len=120)
    phone = clean_text(phone, _("Phone"), max_len=40)
    note = clean_text(note, _("Note"), max_len=2000)
    start = parse_date(from_date, _("From date"), required=False) or clock.today()
    with db.session() as s:
        authorize(s, actor, ACTION)
        st = HandholdingStaff(name=name, vendor=vendor, phone=phone, office_kind=office_kind,
                              office_name=office_name, from_date=start, to_date=None, active=True, note=note,
                              created_at=clock.now())
        s.add(st)
        s.flush()
        audit.record(s, actor, "hh_staff.add", "hh_staff", st.id, after=_staff_dict(st))
        return _info(st)


def end_support_staff(db: Database, staff_id: int, on: str | dt.date, *, note: str = "",
                      actor: Actor = SYSTEM) -> SupportStaffInfo:
    """The staff member no longer serves this station from the day after ``on``."""
    end = parse_date(on, _("Last day"))
    note = clean_text(note, _("Note"), max_len=2000)
    with db.session() as s:
        authorize(s, actor, ACTION)
        st = _get(s, staff_id)
        if end < st.from_date:
            raise UserError(_("The last day {to} is before the first day {from_}.").format(
                to=as_typed(end), from_=as_typed(st.from_date)))
        before = _staff_dict(st)
        st.to_date = end
        st.active = False
        if note:
            st.note = (st.note + "\n" + note).strip()
        audit.record(s, actor, "hh_staff.end", "hh_staff", st.id, before=before, after=_staff_dict(st))
        return _info(st)


def list_support_staff(db: Database, *, include_inactive: bool = True) -> list[SupportStaffInfo]:
    with db.session() as s:
        q = select(HandholdingStaff).order_by(HandholdingStaff.active.desc(), binary(HandholdingStaff.name),
                                              HandholdingStaff.id)
        if not include_inactive:
            q = q.where(HandholdingStaff.active.is_(True))
        return [_info(st) for st in s.scalars(q)]


# --- visits ----------------------------------------------------------------------------------------


def record_visit(db: Database, staff_id: int, arrived_at: str | dt.datetime, *,
                 left_at: str | dt.datetime | None = None, purpose: str = "", work_done: str = "",
                 fault_id: int | None = None, actor: Actor = SYSTEM) -> VisitInfo:
    arrived = parse_datetime(arrived_at, _("Arrived at"))
    left = parse_datetime(left_at, _("Left at"), required=False)
    purpose = clean_text(purpose, _("Purpose"), required=True, max_len=500)
    work_done = clean_text(work_done, _("Work done"), max_len=2000)
    now = clock.now()
    not_in_future(arrived, _("Arrived at"), now)
    if left is not None:
        not_in_future(left, _("Left at"), now)
        if left < arrived:
            raise UserError(_("'Left at' is before 'arrived at'."))
    with db.session() as s:
        authorize(s, actor, ACTION)
        st = _get(s, staff_id)
        if not _info(st).posted_on(arrived.date()):
            raise UserError(_("{name} was not serving this station on {date}.").format(
                name=st.name, date=as_typed(arrived.date())))
        if fault_id is not None:
            from app.models.handholding import EquipmentFault

            if s.get(EquipmentFault, fault_id) is None:
                raise NotFound(_("There is no fault with number {id}.").format(id=fault_id))
        v = HandholdingVisit(staff_id=st.id, arrived_at=arrived, left_at=left, purpose=purpose,
                             work_done=work_done, fault_id=fault_id, created_at=now)
        s.add(v)
        s.flush()
        audit.record(s, actor, "hh_visit.add", "hh_visit", v.id,
                     after={"staff_id": st.id, "arrived_at": arrived, "left_at": left, "purpose": purpose,
                            "work_done": work_done, "fault_id": fault_id})
        return VisitInfo(v.id, st.id, st.name, arrived, left, purpose, work_done, fault_id)


def list_visits(db: Database, *, staff_id: int | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None, limit: int = 500) -> list[VisitInfo]:
    with db.session() as s:
        q = (select(HandholdingVisit, HandholdingStaff.name)
             .join(HandholdingStaff, HandholdingStaff.id == HandholdingVisit.staff_id)
             .order_by(HandholdingVisit.arrived_at.desc()).limit(limit))
        if staff_id is not None:
            q = q.where(HandholdingVisit.staff_id == staff_id)
        if date_from is not None:
            q = q.where(HandholdingVisit.arrived_at >= dt.datetime.combine(date_from, dt.time()))
        if date_to is not None:
            q = q.where(HandholdingVisit.arrived_at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
        return [VisitInfo(v.id, v.staff_id, name, v.arrived_at, v.left_at, v.purpose, v.work_done, v.fault_id)
                for v, name in s.execute(q)]


def last_visits(session: Session) -> dict[int, dt.datetime]:
    """staff id → the start of their latest visit to the station."""
    rows = session.execute(select(HandholdingVisit.staff_id, func.max(HandholdingVisit.arrived_at))
                           .group_by(HandholdingVisit.staff_id))
    return {sid: at for sid, at in rows}


# --- attendance ------------------------------------------------------------------------------------


def _parse_time(value: str | dt.time | None, label: str) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise UserError(_("{field}: '{value}' is not a valid time. Write it as HH:MM, e.g. 14:30.").format(
            field=label, value=text[:20])) from None


def mark_attendance(db: Database, staff_id: int, day: str | dt.date, status: str, *,
                    time_in: str | dt.time | None = None, time_out: str | dt.time | None = None,
                    note: str = "", recorded_by_person_id: int | None = None,
                    actor: Actor = SYSTEM) -> AttendanceEntry:
    """Mark one working day. Marking a day again corrects it (the audit trail keeps the old value)."""
    day = parse_date(day, _("Day"))
    status = check_choice(status, ATTENDANCE_LABELS, _("Attendance"))
    t_in = _parse_time(time_in, _("Time in"))
    t_out = _parse_time(time_out, _("Time out"))
    note = clean_text(note, _("Note"), max_len=500)
    if status != "present" and (t_in or t_out):
        raise UserError(_("Times in and out are only kept for a day marked present."))
    if t_in and t_out and t_out < t_in:
        raise UserError(_("'Time out' is before 'time in'."))
    now = clock.now()
    _check_day(day, now)
    with db.session() as s:
        authorize(s, actor, ACTION)
        return _mark_in(s, staff_id, day, status, t_in, t_out, note,
                        recorded_by_person_id if recorded_by_person_id is not None else actor.person_id, actor, now)


@dataclass(frozen=True)
class MarkedDays:
    done: int
    problems: list[str]  # the register's refusals, one message a refused day


def mark_days(db: Database, cells: list[tuple[int, str | dt.date]], status: str, *,
              actor: Actor = SYSTEM) -> MarkedDays:
    """Mark many (staff, day) cells of the register with one status, in one transaction: the days the
    register refuses (a Sunday, a future day, a day outside the posting) are skipped and said; the rest
    are marked and audited as ``mark_attendance`` would."""
    status = check_choice(status, ATTENDANCE_LABELS, _("Attendance"))
    now = clock.now()
    done, problems = 0, []
    with db.session() as s:
        authorize(s, actor, ACTION)
        for staff_id, day in sorted(cells, key=lambda c: (c[0], str(c[1]))):
            try:
                day = parse_date(day, _("Day"))
                _check_day(day, now)
                _mark_in(s, staff_id, day, status, None, None, "", actor.person_id, actor, now)
                done += 1
            except UserError as exc:
                problems.append(exc.message)
    return MarkedDays(done, problems)


def _check_day(day: dt.date, now: dt.datetime) -> None:
    if not is_working_day(day):
        raise UserError(_("{date} is a Sunday. Handholding staff work Monday to Saturday (SOP of 10 Oct 2014).")
                        .format(date=day.strftime("%d.%m.%Y")))
    not_in_future(day, _("Day"), now)


def _mark_in(s: Session, staff_id: int, day: dt.date, status: str, t_in, t_out, note: str,
             recorded_by: int | None, actor: Actor, now: dt.datetime) -> AttendanceEntry:
    st = _get(s, staff_id)
    if not _info(st).posted_on(day):
        raise UserError(_("{name} was not serving this station on {date}.").format(
            name=st.name, date=day.strftime("%d.%m.%Y")))
    row = s.scalars(select(HandholdingAttendance).where(HandholdingAttendance.staff_id == st.id,
                                                        HandholdingAttendance.day == day)).first()
    before = None
    if row is None:
        row = HandholdingAttendance(staff_id=st.id, day=day)
        s.add(row)
    else:
        before = {"status": row.status, "time_in": row.time_in, "time_out": row.time_out, "note": row.note}
    row.status, row.time_in, row.time_out, row.note = status, t_in, t_out, note
    row.recorded_by_id = recorded_by
    row.recorded_at = now
    s.flush()
    audit.record(s, actor, "hh_attendance.mark", "hh_attendance", row.id, before=before,
                 after={"staff_id": st.id, "day": day, "status": status, "time_in": t_in, "time_out": t_out,
                        "note": note})
    return AttendanceEntry(st.id, day, status, t_in, t_out, note)


def _month(session: Session, first: dt.date, last: dt.date, as_of: dt.date) -> AttendanceMonth:
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    staff = [_info(st) for st in session.scalars(
        select(HandholdingStaff)
        .where(HandholdingStaff.from_date <= last,
               or_(HandholdingStaff.to_date.is_(None), HandholdingStaff.to_date >= first))
        .order_by(binary(HandholdingStaff.name), HandholdingStaff.id))]
    entries: dict[int, dict[dt.date, AttendanceEntry]] = {st.id: {} for st in staff}
    for a in session.scalars(select(HandholdingAttendance).where(HandholdingAttendance.day >= first,
                                                                 HandholdingAttendance.day <= last)):
        if a.staff_id in entries:
            entries[a.staff_id][a.day] = AttendanceEntry(a.staff_id, a.day, a.status, a.time_in, a.time_out,
                                                         a.note)
    out = []
    for st in staff:
        mine = entries[st.id]
        working = [d for d in days if is_working_day(d) and st.posted_on(d)]
        counts = {k: sum(1 for e in mine.values() if e.status == k) for k in ATTENDANCE_LABELS}
        unmarked = sum(1 for d in working if d <= as_of and d not in mine)
        out.append(StaffMonth(st, mine, len(working), counts["present"], counts["absent"], counts["leave"],
                              unmarked))
    return AttendanceMonth(first, last, days, out)


def month_attendance(db: Database, month: str | tuple[int, int], *, as_of: dt.date | None = None) -> AttendanceMonth:
    """The register for a month (``YYYY-MM``): every staff member posted in it, with their entries."""
    first, last = month_bounds(month)
    with db.session() as s:
        return _month(s, first, last, as_of or clock.today())


def month_attendance_in(session: Session, first: dt.date, last: dt.date, as_of: dt.date) -> AttendanceMonth:
    return _month(session, first, last, as_of)
