"""Station identity and bundles for the circle / district rollup (issue 19).

- ``station_identity``: the station's permanent uid and Ed25519 key pair. A file that already holds a
  station gets them here (a new file gets them at ``init``), so an upgraded station can enrol at once.
- ``bundles``: every bundle written (sequence, kind, file hash, the rows it carried with their hashes, ack).
- ``bundle_base``: the row hashes as of the last acknowledged bundle (the base a delta is counted from).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("private_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_identity")),
        sa.UniqueConstraint("uid", name=op.f("uq_station_identity_uid")),
    )
    op.create_table(
        "bundles",
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("base_sequence", sa.Integer(), nullable=True),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("state_digest", sa.String(length=64), nullable=False),
        sa.Column("carried", sa.LargeBinary(), nullable=False),
        sa.Column("deleted", sa.Text(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.Column("ack_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("sequence", name=op.f("pk_bundles")),
    )
    op.create_table(
        "bundle_base",
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=40), nullable=False),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_id", name=op.f("pk_bundle_base")),
    )
    conn = op.get_bind()
    if conn.execute(sa.text("SELECT count(*) FROM stations")).scalar():
        from nacl.signing import SigningKey

        key = SigningKey.generate()
        identity = sa.table("station_identity", sa.column("uid", sa.String()), sa.column("public_key", sa.String()),
                            sa.column("private_key", sa.String()), sa.column("created_at", sa.DateTime()))
        # through the column types, so each driver gets the date-time as it stores it
        conn.execute(identity.insert().values(
            uid=uuid.uuid4().hex, public_key=key.verify_key.encode().hex(), private_key=key.encode().hex(),
            created_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)))


def downgrade() -> None:
    op.drop_table("bundle_base")
    op.drop_table("bundles")
    op.drop_table("station_identity")
