"""Engines share compiled statements (app/services/storage/engines.py): a statement compiled for one engine is found
by the next engine configured alike, and sends the same SQL; engines configured otherwise (another option, another
server version, not connected yet, another kind of database) never share one."""

from __future__ import annotations

import sqlite3
import types
import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, event, insert, literal_column, select
from sqlalchemy.orm import Session

from app.models import Setting
from app.services.station import open_database
from app.services.storage import new_engine

FILES = pytest.mark.sqlite_only("engines on SQLite files made here")


def _table(name: str = "t") -> Table:
    return Table(name, MetaData(), Column("x", Integer), Column("label", String))


def _file_engine(path, **kwargs):
    engine = new_engine(f"sqlite:///{path}", **kwargs)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER, label TEXT)")
    return engine


def _run(engine, statement, params=None):
    """(cache outcome, SQL sent, rows) of one statement run on ``engine``."""
    seen = []

    def capture(_conn, _cursor, sql, _params, context, _many):
        seen.append((context.cache_hit, sql))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with engine.begin() as conn:
            result = conn.execute(statement, params or {})
            rows = result.all() if result.returns_rows else None
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    (outcome, sql), = [s for s in seen if not s[1].startswith("PRAGMA")]
    return outcome, sql, rows


@FILES
def test_engines_on_two_files_share_a_compiled_statement_and_each_reads_its_own_file(tmp_path):
    one, two = _file_engine(tmp_path / "one.sqlite3"), _file_engine(tmp_path / "two.sqlite3")
    t = _table()
    for engine, x in ((one, 1), (two, 2)):
        with engine.begin() as conn:
            conn.execute(insert(t), {"x": x, "label": engine.url.database})
    tag = f"k_{uuid.uuid4().hex}"  # a statement no engine compiled before
    statement = select(t.c.x, literal_column("1").label(tag)).where(t.c.label.is_not(None))
    first = _run(one, statement)
    second = _run(two, statement)
    assert first[0] == one.dialect.CACHE_MISS and second[0] == two.dialect.CACHE_HIT
    assert first[1] == second[1]
    assert first[2] == [(1, 1)] and second[2] == [(2, 1)]  # the same SQL, each engine's own file
    plain = create_engine(f"sqlite:///{tmp_path / 'one.sqlite3'}")  # SQLAlchemy's own dialect sends the same SQL
    with plain.connect() as conn:
        assert str(statement.compile(conn)) == first[1]
    plain.dispose()
    one.dispose()
    two.dispose()


@FILES
def test_a_dialect_equals_another_only_once_both_connected_alike(tmp_path):
    a, b = new_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}"), new_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert a.dialect != b.dialect  # not connected yet: equal only to itself
    assert a.dialect == a.dialect
    for engine in (a, b):
        engine.connect().close()
    assert a.dialect == b.dialect and hash(a.dialect) == hash(b.dialect)
    other = new_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}", isolation_level="READ UNCOMMITTED")
    other.connect().close()
    assert other.dialect != a.dialect  # another option asked for
    plain = create_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    plain.connect().close()
    assert plain.dialect != a.dialect and a.dialect != plain.dialect  # SQLAlchemy's own class
    for engine in (a, b, other, plain):
        engine.dispose()


@FILES
def test_another_server_version_is_another_dialect_and_compiles_apart(tmp_path):
    """The same driver module, its library reporting another version when the second engine connects."""
    driver = types.ModuleType("sqlite3_stand_in")
    driver.__dict__.update(vars(sqlite3.dbapi2))
    first = _file_engine(tmp_path / "a.sqlite3", module=driver)
    alike = _file_engine(tmp_path / "b.sqlite3", module=driver)
    assert first.dialect == alike.dialect
    real = _file_engine(tmp_path / "r.sqlite3")
    assert real.dialect != first.dialect  # the same library and version, another driver module
    real.dispose()
    older = new_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}", module=driver)  # made alike; connects as older
    driver.sqlite_version_info = (3, 31, 1)
    driver.sqlite_version = "3.31.1"
    with older.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER, label TEXT)")
    assert older.dialect.server_version_info == (3, 31, 1) and older.dialect != first.dialect
    statement = select(_table().c.x, literal_column("1").label(f"k_{uuid.uuid4().hex}"))
    assert _run(first, statement)[0] == first.dialect.CACHE_MISS
    assert _run(alike, statement)[0] == alike.dialect.CACHE_HIT
    assert _run(older, statement)[0] == older.dialect.CACHE_MISS  # compiled for its own version
    for engine in (first, alike, older):
        engine.dispose()


def test_a_station_opened_again_compiles_nothing_it_compiled_before(db_path):
    """A station's store opened twice (as the window does after a restore): the second engine's first query and
    first ORM insert are found compiled, on SQLite and on PostgreSQL alike."""
    tag = uuid.uuid4().hex
    query = select(literal_column("1").label(f"k_{tag}"))
    outcomes = []
    for round_ in range(2):
        db = open_database(db_path)
        seen = []

        def capture(_conn, _cursor, sql, _params, context, _many, seen=seen):
            if f"k_{tag}" in sql or sql.startswith("INSERT INTO settings"):
                seen.append(context.cache_hit)

        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            with Session(db.engine) as s, s.begin():
                assert s.execute(query).scalar() == 1
                s.add(Setting(key=f"test.engines.{tag}.{round_}", value="1"))
        finally:
            db.close()
        outcomes.append((seen, db.engine.dialect))
    (first, _), (again, dialect) = outcomes
    assert len(first) == 2 and first[0] == dialect.CACHE_MISS
    assert again == [dialect.CACHE_HIT, dialect.CACHE_HIT]


@FILES
def test_only_the_app_s_drivers_are_shared(tmp_path):
    with pytest.raises(ValueError):
        new_engine("mysql+pymysql://user@host/db")


@FILES
@pytest.mark.real_migrations
def test_a_migration_leaves_nothing_in_the_shared_cache(tmp_path):
    """Alembic builds its tables anew on each run (alembic_version, a batch migration's copies): compiled into the
    process's cache they would never be found again, each keeping ~1 MB of metadata per migrated file."""
    from app.services.storage import engines, upgrade

    before = set(engines._COMPILED.keys())
    upgrade(tmp_path / "new.sqlite3", backup_first=False)
    upgrade(tmp_path / "new.sqlite3", target="heads", backup_first=False)
    assert set(engines._COMPILED.keys()) == before


@pytest.mark.postgresql_only("a server's engine")
def test_a_server_engine_does_not_look_up_hstore(db_path):
    """The app stores no hstore: a new server engine's first connection runs no catalog query for it."""
    db = open_database(db_path)
    try:
        assert db.engine.dialect.use_native_hstore is False and not db.engine.dialect._has_native_hstore
    finally:
        db.close()
