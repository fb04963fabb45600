"""Who sees what on a district server: a PostgreSQL role per circle that reads only its circle's stations.

The office's owner role (the one that ran ``rollup init``) imports, enrols and acknowledges, and sees everything:
the owner of a table is not bound by its row-level security. ``grant_circle`` gives another login role read access
to the rollup's tables with a row-level security policy per table: rows of the stations of one circle (of one
district) only, or, for the SP's own login, every row (``circle=None``). The office's private key (in
``rollup_meta``) is never readable by such a role. Partitions are reached only through their parent table (no
grant on a partition), so the parent's policies always apply. A SQLite rollup has no roles: a circle office keeps
its file where only its own staff can read it."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from app.i18n import _
from app.services.core.errors import UserError
from app.services.rollup import schema

PRIVATE_KEYS = ("private_key",)  # rollup_meta keys a reader never sees


def _policy_name(role: str) -> str:
    return "anupalan_read_" + hashlib.sha256(role.encode("utf-8")).hexdigest()[:16]


def _literal(value: str) -> str:
    if "\x00" in value:
        raise UserError(_("A name cannot hold the character NUL."))
    return "'" + value.replace("'", "''") + "'"


def _row_filter(table, circle: str | None, district: str | None) -> str:
    """The policy's USING expression for ``table``: its rows of the circle's (or district's) stations."""
    if table is schema.meta:
        return "key NOT IN (" + ", ".join(_literal(k) for k in PRIVATE_KEYS) + ")"
    where = []
    if circle is not None:
        where.append(f"circle = {_literal(circle)}")
    if district is not None:
        where.append(f"district = {_literal(district)}")
    if not where:
        return "true"
    if table is schema.stations:
        return " AND ".join(where)
    return ("station_uid IN (SELECT station_uid FROM rollup_stations WHERE " + " AND ".join(where) + ")")


def circle_statements(quote, role: str, circle: str | None, district: str | None) -> list[str]:
    """The SQL that limits ``role`` to reading one circle (``quote``: the dialect's identifier quoting)."""
    who, policy = quote(role), quote(_policy_name(role))
    out = []
    for table in schema.METADATA.sorted_tables:
        name = quote(table.name)
        out += [f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
                f"DROP POLICY IF EXISTS {policy} ON {name}",
                f"CREATE POLICY {policy} ON {name} FOR SELECT TO {who} USING ({_row_filter(table, circle, district)})",
                f"REVOKE ALL ON {name} FROM {who}",
                f"GRANT SELECT ON {name} TO {who}"]
    return out


def grant_circle(store, role: str, *, circle: str | None, district: str | None = None) -> dict:
    """Limit the existing login ``role`` to reading ``circle``'s stations (of ``district`` when given; both None:
    every station, for the SP). Run by the rollup's owner; returns what was granted."""
    role, circle = (role or "").strip(), (circle.strip() if circle is not None else None)
    district = district.strip() if district else None
    if store.dialect != "postgresql":
        raise UserError(_("A rollup file on SQLite has no database roles: keep the file where only the office's own "
                          "staff can read it. Roles per circle need the district server (PostgreSQL)."))
    if not role:
        raise UserError(_("Name the database role to limit."))
    with store.begin() as conn:
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
            raise UserError(_("There is no database role '{role}'. Create it first (as the postgres user): CREATE ROLE "
                              "{role} LOGIN PASSWORD '…';").format(role=role))
        if conn.execute(text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :r"),
                        {"r": role}).scalar():
            raise UserError(_("The role '{role}' is a superuser or bypasses row-level security: it would see every "
                              "circle. Use an ordinary login role.").format(role=role))
        if conn.execute(text("SELECT current_user")).scalar() == role:
            raise UserError(_("The role '{role}' is the one running this command: it owns the rollup and sees "
                              "everything. Give a circle another login role.").format(role=role))
        if circle is not None:
            s = schema.stations
            query = s.select().where(s.c.circle == circle)
            if district is not None:
                query = query.where(s.c.district == district)
            if conn.execute(query.limit(1)).first() is None:
                raise UserError(_("No enrolled station is in circle '{circle}'. Enrol its stations first (the circle "
                                  "is the station's own particular).").format(circle=circle))
        quote = conn.dialect.identifier_preparer.quote
        db = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f"GRANT CONNECT ON DATABASE {quote(db)} TO {quote(role)}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quote(role)}"))
        for statement in circle_statements(quote, role, circle, district):
            conn.execute(text(statement))
    return {"role": role, "circle": circle, "district": district, "tables": len(schema.METADATA.sorted_tables)}


def reader_circle(conn) -> str | None:
    """The one circle a read-only role sees (``grant_circle``), so its report is that circle's letter, signed by
    its CO, not the district's; None for the owner, a SQLite file, or a role that sees several circles."""
    if conn.dialect.name != "postgresql":
        return None
    if conn.execute(text("SELECT has_table_privilege('rollup_stations', 'UPDATE')")).scalar():
        return None
    circles = conn.execute(text("SELECT DISTINCT circle FROM rollup_stations LIMIT 2")).scalars().all()
    return circles[0] if len(circles) == 1 and circles[0] else None


def refuse_reader(exc: BaseException, location: str) -> UserError | None:
    """A write refused by the server for lack of privilege (a circle's read-only role), in words; None otherwise."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) != "42501":  # insufficient_privilege
        return None
    return reader_refused(location)


def reader_refused(location: str) -> UserError:
    return UserError(_("The database role of this URL may only read the rollup at {location} (a circle's view): "
                       "importing, enrolling, acknowledging and upgrading are for the office's own role that made "
                       "the rollup. Nothing was changed.").format(location=location))
