"""Importing cases and events (issue 20): the dry run changes nothing, a bad row imports nothing, --skip-errors
imports the good ones, the same file twice is a no-op, a voided batch takes away what it made and only that,
identical rows both survive, and imported events create their entries as typed ones do."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.models.cases import Accused, Case, Event
from app.models.imports import ImportBatch
from app.models.obligations import Obligation
from app.services import cases, imports, obligations, staff
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.sheets import case_key
from tests.conftest import build_with_db, starting_from
from tests.services.cases.station_for_dates import NOW, set_up


def _source(kind: str, rows: list[dict], *, name: str = "register.xlsx", data: bytes | None = None):
    headers = {"case_number": "FIR No.", "registered_on": "Registration date", "occurred_on": "Date of offence",
               "act": "Act", "sections": "Sections", "io": "IO", "event": "Event", "event_date": "Date",
               "accused": "Accused"}
    out = []
    for i, values in enumerate(rows, start=2):
        values = dict(values)
        if isinstance(values.get("case_number"), str):
            values["case_number"] = case_key(values["case_number"])
        out.append(imports.SourceRow(i, values, {k: str(v) for k, v in values.items()}))
    data = data if data is not None else json.dumps(rows, default=str, sort_keys=True).encode()
    return imports.ImportSource(kind, name, imports.file_hash(data), out, headers)


def fir(number: str, day: int, sections: str = "303(2)", **more) -> dict:
    return {"case_number": number, "registered_on": dt.datetime(2025, 2, day, 11, 0), "act": "BNS",
            "sections": sections, **more}


def counts(db) -> tuple:
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                     (Case, Event, Obligation, Accused, AuditEntry, ImportBatch))


def _station(db):
    people = set_up(db)
    staff.update_person(db, people["io"], pno="102345678")
    return people


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    clock.pin(NOW)  # as set_up left it
    return db, dict(made.value)


def test_dry_run_reports_and_changes_nothing(station):
    db, p = station
    before = counts(db)
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("2/2025", 2, io="Sunita Yadav")]),
                                 dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    assert report.dry_run and not report.imported and report.batch_id is None
    assert counts(db) == before


def test_import_creates_cases_that_owe_what_typed_ones_owe(station):
    db, p = station
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1, io="सुनीता यादव"), fir("4/2025", 4, io="SI S. Yadav (PNO १०२३४५६७८)")]))
    assert (report.created, report.imported) == (2, True)
    assert cases.list_cases(db, search="4/2025")[0].io_person_id == p["io"]  # by PNO
    case = cases.list_cases(db, search="1/2025")[0]
    assert (case.number, case.io_person_id, case.punishment_class) == (1, p["io"], "lt10")
    typed = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 11), number=2, year=2025, act="BNS",
                           sections="303(2)", io_person_id=p["io"])
    owed = sorted(r.duty_code for r in cases.get_case(db, case.id).obligations)
    assert owed == sorted(r.duty_code for r in typed.obligations) and owed
    with db.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).order_by(AuditEntry.seq))]
    assert "case.add" in actions and "import.batch" in actions


def test_a_bad_row_imports_nothing(station):
    db, p = station
    before = counts(db)
    rows = [fir("1/2025", 1), fir("2/2025", 2, sections="999(9)"), fir("3/2025", 3, io="Nobody Known")]
    report = imports.import_rows(db, _source("cases", rows))
    assert report.refused and not report.imported and report.left_out == 2
    by_row = {e.row: e for e in report.errors}
    assert by_row[3].column == "Sections" and by_row[4].column == "IO"
    assert counts(db) == before


def test_skip_errors_imports_the_good_rows(station):
    db, p = station
    rows = [fir("1/2025", 1), fir("2/2025", 2, sections="999(9)"), fir("3/2025", 3)]
    report = imports.import_rows(db, _source("cases", rows), skip_errors=True)
    assert (report.created, report.left_out, report.imported, report.refused) == (2, 1, True, False)
    assert sorted(c.number for c in cases.list_cases(db, year=2025)) == [1, 3]


def test_the_same_file_twice_is_a_no_op(station):
    db, p = station
    source = _source("cases", [fir("1/2025", 1)])
    first = imports.import_rows(db, source)
    before = counts(db)
    again = imports.import_rows(db, source)
    assert again.already == {"batch": first.batch_id, "imported_at": again.already["imported_at"]}
    assert (again.created, again.imported) == (0, False) and counts(db) == before


def test_rows_already_in_the_register_are_unchanged_updated_or_refused(station):
    db, p = station
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 11), number=1, year=2025, act="BNS",
                   sections="303(2)")
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 2, 11), number=2, year=2025, act="BNS",
                   sections="303(2)")
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 3, 11), number=3, year=2025, act="BNS",
                   sections="303(2)")
    rows = [fir("1/2025", 1), fir("2/2025", 2, occurred_on=dt.date(2025, 1, 30)), fir("3/2025", 3, sections="309(4)")]
    report = imports.import_rows(db, _source("cases", rows), skip_errors=True)
    assert (report.unchanged, report.updated, report.created, report.left_out) == (1, 1, 0, 1)
    assert report.errors[0].row == 4 and report.errors[0].column == "Sections" and "303(2)" in report.errors[0].message
    assert cases.list_cases(db, search="2/2025")[0].offence_date == dt.date(2025, 1, 30)


def test_the_same_fir_twice_in_one_file(station):
    db, p = station
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("1/2025", 1)]), dry_run=True)
    assert report.created == 1 and report.duplicates == [{"row": 3, "same_as": 2}] and not report.errors
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("1/2025", 2)]), dry_run=True)
    assert any(e.row == 3 and "row 2" in e.message for e in report.errors)


def test_io_close_to_a_name_is_offered_never_chosen(station):
    db, p = station
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1, io="Sunita Yadva")]), dry_run=True)
    assert report.errors and "Sunita Yadav" in report.errors[0].message and report.created == 0


def test_void_batch_takes_away_what_it_made_and_only_that(station):
    db, p = station
    typed = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 5, 11), number=9, year=2025, act="BNS",
                           sections="303(2)").case.id
    report = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("2/2025", 2)]))
    touched = cases.list_cases(db, search="2/2025")[0].id
    cases.add_event(db, touched, "arrest", occurred_at=dt.datetime(2025, 2, 3, 10))  # recorded after the import
    result = imports.void_batch(db, report.batch_id, reason="wrong file")
    assert (result.removed_cases, result.voided_cases) == (1, [touched])
    left = {c.number: c.status for c in cases.list_cases(db, year=2025)}
    assert left == {9: "open", 2: "void"}
    assert cases.get_case(db, typed).obligations  # nothing else lost
    with db.session() as s:
        assert not s.scalar(select(func.count()).select_from(Obligation).where(
            Obligation.case_id == touched, Obligation.status == "pending"))
    assert imports.list_batches(db)[0].status == "void"
    with pytest.raises(UserError):
        imports.void_batch(db, report.batch_id, reason="again")
    again = imports.import_rows(db, _source("cases", [fir("1/2025", 1)]))  # the removed FIR can come back
    assert again.created == 1


def _two_firs(db, p):
    for n in (1, 2):
        cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, n, 11), number=n, year=2025,
                       offence_date=dt.date(2025, 1, 30), act="BNS", sections="303(2)", io_person_id=p["io"])
    return {c.number: c.id for c in cases.list_cases(db, year=2025)}


def test_events_create_their_entries(station):
    db, p = station
    ids = _two_firs(db, p)
    rows = [{"case_number": "1/2025", "event": "गिरफ्तारी", "event_date": dt.date(2025, 2, 2), "accused": "Ram Kumar"},
            {"case_number": "1/2025", "event": "First remand", "event_date": dt.date(2025, 2, 3),
             "accused": "Ram Kumar"},
            {"case_number": "1/2025", "event": "Seizure", "event_date": dt.date(2025, 2, 2)}]
    report = imports.import_rows(db, _source("events", rows))
    assert (report.created, report.errors) == (3, [])
    detail = cases.get_case(db, ids[1])
    assert sorted(e.kind for e in detail.events) == ["arrest", "first-remand", "seizure"]
    typed = cases.add_event(db, ids[2], "arrest", occurred_at=dt.datetime(2025, 2, 3, 10), accused="Mohan")
    arrest = next(e for e in detail.events if e.kind == "arrest")
    made = [r.duty_code for r in detail.obligations if r.event_id == arrest.id]
    assert made and sorted(made) == sorted(r.duty_code for r in typed.obligations)
    assert [a.name for a in cases.list_accused(db, ids[1])] == ["Ram Kumar"]


def test_identical_event_rows_both_survive_and_a_second_import_finds_them(station):
    db, p = station
    _two_firs(db, p)
    seizure = {"case_number": "1/2025", "event": "seizure", "event_date": dt.date(2025, 2, 2)}
    report = imports.import_rows(db, _source("events", [seizure, seizure]))
    assert report.created == 2
    bigger = imports.import_rows(db, _source("events", [seizure, seizure, seizure], name="later.xlsx"), dry_run=True)
    assert (bigger.unchanged, bigger.created) == (2, 1)


def test_an_accused_close_to_one_recorded_is_for_review(station):
    db, p = station
    ids = _two_firs(db, p)
    cases.add_event(db, ids[1], "arrest", occurred_at=dt.datetime(2025, 2, 2, 10), accused="राम कुमार")
    rows = [{"case_number": "1/2025", "event": "first-remand", "event_date": dt.date(2025, 2, 3),
             "accused": "Ram Kumar"},
            {"case_number": "7/2025", "event": "arrest", "event_date": dt.date(2025, 2, 3)},
            {"case_number": "2/2025", "event": "party", "event_date": dt.date(2025, 2, 3)}]
    report = imports.import_rows(db, _source("events", rows))
    assert report.refused and [e.row for e in report.errors] == [2, 3, 4]
    assert "राम कुमार" in report.errors[0].message
    assert "not in the register" in report.errors[1].message


def test_void_batch_of_events_closes_their_entries(station):
    db, p = station
    ids = _two_firs(db, p)
    rows = [{"case_number": "1/2025", "event": "arrest", "event_date": dt.date(2025, 2, 2), "accused": "A"}]
    report = imports.import_rows(db, _source("events", rows))
    result = imports.void_batch(db, report.batch_id, reason="wrong file")
    assert result.voided_events == 1
    detail = cases.get_case(db, ids[1])
    assert all(e.voided for e in detail.events)
    assert not [r for r in detail.obligations if r.event_id is not None and r.status == "pending"]


def test_the_audit_trail_stays_intact_through_import_update_skip_and_void(station, monkeypatch):
    from app.services.audit import verify

    db, p = station
    real = cases.add_event_in

    def refuse_after_writing(s, case_id, kind, when, **kw):  # a refusal the plan did not foresee, after writes
        made = real(s, case_id, kind, when, **kw)
        if kw.get("details", {}) and kw["details"].get("note") == "refuse":
            raise UserError("refused by the register")
        return made

    monkeypatch.setattr(cases, "add_event_in", refuse_after_writing)
    ids = _two_firs(db, p)
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 3, 11), number=3, year=2025, act="BNS",
                   sections="303(2)")
    cases.add_event(db, ids[1], "arrest", occurred_at=dt.datetime(2025, 2, 2, 10), accused="Ram")
    made = imports.import_rows(db, _source("cases", [fir("3/2025", 3, occurred_on=dt.date(2025, 2, 1)),
                                                     fir("4/2025", 4)]))
    assert (made.created, made.updated) == (1, 1)
    # a row the register refuses after the plan passed it (and after its audit row): left out, the rest kept
    rows = [{"case_number": "1/2025", "event": "first-remand", "event_date": dt.date(2025, 2, 3), "accused": "Ram"},
            {"case_number": "1/2025", "event": "seizure", "event_date": dt.date(2025, 2, 4), "remarks": "refuse"},
            {"case_number": "2/2025", "event": "seizure", "event_date": dt.date(2025, 2, 4)}]
    events = imports.import_rows(db, _source("events", rows), skip_errors=True)
    assert (events.created, events.left_out, [e.row for e in events.errors]) == (2, 1, [3])
    with pytest.raises(UserError, match="Row 3"):  # without --skip-errors: nothing at all
        imports.import_rows(db, _source("events", rows, name="again.xlsx", data=b"other"))
    assert verify(db).intact, verify(db).problems
    imports.void_batch(db, made.batch_id, reason="wrong file")
    imports.void_batch(db, events.batch_id, reason="wrong file")
    assert cases.list_cases(db, search="3/2025")[0].offence_date is None  # the filled date taken back
    assert not cases.list_cases(db, search="4/2025")
    report = verify(db)
    assert report.intact, report.problems


def test_a_chargesheet_row_closes_the_investigation_as_typed(station):
    db, p = station
    ids = _two_firs(db, p)
    rows = [{"case_number": "1/2025", "event": "आरोप पत्र", "event_date": dt.date(2025, 3, 1)},
            {"case_number": "2/2025", "event": "FR", "event_date": dt.date(2025, 3, 1)},
            {"case_number": "2/2025", "event": "final report", "event_date": dt.date(2025, 3, 2)}]
    report = imports.import_rows(db, _source("events", rows), dry_run=True)
    assert report.errors and report.errors[0].row == 4  # a second final report on one case
    report = imports.import_rows(db, _source("events", rows[:2]))
    assert report.created == 2
    status = {c.number: c.status for c in cases.list_cases(db, year=2025)}
    assert status == {1: "charge-sheeted", 2: "final-report"}


def test_a_new_number_on_a_day_with_the_same_sections_is_marked_for_review(station):
    db, p = station
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 11), number=10, year=2025, act="BNS",
                   sections="303(2)")
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 12), number=31, year=2025, act="BNS",
                   sections="303(2)")
    rows = [fir("1/2025", 1), fir("13/2025", 1), fir("2/2025", 2)]
    report = imports.import_rows(db, _source("cases", rows), dry_run=True)
    assert report.created == 3 and not report.errors
    # 1 and 13 are one keystroke from 10 and 31 (same day, same sections); 2 is on another day
    assert [n["row"] for n in report.notes] == [2, 3] and "10/2025" in report.notes[0]["message"]
    assert "31/2025" in report.notes[1]["message"]


def test_a_row_naming_nobody_matches_an_event_of_that_day_whoever_it_named(station):
    db, p = station
    ids = _two_firs(db, p)
    cases.add_event(db, ids[1], "arrest", occurred_at=dt.datetime(2025, 2, 2, 10), accused="Ram")
    rows = [{"case_number": "1/2025", "event": "arrest", "event_date": dt.date(2025, 2, 2)},
            {"case_number": "1/2025", "event": "arrest", "event_date": dt.date(2025, 2, 2), "accused": "Ram"},
            {"case_number": "1/2025", "event": "arrest", "event_date": dt.date(2025, 2, 2), "accused": "Shyam"}]
    report = imports.import_rows(db, _source("events", rows), dry_run=True)
    assert (report.unchanged, report.created, report.errors) == (2, 1, [])


@pytest.mark.parametrize("ending", [".csv", ".xlsx"])
def test_the_error_sheet_reads_back_and_runs_no_formula(tmp_path, ending):
    from app.services import sheets

    row = imports.SourceRow(2, {}, {"case_number": "=HYPERLINK(\"http://x\",\"1/2025\")", "sections": "303\x01(2)"})
    source = imports.ImportSource("cases", "r.csv", "0" * 64, [row], {"case_number": "FIR No.", "sections": "धारा"})
    errors = [imports.RowError(2, "FIR No.", "“=HYPERLINK” is not a case number.")]
    path = imports.write_errors(tmp_path / f"errors{ending}", errors, source)
    table = sheets.read_table(path)
    assert [str(v) for v in table.rows[0]] == ["Row", "Column", "Problem", "FIR No.", "धारा"]
    assert table.rows[1][0] in (2, "2") and table.rows[1][4] in ("303(2)", "303\x01(2)")  # xlsx cannot hold \x01
    if ending == ".csv":
        assert table.rows[1][3].startswith("'=")
    else:  # a text cell (a formula would read back as its value: empty), with no quote shown before it
        assert table.rows[1][3] == '=HYPERLINK("http://x","1/2025")'
    with pytest.raises(UserError):
        imports.write_errors(tmp_path / "errors.txt", errors, source)


def test_the_dry_run_refuses_what_the_register_would(station):
    db, p = station
    ids = _two_firs(db, p)
    cases.add_event(db, ids[1], "arrest", occurred_at=dt.datetime(2025, 2, 3, 10), accused="Ram")
    rows = [{"case_number": "1/2025", "event": "first-remand", "event_date": dt.date(2025, 2, 2), "accused": "Ram"},
            {"case_number": "1/2025", "event": "first-remand", "event_date": dt.date(2025, 2, 4), "accused": "Ram"},
            {"case_number": "1/2025", "event": "first-remand", "event_date": dt.date(2025, 2, 5), "accused": "Ram"},
            {"case_number": "2/2025", "event": "disposal", "event_date": dt.date(2025, 3, 1)},
            {"case_number": "2/2025", "event": "chargesheet", "event_date": dt.date(2025, 3, 1)},
            {"case_number": "2/2025", "event": "appeal", "event_date": dt.date(2025, 3, 5)}]
    report = imports.import_rows(db, _source("events", rows), dry_run=True)
    assert [e.row for e in report.errors] == [2, 4, 5, 7] and report.created == 2
