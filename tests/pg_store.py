"""The tests' PostgreSQL databases: one migrated template per session, its state again for each test.

Used by ``tests/conftest.py`` when ``ANUPALAN_TEST_DATABASE_URL`` names a server
(``postgresql+psycopg://USER@HOST:PORT/DB``; DB is only used to create and drop the others, so the user
must be allowed to create databases). ``scripts/pg_test_server.py`` starts a throwaway one.

Measured here (2 busy cores, fsync off), 60 trivial tests taking ``db``: a copy per test (``CREATE DATABASE
… TEMPLATE``, then ``DROP``) 31 s (FILE_COPY strategy 28 s); one work database emptied with ``TRUNCATE …
RESTART IDENTITY`` and its catalogue rows put back 9.5-14 s; the same with ``DELETE`` 6-7 s (≈75 ms a test,
SQLite's file copy ≈35 ms). Hence one work database, and since then ``tracked``: the harness (never the app's
schema, never the template) gives the work database a schema of its own, ``anupalan_test``, with an unlogged
table that a statement-level trigger on every table (insert, update, delete, truncate) and an event trigger on
any DDL write into; a test's reset then puts back only the tables written since the last reset, and setval()s only
the sequences whose position moved (one query reads them all: an insert that failed and rolled back moved its
sequence and left no mark). After any DDL (a migration, a dropped or added table or index) the work database is
made again from the template, as it is when a test dropped or replaced it. The reset runs with
``session_replication_role = replica`` (no foreign-key checks or cascades while the rows go back), which, like
event triggers, needs a superuser; without one the way is ``delete`` (every table emptied and refilled).
``ANUPALAN_TEST_PG_FRESH`` picks another way, for measuring. Either way the work database then holds exactly the
template's rows and sequence positions (or a module's own starting point: ``snapshot()``); a test's leftover
connections to it are ended first, except the idle ones the harness keeps (raw_sql's and the app's closed ones:
see ``_KEPT``), which are made like new instead.
"""

from __future__ import annotations

import itertools
import os
import threading
from dataclasses import dataclass

ENV = "ANUPALAN_TEST_DATABASE_URL"
FRESH_ENV = "ANUPALAN_TEST_PG_FRESH"  # how each test gets a fresh database (FRESH_WAYS); for measuring
FRESH_WAYS = ("tracked", "delete", "truncate", "copy", "copy-file")
RESET_WAYS = ("tracked", "delete", "truncate")  # the ways that reset one work database
TRACK_SCHEMA = "anupalan_test"  # the harness's own, in the work database only
DDL_MARK = "*ddl*"  # written by the event trigger: the work database is made again


# An empty database used again: its public schema made again as createdb makes it (PostgreSQL 15 and later: owned
# by pg_database_owner, USAGE for everyone), then EMPTY_LOOK must read as it did on a new database.
EMPTY_AGAIN = ("drop schema if exists public cascade; create schema public authorization pg_database_owner; "
               "grant usage on schema public to public; comment on schema public is 'standard public schema'")
_USER_NS = "(select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast') " \
           "and nspname !~ '^pg_(toast_)?temp_')"
