"""``station enrol-file``, ``bundle export`` and ``bundle ack`` (issue 19, station side)."""

from __future__ import annotations

import json

from app.cli import main
from app.services import bundle
from app.services import station as station_svc
from tests.services.report_seed import seed_station


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_enrol_export_ack(db, db_path, tmp_path, capsys):
    seed_station(db, obligations=30)
    with db.session() as s:
        key = station_svc.get_identity(s).public_key
    db.close()
    where = ["--db", str(db_path)]
    code, out, _ = run(capsys, "station", "enrol-file", *where, "--out", str(tmp_path / "enrol.json"), "--json")
    assert code == 0 and json.loads(out)["public_key"] == key
    code, out, _ = run(capsys, "bundle", "export", *where, "--out", str(tmp_path / "usb"), "--full", "--json")
    result = json.loads(out)
    assert code == 0 and set(result) == {"path", "rows", "sequence", "bytes"} and result["sequence"] == 1
    opened = bundle.open_bundle(open(result["path"], "rb").read(), lambda uid: key)
    assert opened.manifest["rows"] == result["rows"] > 30

    ack = bundle.make_ack(opened.manifest["station_uid"], 1, opened.sha256, opened.manifest["state_digest"])
    wrong = dict(ack, station_uid="a" * 32)
    (tmp_path / "wrong.json").write_text(json.dumps(wrong))
    code, _out, err = run(capsys, "bundle", "ack", *where, str(tmp_path / "wrong.json"))
    assert code == 2 and "another station" in err
    for bad in ([str(tmp_path / "missing.json")], [str(tmp_path)]):
        code, _out, err = run(capsys, "bundle", "ack", *where, *bad)
        assert code == 2 and err.strip()
    code, out, _ = run(capsys, "bundle", "export", *where, "--out", str(tmp_path / "usb"), "--json")
    assert json.loads(out)["rows"] == result["rows"]  # still unacknowledged: everything again
    (tmp_path / "ack.json").write_text(json.dumps(ack))
    code, out, _ = run(capsys, "bundle", "ack", *where, str(tmp_path / "ack.json"), "--json")
    assert code == 0 and json.loads(out) == {"sequence": 1, "changed": True}
    code, out, _ = run(capsys, "bundle", "export", *where, "--out", str(tmp_path / "usb"), "--json")
    assert json.loads(out)["rows"] == 0 and json.loads(out)["sequence"] == 3
    code, _out, err = run(capsys, "bundle", "export", *where, "--out", str(tmp_path / "enrol.json"))
    assert code == 2 and "not a folder" in err
