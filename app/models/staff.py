"""The station, its people and who holds which role when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.catalogue  # noqa: F401
from app.models.base import Base


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    district: Mapped[str] = mapped_column(String(120))
    code: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    rank: Mapped[str] = mapped_column(String(60))
    pno: Mapped[str | None] = mapped_column(String(40), unique=True)
    cctns_user_id: Mapped[str | None] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)

    assignments: Mapped[list[RoleAssignment]] = relationship(back_populates="person")


class RoleAssignment(Base):
    """Person holds role from from_date to to_date (both inclusive; open-ended when to_date is None)."""

    __tablename__ = "role_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"), index=True)
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship(back_populates="assignments")
