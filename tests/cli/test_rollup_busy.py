"""Two writers on a circle office's SQLite rollup: the one that waited too long is refused in words (exit 2),
not with a traceback, and writes nothing."""

from __future__ import annotations

import sqlite3

import pytest

from app.cli import main
from app.services import bundle
from app.services.rollup import store as rollup_store
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite's file lock (PostgreSQL waits on the station's row)")


def test_an_import_while_another_writes_is_refused_in_words(station_db, tmp_path, capsys, monkeypatch):
    url = str(tmp_path / "circle.sqlite3")
    enrol = tmp_path / "enrol.json"
    bundle.write_enrol_file(station_db, enrol)
    path = bundle.export_bundle(station_db, tmp_path / "usb", full=True).path
    assert main(["rollup", "init", "--url", url]) == 0 and main(["rollup", "enrol", "--url", url, str(enrol)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(rollup_store, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(url, isolation_level=None)  # another import holding the write lock
    other.execute("BEGIN IMMEDIATE")
    try:
        for lang, words in (("en", "busy"), ("hi", "व्यस्त")):
            code = main(["rollup", "import", "--url", url, str(path), "--lang", lang])
            out = capsys.readouterr()
            assert code == 2 and words in out.out and "Traceback" not in out.err, out
    finally:
        other.execute("ROLLBACK")
        other.close()
    code = main(["rollup", "import", "--url", url, str(path), "--json"])
    assert code == 0 and '"imported": 1' in capsys.readouterr().out
