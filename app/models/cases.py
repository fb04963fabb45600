"""Cases (an FIR, an NCR, a missing person …) and the events that happen on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.staff  # noqa: F401
from app.models.base import Base


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("kind", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    offence_date: Mapped[dt.date | None] = mapped_column(Date)
    act: Mapped[str] = mapped_column(String(40), default="")
    sections: Mapped[str] = mapped_column(String(200), default="")
    io_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    # How the chargesheet clock runs: see resources/rules (e.g. "lt10", "ge10", "ndps", "sexual").
    punishment_class: Mapped[str | None] = mapped_column(String(20))
    # What the class rests on (JSON): the gravest section in resources/law, or the user's choice and reason.
    punishment_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # the accused an arrest, surrender or remand is of (0011); None on other events and on older rows
    accused_id: Mapped[int | None] = mapped_column(ForeignKey("accused.id"), index=True)


class Accused(Base):
    """A person accused on a case (0011). His arrest or surrender and his remands are events that name him
    (``Event.accused_id``); his first remand starts his own BNSS 187(3) clock. Bail and release end his custody;
    a court's extension of the period (NDPS 36A(4) proviso) is the whole period in days as extended."""

    __tablename__ = "accused"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")  # "" = not recorded yet
    bailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    extended_days: Mapped[int | None] = mapped_column(Integer)
    extended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
