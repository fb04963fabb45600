"""The duty allocation: circulars, the five station roles and their duties."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base

ROLE_CODES = ("sho", "mohrir", "io", "operator", "court")
DUTY_KINDS = ("event", "recurring", "standing")
RECURRENCES = ("daily", "weekly", "fortnightly", "monthly")


class Circular(Base):
    """A letter that allocates duties; a later circular can replace the allocation, history stays."""

    __tablename__ = "circulars"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    number: Mapped[str] = mapped_column(String(80))
    date: Mapped[dt.date] = mapped_column(Date)
    subject_hi: Mapped[str] = mapped_column(Text, default="")
    subject_en: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Role(Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    section: Mapped[str] = mapped_column(String(2))
    sort: Mapped[int] = mapped_column(Integer)
    name_hi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Duty(Base):
    __tablename__ = "duties"
    __table_args__ = (UniqueConstraint("circular_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    circular_id: Mapped[int] = mapped_column(ForeignKey("circulars.id"))
    code: Mapped[str] = mapped_column(String(8))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    number: Mapped[int] = mapped_column(Integer)
    text_hi: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(12))
    recurrence: Mapped[str | None] = mapped_column(String(12))
    note_en: Mapped[str] = mapped_column(Text, default="")
    # The station may relabel a duty; the letter's text stays untouched in text_hi.
    label_hi: Mapped[str | None] = mapped_column(Text)
    label_en: Mapped[str | None] = mapped_column(Text)

    circular: Mapped[Circular] = relationship()
    role: Mapped[Role] = relationship()
