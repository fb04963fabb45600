"""Due-date rules as data: each version of a rule is a row; a change adds a version, nothing is lost."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Rule(Base):
    __tablename__ = "rules"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        Index("ix_rules_trigger_active", "trigger", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(40))  # "case:fir", "event:arrest", "recurring"
    duty_code: Mapped[str] = mapped_column(String(8))
    data: Mapped[str] = mapped_column(Text)  # the rule as JSON (owner, when, due terms, basis)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # the current version of its key
    source: Mapped[str] = mapped_column(String(16), default="default")  # "default" or "station"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
