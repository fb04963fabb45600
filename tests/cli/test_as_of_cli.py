"""``pending --as-of D``: what was owed at the end of D — not the FIRs registered after D, and the entries
made after D as still pending then."""

from __future__ import annotations

import json

from tests.cli.test_cases_cli import db_path, run, station, template  # noqa: F401 (fixtures)


def test_pending_as_of_a_past_day(capsys, station):  # noqa: F811
    d = station
    code, out, err = run(capsys, "case", "add", "fir", "--number", "45/2025", "--date", "2025-03-03 10:00",
                         "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    assert code == 0, err
    old = json.loads(out)
    b2 = next(o["id"] for o in old["obligations"] if o["duty"] == "B-2")
    code, out, err = run(capsys, "case", "add", "fir", "--number", "46/2025", "--date", "2025-03-04 08:00",
                         "--io", "3", "--act", "BNS", "--sections", "303(2)", "--json", *d)
    assert code == 0, err
    later = json.loads(out)["id"]
    assert run(capsys, "done", str(b2), "--cas-ref", "IIF1-45", "--at", "2025-03-04 09:00", *d)[0] == 0

    code, out, err = run(capsys, "pending", "--as-of", "2025-03-03", "--json", *d)
    assert code == 0, err
    items = json.loads(out)
    assert {i["case_id"] for i in items} == {old["id"]}  # FIR 46 was registered the next day
    assert [(i["status"], i["overdue"]) for i in items if i["id"] == b2] == [("pending", False)]  # made on the 4th

    code, out, _ = run(capsys, "pending", "--as-of", "2025-03-04", "--json", *d)
    items = json.loads(out)
    assert b2 not in {i["id"] for i in items} and later in {i["case_id"] for i in items}
    code, out, _ = run(capsys, "pending", "--as-of", "2025-03-04", "--status", "entered", "--json", *d)
    assert [i["id"] for i in json.loads(out)] == [b2]
    code, out, _ = run(capsys, "pending", "--as-of", "2025-03-02", *d)
    assert code == 0 and out.endswith("0 entries; 0 overdue; 0 unassigned.\nEach entry is named with whoever owed it "
                                      "then, as the role assignments and transfers recorded show.\n")


def test_a_future_as_of_is_refused_everywhere(capsys, station, tmp_path):  # noqa: F811
    """A day after today is refused by the list, the checklist and the pendency report alike (exit 2, a
    clear message, no document written); today is accepted by all three."""
    import datetime as dt

    from app.services.core import clock

    d = station
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    today = clock.today().isoformat()
    for argv, out_file in ((("pending", "--as-of", tomorrow), None),
                           (("checklist", "--as-of", tomorrow), tmp_path / "c.pdf"),
                           (("report", "pendency", "--from", today, "--to", tomorrow), tmp_path / "r.pdf")):
        extra = ("--out", str(out_file)) if out_file else ()
        code, _out, err = run(capsys, *argv, *extra, *d)
        assert code == 2 and "in the future" in err, argv
        assert out_file is None or not out_file.exists()
    code, out, _err = run(capsys, "pending", "--as-of", today, *d)
    assert code == 0 and "whoever owed it then" not in out  # today: the owners are today's
    assert run(capsys, "checklist", "--as-of", today, "--out", str(tmp_path / "c.pdf"), *d)[0] == 0
    assert run(capsys, "report", "pendency", "--from", today, "--to", today, "--out", str(tmp_path / "r.pdf"),
               *d)[0] == 0