EMPTY_LOOK = (
    "select (select array_agg(nspname::text || coalesce(nspacl::text, '') || nspowner::regrole::text "
    "|| coalesce(obj_description(oid, 'pg_namespace'), '') order by nspname) from pg_namespace "
    f"where oid in {_USER_NS}), "
    f"(select count(*) from pg_class where relnamespace in {_USER_NS}), "
    f"(select count(*) from pg_proc where pronamespace in {_USER_NS}), "
    f"(select count(*) from pg_type where typnamespace in {_USER_NS}), "
    "(select array_agg(extname::text order by extname) from pg_extension), "
    "(select count(*) from pg_default_acl), (select count(*) from pg_event_trigger), "
    "(select count(*) from pg_largeobject_metadata), (select count(*) from pg_publication), "
    "(select count(*) from pg_cast where oid >= 16384), "
    "(select datacl::text from pg_database where datname = current_database()), "
    "(select count(*) from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase "
    "where d.datname = current_database())")


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def examples(n: int) -> int:
    """A property test's number of examples: ``n`` on SQLite, a third of it (at least 10) on the PostgreSQL
    server. The properties (dates, clocks, hostile arguments) are the app's logic and are explored on SQLite;
    on the server each example runs the same statements again, with server round trips (and, for the
    hostile arguments, a dump of every table) each: all 210 examples cost 8.9 s of client and server CPU there,
    a third of them 4.4 s."""
    return min(n, max(10, n // 3)) if server_url() else n


@dataclass(frozen=True)
class Snapshot:
    """A database's state: each table's (column names, rows), each sequence's (last_value, is_called)."""

    rows: dict[str, tuple[list[str], list[tuple]]]
    sequences: dict[str, tuple[int, bool]]


def _tracking_sql(tables: list[str]) -> str:
    """The work database's write marks: a trigger per table, one on DDL, the table they write into."""
    marks = "".join(f'create trigger anupalan_test_written after insert or update or delete or truncate '
                     f'on public."{t}" for each statement execute function {TRACK_SCHEMA}.mark();\n' for t in tables)
    return (f"create schema {TRACK_SCHEMA};\n"
            f"create unlogged table {TRACK_SCHEMA}.written (name text not null);\n"
            f"create function {TRACK_SCHEMA}.mark() returns trigger language plpgsql as $$ begin "
            f"insert into {TRACK_SCHEMA}.written values (TG_TABLE_NAME); return null; end $$;\n"
            f"create function {TRACK_SCHEMA}.mark_ddl() returns event_trigger language plpgsql as $$ begin "
            f"insert into {TRACK_SCHEMA}.written values ('{DDL_MARK}'); end $$;\n"
            f"{marks}"
            f"create event trigger anupalan_test_ddl on ddl_command_end execute function {TRACK_SCHEMA}.mark_ddl();\n"
            f"delete from {TRACK_SCHEMA}.written;")


class PgTestDatabases:
    """``fresh()`` gives each test the template's state (``fresh_by``: by copying it, or by putting one work
    database back in it); ``new_database()`` is always a copy of its own."""

    def __init__(self, url: str, fresh: str | None = None):
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.fresh_by = fresh or os.environ.get(FRESH_ENV) or None  # None: tracked if we may, else delete
        if self.fresh_by is not None and self.fresh_by not in FRESH_WAYS:
            raise ValueError(f"{FRESH_ENV} must be one of {', '.join(FRESH_WAYS)}, not {self.fresh_by!r}")
        self.prefix = f"anupalan_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.work = f"{self.prefix}_work"
        self._numbers = itertools.count(1)
        self._admin = None
        self._work_con = None
        self._tables: list[str] = []
        self._sequences: list[str] = []
        self._base: Snapshot | None = None  # the template's state
        self._state: Snapshot | None = None  # the work database's, but for the tables written since
        self._empties: set[str] = set()  # made by empty_database
        self._empties_free: list[str] = []  # given back by drop, to be emptied and used again
        self._empty_look = None  # EMPTY_LOOK of a new database
        self.remade = 0  # how often the work database was made again (DDL, dropped): for measuring

    def _admin_connection(self):
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url.set(drivername="postgresql").render_as_string(hide_password=False),
                                          autocommit=True)
        return self._admin

    def _execute(self, statement: str) -> None:
        self._admin_connection().execute(statement)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _connect(self, name: str, autocommit: bool = False):
        import psycopg

        return psycopg.connect(self.url.set(drivername="postgresql", database=name)
                               .render_as_string(hide_password=False), autocommit=autocommit)

    def _work(self):
        """The harness's own connection to the work database, kept open between tests."""
        if self._work_con is None or self._work_con.closed:
            self._work_con = self._connect(self.work, autocommit=True)
        return self._work_con

    def _close_work(self) -> None:
        if self._work_con is not None:
            self._work_con.close()
            self._work_con = None

    def create_template(self) -> None:
        """An empty database brought to head and seeded by the app itself (``open_database``)."""
        from app.services.station import open_database

        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        open_database(self.url_of(self.template)).close()
        if self.fresh_by is None:
            self.fresh_by = "tracked" if self._may_track() else "delete"
        if self.fresh_by in RESET_WAYS:
            with self._connect(self.template) as con:
                self._read_layout(con)
                self._base = self._read(con)
            self._make_work()

    def _may_track(self) -> bool:
        """Event triggers and session_replication_role need a superuser."""
        return bool(self._admin_connection().execute(
            "select rolsuper from pg_roles where rolname = current_user").fetchone()[0])

    def _read_layout(self, con) -> None:
        """The template's tables (alembic_version too: a test may change the revision) and sequences."""
        from app.models import full_metadata

        order = {t.name: i for i, t in enumerate(full_metadata().sorted_tables)}  # referenced tables first
        self._tables = sorted((r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'public' "
            "and table_type = 'BASE TABLE'")), key=lambda t: (order.get(t, len(order)), t))
        self._sequences = [r[0] for r in con.execute(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
            "where c.relkind = 'S' and n.nspname = 'public' order by 1")]

    def _read(self, con) -> Snapshot:
        rows = {}
        for table in self._tables:
            cur = con.execute(f'select * from "{table}"')
            rows[table] = ([d.name for d in cur.description], cur.fetchall())
        return Snapshot(rows, self._positions(con))

    def _positions(self, con) -> dict[str, tuple[int, bool]]:
        if not self._sequences:
            return {}
        query = " union all ".join(f"select '{s}', last_value, is_called from public.\"{s}\"" for s in self._sequences)
        return {name: (last, called) for name, last, called in con.execute(query)}

    def _make_work(self) -> None:
        """The work database made again from the template (with its write marks when tracked)."""
        self._close_work()
        close_raw(self.work)
        close_raw(self.template)
        self._execute(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.template}"')
        if self.fresh_by == "tracked":
            con = self._work()
            with con.transaction():
                con.execute(_tracking_sql(self._tables))
        self._state = self._base

    def _end_other_connections(self, name: str | None = None, *, but_kept: bool = False) -> None:
        """Whatever the last test left connected would hold locks the reset waits for. The connections the
        harness keeps (``raw_sql``'s, the app's: ``close_raw``) are idle and hold none: with ``but_kept`` (a
        reset of the work database) they stay, made like new (``_like_new``: a test's session settings, temporary
        tables or prepared statements do not reach the next); else they are closed first, in good order (a copy
        or a drop needs the database to itself)."""
        name = name or self.work
        mine = [self._admin_connection().info.backend_pid]
        if self._work_con is not None and not self._work_con.closed:
            mine.append(self._work_con.info.backend_pid)
        if not but_kept:
            close_raw(name)
        with _KEPT_LOCK:  # nobody takes a kept connection (and starts a transaction on it) until the others end
            if but_kept:
                _renew_raw(name)
                mine += _kept_pids(name)
            self._admin_connection().execute("select pg_terminate_backend(pid) from pg_stat_activity "
                                             "where datname = %s and pid <> all(%s)", (name, mine))

    def end_connections(self, url: str) -> None:
        """End every connection to the database at ``url`` (say, before it is copied)."""
        from sqlalchemy.engine import make_url

        self._end_other_connections(make_url(url).database)

    def fresh(self, state: Snapshot | None = None) -> str:
        """The URL of a database in the template's state (or in ``state``, a ``snapshot()``), for one test
        (give it back with ``release``)."""
        if self.fresh_by not in RESET_WAYS:
            if state is not None:
                raise ValueError(f"a snapshot needs one work database ({', '.join(RESET_WAYS)})")
            return self.new_database()
        target = state or self._base
        self._end_other_connections(but_kept=True)
        if self.fresh_by == "tracked":
            self._put_back_written(target)
        else:
            self._put_back_all(target)
        return self.url_of(self.work)

    def snapshot(self) -> Snapshot:
        """The work database's state now (say, a module's station set up once): ``fresh(it)`` puts it back."""
        if self.fresh_by not in RESET_WAYS:
            raise ValueError(f"a snapshot needs one work database ({', '.join(RESET_WAYS)})")
        self._end_other_connections(but_kept=True)
        con = self._work()
        with con.transaction():
            if self.fresh_by == "tracked" and DDL_MARK in self._written(con):
                raise RuntimeError("the work database's tables were changed (DDL): no snapshot of it")
            state = self._read(con)
            if self.fresh_by == "tracked":
                con.execute(f"delete from {TRACK_SCHEMA}.written")
        self._state = state
        return state

    def _written(self, con) -> set[str]:
        return {r[0] for r in con.execute(f"select distinct name from {TRACK_SCHEMA}.written")}

    def _put_back_written(self, target: Snapshot) -> None:
        import psycopg

        try:
            written = self._written(self._work())
        except psycopg.Error:  # the work database was dropped or replaced (copy_into) behind our back
            self._close_work()
            written = {DDL_MARK}
        if DDL_MARK in written:
            self.remade += 1
            self._make_work()
            written = set()
        changed = written | {t for t in self._tables
                             if target.rows[t] is not self._state.rows[t] and target.rows[t] != self._state.rows[t]}
        con = self._work()
        with con.transaction():
            con.execute("set local session_replication_role = replica")  # no FK checks, no cascades, no marks
            self._put_back_rows(con, changed, target)
            con.execute(f"delete from {TRACK_SCHEMA}.written")
            self._put_back_sequences(con, target)
        self._state = target

    def _put_back_all(self, target: Snapshot) -> None:
        with self._connect(self.work) as con:  # one transaction
            if self.fresh_by == "truncate":
                con.execute("truncate " + ", ".join(f'"{t}"' for t in self._tables) + " cascade")
                self._put_back_rows(con, (), target, emptied=True)
            else:
                self._put_back_rows(con, self._tables, target)
            self._put_back_sequences(con, target)

    def _put_back_rows(self, con, tables, target: Snapshot, emptied: bool = False) -> None:
        """Empty ``tables`` (referencing tables first) and copy the target's rows back (referenced first)."""
        tables = set(self._tables) if emptied else set(tables)
        if not emptied:
            for table in reversed(self._tables):
                if table in tables:  # DELETE: cheaper than TRUNCATE's new files for a few rows
                    con.execute(f'delete from "{table}"')
        for table in self._tables:
            columns, rows = target.rows[table]
            if table in tables and rows:
                cols = ", ".join(f'"{c}"' for c in columns)
                with con.cursor().copy(f'copy "{table}" ({cols}) from stdin') as copy:
                    for row in rows:
                        copy.write_row(row)

    def _put_back_sequences(self, con, target: Snapshot) -> None:
        now = self._positions(con)
        for name, position in target.sequences.items():
            if now.get(name) != position:
                con.execute("select setval(%s::regclass, %s, %s)", (f'public."{name}"', *position))

    def release(self, url: str) -> None:
        if self.fresh_by not in RESET_WAYS:
            self.drop(url)

    def empty_database(self) -> str:
        """A database with no tables at all, as ``createdb`` makes it. One given back (``drop``) is used again:
        its public schema dropped with all in it and made again, then checked against a new database (schemas,
        objects outside the system's, extensions, default privileges, the database's grants and settings);
        any difference and a new database is made instead."""
        while self._empties_free:
            name = self._empties_free.pop()
            if self._emptied(name):
                return self.url_of(name)
            self._empties.discard(name)
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{name}"')
        if self._empty_look is None:
            with self._connect(name) as con:
                self._empty_look = con.execute(EMPTY_LOOK).fetchone()
        self._empties.add(name)
        return self.url_of(name)

    def _emptied(self, name: str) -> bool:
        import psycopg

        self._end_other_connections(name)
        try:
            with self._connect(name, autocommit=True) as con:
                con.execute(EMPTY_AGAIN)
                return con.execute(EMPTY_LOOK).fetchone() == self._empty_look
        except psycopg.Error:
            return False

    def new_database(self) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        strategy = " STRATEGY FILE_COPY" if self.fresh_by == "copy-file" else ""
        close_raw(self.template)
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"{strategy}')
        return self.url_of(name)

    def copy_of(self, source_url: str) -> str:
        """A new database, a copy of the one at ``source_url`` (nobody may be connected to it); ``drop`` it after."""
        from sqlalchemy.engine import make_url

        name = f"{self.prefix}_{next(self._numbers)}"
        close_raw(make_url(source_url).database)
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source_url).database}"')
        return self.url_of(name)

    def copy_into(self, source_url: str, url: str) -> None:
        """Make the database at ``url`` a copy of the one at ``source_url`` (a test's own template), as
        ``shutil.copy`` does with files. Nobody may be connected to either."""
        from sqlalchemy.engine import make_url

        name, source = make_url(url).database, make_url(source_url).database
        close_raw(name)
        close_raw(source)
        if name == self.work:
            self._close_work()  # the next reset finds no write marks in the copy and makes the work database again
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def drop(self, url: str) -> None:
        """Drop the database at ``url``; an empty one (``empty_database``) is kept to be emptied and used again."""
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        close_raw(name)
        if name in self._empties:
            if name not in self._empties_free:
                self._empties_free.append(name)
            return
        if name == self.work:
            self._close_work()
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._close_work()
        close_raw()
        for name in (self.work, self.template, *self._empties):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.close()


