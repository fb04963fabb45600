"""Handholding staff, equipment and CCTNS support (the 2014 handholding SOP; duties D-19 to D-24).

- handholding staff are vendor staff posted at a circle office or the district HQ (not station staff):
  their visits to the station and their attendance register, Monday to Saturday;
- the equipment register (computers, printers, UPS, CCTV ...) and its fault log with helpdesk
  tickets and escalations;
- training sessions and who attended them (D-19);
- requests for CCTNS user ids for new staff (D-22);
- campaigns (drives) with a deadline and a target (D-24).

Nothing is deleted: equipment is retired, faults are resolved, corrections are audited updates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.obligations  # noqa: F401
import app.models.staff  # noqa: F401
from app.models.base import Base

OFFICE_KINDS = ("circle", "district_hq")
ATTENDANCE_STATUSES = ("present", "absent", "leave")
EQUIPMENT_KINDS = ("computer", "printer", "scanner", "ups", "battery", "network_switch", "connectivity",
                   "cctv_camera", "cctv_recorder", "other")
CCTV_KINDS = ("cctv_camera", "cctv_recorder")
USER_ID_STATUSES = ("requested", "created", "cancelled")
CAMPAIGN_TARGETS = ("count", "entries")


class HandholdingStaff(Base):
    __tablename__ = "hh_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    vendor: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    office_kind: Mapped[str] = mapped_column(String(16))  # OFFICE_KINDS
    office_name: Mapped[str] = mapped_column(String(120))  # e.g. "Circle Office Kotwali"
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HandholdingVisit(Base):
    """A handholding staff member's visit to this station."""

    __tablename__ = "hh_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("hh_staff.id"), index=True)
    arrived_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    left_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    purpose: Mapped[str] = mapped_column(Text, default="")
    work_done: Mapped[str] = mapped_column(Text, default="")
    fault_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_faults.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class HandholdingAttendance(Base):
    """One working day (Monday to Saturday) of the attendance register kept by the office in-charge."""

    __tablename__ = "hh_attendance"
    __table_args__ = (UniqueConstraint("staff_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("hh_staff.id"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12))  # ATTENDANCE_STATUSES
    time_in: Mapped[dt.time | None] = mapped_column(Time)
    time_out: Mapped[dt.time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Equipment(Base):
    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # EQUIPMENT_KINDS
    name: Mapped[str] = mapped_column(String(120))
    make_model: Mapped[str] = mapped_column(String(120), default="")
    serial_no: Mapped[str] = mapped_column(String(80), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    installed_on: Mapped[dt.date | None] = mapped_column(Date)
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    retired_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EquipmentFault(Base):
    __tablename__ = "equipment_faults"
    __table_args__ = (Index("ix_equipment_faults_open", "resolved_at", "reported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id"), index=True)
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    reported_by: Mapped[str] = mapped_column(String(120), default="")  # name as written
    description: Mapped[str] = mapped_column(Text)
    ticket_no: Mapped[str] = mapped_column(String(60), default="")  # the helpdesk's ticket
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FaultEscalation(Base):
    """A fault taken higher: helpdesk → district nodal officer → vendor, each step recorded."""

    __tablename__ = "equipment_fault_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    fault_id: Mapped[int] = mapped_column(ForeignKey("equipment_faults.id"), index=True)
    escalated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    escalated_to: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TrainingSession(Base):
    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    trainer: Mapped[str] = mapped_column(String(120))
    trainer_staff_id: Mapped[int | None] = mapped_column(ForeignKey("hh_staff.id"))
    topics: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(120), default="")
    cctns: Mapped[bool] = mapped_column(Boolean, default=True)  # CCTNS/CAS training (D-19)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class TrainingAttendee(Base):
    __tablename__ = "training_attendees"
    __table_args__ = (UniqueConstraint("training_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)


class UserIdRequest(Base):
    """D-22: a CCTNS user id asked for a newly posted person, until it is created."""

    __tablename__ = "cctns_id_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(120), default="")  # letter no., helpdesk ticket ...
    status: Mapped[str] = mapped_column(String(12), default="requested")  # USER_ID_STATUSES
    created_on: Mapped[dt.date | None] = mapped_column(Date)
    user_id: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Campaign(Base):
    """D-24: a drive with a deadline; target is a count, or a fixed list of entries (obligations)."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    target_kind: Mapped[str] = mapped_column(String(10))  # CAMPAIGN_TARGETS
    target_count: Mapped[int | None] = mapped_column(Integer)  # for "count"
    selection: Mapped[str] = mapped_column(Text, default="")  # how the entries were chosen, in words
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CampaignItem(Base):
    __tablename__ = "campaign_items"
    __table_args__ = (UniqueConstraint("campaign_id", "obligation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"))


class CampaignProgress(Base):
    """Work done on a count campaign, appended as it is reported (never overwritten)."""

    __tablename__ = "campaign_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
