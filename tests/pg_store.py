"""The tests' PostgreSQL databases: one migrated template per session, its state again for each test.

Used by ``tests/conftest.py`` when ``ANUPALAN_TEST_DATABASE_URL`` names a server
(``postgresql+psycopg://USER@HOST:PORT/DB``; DB is only used to create and drop the others, so the user
must be allowed to create databases). ``scripts/pg_test_server.py`` starts a throwaway one.

Measured here (2 busy cores, fsync off), 60 trivial tests taking ``db``: a copy per test (``CREATE DATABASE
… TEMPLATE``, then ``DROP``) 31 s (FILE_COPY strategy 28 s); one work database emptied with ``TRUNCATE …
RESTART IDENTITY`` and its catalogue rows put back 9.5-14 s; the same with ``DELETE`` 6-7 s (≈75 ms a test,
SQLite's file copy ≈35 ms). So: ``delete`` (``ANUPALAN_TEST_PG_FRESH`` picks another way, for measuring).
The work database then holds exactly the template's rows and sequence positions; a test's own leftover
connections to it are ended first.
"""

from __future__ import annotations

import itertools
import os

ENV = "ANUPALAN_TEST_DATABASE_URL"
FRESH_ENV = "ANUPALAN_TEST_PG_FRESH"  # how each test gets a fresh database (FRESH_WAYS); for measuring
FRESH_WAYS = ("delete", "truncate", "copy", "copy-file")
FRESH = "delete"


def server_url() -> str | None:
    return os.environ.get(ENV) or None


class PgTestDatabases:
    """``fresh()`` gives each test the template's state (``FRESH``: by copying it, or by emptying one work
    database and putting the template's rows back); ``new_database()`` is always a copy of its own."""

    def __init__(self, url: str, fresh: str | None = None):
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.fresh_by = fresh or os.environ.get(FRESH_ENV) or FRESH
        if self.fresh_by not in FRESH_WAYS:
            raise ValueError(f"{FRESH_ENV} must be one of {', '.join(FRESH_WAYS)}, not {self.fresh_by!r}")
        self.prefix = f"anupalan_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.work = f"{self.prefix}_work"
        self._numbers = itertools.count(1)
        self._admin = None
        self._seed: list[tuple[str, list[str], list[tuple]]] = []
        self._tables: list[str] = []
        self._serial: list[str] = []

    def _execute(self, statement: str) -> None:
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url.set(drivername="postgresql").render_as_string(hide_password=False),
                                          autocommit=True)
        self._admin.execute(statement)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _connect(self, name: str):
        import psycopg

        return psycopg.connect(self.url.set(drivername="postgresql", database=name)
                               .render_as_string(hide_password=False))

    def create_template(self) -> None:
        """An empty database brought to head and seeded by the app itself (``open_database``)."""
        from app.services.station import open_database

        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        open_database(self.url_of(self.template)).close()
        if self.fresh_by in ("truncate", "delete"):
            self._read_seed()
            self._execute(f'DROP DATABASE IF EXISTS "{self.work}" WITH (FORCE)')
            self._execute(f'CREATE DATABASE "{self.work}" TEMPLATE "{self.template}"')

    def _read_seed(self) -> None:
        """The template's tables and the rows the app seeded into them (the catalogue), to put back."""
        with self._connect(self.template) as con:
            from app.models import full_metadata

            order = {t.name: i for i, t in enumerate(full_metadata().sorted_tables)}  # referenced tables first
            self._tables = sorted((r[0] for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'public' "
                "and table_type = 'BASE TABLE'")),  # alembic_version too: a test may change the revision
                key=lambda t: (order.get(t, len(order)), t))
            self._serial = [r[0] for r in con.execute(
                "select table_name from information_schema.columns where table_schema = 'public' "
                "and column_name = 'id' and column_default like 'nextval%'")]
            for table in self._tables:
                cur = con.execute(f'select * from "{table}"')
                rows = cur.fetchall()
                if rows:
                    self._seed.append((table, [d.name for d in cur.description], rows))

    def fresh(self) -> str:
        """The URL of a database in the template's state, for one test (give it back with ``release``)."""
        if self.fresh_by not in ("truncate", "delete"):
            return self.new_database()
        # whatever the last test left connected would hold locks TRUNCATE waits for
        self._execute("select pg_terminate_backend(pid) from pg_stat_activity "
                      f"where datname = '{self.work}' and pid <> pg_backend_pid()")
        with self._connect(self.work) as con:  # one transaction
            if self.fresh_by == "truncate":
                con.execute("truncate " + ", ".join(f'"{t}"' for t in self._tables) + " restart identity cascade")
            else:  # DELETE, referencing tables first: cheaper than TRUNCATE's new files for a few rows
                for table in reversed(self._tables):
                    con.execute(f'delete from "{table}"')
            for table, columns, rows in self._seed:
                cols = ", ".join(f'"{c}"' for c in columns)
                with con.cursor().copy(f'copy "{table}" ({cols}) from stdin') as copy:
                    for row in rows:
                        copy.write_row(row)
            for table in self._serial:
                con.execute(f"select setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                            f'coalesce((select max(id) from "{table}"), 0) + 1, false)')
        return self.url_of(self.work)

    def release(self, url: str) -> None:
        if self.fresh_by not in ("truncate", "delete"):
            self.drop(url)

    def empty_database(self) -> str:
        """A database with no tables at all, as ``createdb`` makes it."""
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def new_database(self) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        strategy = " STRATEGY FILE_COPY" if self.fresh_by == "copy-file" else ""
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"{strategy}')
        return self.url_of(name)

    def copy_into(self, source_url: str, url: str) -> None:
        """Make the database at ``url`` a copy of the one at ``source_url`` (a test's own template), as
        ``shutil.copy`` does with files. Nobody may be connected to either."""
        from sqlalchemy.engine import make_url

        name, source = make_url(url).database, make_url(source_url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        for name in (self.work, self.template):
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
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(path).set(drivername="postgresql").render_as_string(hide_password=False)
        out = []
        with psycopg.connect(url) as con:  # commits when the block ends
            for query, params in statements:
                cur = con.execute(query.replace("?", "%s"), params)
                out.append(cur.fetchall() if cur.description else [])
        return out
    import sqlite3

    con = sqlite3.connect(path)
    try:
        out = [con.execute(query, params).fetchall() for query, params in statements]
        con.commit()
        return out
    finally:
        con.close()
