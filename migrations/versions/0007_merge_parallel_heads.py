"""Merge the parallel heads of the first release's schema (engine, accounts, inspections, handholding).

Revision ID: 0007
Revises: 0002, 0004, 0005, 0006
"""

from __future__ import annotations

revision = "0007"
down_revision = ("0002", "0004", "0005", "0006")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the merged revisions touch different tables."""


def downgrade() -> None:
    """Nothing to undo: downgrading splits back into the merged heads."""
