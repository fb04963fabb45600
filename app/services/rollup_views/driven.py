"""A fixed statement's rows read through the driver's cursor, inside the view's own SQLAlchemy connection.

The district views send one fixed statement each (built once per kind of scope). SQLAlchemy's execution of it (an
execution context, a result object, a Row per station) costs about 50 us a view above the driver's own: on a
district server that is a third of what the views add to their SQL. Here the statement's text, compiled once per
dialect, goes to the driver's cursor through the connection's own cursor execution, which keeps what the views
rely on: the engine's ``before/after_cursor_execute`` events (the tests' statement counts, the benchmark's capture),
a driver error raised as SQLAlchemy's (a lost connection invalidated, as ``execute`` does), and the pool's own
connection handling (its checkout, the idle ping, the rollback when the connection goes back).

Used only where SQLAlchemy would hand back the driver's values unchanged: no parameter or column of the statement
needs a conversion on this dialect (PostgreSQL's psycopg returns dates, times and booleans as they are; SQLite's
stored text dates need SQLAlchemy's, so a SQLite rollup runs ``execute`` as before)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.engine import Connection, Dialect


class _Text(NamedTuple):
    sql: str  # the statement as compiled for the dialect
    names: tuple[str, ...]  # its parameters (in their order when the dialect's parameters are positional)
    positional: bool


# (statement's id, dialect) -> (the statement, kept so that its id is not reused; its text or None)
_TEXTS: dict[tuple, tuple[object, _Text | None]] = {}


def fetch_all(conn: Connection, statement, params: dict) -> list:
    """Every row of ``statement`` with ``params`` (each a tuple of its columns' values, as ``execute(…).all()``'s
    rows unpack), read in ``conn``'s transaction, begun as ``execute`` begins it. For statements built once (each
    is kept, compiled)."""
    text = _text(statement, conn.dialect)
    if text is None or not hasattr(conn, "_cursor_execute"):
        return conn.execute(statement, params).all()
    values = tuple(params[n] for n in text.names) if text.positional else {n: params[n] for n in text.names}
    if not conn.in_transaction():
        conn.begin()  # as execute begins one (SQLite's store emits its BEGIN; the connection's close rolls it back)
    cursor = conn.connection.cursor()
    try:
        # SQLAlchemy's own execution of a statement on a given cursor: the engine's events, its logging, the
        # dialect's execute, and a driver error turned into SQLAlchemy's (with the connection invalidated if lost)
        conn._cursor_execute(cursor, text.sql, values)
        return cursor.fetchall()
    finally:
        cursor.close()


def _text(statement, dialect: Dialect) -> _Text | None:
    """The statement compiled for ``dialect`` (kept: the statements are built once), or None when SQLAlchemy
    converts a parameter or a column's values on this dialect, or expands a parameter when it runs it."""
    key = (id(statement), type(dialect), dialect.paramstyle, dialect.server_version_info)
    found = _TEXTS.get(key)
    if found is not None and found[0] is statement:
        return found[1]
    _TEXTS[key] = (statement, _compiled(statement, dialect))
    return _TEXTS[key][1]


def _compiled(statement, dialect: Dialect) -> _Text | None:
    compiled = statement.compile(dialect=dialect)
    binds = list(compiled.binds.values())
    if any(b.expanding or b.literal_execute or b.callable is not None for b in binds):
        return None
    if any(b.type.dialect_impl(dialect).bind_processor(dialect) is not None for b in binds):
        return None
    if any(c.type.dialect_impl(dialect).result_processor(dialect, None) is not None
           for c in statement.selected_columns):
        return None
    if compiled.positional:
        return _Text(compiled.string, tuple(compiled.positiontup or ()), True)
    return _Text(compiled.string, tuple(compiled.binds), False)
