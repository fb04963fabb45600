"""A database on a PostgreSQL server: opened from its URL, migrated in one transaction, and what the SQLite
file's safety net becomes there (backups are the server's pg_dump; no instance lock, no integrity check)."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.services import staff
from app.services.station import open_database
from app.services.core.errors import DatabaseNewerError, UserError
from app.services.storage import check_database
from tests.pg_store import raw_sql
from tests.services.storage.migration_tools import migrations_with_extra

pytestmark = pytest.mark.postgresql_only("a database on a PostgreSQL server")

NOT_APPLICABLE = "Not applicable on a PostgreSQL server: the server's pg_dump does backups."


@pytest.fixture
def empty_url(_pg_databases):
    url = _pg_databases.empty_database()
    yield url
    _pg_databases.drop(url)


def _tables(url) -> list[str]:
    return sorted(r[0] for r in raw_sql(url, "select table_name from information_schema.tables "
                                             "where table_schema = 'public'"))


def test_a_new_server_database_is_migrated_and_seeded_when_opened(empty_url):
    assert _tables(empty_url) == []
    with open_database(empty_url) as db:
        assert db.storage.kind == "postgresql" and not db.storage.has_file and db.lock is None
        assert raw_sql(db, "select count(*) from duties")[0][0] == 69
    report = check_database(empty_url)
    assert report.exists and report.at_head and not report.newer and report.ok
    assert report.integrity_detail == NOT_APPLICABLE


def test_a_failing_migration_leaves_the_server_database_as_it_was(empty_url, monkeypatch, tmp_path):
    """All revisions run in one transaction: the last one failing undoes the tables of the first."""
    migrations_with_extra(tmp_path, monkeypatch, "zz_broken",
                          "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
                          "    op.execute('INSERT INTO no_such_table VALUES (1)')")
    with pytest.raises(UserError, match="rolled back; the database is unchanged"):
        open_database(empty_url)
    assert _tables(empty_url) == []


def test_a_newer_schema_is_refused_and_left_alone(db_path):
    raw_sql(db_path, "insert into alembic_version values ('9999_future')")
    before = raw_sql(db_path, "select count(*) from duties")
    with pytest.raises(DatabaseNewerError, match="newer version of Anupalan"):
        open_database(db_path)
    assert raw_sql(db_path, "select count(*) from duties") == before
    assert check_database(db_path).newer


def test_backups_and_restores_are_the_servers(capsys, db_path):
    for argv in (["backup"], ["backups"], ["restore", "any.sqlite3"]):
        code = main([*argv, "--db", db_path])
        _out, err = capsys.readouterr()
        assert code == 2 and NOT_APPLICABLE in err, (argv, err)
    with open_database(db_path) as db:
        assert db.storage.before_bulk_change("transfer") is None


def test_check_command_reports_the_server_database(capsys, db_path):
    assert main(["check", "--db", db_path, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["integrity"] == NOT_APPLICABLE and report["at_head"] and "@" in report["path"]


def test_no_instance_lock_two_programs_may_write(db_path):
    """The server arbitrates concurrent writers; the lock file of an SQLite database has no meaning here."""
    with open_database(db_path, lock=True) as first, open_database(db_path, lock=True) as second:
        staff.add_person(first, "Ram", "HC")
        staff.add_person(second, "Shyam", "HC")
        assert [p.name for p in staff.list_persons(first)] == ["Ram", "Shyam"]


def test_the_password_in_a_url_is_never_shown():
    with pytest.raises(UserError) as info:
        open_database("postgresql+psycopg://anupalan:s3cret@127.0.0.1:1/station")  # nobody listens on port 1
    assert "Cannot open the database" in info.value.message and "s3cret" not in info.value.message
    assert "***" in info.value.message
