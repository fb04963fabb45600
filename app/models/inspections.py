"""Inspection visits by the CO / ASP / SP, their findings and the instructions they leave.

A visit keeps a JSON snapshot of the station's pending state as it stood at the visit, so later
work does not change what the inspecting officer saw. Each instruction becomes an obligation of
the instructed person (``obligation_id``); its follow-up status is that obligation's status.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.catalogue  # noqa: F401
import app.models.obligations  # noqa: F401
import app.models.staff  # noqa: F401
from app.models.base import Base

OFFICER_RANKS = ("co", "asp", "sp", "other")


class Inspection(Base):
    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_date: Mapped[dt.date] = mapped_column(Date, index=True)
    officer_name: Mapped[str] = mapped_column(String(120))
    officer_rank: Mapped[str] = mapped_column(String(12))  # one of OFFICER_RANKS
    officer_rank_other: Mapped[str] = mapped_column(String(60), default="")  # when rank is "other"
    surprise: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[str] = mapped_column(Text, default="{}")  # JSON: pending state at the visit
    snapshot_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # JSON: the sample for verification in CAS as the visit's checklist first printed it (0012); NULL until then
    cas_sample: Mapped[str | None] = mapped_column(Text, nullable=True)


class InspectionFinding(Base):
    __tablename__ = "inspection_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    duty_id: Mapped[int | None] = mapped_column(ForeignKey("duties.id"))
    satisfactory: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class InspectionInstruction(Base):
    __tablename__ = "inspection_instructions"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_findings.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    duty_id: Mapped[int] = mapped_column(ForeignKey("duties.id"))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
