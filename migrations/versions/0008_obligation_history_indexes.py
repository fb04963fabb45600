"""Indexes for reports about a past moment (issue 10, performance).

- ``ix_obligations_status_entered`` (status, entered_at) and ``ix_obligations_status_na`` (status, na_at):
  "open at a past moment T" reads only what closed after T (reports/queries.py ``open_at``, ``pendency``)
  instead of every obligation: a checklist for a past date went from a full scan (≈0.3 s on 5 years) to a
  few tens of ms.

A plain (due_at) index was tried for periods by due date and left out: SQLite then walks it for the
workbench's "form = ? / role = ? ORDER BY due_at" lists (no sort, but a table lookup per row), which made
those 4-8× slower.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_obligations_status_entered", ["status", "entered_at"]),
    ("ix_obligations_status_na", ["status", "na_at"]),
)


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, "obligations", columns, unique=False)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="obligations")
