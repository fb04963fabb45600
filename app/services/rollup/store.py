"""Opening the rollup store: a SQLite file (a circle office) or a PostgreSQL database (a district or state
server), given as a SQLAlchemy URL or a plain path. ``init_store`` creates or upgrades its tables."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError, ProgrammingError

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.rollup import schema, upgrades
from app.services.storage import new_engine

DEFAULT_FILE = "rollup.sqlite3"
BUSY_TIMEOUT = 30  # seconds a SQLite writer waits for another before it is refused


def default_location() -> Path:
    from app.paths import data_dir

    return data_dir() / DEFAULT_FILE


def _url_of(target: str | Path | None) -> tuple[str, Path | None]:
    """(SQLAlchemy URL, the SQLite file or None) for what ``--url`` names."""
    if target is None or target == "":
        path = default_location()
        return f"sqlite:///{path}", path
    value = str(target)
    if "://" not in value:
        path = Path(value).expanduser()
        return f"sqlite:///{path}", path
    try:
        url = make_url(value)
    except ArgumentError:
        raise UserError(_("{url} is not a database URL.").format(url=value)) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database:
            raise UserError(_("Give the rollup file's path: sqlite:///PATH."))
        return value, Path(url.database)
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False), None
    raise UserError(_("Cannot open the rollup at {url}: only SQLite files and PostgreSQL servers are supported.")
                    .format(url=value.split("@")[-1]))


PING_AFTER_IDLE = 10.0  # seconds: a pooled PostgreSQL connection idle this long is checked before it is used


def _engine(url: str, path: Path | None) -> Engine:
    if path is None:
        engine = new_engine(url)
        _ping_when_idle(engine)
        return engine
    engine = new_engine(url, connect_args={"timeout": BUSY_TIMEOUT})

    # pysqlite's own transaction handling runs DDL outside a transaction; this is SQLAlchemy's documented
    # recipe: BEGIN emitted here, so an import or an upgrade is all or nothing
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # a connection's own setting (WAL is set at init)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # a writer takes the write lock at once (a deferred one could fail to upgrade under another writer);
        # readers stay deferred, so the views read on while an import runs (WAL)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writer") else "BEGIN")

    return engine


def _ping_when_idle(engine: Engine, idle: float = PING_AFTER_IDLE) -> None:
    """SQLAlchemy's pre-ping (the dialect's own ping; a dead connection is replaced and the checkout retried),
    sent only when the pooled connection has been idle ``idle`` seconds or more: a server restarted or a
    connection dropped while the window stood open is found before a view uses it, and the views a user opens
    one after another do not pay a round trip each for it."""
    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record):
        record.info["rollup_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy):
        since = record.info.pop("rollup_idle_since", None)
        if since is None or time.monotonic() - since < idle:  # a new connection, or one used a moment ago
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as e:
            raise DisconnectionError(f"the connection was lost while idle: {e}") from e


@dataclass
class RollupStore:
    engine: Engine
    location: str  # shown to the user: the file's path or the URL without its password

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One write transaction (committed at the end, rolled back on an error). On SQLite, a writer that waited
        its 30 s for another (a five-year station's import takes longer) is refused in words, not a traceback."""
        with self.engine.connect().execution_options(writer=True) as conn:
            try:
                transaction = conn.begin()
            except OperationalError as exc:
                if self.dialect == "sqlite" and "locked" in str(getattr(exc, "orig", exc)):
                    raise UserError(_("The rollup at {location} is busy: another import or enrolment is writing to "
                                      "it. Try again when it has finished; nothing was changed by this one.").format(
                        location=self.location)) from None
                raise
            try:
                with transaction:
                    yield conn
            except ProgrammingError as exc:  # a circle's read-only role on the district server: said in words
                raise _reader_refusal(exc, self.location) from None

    def require_writer(self) -> None:
        """Refuse, before anything is read or written, a database role that may only read this rollup (a circle's
        role on the district server, ``access.grant_circle``). A SQLite file is whoever can open it."""
        if self.dialect != "postgresql":
            return
        with self.engine.connect() as conn:
            ok = conn.execute(text("SELECT has_table_privilege('rollup_stations', 'UPDATE') AND "
                                   "has_table_privilege('rollup_rows', 'INSERT') AND "
                                   "has_table_privilege('rollup_meta', 'UPDATE')")).scalar()
        if not ok:
            from app.services.rollup.access import reader_refused

            raise reader_refused(self.location)

    def connect(self) -> Connection:
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> RollupStore:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


@dataclass(frozen=True)
class RollupInfo:
    location: str
    revision: int
    name: str
    created: bool  # False: the store was there already (upgraded or unchanged)
    upgraded_from: int | None

    def as_json(self) -> dict:
        return {"location": self.location, "schema_revision": self.revision, "name": self.name,
                "created": self.created, "upgraded_from": self.upgraded_from}


def _location(url: str, path: Path | None) -> str:
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


def _revision(conn: Connection) -> int | None:
    if not inspect(conn).has_table(schema.meta.name):
        return None
    value = conn.scalar(select(schema.meta.c.value).where(schema.meta.c.key == "schema_revision"))
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _reader_refusal(exc: ProgrammingError, location: str) -> Exception:
    """A write the server refused for lack of privilege (a circle's read-only role) as a ``UserError``; any other
    error as it was."""
    from app.services.rollup.access import refuse_reader

    return refuse_reader(exc, location) or exc


