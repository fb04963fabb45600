"""Accused as people on a case (issue 15): each accused's own default-bail clock.

- ``accused``: the people accused on a case, with bail, release and a court's extension of the period
  (NDPS 36A(4) proviso); their arrest or surrender and remands stay events.
- ``events.accused_id``: the accused an arrest, surrender or remand is of (None on older rows: an older
  first remand still starts a clock, of an accused not named).
- The chargesheet rules (``fir.iif5.*``) as shipped now: the 60/90/180 days counted with the remand day as
  day 1 (Kapil Wadhawan, SC 2023; the old rows gave a day more), rape / POCSO at the earlier of two months and
  the default-bail day, NDPS extendable. A rule still as shipped (``source = 'default'``) gets the new text
  as its next version (the old one kept, inactive); a rule the station changed is left as the station made
  it. Open entries made under the old version move with ``rules recompute`` (previewed), as for any change.

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
    upgrade_chargesheet_rules()


CHARGESHEET_RULES = ("fir.iif5.lt10", "fir.iif5.ge10", "fir.iif5.ndps", "fir.iif5.sexual")


def _shipped_rules() -> dict[str, dict]:
    import json

    from app.paths import resource_path

    with open(resource_path("rules", "default_rules.json"), encoding="utf-8") as fh:
        return {r["key"]: r for r in json.load(fh)["rules"]}


def upgrade_chargesheet_rules() -> None:
    import datetime as dt
    import json

    rules = sa.table("rules", sa.column("id", sa.Integer), sa.column("key", sa.String), sa.column("version", sa.Integer),
                     sa.column("trigger", sa.String), sa.column("duty_code", sa.String), sa.column("data", sa.Text),
                     sa.column("active", sa.Boolean), sa.column("source", sa.String),
                     sa.column("created_at", sa.DateTime))
    conn = op.get_bind()
    shipped = _shipped_rules()
    now = dt.datetime.now().replace(microsecond=0)
    for key in CHARGESHEET_RULES:
        new = shipped.get(key)
        row = conn.execute(sa.select(rules).where(rules.c.key == key, rules.c.active.is_(True))).first()
        if new is None or row is None or row.source != "default":
            continue
        try:
            if json.loads(row.data) == new:
                continue
        except ValueError:
            pass
        conn.execute(sa.update(rules).where(rules.c.id == row.id).values(active=False))
        conn.execute(sa.insert(rules).values(key=key, version=row.version + 1, trigger=row.trigger,
                                             duty_code=row.duty_code, data=json.dumps(new, ensure_ascii=False),
                                             active=True, source="default", created_at=now))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_accused_id"))
        batch_op.drop_constraint(op.f("fk_events_accused_id_accused"), type_="foreignkey")
        batch_op.drop_column("accused_id")
    with op.batch_alter_table("accused", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accused_case_id"))
    op.drop_table("accused")
