"""Engines whose compiled statements outlive them.

SQLAlchemy keeps each statement's compiled SQL in a cache whose key holds the engine's dialect object, and each
engine has its own cache: every new engine — another station opened in the window, a restore or a backup
checked, a command of the command line, each station of a rollup — compiled every statement it ran again,
though the SQL came out the same (a fifth of the CPU of a command that opens a station and adds a case).

Engines made by ``new_engine`` share one cache of compiled statements per process (SQLAlchemy's own LRU, the
kind each engine had), and their dialects are SQLAlchemy's own (pysqlite for a file, psycopg for a server) with
one addition: two of them configured alike compare equal, so a statement compiled for one engine is found by the
next. A dialect is what its class, its constructor's arguments and what it read from the server on connecting
make of it, so "alike" is: the same class; the same arguments (the driver module, the isolation level asked for,
a JSON serializer, …: compared with ``==``, so a module or a function by identity); and, once both have connected
(SQLAlchemy's ``initialize``), the same plain values in the dialect (the server's version, its default schema and
isolation level, the SQL features that version has: numbers, strings, flags and tuples, lists and dicts of
them). What else a dialect holds (its identifier quoting, type compiler, type memos, the driver's adapters,
memoized lookups, event listeners) is built from those three. A dialect that has not connected yet equals only
itself: a file and a server, or two servers of different versions, never share a compiled statement. The SQL each
engine sends is the SQL it compiled before (tests/services/storage/test_engines.py).

What the cache keeps: as SQLAlchemy's cache of one engine did, each compiled statement with the first statement
object it was made from (its bound values too) until it is dropped; it now outlives the engine, not the process.
A caller's own ``compiled_cache`` execution option still wins (Alembic's runs use none: ``migrate.alembic_config``);
``Engine.clear_compiled_cache()`` clears only the engine's own, unused cache.

The URL given keeps its meaning: ``sqlite:///PATH`` (or ``sqlite+pysqlite``) and ``postgresql+psycopg://…``
(or ``postgresql``) are opened through the same drivers, under the driver names registered here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, util
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL, make_url

DRIVER = "anupalan"  # the driver name the shared dialects are registered under (``sqlite+anupalan``)

# Compiled statements kept per process, least recently used dropped first (SQLAlchemy's LRU prunes back to this
# when it holds half as many again). A whole test run's statements are ~1,200; SQLAlchemy's default is 500 per engine.
COMPILED_CACHE_SIZE = 1200
_COMPILED = util.LRUCache(COMPILED_CACHE_SIZE)


_PLAIN = (type(None), bool, int, float, str, bytes)


def _plain(value) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (tuple, list, frozenset)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


class _AlikeCompileAlike:
    """Mixed into a SQLAlchemy dialect: equal to another of its class configured alike, once both connected."""

    _signature: tuple | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._arguments = tuple(sorted(kwargs.items()))

    def initialize(self, connection) -> None:
        super().initialize(connection)  # type: ignore[misc]
        values = tuple(sorted((name, value) for name, value in vars(self).items()
                              if name not in ("_arguments", "_signature") and _plain(value)))
        self._signature = (self._arguments, values)

    def __eq__(self, other: object) -> bool:
        return self is other or (
            type(other) is type(self) and self._signature is not None
            and self._signature == other._signature  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return hash(type(self))


class SQLiteDialect(_AlikeCompileAlike, SQLiteDialect_pysqlite):
    """pysqlite, for station files and SQLite rollups."""

    supports_statement_cache = True  # compiles as its base does (SQLAlchemy asks each class for this itself)


def __getattr__(name: str):
    """``PostgreSQLDialect`` made when a server is first opened (SQLAlchemy's registry asks for it by name): a
    command on a station file does not import SQLAlchemy's PostgreSQL dialect (a start-up cost)."""
    if name != "PostgreSQLDialect":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    global PostgreSQLDialect
    PostgreSQLDialect = type("PostgreSQLDialect", (_AlikeCompileAlike, PGDialect_psycopg), {
        "__doc__": "psycopg 3, for databases on a PostgreSQL server.", "__module__": __name__,
        "supports_statement_cache": True})
    return PostgreSQLDialect


registry.register(f"sqlite.{DRIVER}", __name__, "SQLiteDialect")
registry.register(f"postgresql.{DRIVER}", __name__, "PostgreSQLDialect")

_DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite", "postgresql": "postgresql",
            "postgres": "postgresql", "postgresql+psycopg": "postgresql"}


def backend_of(url: URL | str) -> str | None:
    """"sqlite" or "postgresql" for an address ``new_engine`` opens (through pysqlite or psycopg), else None."""
    return _DRIVERS.get(make_url(url).drivername)


def new_engine(url: URL | str, **kwargs: Any) -> Engine:
    """``create_engine(url, **kwargs)`` through the shared dialects and the process's compiled statements. Other
    drivers than pysqlite and psycopg are refused (ValueError): the app has no others."""
    url = make_url(url)
    backend = backend_of(url)
    if backend is None:
        raise ValueError(f"no shared dialect for {url.drivername}")
    if backend == "postgresql":
        # The app stores no hstore values: SQLAlchemy's look-up of that type on each engine's first connection (a
        # catalog query, ~1.4 ms of client and server CPU per engine) is skipped.
        kwargs.setdefault("use_native_hstore", False)
    options = {"compiled_cache": _COMPILED, **kwargs.pop("execution_options", {})}
    return create_engine(url.set(drivername=f"{backend}+{DRIVER}"), execution_options=options, **kwargs)
