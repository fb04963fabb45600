"""The station's data on a PostgreSQL server instead of an SQLite file.

Opened with a SQLAlchemy URL, ``postgresql+psycopg://USER@HOST:PORT/DB`` (psycopg 3, SQLAlchemy 2's
maintained PostgreSQL driver). Everything here is what differs from the file:

- the schema is brought to head by the same Alembic revisions, in one transaction (PostgreSQL's DDL is
  transactional), under an advisory lock so two processes opening a new database do not both migrate;
  none of the file's steps apply: no pre-migration copy (the server's pg_dump does backups), no
  ``PRAGMA foreign_keys``/``foreign_key_check`` (the server checks every reference as rows change);
- the safety net that only a file needs — integrity check, backups through SQLite's backup API, the
  instance lock, the copy before a bulk change — is "not applicable: the server's pg_dump does backups";
- read-then-write steps that SQLite serialises by having one writer at a time (the audit chain's next
  number and hash, the next case number) take a transaction-scoped advisory lock here (``serialize``).

The database itself is created by whoever runs the server (``createdb``); opening it creates the tables.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

from app.i18n import N_, _
from app.services.core.errors import DatabaseNewerError, ReadOnlyDatabaseError, UserError, readonly_message
from app.services.storage.engines import backend_of, new_engine
from app.services.storage.migrate import alembic_config, head_revisions, known_revisions
from app.services.storage.sqlite import is_reading

# pg_advisory_xact_lock(class, key): the class keeps our locks apart from anyone else's on the same server.
LOCK_CLASS = 0x414E5550  # "ANUP"
NOT_APPLICABLE = N_("Not applicable on a PostgreSQL server: the server's pg_dump does backups.")


def is_server_url(target) -> bool:
    """True for a ``postgresql[+driver]://`` URL (a string or a SQLAlchemy ``URL``)."""
    if isinstance(target, URL):
        return target.get_backend_name() == "postgresql"
    return isinstance(target, str) and target.split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def server_location(url: URL | str) -> str:
    """A server database's URL without its password: safe to print and to log."""
    return make_url(url).render_as_string(hide_password=True)


def _lock_key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) - (1 << 31)  # a stable int4 for each name


def explain_server_error(exc: BaseException) -> str | None:
    """The server's errors an operator can act on, in the operator's words; None for anything else."""
    lowered = str(exc).lower()
    if "read-only transaction" in lowered:
        return readonly_message()
    if "could not extend file" in lowered or "no space left" in lowered:
        return _("The database server's disk is full. Nothing was saved; tell whoever runs the server.")
    if "connection" in lowered and ("refused" in lowered or "closed" in lowered or "timeout" in lowered):
        return _("The database server cannot be reached. Nothing was saved; check the network and try again.")
    return None


@dataclass(frozen=True)
class ServerStorage:
    """How a database on a PostgreSQL server is kept (``Database.storage``; the file's is ``FileStorage``)."""

    url: URL
    kind: str = "postgresql"
    has_file: bool = False
    path: None = None  # no file: backups, restore, integrity checks and the instance lock do not apply

    @property
    def location(self) -> str:
        return server_location(self.url)

    @property
    def title(self) -> str:
        """The database's name on its server, for a window title."""
        return f"{self.url.database} @ {self.url.host or 'localhost'}"

    def not_applicable(self) -> str:
        """Why backups, restore, integrity checks and the one-writer lock are not offered here."""
        return _(NOT_APPLICABLE)

    def before_bulk_change(self, what: str = "") -> None:
        """No copy before a bulk change: the change runs in one transaction, and backups are the server's."""
        return None

    def serialize(self, session, name: str) -> None:
        """Until this transaction ends, no other transaction passes ``serialize`` with the same name.

        SQLite gets this from its single writer; on the server, two writers reading "the last audit row"
        or "the highest case number" at once would both compute the same next one. Reads after the lock
        see what the other committed (READ COMMITTED: each statement reads the latest committed data).
        """
        session.execute(text("SELECT pg_advisory_xact_lock(:cls, :key)"),
                        {"cls": LOCK_CLASS, "key": _lock_key(name)})


def make_engine(url: URL | str, *, readonly: bool = False) -> Engine:
    try:
        import psycopg  # noqa: F401 — the bundle for station PCs leaves the driver out (build_installer.spec)
    except ImportError:
        raise UserError(_("This copy of Anupalan cannot open a database on a server: it has no PostgreSQL "
                          "driver (psycopg). Use an installation from source with psycopg, or a station's "
                          "database file.")) from None
    url = make_url(url)
    if backend_of(url) != "postgresql":  # new_engine opens a server's address only with psycopg
        raise UserError(_("A database on a server is opened through psycopg: write the address as "
                          "postgresql+psycopg://USER@HOST:PORT/DB, not with {driver}.").format(
                              driver=url.get_driver_name()))
    connect_args = {"connect_timeout": 10, "application_name": "anupalan"}
    if readonly:  # the server refuses writes too; our guard below says why in the user's language
        connect_args["options"] = "-c default_transaction_read_only=on"
    engine = new_engine(url, isolation_level="READ COMMITTED", connect_args=connect_args)
    if readonly:
        @event.listens_for(engine, "before_cursor_execute")
        def _refuse_writes(_conn, _cursor, statement, _params, _context, _many):
            if not is_reading(statement):
                raise ReadOnlyDatabaseError(readonly_message())

    return engine


def server_revisions(conn) -> set[str]:
    if not inspect(conn).has_table("alembic_version"):
        return set()
    return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def _refuse_newer(conn, location: str) -> set[str]:
    revisions = server_revisions(conn)
    unknown = revisions - set(known_revisions())
    if unknown:
        raise DatabaseNewerError(
            _(
                "The database {path} was written by a newer version of Anupalan (schema {revision}). "
                "Install the newer version to open it; this version will not change it."
            ).format(path=location, revision=", ".join(sorted(unknown)))
        )
    return revisions


def upgrade(engine: Engine, target: str = "heads") -> None:
    """The same Alembic revisions as on a file, all in one transaction; a failure changes nothing."""
    from alembic import command

    location = engine.url.set(drivername="postgresql+psycopg").render_as_string(hide_password=True)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:cls, :key)"),
                         {"cls": LOCK_CLASS, "key": _lock_key("migrate")})
            _refuse_newer(conn, location)
            command.upgrade(alembic_config(conn), target)
    except UserError:
        raise
    except Exception as exc:
        raise UserError(
            _("Upgrading the database failed and was rolled back; the database is unchanged. Reason: {reason}")
            .format(reason=exc)) from exc


def open_server(url: URL | str, *, migrate: bool = True, readonly: bool = False) -> tuple[Engine, ServerStorage, str]:
    """What ``open_store`` needs for a server URL: refuse a newer schema, migrate to head; returns the
    engine, the storage and the URL that opens the same database again (password included: print
    ``storage.location`` instead)."""
    url = make_url(url)
    storage = ServerStorage(url)
    engine = make_engine(url, readonly=readonly)
    try:
        with engine.connect() as conn:
            revisions = _refuse_newer(conn, storage.location)
        if migrate and not readonly and revisions != head_revisions():
            upgrade(engine)
    except UserError:
        engine.dispose()
        raise
    except Exception as exc:  # cannot connect, no such database, refused: say so, in the user's language
        engine.dispose()
        raise UserError(_("Cannot open the database {path}: {reason}").format(
            path=storage.location, reason=str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        ) from exc
    return engine, storage, url.render_as_string(hide_password=False)