def raw_sql(target, query: str, *params) -> list[tuple]:
    """Run one statement behind the app's back on a test's database and commit; returns its rows.

    ``target`` is a ``Database``, a file path or a server URL (``db_path``). On SQLite this is exactly a
    plain ``sqlite3`` connection to the file (foreign keys off, as before); on PostgreSQL a plain psycopg
    connection, with the ``?`` placeholders written as ``%s``.
    """
    return raw_sql_many(target, [(query, params)])[0]


def raw_sql_many(target, statements) -> list[list[tuple]]:
    """``raw_sql`` for several ``(query, params)`` on one connection, committed together."""
    path = getattr(target, "path", target)
    if isinstance(path, str) and "://" in path:
        from sqlalchemy.engine import make_url

        return _raw_server(make_url(path).set(drivername="postgresql").render_as_string(hide_password=False),
                           statements)
    import sqlite3

    con = sqlite3.connect(path)
    try:
        out = [con.execute(query, params).fetchall() for query, params in statements]
        con.commit()
        return out
    finally:
        con.close()


# raw_sql's connection to each server database, kept between calls (a new connection costs the server a process
# and ~3.5 ms of CPU, and the tests make hundreds): idle and committed between calls, so it holds no lock; a reset
# of the work database keeps it, made like new (_like_new); the harness closes it before it copies or drops that
# database (close_raw); one ended behind its back (a test's DROP … WITH (FORCE), a terminated backend) is replaced
# once.
_RAW: dict[str, object] = {}


