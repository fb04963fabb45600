"""An obligation: one CAS entry owed by a person (or a role with no holder), by a due time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.cases  # noqa: F401
import app.models.catalogue  # noqa: F401
import app.models.rules  # noqa: F401
import app.models.staff  # noqa: F401
from app.models.base import Base

STATUSES = ("pending", "entered", "verified", "na", "missed")


class Obligation(Base):
    __tablename__ = "obligations"
    __table_args__ = (
        Index("ix_obligations_status_role_form", "status", "role_code", "form"),
        Index("ix_obligations_person_status_due", "person_id", "status", "due_at"),
        Index("ix_obligations_status_due", "status", "due_at"),
        # covers the dashboard's grouped counts (0002)
        Index("ix_obligations_dashboard", "status", "role_code", "form", "person_id", "due_at"),
        # what was open at a past moment (0008)
        Index("ix_obligations_status_entered", "status", "entered_at"),
        Index("ix_obligations_status_na", "status", "na_at"),
        UniqueConstraint("duty_id", "period_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("duties.id"))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    form: Mapped[str | None] = mapped_column(String(16))  # copied from the duty for indexed counts
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))  # None = unassigned
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    rule_key: Mapped[str | None] = mapped_column(String(60))
    basis: Mapped[str] = mapped_column(Text, default="")  # the cited source of the due date, in words
    basis_hi: Mapped[str] = mapped_column(Text, default="")  # the same in Hindi (0002)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id"))  # the rule version used (0002)
    # which of that rule's due-date terms set due_at; its basis text is read from the rule (0002)
    basis_term: Mapped[int | None] = mapped_column(Integer)
    period_key: Mapped[str | None] = mapped_column(String(20))  # recurring duties: e.g. 2026-11-22
    anchor_at: Mapped[dt.datetime] = mapped_column(DateTime)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    cas_ref: Mapped[str | None] = mapped_column(String(80))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    entered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    na_reason: Mapped[str | None] = mapped_column(Text)
    na_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    na_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