def _explain(exc: OperationalError, location: str) -> UserError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    return UserError(_("Cannot open the rollup at {location}: {reason}").format(location=location, reason=reason))


def _check_new_file(path: Path) -> None:
    """Refuse a rollup file path that is a folder, in a missing folder, or another kind of file."""
    if path.exists() and path.is_dir():
        raise UserError(_("{path} is a folder. Give the rollup file's path.").format(path=path))
    if not path.parent.is_dir():
        raise UserError(_("There is no folder {path}.").format(path=path.parent))
    if path.exists():
        with open(path, "rb") as f:
            head = f.read(16)
        if head and head != b"SQLite format 3\x00":
            raise UserError(_("{path} is not a rollup file.").format(path=path))


def init_store(target: str | Path | None, name: str = "") -> RollupInfo:
    """Create the rollup's tables (or bring an older revision up to date) and record the revision. The office's
    own Ed25519 key pair (for signing acknowledgements) is made once."""
    url, path = _url_of(target)
    location = _location(url, path)
    if path is not None:
        _check_new_file(path)
    engine = _engine(url, path)
    try:
        with engine.begin() as conn:
            found = _revision(conn)
            if found is not None and found > schema.REVISION:
                raise UserError(_("The rollup at {location} was made by a newer version of Anupalan (schema {found}; "
                                  "this version knows {known}). Nothing was changed.").format(
                    location=location, found=found, known=schema.REVISION))
            if found is None and path is not None and inspect(conn).get_table_names():
                raise UserError(_("{path} is not a rollup file.").format(path=path))
            schema.METADATA.create_all(conn)  # only what is missing
            for rev in range((found or schema.REVISION) + 1, schema.REVISION + 1):
                for step in upgrades.UPGRADES.get(rev, []):
                    step(conn)
            final_name = _write_meta(conn, name)
        if path is not None:  # the file is a rollup now: write-ahead logging (kept in the file), so views read on
            raw = engine.raw_connection()  # during an import; outside a transaction, as SQLite requires
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL")
            finally:
                raw.close()
    except OperationalError as exc:
        raise _explain(exc, location) from None
    except ProgrammingError as exc:  # a circle's read-only role cannot create or upgrade the tables
        raise _reader_refusal(exc, location) from None
    finally:
        engine.dispose()
    return RollupInfo(location, schema.REVISION, final_name, found is None,
                      found if found is not None and found != schema.REVISION else None)


def _write_meta(conn, name: str) -> str:
    """The revision, the office's uid and Ed25519 key pair (made once) and its name in rollup_meta; the name."""
    m = schema.meta
    have = dict(conn.execute(select(m.c.key, m.c.value)).all())
    values = {"schema_revision": str(schema.REVISION)}
    if "uid" not in have:
        from nacl.signing import SigningKey

        key = SigningKey.generate()
        values.update(uid=uuid.uuid4().hex, private_key=key.encode().hex(),
                      public_key=key.verify_key.encode().hex(), created_utc=clock.utcnow().isoformat())
    if name or "name" not in have:
        values["name"] = name.strip() or have.get("name", "")
    for k, v in values.items():
        if k in have:
            conn.execute(m.update().where(m.c.key == k).values(value=v))
        else:
            conn.execute(m.insert().values(key=k, value=v))
    return values.get("name", have.get("name", ""))


def open_rollup(target: str | Path | None) -> RollupStore:
    """The rollup at ``target`` (a URL or a path; None: the default file). Refused when it is not there, not
    a rollup, or of another schema revision."""
    url, path = _url_of(target)
    location = _location(url, path)
    if path is not None and not path.is_file():
        raise UserError(_("There is no rollup at {location}. Make it first with: python -m app rollup init --url "
                          "{location}").format(location=location))
    if path is not None:  # another kind of file (a text, a spreadsheet) said so, not taken for a damaged database
        with open(path, "rb") as f:
            head = f.read(16)
        if head and head != b"SQLite format 3\x00":  # an empty file is a rollup never initialised (said below)
            raise UserError(_("{path} is not a rollup file.").format(path=path))
    engine = _engine(url, path)
    try:
        with engine.connect() as conn:
            found = _revision(conn)
    except OperationalError as exc:
        engine.dispose()
        raise _explain(exc, location) from None
    except ProgrammingError as exc:
        engine.dispose()
        if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":  # insufficient_privilege
            raise UserError(_("The database role of this URL may not read the rollup at {location}. The office that "
                              "keeps it grants a circle's role with: python -m app rollup grant-circle ROLE --circle "
                              "NAME").format(location=location)) from None
        raise
    except Exception:
        engine.dispose()
        raise
    if found is None:
        engine.dispose()
        raise UserError(_("{location} is not a rollup (or it was never initialised). Run: python -m app rollup init "
                          "--url {location}").format(location=location))
    if found != schema.REVISION:
        engine.dispose()
        if found > schema.REVISION:
            raise UserError(_("The rollup at {location} was made by a newer version of Anupalan (schema {found}; "
                              "this version knows {known}).").format(location=location, found=found,
                                                                     known=schema.REVISION))
        raise UserError(_("The rollup at {location} has an older schema ({found}); upgrade it with: python -m app "
                          "rollup init --url {location}").format(location=location, found=found))
    return RollupStore(engine, location)


def meta_values(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(schema.meta.c.key, schema.meta.c.value)).all())