def close_raw(database: str | None = None) -> None:
    """Close raw_sql's kept connections and the app's (to ``database`` only, when named)."""
    for url in _raw_urls(database):
        _RAW.pop(url).close()
    _close_kept(database)


def _raw_urls(database: str | None) -> list[str]:
    """raw_sql's kept connections' URLs (to ``database`` only, when named)."""
    from sqlalchemy.engine import make_url

    return [u for u in _RAW if database is None or make_url(u).database == database]


def _raw_server(url: str, statements) -> list[list[tuple]]:
    import psycopg

    for attempt in (1, 2):
        con = _RAW.get(url)
        kept = con is not None and not con.closed and not con.broken
        if not kept:
            con = _RAW[url] = psycopg.connect(url)
        try:
            out = []
            for query, params in statements:
                cur = con.execute(query.replace("?", "%s"), params)
                out.append(cur.fetchall() if cur.description else [])
            con.commit()
            return out
        except psycopg.Error:
            if con.broken or con.closed:  # the connection was lost: nothing was committed
                _RAW.pop(url, None)
                if kept and attempt == 1:
                    continue  # it had been ended while kept: once more on a new one
            else:
                con.rollback()
            raise


# The app's own server connections, kept between its engines. The app opens an engine (a server connection, a new
# server process) for each station it opens and closes it with the station; a test opens its station, then again
# for each command it runs, a connection each time: ~1,700 in a PostgreSQL run, each ~1.5 ms of the client's and
# ~4.5 ms of the server's CPU to set up and end. Here a connection the app closes is kept (idle, its transaction
# rolled back by SQLAlchemy's pool: it holds no lock) and handed to the next engine of the same database, options
# and dialect arguments, made like new (_like_new: psycopg's prepared statements forgotten, then ``DISCARD ALL``:
# the server forgets the session's settings, prepared statements, temporary tables and the rest, and its settings
# return to their values at connection); a connection ended while kept fails there and is replaced by a new one;
# the app's engine then sets it up as it sets up a new one. Kept per process (a forked child connects anew), at
# most KEEP per database; closed by ``close_raw`` with raw_sql's before the harness copies or drops a database.
KEEP = 3
_KEPT: dict[tuple, list] = {}  # (database, dialect arguments, connect arguments) -> idle connections
_KEYS: dict[int, tuple] = {}  # id(connection) -> its key, while the app has it
_KEPT_LOCK = threading.RLock()
_KEPT_PID = os.getpid()
_PATCHED: list = []  # the dialect class and its own connect / do_close while patched


