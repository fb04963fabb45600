"""Imports of the station's own spreadsheets (issue 20): each import is a batch, recorded with its file's hash,
and each row it wrote is an item (what it made or changed, and the row's occurrence-aware hash)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# the models whose tables this module's foreign keys name: in Base.metadata first (app.models loads lazily)
import app.models.staff  # noqa: F401
from app.models.base import Base


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "cases" | "events"
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    profile: Mapped[str] = mapped_column(String(80), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)  # data rows read
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    left_out: Mapped[int] = mapped_column(Integer, default=0)  # rows with errors left out (--skip-errors)
    status: Mapped[str] = mapped_column(String(8), default="done")  # "done" | "void"
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    actor_label: Mapped[str] = mapped_column(String(120), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="")


class ImportItem(Base):
    """One row of a batch that wrote something: the case or event it created, or the case it updated (with the
    values before, so that voiding the batch can put them back)."""

    __tablename__ = "import_items"
    __table_args__ = (Index("ix_import_items_hash", "kind", "row_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # the batch's kind, for the hash look-up
    row: Mapped[int] = mapped_column(Integer)  # the row number in the sheet
    row_hash: Mapped[str] = mapped_column(String(64))  # the row's content hash + its occurrence in the file
    action: Mapped[str] = mapped_column(String(8))  # "created" | "updated"
    entity: Mapped[str] = mapped_column(String(16))  # "case" | "event"
    entity_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the fields an update changed, as they were
