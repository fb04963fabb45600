"""``staff assign … --take-backlog``, ``staff backlog``, ``staff end`` and ``reassign`` with the role checked:
nothing moves unless asked; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json

from tests.cli.test_cases_cli import counts, db_path, run, station, template  # noqa: F401 (fixtures)
from tests.pg_store import raw_sql


def snapshot(db_path):
    return counts(db_path), raw_sql(db_path, "select id, person_id, status from obligations order by id")


def _vacant_mohrir_with_a_fir(capsys, d):
    code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "01.03.2025", "--release", "--reason", "transferred", *d)
    assert code == 0 and out.startswith("राम प्रकाश यादव holds the role mohrir until 01.03.2025."), err
    code, out, err = run(capsys, "case", "add", "fir", "--number", "45/2025", "--date", "2025-03-03 10:00",
                         "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    assert code == 0, err
    fir = json.loads(out)
    assert [o["person_id"] for o in fir["obligations"] if o["duty"] == "B-2"] == [None]
    assert run(capsys, "staff", "add", "--name", "Naya Mohrir", "--rank", "HC", *d)[0] == 0  # id 5
    return {o["duty"]: o["id"] for o in fir["obligations"]}


def test_a_vacant_role_backlog_preview_then_take(capsys, station, db_path):  # noqa: F811
    d = station
    ids = _vacant_mohrir_with_a_fir(capsys, d)
    code, out, err = run(capsys, "staff", "assign", "5", "mohrir", "--from", "2025-03-05", *d)
    assert code == 0, err
    assert out.splitlines()[1] == ("1 open entry of the role mohrir is owed by nobody (1 overdue, 0 missed). "
                                   "To hand it to Naya Mohrir: staff backlog mohrir --to 5")
    assert raw_sql(db_path, f"select person_id from obligations where id = {ids['B-2']}") == [(None,)]
    code, out, _ = run(capsys, "staff", "backlog", "mohrir", "--json", *d)
    preview = json.loads(out)
    assert preview["ids"] == [ids["B-2"]] and preview["count"] == 1 and preview["moved"] is None

    before = snapshot(db_path)
    code, out, err = run(capsys, "staff", "backlog", "mohrir", "--to", "4", *d)  # an IO, not a mohrir
    assert code == 2 and "does not hold the role mohrir" in err and out == ""
    assert run(capsys, "staff", "backlog", "nobody", *d)[0] == 2
    assert snapshot(db_path) == before

    code, out, err = run(capsys, "staff", "backlog", "mohrir", "--to", "5", *d)
    assert code == 0 and out == "1 unassigned entry of the role mohrir went to Naya Mohrir.\n", err
    assert raw_sql(db_path, f"select person_id from obligations where id = {ids['B-2']}") == [(5,)]
    assert raw_sql(db_path, "select count(*) from audit_entries where action = 'staff.take_backlog'") == [(1,)]
    code, out, _ = run(capsys, "staff", "backlog", "mohrir", *d)
    assert out.startswith("0 open entries of the role mohrir are owed by nobody")


def test_assign_taking_the_backlog_at_once(capsys, station, db_path):  # noqa: F811
    d = station
    ids = _vacant_mohrir_with_a_fir(capsys, d)
    code, out, err = run(capsys, "staff", "assign", "5", "mohrir", "--from", "2025-03-05", "--take-backlog",
                         "--json", *d)
    assert code == 0, err
    result = json.loads(out)
    assert result["moved"] == [ids["B-2"]] and result["backlog"]["count"] == 0


def test_staff_end_keeps_or_hands_over(capsys, station, db_path):  # noqa: F811
    d = station
    code, out, err = run(capsys, "case", "add", "fir", "--number", "45/2025", "--date", "2025-03-03 10:00",
                         "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    b2 = next(o["id"] for o in json.loads(out)["obligations"] if o["duty"] == "B-2")
    before = snapshot(db_path)
    for argv, message in ((["3", "mohrir", "--on", "2025-03-05"], "does not hold the role mohrir"),
                          (["2", "mohrir", "--on", "2025-03-05", "--to", "4"], "does not hold the role mohrir"),
                          (["2", "mohrir", "--on", "2025-03-05", "--to", "2"], "themselves"),
                          (["2", "mohrir", "--on", "2024-12-01"], "does not hold the role mohrir"),
                          (["2", "mohrir", "--on", "yesterday"], "date"),
                          (["2", "mohrir", "--on", "2025-03-05", "--to", "3", "--release"], "not allowed with")):
        try:
            code, out, err = run(capsys, "staff", "end", *argv, "--reason", "transferred", *d)
        except SystemExit as exit_:  # argparse's own refusal
            (out, err), code = capsys.readouterr(), exit_.code
        assert code == 2 and message in err and out == "", (argv, err)
    assert snapshot(db_path) == before
    code, out, _ = run(capsys, "staff", "end", "2", "mohrir", "--on", "2025-03-05", "--preview", *d)
    assert code == 0 and "still owes 1 open entry" in out and snapshot(db_path) == before
    code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "2025-03-05", "--reason", "on leave", *d)
    assert code == 0 and "still owes 1 open entry of the role (1 overdue)" in out, err
    assert raw_sql(db_path, f"select person_id from obligations where id = {b2}") == [(2,)]  # not moved unasked
    assert raw_sql(db_path, "select to_date from role_assignments where person_id = 2")[0][0] in (
        "2025-03-05", __import__("datetime").date(2025, 3, 5))


def test_reassign_with_bad_ids_or_the_wrong_holder_changes_nothing(capsys, station, db_path):  # noqa: F811
    d = station
    code, out, _ = run(capsys, "case", "add", "fir", "--number", "45/2025", "--date", "2025-03-03 10:00",
                       "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    ids = {o["duty"]: str(o["id"]) for o in json.loads(out)["obligations"]}
    assert run(capsys, "done", ids["C-1"], "--cas-ref", "R1", "--at", "2025-03-04 09:00", *d)[0] == 0
    before = snapshot(db_path)
    for argv, message in (([ids["C-4"], "999", "--to", "4"], "no entry with id 999"),
                          ([ids["C-4"], ids["C-1"], "--to", "4"], "only open entries"),
                          ([ids["C-4"], "--to", "2"], "does not hold today"),
                          ([ids["C-4"], ids["B-2"], "--to", "4"], "head constable mohrir"),
                          ([ids["C-4"], "--to", "77"], "no person with id 77"),
                          ([ids["C-4"], "0", "--to", "4"], "Entry id")):
        code, out, err = run(capsys, "reassign", *argv, *d)
        assert code == 2 and message in err and out == "", (argv, err)
    assert snapshot(db_path) == before
    code, out, err = run(capsys, "reassign", ids["C-4"], "--to", "4", *d)
    assert code == 0 and out == "1 entry reassigned.\n", err
    code, out, err = run(capsys, "reassign", ids["C-4"], "--to", "2", "--outside-role", *d)
    assert code == 0, err
    assert raw_sql(db_path, f"select person_id from obligations where id = {ids['C-4']}") == [(2,)]


def test_staff_end_io_takes_his_cases_and_is_not_repeated(capsys, station, db_path):  # noqa: F811
    """F15/F26: ending the io role with --release leaves his open cases with no IO (said loudly), so new
    entries are not owed by the man who left; a second `staff end` is refused, exit 2, nothing changed."""
    d = station
    code, out, err = run(capsys, "case", "add", "fir", "--number", "45/2025", "--date", "2025-03-03 10:00",
                         "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    case_id = json.loads(out)["id"]
    before = snapshot(db_path)
    code, out, err = run(capsys, "staff", "end", "3", "io", "--on", "2025-03-05", "--release", "--preview", *d)
    assert code == 0 and f"1 open case would have NO IO until an io-change names one: {case_id}." in out, err
    assert snapshot(db_path) == before
    code, out, err = run(capsys, "staff", "end", "3", "io", "--on", "2025-03-05", "--release", "--reason", "x", *d)
    assert code == 0 and "1 open case now has NO IO" in out, err
    assert raw_sql(db_path, f"select io_person_id from cases where id = {case_id}") == [(None,)]
    before = snapshot(db_path)
    for day in ("2025-03-05", "2025-03-01"):
        code, out, err = run(capsys, "staff", "end", "3", "io", "--on", day, "--release", "--reason", "x", *d)
        assert code == 2 and "already ends on 05.03.2025" in err and out == "", err
    assert snapshot(db_path) == before
    assert raw_sql(db_path, "select to_date from role_assignments where person_id = 3 and role_code = 'io'")[0][0] in (
        "2025-03-05", __import__("datetime").date(2025, 3, 5))


def test_end_needs_a_reason_and_keeps_it(capsys, station, db_path):  # noqa: F811
    """As in the window: ending a role needs a reason (exit 2 without, nothing changed); the reason is kept
    in the audit trail; the last day is echoed as typed (DD.MM.YYYY), never ISO."""
    d = station
    before = snapshot(db_path)
    for extra in ((), ("--reason", ""), ("--reason", "   ")):
        code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "01.03.2025", "--release", *extra, *d)
        assert code == 2 and "--reason" in err and out == "", (extra, err)
    code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "01.03.2025", "--release", "--reason",
                         "x" * 501, *d)
    assert code == 2 and out == "", err
    assert snapshot(db_path) == before
    code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "01.03.2025", "--preview", *d)
    assert code == 0 and "until 01.03.2025" in out and "2025-03-01" not in out, err  # a preview needs none
    assert snapshot(db_path) == before
    code, out, err = run(capsys, "staff", "end", "2", "mohrir", "--on", "01.03.2025", "--release",
                         "--reason", "transferred to Sitapur", *d)
    assert code == 0 and "until 01.03.2025." in out and "2025-03-01" not in out, err
    details = " ".join(str(r[0]) for r in raw_sql(db_path, "select after from audit_entries"))
    assert "transferred to Sitapur" in details
