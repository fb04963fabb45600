"""The sample for verification in CAS printed on a visit's checklist (issue 17).

``inspections.cas_sample``: JSON of the FIRs, arrests and seizures drawn at random when the visit's
checklist was first printed (the seed, when, and the rows as printed: case, date, CAS form), so every
reprint of that visit's checklist lists the same sample. NULL: not printed yet (or recorded before this
revision): the next print draws it and keeps it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cas_sample", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("cas_sample")
