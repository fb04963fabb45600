"""Append-only audit trail; each row carries the hash of the previous row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.staff  # noqa: F401
from app.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime)
    at_local: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    actor_label: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Station-wide settings stored in the database (per-PC preferences live in a settings file)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
