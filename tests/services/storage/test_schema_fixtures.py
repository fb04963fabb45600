"""Every saved schema revision upgrades to head with every row intact (Electrum's storage-upgrade tests).

``tests/fixtures/schema/<revision>.sqlite3`` holds a small database saved at that revision, with rows in
every table (``scripts/make_schema_fixture.py`` makes them). Each is copied, opened with the app (which
upgrades it after a verified backup) and compared row by row with the original.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.services import storage
from app.services.storage import list_backups
from app.services.station import open_database
from app.services.storage import integrity_ok

pytestmark = pytest.mark.sqlite_only("upgrades the SQLite files saved at each released revision")

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "schema").glob("*.sqlite3"))

# Columns or tables a later migration removed or renamed on purpose: {(table, column): reason}.
# A row "survives" when every other column keeps its value.
INTENDED_CHANGES: dict[tuple[str, str | None], str] = {
    ("rules", "active"): "0011: a chargesheet rule still as shipped gets the new shipped text as its next version "
                         "(Kapil Wadhawan's day count); the old version is kept, inactive",
}


def _rows(path: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return {t: {r["rowid"]: dict(r) for r in conn.execute(f'SELECT rowid AS rowid, * FROM "{t}"')}
                for t in tables}
    finally:
        conn.close()


def test_there_is_a_fixture_for_the_first_release():
    assert any(f.stem == "0001" for f in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_upgrades_to_head_and_keeps_every_row(fixture, tmp_path):
    path = tmp_path / "station.sqlite3"
    shutil.copyfile(fixture, path)
    before = _rows(path)
    assert sum(len(r) for r in before.values()) > 0, "a fixture must hold data"
    old_revisions = storage.file_revisions(path)

    db = open_database(path)
    db.close()

    assert storage.file_revisions(path) == storage.head_revisions()
    assert integrity_ok(path) == (True, "ok")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    after = _rows(path)
    for table, rows in before.items():
        if (table, None) in INTENDED_CHANGES:
            continue
        assert table in after, f"table {table} disappeared in the upgrade"
        for rowid, old in rows.items():
            new = after[table].get(rowid)
            assert new is not None, f"{table} row {rowid} lost in the upgrade"
            for col, value in old.items():
                if (table, col) in INTENDED_CHANGES or col == "rowid":
                    continue
                assert col in new, f"column {table}.{col} disappeared in the upgrade"
                assert new[col] == value, f"{table} row {rowid}: {col} changed from {value!r} to {new[col]!r}"

    if old_revisions != storage.head_revisions():
        pre = [r for r in list_backups(path) if r.reason == "pre-migration"]
        assert pre and pre[0].ok, "no verified backup was taken before the upgrade"
        assert _rows(pre[0].path) == before, "the pre-upgrade backup differs from the file as it was"
        assert set(pre[0].revisions) == old_revisions


def test_fixture_files_are_not_changed_by_the_tests():
    for f in FIXTURES:
        assert storage.file_revisions(f) == set(f.stem.split("+"))
