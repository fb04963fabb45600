"""Opening the station database: engine settings, migrations, unit-of-work sessions.

SQLite settings follow SQLite's advice for a file that must survive power cuts: WAL journal,
``synchronous=FULL``, foreign keys on, a busy timeout. pysqlite's own transaction handling is
switched off and ``BEGIN`` is emitted by SQLAlchemy, so DDL inside a migration is transactional too
(SQLAlchemy's documented pysqlite recipe).

``open_database`` also takes a SQLAlchemy URL: ``sqlite:///PATH`` is the same as PATH, and
``postgresql+psycopg://USER@HOST:PORT/DB`` opens a database on a PostgreSQL server (``pg_storage``).
What differs between the two is decided in one place, ``Database.storage``: ``FileStorage`` here,
``pg_storage.ServerStorage`` for a server.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..i18n import _
from .errors import UserError
from .snapshot import check_readable  # noqa: F401 — lives with the integrity check; also imported from here

BUSY_TIMEOUT_MS = 5000
_FOLDED_URL = re.compile(r"(postgres(ql)?(\+\w+)?|sqlite):/[^/]")

# Statements a read-only database lets through; anything else is refused before SQLite sees it.
_READING_VERBS = ("SELECT", "WITH", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class ReadOnlyDatabaseError(UserError):
    """A change was attempted on a database opened read-only; nothing was written."""


def readonly_message() -> str:
    return _("This window opened the database read-only, so nothing can be changed here. "
             "Close the other Anupalan window that holds the database, then open it again.")


def _is_reading(statement: str) -> bool:
    return statement.lstrip().split(None, 1)[0].upper().rstrip(";") in _READING_VERBS if statement.strip() else True


def _make_engine(path: Path, *, readonly: bool = False, foreign_keys: bool = True) -> Engine:
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
            if not _is_reading(statement):
                raise ReadOnlyDatabaseError(readonly_message())

    return engine


class FileStorage:
    """How an SQLite file is kept: verified copies before bulk changes; one writer at a time."""

    kind = "sqlite"
    has_file = True

    def __init__(self, path: Path):
        self.path = path

    @property
    def location(self) -> str:
        return str(self.path)

    def before_bulk_change(self, what: str = ""):
        from .backup import before_bulk_change

        return before_bulk_change(self.path, what)

    def serialize(self, session: Session, name: str) -> None:
        """Nothing to do: SQLite lets one transaction write at a time (see ``pg_storage.ServerStorage``)."""


def serialize(session: Session, name: str) -> None:
    """Before a read-then-write step (the next audit row, the next case number …): until ``session``'s
    transaction ends, no other writer passes ``serialize(…, name)``. SQLite already has one writer at a
    time, so only a server takes a lock (``pg_storage.ServerStorage.serialize``)."""
    storage = session.info.get("storage")
    if storage is not None:
        storage.serialize(session, name)


class Database:
    """One open station database. Services take it and open short transactions on it.

    Widgets never hold a session; the UI hands a ``Database`` to services on a worker thread.
    ``readonly``: opened with ``mode=ro`` (another window holds the file, or the user chose it in
    recovery); every change is refused with ``ReadOnlyDatabaseError`` and reading works.
    """

    def __init__(self, path: Path | str, engine: Engine, *, readonly: bool = False, storage=None):
        self.path = path  # on a server: its URL (``storage.location`` is the same without the password)
        self.engine = engine
        self.readonly = readonly
        self.storage = storage if storage is not None else FileStorage(path)
        self.lock = None  # an ``InstanceLock`` when opened with ``lock=True``
        # ``permissions.authorize`` reads the flag, so a mutating service is refused before its first step
        # (a backup, a check); the engine's guard above catches any write that does not authorize.
        self._sessions = sessionmaker(engine, expire_on_commit=False,
                                      info={"readonly": readonly, "storage": self.storage})

    @classmethod
    def from_url(cls, url: str, **options) -> Database:
        """``open_database`` for a SQLAlchemy URL (``sqlite:///PATH`` or ``postgresql+psycopg://...``)."""
        return open_database(url, **options)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            if self.readonly:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    readonly: bool = False,
    seed: bool = True,
    lock: bool = False,
) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema to the app's head.

    A file written by a newer app is refused; a failing migration leaves the file as it was. A new
    file is created readable by its owner only (0600) where the OS allows. With ``lock=True`` the
    instance lock is taken first, so a second window gets ``DatabaseInUseError`` and changes nothing.
    ``path`` may be a URL: ``sqlite:///PATH``, or a PostgreSQL server's (no file, so no lock).
    """
    if isinstance(path, str) and "://" in path:
        from .pg_storage import is_server_url, open_server_database

        if is_server_url(path):
            return open_server_database(path, migrate=migrate, readonly=readonly, seed=seed)
        if not path.startswith("sqlite:///"):
            raise UserError(_("Cannot open the database {path}: only SQLite files and PostgreSQL servers are "
                              "supported.").format(path=path.split("@")[-1]))
        path = path[len("sqlite:///"):]
    path = Path(path)
    if _FOLDED_URL.match(str(path)):  # a URL passed through Path() lost a "/": never create a file of that name
        raise ValueError(f"{path} is a database URL made into a path; pass the URL itself (a str)")
    check_readable(path)
    if readonly and not path.exists():
        raise UserError(_("The database file {path} does not exist.").format(path=path))
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                _("Cannot create the folder {folder}: {reason}").format(folder=path.parent, reason=exc.strerror)
            ) from exc
    instance = None
    if lock and not readonly:
        from .instance_lock import acquire

        instance = acquire(path)
    try:
        if not readonly and not path.exists():
            _create_private(path)
        from . import migrate as migrations

        migrations.refuse_newer(path)
        if migrate and not readonly and not migrations.is_at_head(path):
            migrations.upgrade(path)
        engine = _make_engine(path, readonly=readonly)
        db = Database(path, engine, readonly=readonly)
        if seed and not readonly:
            from .catalogue import ensure_catalogue

            ensure_catalogue(db)
    except BaseException:
        if instance is not None:
            instance.release()
        raise
    db.lock = instance
    return db


def _create_private(path: Path) -> None:
    """Create an empty database file with owner-only permissions (SQLite's -wal/-shm follow it)."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        from .atomic import describe_io_error

        raise UserError(_("Cannot create the database file {path}: {reason}").format(
            path=path, reason=describe_io_error(exc))) from exc
    os.close(fd)


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the same safety settings (for backups and checks)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn
