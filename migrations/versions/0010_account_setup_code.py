"""A one-time code for setting a password (issue 16: whoever came first took over an account whose password was pending).

``accounts.setup_code_hash``: the argon2id hash of the one-time code an administrator was shown when he
created the account or started its reset. Setting the password needs the code (wrong codes count towards
the lock); it is cleared when used. NULL: no code issued — an account still waiting for its password
from before this revision needs a new reset.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("setup_code_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("setup_code_hash")
