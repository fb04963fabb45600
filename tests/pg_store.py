"""The tests' PostgreSQL databases: one migrated template per session, a fresh copy per test.

Used by ``tests/conftest.py`` when ``ANUPALAN_TEST_DATABASE_URL`` names a server
(``postgresql+psycopg://USER@HOST:PORT/DB``; DB is only used to create and drop the others, so the user
must be allowed to create databases). ``scripts/pg_test_server.py`` starts a throwaway one.

Measured on the test server (2 cores, fsync off): ``CREATE DATABASE … TEMPLATE`` plus the drop afterwards
costs ≈43 ms a test; truncating every table, resetting the sequences and seeding the catalogue again costs
≈49 ms and gives back less (a copy is exactly the template, sequences and settings included). So: copies.
"""

from __future__ import annotations

import itertools
import os

ENV = "ANUPALAN_TEST_DATABASE_URL"


def server_url() -> str | None:
    return os.environ.get(ENV) or None


class PgTestDatabases:
    def __init__(self, url: str):
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.prefix = f"anupalan_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._numbers = itertools.count(1)
        self._admin = None

    def _execute(self, statement: str) -> None:
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url.set(drivername="postgresql").render_as_string(hide_password=False),
                                          autocommit=True)
        self._admin.execute(statement)

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create_template(self) -> None:
        """An empty database brought to head and seeded by the app itself (``open_database``)."""
        from app.services.db import open_database

        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        open_database(self.url_of(self.template)).close()

    def new_database(self) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin.close()


def raw_sql(target, query: str, *params) -> list[tuple]:
    """Run one statement behind the app's back on a test's database and commit; returns its rows.

    ``target`` is a ``Database``, a file path or a server URL (``db_path``). On SQLite this is exactly a
    plain ``sqlite3`` connection to the file (foreign keys off, as before); on PostgreSQL a plain psycopg
    connection, with the ``?`` placeholders written as ``%s``.
    """
    path = getattr(target, "path", target)
    if isinstance(path, str) and "://" in path:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(path).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url) as con:  # commits when the block ends
            cur = con.execute(query.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []
    import sqlite3

    con = sqlite3.connect(path)
    try:
        rows = con.execute(query, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()
