"""Sign-in accounts: one per person on the staff list, with the state sign-in needs (lockout, reset)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.staff import Person


class Account(Base):
    """A person's sign-in. ``password_hash`` is an argon2id PHC string; it is NULL while a password
    has to be set by the person (a new account, or a reset an administrator started), until
    ``reset_expires_at`` (UTC), with the one-time code an administrator was shown (``setup_code_hash``).
    Failure counts and lock times are kept here so that a restart does
    not clear a lockout."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), unique=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)  # stored lower-case
    password_hash: Mapped[str | None] = mapped_column(Text)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_inspector: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    reset_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    setup_code_hash: Mapped[str | None] = mapped_column(Text)  # the one-time code's argon2id hash (0010)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC

    person: Mapped[Person] = relationship()
