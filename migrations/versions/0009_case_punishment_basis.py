"""What a case's punishment class rests on (issue 15, punishment from the sections).

``cases.punishment_basis``: JSON saying where ``punishment_class`` came from: the gravest section and its
maximum punishment in the shipped table (``resources/law/punishments.json``), or the user's choice with
the reason given. Cases registered before this revision have "" (basis not recorded).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("punishment_basis", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("punishment_basis")
