"""The station's identity for the supervising offices and the bundles it has sent them (0013).

- ``station_identity``: one row, made at ``init`` (and by 0013 for an older file): the permanent station uid
  and its Ed25519 key pair. The private key never leaves the database (it is in its backups).
- ``bundles``: each bundle file written (sequence, kind, the hash of the file, the rows it carried with their
  hashes) and whether the rollup has acknowledged it.
- ``bundle_base``: the row hashes as of the last acknowledged bundle: what the rollup holds. A delta carries
  every row whose hash differs from this base (or from an unacknowledged bundle's copy).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class StationIdentity(Base):
    __tablename__ = "station_identity"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # uuid4 hex, never changes
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, hex
    private_key: Mapped[str] = mapped_column(String(64))  # Ed25519 seed, hex; never exported
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC


class Bundle(Base):
    __tablename__ = "bundles"

    sequence: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(8))  # "full" or "delta"
    base_sequence: Mapped[int | None] = mapped_column(Integer)  # the acknowledged bundle a delta is relative to
    made_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    file_name: Mapped[str] = mapped_column(String(200))
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer)
    state_digest: Mapped[str] = mapped_column(String(64))
    carried: Mapped[bytes] = mapped_column(LargeBinary)  # zlib JSON {table: {id: hash}} of the rows it carried
    deleted: Mapped[str] = mapped_column(Text, default="{}")  # JSON {table: [id, ...]}
    acked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC, when the ack was applied here
    ack_note: Mapped[str] = mapped_column(Text, default="")  # the ack's own fields (JSON)


class BundleBase(Base):
    __tablename__ = "bundle_base"

    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    hash: Mapped[str] = mapped_column(String(32))  # "-" : the row was deleted (its id must never come back)
