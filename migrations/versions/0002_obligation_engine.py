"""Obligation engine: due-date rules as versioned rows; obligations remember the rule version and
which of its terms set the due date (the basis text is read from the rule, not copied into every
row), or carry their own basis text in English and Hindi; a covering index for the dashboard.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("duty_code", sa.String(length=8), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
        sa.UniqueConstraint("key", "version", name=op.f("uq_rules_key")),
    )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.create_index("ix_rules_trigger_active", ["trigger", "active"], unique=False)

    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis_hi", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("rule_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("basis_term", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_obligations_rule_id_rules"), "rules", ["rule_id"], ["id"])
        batch_op.create_index(
            "ix_obligations_dashboard", ["status", "role_code", "form", "person_id", "due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_index("ix_obligations_dashboard")
        batch_op.drop_constraint(op.f("fk_obligations_rule_id_rules"), type_="foreignkey")
        batch_op.drop_column("basis_term")
        batch_op.drop_column("rule_id")
        batch_op.drop_column("basis_hi")
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.drop_index("ix_rules_trigger_active")
    op.drop_table("rules")
