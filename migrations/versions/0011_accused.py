"""Accused as people on a case (issue 15): each accused's own default-bail clock.

- ``accused``: the people accused on a case, with bail, release and a court's extension of the period
  (NDPS 36A(4) proviso); their arrest or surrender and remands stay events.
- ``events.accused_id``: the accused an arrest, surrender or remand is of (None on older rows: an older
  first remand still starts a clock, of an accused not named).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accused",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("bailed_at", sa.DateTime(), nullable=True),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("extended_days", sa.Integer(), nullable=True),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_accused_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accused")),
    )
    with op.batch_alter_table("accused", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accused_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accused_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_events_accused_id_accused"), "accused", ["accused_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_events_accused_id"), ["accused_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_accused_id"))
        batch_op.drop_constraint(op.f("fk_events_accused_id_accused"), type_="foreignkey")
        batch_op.drop_column("accused_id")
    with op.batch_alter_table("accused", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accused_case_id"))
    op.drop_table("accused")
