"""The SQLite engine: settings for a file that must survive power cuts, and the read-only guard.

SQLite settings follow SQLite's advice: WAL journal, ``synchronous=FULL``, foreign keys on, a busy
timeout. pysqlite's own transaction handling is switched off and ``BEGIN`` is emitted here, so DDL
inside a migration is transactional too (SQLAlchemy's documented pysqlite recipe).

Writers: a transaction that may write starts with ``BEGIN IMMEDIATE`` (it takes SQLite's write lock at
once, waiting up to the busy timeout for another writer). A deferred ``BEGIN`` that reads first and
writes later fails at once with SQLITE_BUSY_SNAPSHOT when another process committed in between, the
busy timeout does not help there. ``BEGIN`` is sent with the transaction's first statement: IMMEDIATE
when the transaction is a read-write ``Database.session()`` (``intend_write``) or its first statement
writes; a plain reading connection (counts, checks) keeps a deferred ``BEGIN`` and never blocks a
writer. At a transaction's first write the window's one-writer lock is honoured (``instance_lock``):
another process that holds it makes the write refuse with who holds it. Busy after the timeout is
``DatabaseBusyError``, a message, not a traceback.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlite3

from sqlalchemy import Engine, event

from app.i18n import _
from app.services.core.errors import DatabaseBusyError, ReadOnlyDatabaseError, UserError, readonly_message
from app.services.storage.engines import new_engine

BUSY_TIMEOUT_MS = 5000

# Keys in a pooled connection's ``info``: the BEGIN not yet sent, the wish to write, the lock checked.
_PENDING, _WRITE, _CHECKED = "anupalan.begin_pending", "anupalan.write_intent", "anupalan.writer_checked"
_WROTE = "anupalan.wrote"

# Statements a read-only database lets through; anything else is refused before SQLite sees it.
_READING_VERBS = ("SELECT", "WITH", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def is_reading(statement: str) -> bool:
    return statement.lstrip().split(None, 1)[0].upper().rstrip(";") in _READING_VERBS if statement.strip() else True


def busy_message() -> str:
    return _("The database is busy: another program is writing to it. Nothing was changed; try again in a "
             "moment.")


def is_busy_error(exc: BaseException) -> bool:
    """SQLite's lock layer said "not now": "database is locked" / "busy" (SQLITE_BUSY, SQLITE_LOCKED and their
    extended codes) or "locking protocol" (SQLITE_PROTOCOL: the WAL index kept changing under a reader or
    writer while others wrote). Nothing was changed; the same work may succeed a moment later."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6, 15)  # SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL
    text = str(orig).lower()
    return ("database is locked" in text or "database table is locked" in text or "busy" in text
            or "locking protocol" in text)


def worth_retrying(exc: BaseException) -> bool:
    """A ``DatabaseBusyError`` from SQLITE_PROTOCOL ("locking protocol"): another process rebuilt or moved the
    WAL index while this one waited. Unlike busy (which already waited the busy timeout) the same unit of work,
    begun again at once, usually goes through; nothing of the failed attempt was kept (it was rolled back)."""
    cause = exc.__cause__ if isinstance(exc, DatabaseBusyError) else None
    if not isinstance(cause, sqlite3.OperationalError):
        return False
    code = getattr(cause, "sqlite_errorcode", None)
    return code & 0xFF == 15 if code is not None else "locking protocol" in str(cause).lower()


