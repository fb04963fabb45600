import sqlite3

import pytest

from app.services import storage
from app.services.station import open_database
from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError
from tests.services.storage.migration_tools import migrations_with_extra

pytestmark = pytest.mark.real_migrations  # every new file here runs the migrations (tests/conftest.py)


@pytest.mark.sqlite_only("migrates SQLite files (pre-migration copy, PRAGMA foreign_key_check)")
def test_empty_file_upgrades_to_head(db_path):
    db = open_database(db_path)
    db.close()
    assert storage.file_revisions(db_path) == storage.head_revisions()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    con.close()
    for t in ("stations", "roles", "duties", "persons", "role_assignments", "cases", "events",
              "obligations", "audit_entries", "alembic_version"):
        assert t in tables


def test_head_scan_matches_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(storage.alembic_config())
    assert set(script.get_heads()) == storage.head_revisions()
    assert set(storage.known_revisions()) == {r.revision for r in script.walk_revisions()}


@pytest.mark.sqlite_only("migrates SQLite files (pre-migration copy, PRAGMA foreign_key_check)")
def test_newer_file_is_refused_and_untouched(db_path):
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("delete from alembic_version")
    con.execute("insert into alembic_version values ('9999_future')")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseNewerError) as info:
        open_database(db_path)
    assert "newer version" in info.value.message
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only("migrates SQLite files (pre-migration copy, PRAGMA foreign_key_check)")
def test_not_a_database_is_refused(db_path):
    db_path.write_bytes(b"this is a text file, not sqlite" * 10)
    with pytest.raises(DatabaseDamagedError):
        open_database(db_path)
    assert db_path.read_bytes().startswith(b"this is a text file")


@pytest.mark.sqlite_only("migrates SQLite files (pre-migration copy, PRAGMA foreign_key_check)")
def test_failing_migration_rolls_back_completely(db_path, monkeypatch, tmp_path):
    """A migration that fails half-way leaves the file exactly as it was (transactional DDL)."""
    open_database(db_path).close()
    storage.downgrade(db_path, "base")
    assert storage.file_revisions(db_path) == set()
    migrations_with_extra(tmp_path, monkeypatch, "zz_broken",
                          "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
                          "    op.execute('INSERT INTO no_such_table VALUES (1)')")
    con = sqlite3.connect(db_path)
    before_tables = sorted(r[0] for r in con.execute("select name from sqlite_master"))
    con.close()
    from app.services.core.errors import UserError

    with pytest.raises(UserError):
        storage.upgrade(db_path)
    con = sqlite3.connect(db_path)
    after_tables = sorted(r[0] for r in con.execute("select name from sqlite_master"))
    con.close()
    assert after_tables == before_tables
    assert "half_done" not in after_tables
    assert not any(t.startswith("_alembic_tmp") for t in after_tables)


@pytest.mark.sqlite_only("migrates SQLite files (pre-migration copy, PRAGMA foreign_key_check)")
def test_migration_that_breaks_references_is_rolled_back(db_path, monkeypatch, tmp_path):
    """Foreign keys are off while migrating (SQLite's rebuild procedure); the runner checks every
    reference before committing, so a migration that orphans rows leaves the file unchanged."""
    from app.services import staff
    from app.services.station import init_station

    db = open_database(db_path)
    init_station(db, "Kotwali", "Agra")
    person = staff.add_person(db, "Ram Prakash", "SI")
    staff.assign_role(db, person.id, "io", "2026-01-01")
    db.close()
    migrations_with_extra(tmp_path, monkeypatch, "zz_orphans", "    op.execute('DELETE FROM persons')")
    from app.services.core.errors import UserError

    with pytest.raises(UserError) as info:
        storage.upgrade(db_path)
    assert "broken references" in info.value.message
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from persons").fetchone()[0] == 1
    assert "zz_orphans" not in {r[0] for r in con.execute("select version_num from alembic_version")}
    con.close()
