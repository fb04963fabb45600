"""Accused as people on a case (issue 15): each accused's own default-bail clock.

- ``accused``: the people accused on a case, with bail, release and a court's extension of the period
  (NDPS 36A(4) proviso); their arrest or surrender and remands stay events.
- ``events.accused_id``: the accused an arrest, surrender or remand is of (None on older rows: an older
  first remand still starts a clock, of an accused not named).
- The chargesheet rules (``fir.iif5.*``) as shipped now: the 60/90/180 days counted with the remand day as
  day 1 (Kapil Wadhawan, SC 2023; the old rows gave a day more), rape / POCSO at the earlier of two months and
  the default-bail day, NDPS extendable. A rule still as shipped (``source = 'default'``) gets the new text
  as its next version (the old one kept, inactive); a rule the station changed is left as the station made
  it. Open entries made under the old version move with ``rules recompute`` (previewed), as for any change;
  the app re-dates the open chargesheet entries itself once, on the first open after this upgrade.
- The accused of the older events (``accused_from_events``): each arrest, surrender or remand whose details
  name an accused (``{"accused": "A"}``, as the console recorded them) is of that accused of its case (one
  per name, case-insensitive); a first remand naming nobody is of the case's first arrested accused still
  without a remand (or, with none, of a new accused whose name is not recorded); a bail naming nobody on a
  case with a single accused is his, and ends his custody (``bailed_at``) as does a bail naming him.
  So every clock an older remand started belongs to somebody who can be bailed, released or extended.

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
    accused_from_events()


OLD_ACCUSED_KINDS = ("arrest", "surrender", "first-remand", "remand", "bail", "jail")


def _named(details) -> str:
    import json

    try:
        data = json.loads(details or "{}")
    except ValueError:
        return ""
    name = data.get("accused") if isinstance(data, dict) else None
    return " ".join(name.split())[:120] if isinstance(name, str) else ""


def accused_from_events() -> None:
    """Accused rows for the events recorded before accused were (see the module's text). Plain SQLAlchemy
    Core: the same statements on SQLite and PostgreSQL; details are read as JSON in Python."""
    import datetime as dt

    conn = op.get_bind()
    events = sa.table("events", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                      sa.column("kind", sa.String), sa.column("occurred_at", sa.DateTime),
                      sa.column("details", sa.Text), sa.column("accused_id", sa.Integer),
                      sa.column("created_at", sa.DateTime))
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("kind", sa.String))
    accused = sa.Table("accused", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                       sa.Column("case_id", sa.Integer), sa.Column("name", sa.String), sa.Column("bailed_at", sa.DateTime),
                       sa.Column("note", sa.Text), sa.Column("created_at", sa.DateTime))
    rows = conn.execute(
        sa.select(events.c.id, events.c.case_id, events.c.kind, events.c.occurred_at, events.c.details,
                  events.c.created_at)
        .join(cases, cases.c.id == events.c.case_id)
        .where(cases.c.kind == "fir", events.c.kind.in_(OLD_ACCUSED_KINDS), events.c.accused_id.is_(None))
        .order_by(events.c.case_id, events.c.occurred_at, events.c.id)).all()
    now = dt.datetime.now().replace(microsecond=0)
    by_case: dict[int, list] = {}
    for r in rows:
        by_case.setdefault(r.case_id, []).append(r)

    for case_id, evs in by_case.items():
        people: list[dict] = []  # in the order they were made: {id, name, arrested, remanded}
        links: dict[int, dict] = {}  # event id -> person

        def new(name: str, at) -> dict:
            res = conn.execute(sa.insert(accused).values(case_id=case_id, name=name, note="",
                                                         created_at=at or now))
            p = {"id": res.inserted_primary_key[0], "name": name, "arrested": None, "remanded": None}
            people.append(p)
            return p

        def by_name(name: str):
            return next((p for p in people if p["name"].casefold() == name.casefold()), None)

        # named events first (in time order): each name one accused of the case
        for e in evs:
            name = _named(e.details)
            if name:
                p = by_name(name) or new(name, e.created_at)
                links[e.id] = p

        def refresh() -> None:  # each accused's first arrest / remand as linked so far
            for p in people:
                mine = [x for x in evs if links.get(x.id) is p]
                p["arrested"] = min((x.occurred_at for x in mine if x.kind in ("arrest", "surrender")), default=None)
                p["remanded"] = min((x.occurred_at for x in mine if x.kind in ("first-remand", "remand")),
                                    default=None)

        refresh()
        # then those naming nobody, in time order
        for e in evs:
            if e.id in links or _named(e.details):
                continue
            if e.kind in ("arrest", "surrender"):
                free = [p for p in people if p["arrested"] is None]
                if not free:
                    links[e.id] = new("", e.created_at)  # none yet, or each has his arrest: another one
                elif len(people) == 1:
                    links[e.id] = people[0]
            elif e.kind == "first-remand" or (e.kind == "remand" and len(people) <= 1):
                if len(people) == 1:
                    links[e.id] = people[0]
                else:
                    free = sorted((p for p in people if p["remanded"] is None and p["arrested"] is not None),
                                  key=lambda p: p["arrested"])
                    links[e.id] = free[0] if free else new("", e.created_at)
            refresh()
        if len(people) == 1:  # a bail or jail naming nobody on a single-accused case is his
            for e in evs:
                if e.id not in links and e.kind in ("bail", "jail"):
                    links[e.id] = people[0]
        for e in evs:
            if e.id in links:
                conn.execute(sa.update(events).where(events.c.id == e.id).values(accused_id=links[e.id]["id"]))
        for p in people:  # his latest bail (after his custody began) ends his custody
            mine = [x for x in evs if links.get(x.id) is p]
            starts = [x.occurred_at for x in mine if x.kind not in ("bail", "jail")]
            bails = [x.occurred_at for x in mine if x.kind == "bail" and starts and x.occurred_at >= min(starts)]
            if bails:
                conn.execute(sa.update(accused).where(accused.c.id == p["id"]).values(bailed_at=max(bails)))


REDATE_MARK = "upgrade.redate_chargesheet"  # read by obligations.redate_after_upgrade
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
    replaced = False
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
        replaced = True
    if replaced:  # the app re-dates the open chargesheet entries on its next open, then removes this mark
        settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
        conn.execute(sa.delete(settings).where(settings.c.key == REDATE_MARK))
        conn.execute(sa.insert(settings).values(key=REDATE_MARK, value="0011"))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_accused_id"))
        batch_op.drop_constraint(op.f("fk_events_accused_id_accused"), type_="foreignkey")
        batch_op.drop_column("accused_id")
    with op.batch_alter_table("accused", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accused_case_id"))
    op.drop_table("accused")
