"""``rollup init / enrol / import / ack`` from the command line (issue 19, the office's side)."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.services import bundle
from tests.conftest import PG_URL


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def url(tmp_path, _pg_databases):
    if _pg_databases is None:
        yield str(tmp_path / "circle.sqlite3")
        return
    u = _pg_databases.empty_database()
    yield u
    _pg_databases.drop(u)


def test_init_and_enrol(station_db, url, tmp_path, capsys):
    enrol = tmp_path / "enrol.json"
    bundle.write_enrol_file(station_db, enrol)
    code, _out, err = run(capsys, "rollup", "enrol", "--url", url, str(enrol))
    assert code == 2 and "rollup init" in err  # not made yet
    code, out, _ = run(capsys, "rollup", "init", "--url", url, "--name", "Circle office", "--json")
    assert code == 0 and json.loads(out)["created"] is True
    code, out, _ = run(capsys, "rollup", "enrol", "--url", url, str(enrol), "--json")
    assert code == 0 and json.loads(out)["changed"] is True and json.loads(out)["district"] == "Lucknow"
    code, out, _ = run(capsys, "rollup", "enrol", "--url", url, str(enrol), "--lang", "hi")
    assert code == 0 and out.strip()
    (tmp_path / "bad.json").write_text("{}")
    code, out, err = run(capsys, "rollup", "enrol", "--url", url, str(tmp_path / "bad.json"))
    assert code == 2 and "enrol file" in err and not out


def test_default_store_is_in_the_data_folder(tmp_path, capsys):
    if PG_URL:
        pytest.skip("the default store is a SQLite file")
    code, out, _ = run(capsys, "rollup", "init", "--json")
    assert code == 0 and json.loads(out)["location"] == str(tmp_path / "data" / "rollup.sqlite3")


def test_import_and_ack(db, db_path, url, tmp_path, capsys):
    from tests.services.report_seed import seed_station

    seed_station(db, obligations=30)
    bundle.write_enrol_file(db, tmp_path / "enrol.json")
    path = bundle.export_bundle(db, tmp_path / "usb", full=True).path
    (tmp_path / "usb" / "junk.anb").write_bytes(b"junk")
    db.close()
    assert run(capsys, "rollup", "init", "--url", url)[0] == 0
    code, out, err = run(capsys, "rollup", "import", "--url", url, str(tmp_path / "usb"), "--json")
    result = json.loads(out)
    assert code == 2 and result["imported"] == 0 and result["held"] == []  # every file refused
    assert "not enrolled" in result["rejected"][0]["reason"] or "not an Anupalan" in result["rejected"][0]["reason"]
    assert run(capsys, "rollup", "enrol", "--url", url, str(tmp_path / "enrol.json"))[0] == 0
    code, out, _ = run(capsys, "rollup", "import", "--url", url, str(tmp_path / "usb"), "--json")
    result = json.loads(out)
    assert code == 0 and result["imported"] == 1 and len(result["rejected"]) == 1
    assert set(result) >= {"imported", "unchanged", "held", "rejected"}
    code, out, _ = run(capsys, "rollup", "import", "--url", url, str(path))
    assert code == 0 and "0 rows changed" in out
    code, _out, err = run(capsys, "rollup", "import", "--url", url, str(tmp_path / "nowhere"))
    assert code == 2 and "nowhere" in err
    code, out, _ = run(capsys, "rollup", "ack", "--url", url, "LKO-01", "--out", str(tmp_path / "ack.json"), "--json")
    assert code == 0 and json.loads(out)["sequence"] == 1
    code, out, _ = run(capsys, "bundle", "ack", "--db", str(db_path), str(tmp_path / "ack.json"))
    assert code == 0
    code, _out, err = run(capsys, "rollup", "ack", "--url", url, "NOPE", "--out", str(tmp_path / "a2.json"))
    assert code == 2 and "NOPE" in err
    code, out, err = run(capsys, "rollup", "import", "--url", url, str(tmp_path / "usb" / "junk.anb"))
    assert code == 2 and "refused" in out