def is_write_failure(exc: BaseException) -> bool:
    """The disk refused a write: SQLITE_FULL (no space) or SQLITE_IOERR (a disk or USB error)."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (10, 13)  # SQLITE_IOERR, SQLITE_FULL
    text = str(orig).lower()
    return "disk is full" in text or "disk i/o error" in text


def write_failed_message(exc: BaseException) -> str:
    from app.services.core.atomic import describe_io_error

    return _("Could not write to the database: {reason}. Nothing was saved; the data is as it was before. "
             "Free some space or check the drive, then try again.").format(
        reason=describe_io_error(getattr(exc, "orig", exc)))


def intend_write(connection) -> None:
    """The transaction just begun on ``connection`` (a SQLAlchemy ``Connection``) may write: send
    ``BEGIN IMMEDIATE``. ``Database.session()`` calls it for every read-write unit of work."""
    connection.info[_WRITE] = True


def wrote(connection) -> bool:
    """Whether the transaction on ``connection`` (a SQLAlchemy ``Connection``) sent a writing statement."""
    return bool(connection.info.get(_WROTE))


# POSIX drops every advisory lock a process holds on a file when it closes ANY descriptor of that file: a plain
# ``open(db).read(); close()`` beside an open SQLite connection takes that connection's shared lock away, and
# another process may then checkpoint and delete the -wal and -shm under it (or rebuild the -shm under its
# memory map). So while this process has a connection to a file, one read-only descriptor of it is held
# here (by device and inode) and ``read_head`` reads through it instead of opening and closing the file.
_held: dict[tuple[int, int], list[int]] = {}  # (st_dev, st_ino) -> [descriptor, connections]
_held_guard = threading.Lock()


def _hold(path: Path) -> tuple[int, int] | None:
    if os.name != "posix":  # a Windows handle's close releases only that handle's locks
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    st = os.fstat(fd)
    key = (st.st_dev, st.st_ino)
    with _held_guard:
        entry = _held.get(key)
        if entry is None:
            _held[key] = [fd, 1]
            return key
        entry[1] += 1
    # already held: this descriptor is surplus, but closing it now would drop the connection's locks too.
    # It is kept with the held one and closed only when the last connection to the file is closed.
    entry.append(fd)
    return key


def _release(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _held_guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[key]
    # the last connection of this process to the file is closed (SQLite let its locks go): closing is safe now
    for fd in [entry[0], *entry[2:]]:
        try:
            os.close(fd)
        except OSError:
            pass


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file, read without closing a descriptor of a file this process holds a
    SQLite connection to (which would drop that connection's locks: see ``_held``)."""
    try:
        st = os.stat(path)
        with _held_guard:
            entry = _held.get((st.st_dev, st.st_ino))
            if entry is not None:
                return os.pread(entry[0], size, 0)
    except OSError:
        pass
    with open(path, "rb") as fh:
        return fh.read(size)


def make_engine(path: Path, *, readonly: bool = False, foreign_keys: bool = True) -> Engine:
    """``foreign_keys=False`` only for schema migrations: SQLite's table-rebuild procedure needs them
    off (a rebuilt table is dropped while others still reference it); the runner checks every
    reference with ``PRAGMA foreign_key_check`` before it commits."""
    if readonly:
        url = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.as_posix()}"
    engine = new_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _on_connections(engine, path, readonly, foreign_keys)
    _on_statements(engine, path, readonly)
    return engine


def _on_connections(engine: Engine, path: Path, readonly: bool, foreign_keys: bool) -> None:
    """Each connection: holds the file while open (let go after SQLite's own close), sets its PRAGMAs (WAL and
    full sync when writing), and marks each transaction as not begun yet (``BEGIN`` is issued by the first
    statement, ``IMMEDIATE`` when it writes)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):  # pragma: no cover - exercised by every test
        record.info["anupalan.held"] = _hold(path)
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "close")
    def _on_close(dbapi_connection, record):  # the connection is closed: its hold on the file ends
        key = record.info.pop("anupalan.held", None)
        if key is not None:
            dbapi_connection.close()  # first (the pool's own close after it is a no-op), so SQLite's locks
            _release(key)             # are let go by SQLite, never dropped under a live connection

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised by every test
        conn.info[_PENDING] = True
        conn.info[_WRITE] = False
        conn.info[_CHECKED] = False
        conn.info[_WROTE] = False


def _on_statements(engine: Engine, path: Path, readonly: bool) -> None:
    """Each statement: a write refused on a read-only file, the transaction begun (``IMMEDIATE`` for a write),
    the first write checking no other program writes the file; SQLite's busy and write errors turned into
    messages."""
    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(conn, cursor, statement, _params, _context, _many):
        writing = not is_reading(statement)
        if readonly:
            if writing:  # refused with a message the user can act on, before SQLite's raw error
                raise ReadOnlyDatabaseError(readonly_message())
        if conn.info.get(_PENDING):
            conn.info[_PENDING] = False
            immediate = not readonly and (writing or conn.info.get(_WRITE))
            try:
                cursor.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            except sqlite3.OperationalError as exc:
                if is_busy_error(exc):
                    raise DatabaseBusyError(busy_message()) from exc
                raise
        if writing and not readonly:
            conn.info[_WROTE] = True
        if writing and not readonly and not conn.info.get(_CHECKED):
            conn.info[_CHECKED] = True
            from app.services.storage.instance_lock import refuse_other_writer

            refuse_other_writer(path)

    @event.listens_for(engine, "handle_error")
    def _busy(context):
        if is_busy_error(context.original_exception):
            raise DatabaseBusyError(busy_message()) from context.original_exception
        if is_write_failure(context.original_exception):  # a message, not a traceback (SQLite rolled back)
            raise UserError(write_failed_message(context.original_exception)) from context.original_exception