def keep_app_connections() -> None:
    """Patch the app's PostgreSQL dialect (``storage.engines``) to take and give back kept connections."""
    from app.services.storage import engines

    dialect = engines.PostgreSQLDialect
    if _PATCHED:
        return
    connect, close = dialect.connect, dialect.do_close

    def kept_connect(self, *cargs, **cparams):
        key = _key(self, cargs, cparams)
        con = _take(key)
        if con is None:
            con = connect(self, *cargs, **cparams)
        _KEYS[id(con)] = key
        return con

    def kept_close(self, dbapi_connection):
        if not _give_back(dbapi_connection):
            close(self, dbapi_connection)

    _PATCHED[:] = [dialect, connect, close]
    dialect.connect, dialect.do_close = kept_connect, kept_close


def stop_keeping_app_connections() -> None:
    if _PATCHED:
        dialect, connect, close = _PATCHED
        dialect.connect, dialect.do_close = connect, close
        _PATCHED.clear()
    _close_kept()


def _key(dialect, cargs, cparams) -> tuple:
    return (cparams.get("dbname"), getattr(dialect, "_arguments", ()), cargs,
            tuple(sorted((k, v) for k, v in cparams.items() if k != "context")))


def _take(key):
    """A kept connection for ``key``, made like new, or None."""
    from sqlalchemy.dialects.postgresql.psycopg import _log_notices

    if not _same_process():
        return None
    while True:
        with _KEPT_LOCK:
            stack = _KEPT.get(key)
            if not stack:
                return None
            con = stack.pop()
        if not _like_new(con):
            continue
        while True:  # the app's dialect adds its notice handler again on every connection
            try:
                con.remove_notice_handler(_log_notices)
            except ValueError:
                break
        return con


