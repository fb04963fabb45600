"""Inspection visits, their findings and instructions.

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-22 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("officer_name", sa.String(length=120), nullable=False),
        sa.Column("officer_rank", sa.String(length=12), nullable=False),
        sa.Column("officer_rank_other", sa.String(length=60), nullable=False),
        sa.Column("surprise", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("snapshot_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_visit_date"), ["visit_date"], unique=False)

    op.create_table(
        "inspection_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("role_code", sa.String(length=16), nullable=False),
        sa.Column("duty_id", sa.Integer(), nullable=True),
        sa.Column("satisfactory", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["duty_id"], ["duties.id"],
                                name=op.f("fk_inspection_findings_duty_id_duties")),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"],
                                name=op.f("fk_inspection_findings_inspection_id_inspections")),
        sa.ForeignKeyConstraint(["role_code"], ["roles.code"],
                                name=op.f("fk_inspection_findings_role_code_roles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_findings")),
    )
    with op.batch_alter_table("inspection_findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_findings_inspection_id"), ["inspection_id"],
                              unique=False)

    op.create_table(
        "inspection_instructions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role_code", sa.String(length=16), nullable=False),
        sa.Column("duty_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["duty_id"], ["duties.id"],
                                name=op.f("fk_inspection_instructions_duty_id_duties")),
        sa.ForeignKeyConstraint(["finding_id"], ["inspection_findings.id"],
                                name=op.f("fk_inspection_instructions_finding_id_inspection_findings")),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"],
                                name=op.f("fk_inspection_instructions_inspection_id_inspections")),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligations.id"],
                                name=op.f("fk_inspection_instructions_obligation_id_obligations")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"],
                                name=op.f("fk_inspection_instructions_person_id_persons")),
        sa.ForeignKeyConstraint(["role_code"], ["roles.code"],
                                name=op.f("fk_inspection_instructions_role_code_roles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_instructions")),
        sa.UniqueConstraint("obligation_id", name=op.f("uq_inspection_instructions_obligation_id")),
    )
    with op.batch_alter_table("inspection_instructions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_instructions_inspection_id"), ["inspection_id"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("inspection_instructions")
    op.drop_table("inspection_findings")
    op.drop_table("inspections")
