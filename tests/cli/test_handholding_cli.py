"""The handholding commands: attendance-sheet, faults, fault add/escalate/resolve, equipment, support
staff, attendance, visits, user ids; bad input exits 2 with a message and writes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.models.audit import AuditEntry
from app.services.core import clock
from app.services.station import open_database
from tests.conftest import starting_from

NOW = dt.datetime(2026, 11, 20, 10, 0)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _init(path) -> None:
    clock.pin(NOW)
    try:
        assert main(["init", "--station", "Kotwali", "--district", "Lucknow", "--db", str(path)]) == 0
    finally:
        clock.pin(None)


made, db_path = starting_from("station", lambda made_once: made_once(_init))


@pytest.fixture
def station(capsys, db_path):
    capsys.readouterr()
    clock.pin(NOW)
    return db_path


def _audit_count(path):
    db = open_database(path)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry))
    finally:
        db.close()


def test_equipment_fault_flow(capsys, station):
    db = str(station)
    code, out, _ = run(capsys, "equipment", "add", "--kind", "cctv_camera", "--name", "Gate camera", "--db", db, "--json")
    assert code == 0
    eid = json.loads(out)["id"]
    code, out, _ = run(capsys, "fault", "add", "--equipment", str(eid), "--what", "No picture", "--by", "HC Ram",
                       "--at", "2026-11-15 09:00", "--db", db, "--json")
    assert code == 0
    fid = json.loads(out)["id"]
    code, out, _ = run(capsys, "fault", "escalate", str(fid), "--to", "District nodal officer", "--ticket", "HD-7",
                       "--db", db)
    assert code == 0 and "escalated" in out
    code, out, _ = run(capsys, "faults", "--open", "--json", "--db", db)
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [fid] and rows[0]["flagged"] and rows[0]["ticket_no"] == "HD-7"
    code, out, _ = run(capsys, "faults", "--open", "--db", db)
    assert code == 0 and "Gate camera" in out and "HD-7" in out
    code, out, _ = run(capsys, "fault", "resolve", str(fid), "--how", "Cable replaced", "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "faults", "--open", "--json", "--db", db)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "faults", "--json", "--db", db)
    assert json.loads(out)[0]["resolution"] == "Cable replaced"


def test_attendance_sheet_and_staff(capsys, station, tmp_path):
    db = str(station)
    code, out, _ = run(capsys, "support-staff", "add", "--name", "Rahul Verma", "--office-kind", "circle",
                       "--office", "CO Kotwali", "--vendor", "NIIT", "--from", "2026-11-01", "--db", db, "--json")
    assert code == 0
    sid = str(json.loads(out)["id"])
    code, out, _ = run(capsys, "attendance", "mark", sid, "--day", "2026-11-02", "--status", "present", "--in", "10:00",
                       "--db", db, "--json")
    assert code == 0 and json.loads(out)["time_in"] == "10:00"
    code, out, _ = run(capsys, "visit", "add", sid, "--at", "2026-11-19 11:00", "--purpose", "Printer", "--db", db)
    assert code == 0
    for lang in ("hi", "en", "both"):
        pdf = tmp_path / f"sheet-{lang}.pdf"
        code, out, err = run(capsys, "attendance-sheet", "--month", "2026-11", "--out", str(pdf), "--lang", lang,
                             "--db", db, "--json")
        assert code == 0, err
        assert json.loads(out)["pages"] >= 1 and pdf.read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "support-staff", "list", "--db", db)
    assert "Rahul Verma" in out


def test_user_ids_listing(capsys, station):
    db = str(station)
    run(capsys, "staff", "add", "--name", "New Constable", "--rank", "Constable", "--db", db)
    run(capsys, "staff", "add", "--name", "Old HC", "--rank", "HC", "--cctns-id", "UPHC1", "--db", db)
    code, out, _ = run(capsys, "user-ids", "--missing", "--json", "--db", db)
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["New Constable"]


def test_user_id_request_cancelled(capsys, station):
    from app.services import handholding

    db = str(station)
    run(capsys, "staff", "add", "--name", "New Constable", "--rank", "Constable", "--db", db)
    with open_database(station) as d:
        req = handholding.request_user_id(d, 1, requested_on="2026-11-15")
    code, out, err = run(capsys, "user-id", "cancel", "1", "--reason", "requested in error", "--db", db)
    assert code == 0 and out == f"The request for a CCTNS user id (number {req.id}) is cancelled.\n", err
    code, out, _ = run(capsys, "user-ids", "--json", "--db", db)
    assert [(r["status"], r["request_id"]) for r in json.loads(out)] == [("missing", None)]
    before = _audit_count(station)
    code, out, err = run(capsys, "user-id", "cancel", "1", "--reason", "again", "--db", db)
    assert code == 2 and "No CCTNS user id has been requested for New Constable" in err
    assert _audit_count(station) == before


@pytest.mark.parametrize("argv, needle", [
    (["attendance-sheet", "--month", "2026-13", "--out", "{tmp}/x.pdf"], "not a month"),
    (["attendance-sheet", "--month", "2026-11", "--out", "{tmp}/x.txt"], ".pdf"),
    (["attendance-sheet", "--month", "2026-11", "--out", "{tmp}/x.pdf", "--lang", "fr"], "invalid choice"),
    (["fault", "add", "--equipment", "abc", "--what", "x", "--by", "y"], "whole number"),
    (["fault", "add", "--equipment", "7", "--what", "x", "--by", "y"], "no equipment with number 7"),
    (["fault", "resolve", "3", "--how", "fixed"], "no fault with number 3"),
    (["equipment", "add", "--kind", "toaster", "--name", "x"], "invalid choice"),
    (["equipment", "add", "--kind", "printer", "--name", " "], "Name is required"),
    (["equipment", "add", "--kind", "printer", "--name", "P", "--installed", "2030-01-01"], "in the future"),
    (["support-staff", "add", "--name", "R", "--office-kind", "circle", "--office", " "], "Office name is required"),
    (["attendance", "mark", "1", "--day", "2026-11-02", "--status", "present"], "no handholding staff member"),
    (["visit", "add", "1", "--at", "yesterday", "--purpose", "x"], "not a valid date"),
    (["user-id", "cancel", "1", "--reason", "left"], "no person with id 1"),
    (["user-id", "cancel", "x", "--reason", "left"], "whole number"),
    (["user-id", "cancel", "1"], "required: --reason"),
])
def test_bad_input_exits_2_and_writes_nothing(capsys, station, tmp_path, argv, needle):
    before = _audit_count(station)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run_safely(capsys, *argv, "--db", str(station))
    assert code == 2
    assert needle.lower() in err.lower()
    assert _audit_count(station) == before
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.txt").exists()


def test_attendance_sheet_with_nobody_posted_prints_a_blank_register(capsys, station, tmp_path):
    """The SOP makes the office in-charge keep the register whoever is sent: with no staff recorded the
    sheet is one blank register (exit 0), no longer a refusal."""
    before = _audit_count(station)
    pdf = tmp_path / "blank.pdf"
    code, out, err = run(capsys, "attendance-sheet", "--month", "2026-11", "--out", str(pdf), "--db", str(station),
                         "--json")
    assert code == 0, err
    assert json.loads(out)["pages"] == 1 and pdf.read_bytes().startswith(b"%PDF")
    assert _audit_count(station) == before


def run_safely(capsys, *argv):
    try:
        return run(capsys, *argv)
    except SystemExit as exc:  # argparse's own errors
        out, err = capsys.readouterr()
        return exc.code, out, err