def _like_new(con) -> bool:
    """Make a kept, idle connection as a new one is (False, and closed, if it was ended while kept). psycopg
    forgets its prepared statements on a rollback (on ``DISCARD ALL`` only from 3.3.5 on: before, it would
    run a statement it had prepared by a name the server no longer knows); then the server forgets the session."""
    import psycopg

    try:
        con.autocommit = False
        con.execute("select 1")
        con.rollback()
        con.autocommit = True
        con.execute("DISCARD ALL")
        con.autocommit = False
        con.isolation_level = con.read_only = con.deferrable = None
        return True
    except psycopg.Error:  # ended while kept (a test's DROP … WITH (FORCE), a terminated backend)
        con.close()
        return False


def _same_process() -> bool:
    return os.getpid() == _KEPT_PID


def _give_back(con) -> bool:
    import psycopg

    key = _KEYS.pop(id(con), None)
    if key is None or not _same_process() or con.closed or con.broken \
            or con.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        return False
    with _KEPT_LOCK:
        stack = _KEPT.setdefault(key, [])
        if len(stack) >= KEEP:
            return False
        stack.append(con)
    return True


def _close_kept(database: str | None = None) -> None:
    with _KEPT_LOCK:
        keys = [k for k in _KEPT if database is None or k[0] == database]
        cons = [con for k in keys for con in _KEPT.pop(k)]
    for con in cons:
        con.close()


def _renew_raw(database: str) -> None:
    """raw_sql's kept connections to ``database`` made like new (dropped when ended while kept)."""
    for url in _raw_urls(database):
        if _RAW[url].closed or not _like_new(_RAW[url]):
            del _RAW[url]


def _kept_pids(database: str) -> list[int]:
    """The server processes of the connections kept idle for ``database`` (raw_sql's and the app's)."""
    cons = [con for k, stack in _KEPT.items() if k[0] == database for con in stack]
    cons += [_RAW[url] for url in _raw_urls(database)]
    return [con.info.backend_pid for con in cons if not con.closed]
