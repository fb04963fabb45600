"""The PostgreSQL run's one work database (tests/pg_store.py): after whatever a test did to it, the next test finds
exactly the template's rows and sequence positions (or a module's snapshot), and the app's schema as migrated."""

from __future__ import annotations

import psycopg
import pytest

from app.services.station import init_station, open_database
from tests.pg_store import _like_new, raw_sql, raw_sql_many

pytestmark = pytest.mark.postgresql_only("the reset of the PostgreSQL run's one work database")


def _state(url: str) -> tuple:
    """Every table of the app's schema with its rows, and every sequence's position, read behind the harness."""
    tables = [r[0] for r in raw_sql(url, "select table_name from information_schema.tables "
                                         "where table_schema = 'public' order by 1")]
    sequences = [r[0] for r in raw_sql(url, "select sequencename from pg_sequences "
                                            "where schemaname = 'public' order by 1")]
    read = raw_sql_many(url, [(f'select * from "{t}"', ()) for t in tables]
                        + [(f'select last_value, is_called from "{s}"', ()) for s in sequences])
    return tables, sequences, [sorted(rows, key=repr) for rows in read]


def _write_some(url: str) -> None:
    db = open_database(url)
    try:
        init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    finally:
        db.close()
    with pytest.raises(psycopg.errors.NotNullViolation):  # takes a value of the sequence, leaves no row
        raw_sql(url, "insert into persons (name) values (null)")
    raw_sql(url, "delete from duties where id = (select min(id) from duties where id not in "
                 "(select duty_id from obligations))")
    raw_sql(url, "truncate settings")


def test_the_next_test_finds_the_template_state_whatever_the_last_one_wrote(_pg_databases):
    template = _state(_pg_databases.url_of(_pg_databases.template))
    url = _pg_databases.fresh()
    assert _state(url) == template
    _write_some(url)
    left = psycopg.connect(url.replace("+psycopg", ""))  # a connection the test forgot, in a transaction
    left.execute("update stations set name = 'x'")
    assert _state(url) != template
    assert _pg_databases.fresh() == url and _state(url) == template
    with pytest.raises(psycopg.OperationalError):  # ended by the reset, its change rolled back
        left.execute("select 1")


def test_ddl_makes_the_work_database_again(_pg_databases):
    template = _state(_pg_databases.url_of(_pg_databases.template))
    url = _pg_databases.fresh()
    remade = _pg_databases.remade
    raw_sql(url, "create table extra (id serial primary key)")
    raw_sql(url, "insert into extra default values")
    raw_sql(url, "alter table persons drop column pno")
    url = _pg_databases.fresh()
    assert _state(url) == template
    assert _pg_databases.remade == remade + (_pg_databases.fresh_by == "tracked")


def test_a_snapshot_is_put_back_and_the_template_after_it(_pg_databases):
    template = _state(_pg_databases.url_of(_pg_databases.template))
    url = _pg_databases.fresh()
    _write_some(url)
    written = _state(url)
    snapshot = _pg_databases.snapshot()
    raw_sql(url, "delete from persons")
    raw_sql(url, "update rules set version = version + 1")
    assert _pg_databases.fresh(snapshot) == url and _state(url) == written
    assert _pg_databases.fresh() == url and _state(url) == template


def test_raw_sqls_kept_connection_outlives_a_reset_and_is_replaced_when_ended(_pg_databases):
    """raw_sql keeps one connection per database between calls (a new one costs the server a process): idle and
    committed after each call, it holds no lock, so the reset leaves it, its session made new (a test's settings
    do not reach the next); one ended behind its back is replaced."""
    url = _pg_databases.fresh()
    pid, name = raw_sql(url, "select pg_backend_pid(), current_setting('application_name')")[0]
    assert raw_sql(url, "select pg_backend_pid()")[0][0] == pid  # the same connection again
    raw_sql(url, "update stations set name = 'kept'")
    raw_sql(url, "set application_name = 'a test'")
    assert _pg_databases.fresh() == url  # its change put back, the connection kept, its session made new
    assert raw_sql(url, "select count(*) from stations where name = 'kept'") == [(0,)]
    assert raw_sql(url, "select pg_backend_pid(), current_setting('application_name')") == [(pid, name)]
    raw_sql(_pg_databases.url_of(_pg_databases.template), "select pg_terminate_backend(%s)", pid)
    assert raw_sql(url, "select pg_backend_pid()")[0][0] != pid  # ended behind its back: a new one
    with pytest.raises(psycopg.errors.UndefinedTable):  # an error is the statement's, the connection kept
        raw_sql(url, "select * from no_such_table")
    assert raw_sql(url, "select 1") == [(1,)]


def test_a_connection_made_like_new_runs_again_what_it_had_prepared(_pg_databases):
    """A kept connection is made like new (pg_store._like_new) with its last transaction committed: the server
    forgets the statements psycopg prepared (a statement run 5 times is), and psycopg must forget them too, or its
    next run of one names a statement the server no longer has (psycopg before 3.3.5 forgot them only on a
    rollback or a DROP)."""
    from sqlalchemy.engine import make_url

    url = make_url(_pg_databases.fresh()).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as con:
        for _ in range(8):
            con.execute("select count(*) from stations").fetchall()
        con.commit()
        assert con.execute("select count(*) from pg_prepared_statements").fetchone() == (1,)
        con.commit()
        assert _like_new(con)
        assert con.execute("select count(*) from pg_prepared_statements").fetchone() == (0,)
        for _ in range(8):
            con.execute("select count(*) from stations").fetchall()


def _backend(db) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("select pg_backend_pid()").scalar()


def test_the_apps_closed_connection_serves_its_next_engine_as_a_new_one(_pg_databases):
    """tests/pg_store.py keep_app_connections: a connection the app closes is handed to the app's next engine on
    the same database, its session made new (DISCARD ALL); kept through a reset; replaced when ended while kept;
    not shared between engines with other options; closed before the harness copies the database."""
    url = _pg_databases.fresh()
    db = open_database(url)
    pid = _backend(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("set application_name = 'changed'")
        conn.exec_driver_sql("prepare kept_plan as select 1")
        conn.commit()
    db.close()
    assert _pg_databases.fresh() == url
    db = open_database(url)
    try:
        assert _backend(db) == pid  # the same server process, after a reset too
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("show application_name").scalar() == "anupalan"
            assert conn.exec_driver_sql("select count(*) from pg_prepared_statements").scalar() == 0
            assert conn.exec_driver_sql("show transaction_isolation").scalar() == "read committed"
        other = open_database(url)  # a second engine while the first holds it: a connection of its own
        try:
            assert _backend(other) != pid
        finally:
            other.close()
    finally:
        db.close()
    raw_sql(_pg_databases.url_of(_pg_databases.template), "select pg_terminate_backend(%s)", pid)
    db = open_database(url)
    try:
        assert _backend(db) != pid  # ended while kept: a new connection, no error
    finally:
        db.close()
    source = _pg_databases.new_database()
    try:
        open_database(source).close()  # its connection kept
        copy = _pg_databases.copy_of(source)  # nobody may be connected to a database copied: the kept one closed
        _pg_databases.drop(copy)
    finally:
        _pg_databases.drop(source)
