"""The SQLite engine: settings for a file that must survive power cuts, and the read-only guard.

SQLite settings follow SQLite's advice: WAL journal, ``synchronous=FULL``, foreign keys on, a busy
timeout. pysqlite's own transaction handling is switched off and ``BEGIN`` is emitted by SQLAlchemy,
so DDL inside a migration is transactional too (SQLAlchemy's documented pysqlite recipe).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from app.services.core.errors import ReadOnlyDatabaseError, readonly_message

BUSY_TIMEOUT_MS = 5000

# Statements a read-only database lets through; anything else is refused before SQLite sees it.
_READING_VERBS = ("SELECT", "WITH", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def is_reading(statement: str) -> bool:
    return statement.lstrip().split(None, 1)[0].upper().rstrip(";") in _READING_VERBS if statement.strip() else True


def make_engine(path: Path, *, readonly: bool = False, foreign_keys: bool = True) -> Engine:
    """``foreign_keys=False`` only for schema migrations: SQLite's table-rebuild procedure needs them
    off (a rebuilt table is dropped while others still reference it); the runner checks every
    reference with ``PRAGMA foreign_key_check`` before it commits."""
    if readonly:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised by every test
        conn.exec_driver_sql("BEGIN")

    if readonly:
        @event.listens_for(engine, "before_cursor_execute")
        def _refuse_writes(_conn, _cursor, statement, _params, _context, _many):
            """Any write is refused with a message the user can act on, before SQLite's raw error."""
            if not is_reading(statement):
                raise ReadOnlyDatabaseError(readonly_message())

    return engine


