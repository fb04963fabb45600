"""Attack on issue 20: the dry run refuses an update the importer may not make (filling in a date of offence is
the SHO's correction), and an events batch can still be voided after the cases batch it hangs on."""

from __future__ import annotations

import datetime as dt

from app.services import cases, imports
from app.services.access import Actor
from tests.services.imports.test_import_rows import _source, db_path, fir, made, station  # noqa: F401 (fixtures)


def test_the_dry_run_refuses_an_update_the_operator_may_not_make(station):
    db, p = station
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 2, 11), number=2, year=2025, act="BNS",
                   sections="303(2)")
    operator = Actor(person_id=p["operator"], label="Amit Kumar")
    rows = [fir("1/2025", 1), fir("2/2025", 2, occurred_on=dt.date(2025, 1, 30))]
    dry = imports.import_rows(db, _source("cases", rows), dry_run=True, actor=operator)
    assert (dry.created, dry.updated, dry.left_out) == (1, 0, 1) and dry.refused
    assert dry.errors[0].row == 3 and dry.errors[0].column == "Date of offence"
    assert "Amit Kumar" in dry.errors[0].message and "FIR 2/2025" in dry.errors[0].message
    done = imports.import_rows(db, _source("cases", rows), skip_errors=True, actor=operator)
    assert (done.created, done.updated, done.left_out) == (1, 0, 1)
    assert cases.list_cases(db, search="2/2025")[0].offence_date is None
    sho = Actor(person_id=p["sho"], label="Vikram Singh")
    by_sho = imports.import_rows(db, _source("cases", rows, data=b"again"), dry_run=True, actor=sho)
    assert (by_sho.updated, by_sho.errors) == (1, [])


def test_an_events_batch_is_voided_after_its_cases_batch(station):
    db, p = station
    made = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("2/2025", 2)]))
    rows = [{"case_number": "1/2025", "event": "arrest", "event_date": dt.date(2025, 2, 3), "accused": "A"},
            {"case_number": "2/2025", "event": "seizure", "event_date": dt.date(2025, 2, 3)}]
    events = imports.import_rows(db, _source("events", rows))
    first = imports.void_batch(db, made.batch_id, reason="wrong file")
    assert len(first.voided_cases) == 2  # recorded on since: kept, voided
    second = imports.void_batch(db, events.batch_id, reason="wrong file")
    assert second.voided_events == 0 and len(second.kept) == 2 and "FIR 1/2025" in second.kept[0] + second.kept[1]
    assert [b.status for b in imports.list_batches(db)] == ["void", "void"]


def test_two_rows_of_one_fir_that_disagree_are_both_left_out(station):
    db, p = station
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 9), number=7, year=2025, act="BNS",
                   sections="303(2)")  # one keystroke from 1/2025, the same day and sections: a note for review
    rows = [fir("1/2025", 1), fir("1/2025", 1, sections="115(2)"), fir("2/2025", 2)]
    report = imports.import_rows(db, _source("cases", rows), skip_errors=True)
    assert (report.created, report.left_out) == (1, 2)
    assert not [n for n in report.notes if n["row"] == 2]  # not "imported as a new FIR": it is left out
    assert sorted(e.row for e in report.errors) == [2, 3]
    assert sorted(c.number for c in cases.list_cases(db, year=2025)) == [2, 7]


def test_void_keeps_a_case_corrected_or_given_an_accused_since_the_import(station):
    db, p = station
    made = imports.import_rows(db, _source("cases", [fir("1/2025", 1), fir("2/2025", 2), fir("3/2025", 3)]))
    ids = {c.number: c.id for c in cases.list_cases(db, year=2025)}
    cases.add_accused(db, ids[1], name="Mohan Lal")  # by hand, after the import
    cases.edit_case(db, ids[2], sections="303(2), 3(5)", reason="the register says so")
    result = imports.void_batch(db, made.batch_id, reason="wrong file")
    assert result.removed_cases == 1 and sorted(result.voided_cases) == [ids[1], ids[2]]
    left = {c.number: c.status for c in cases.list_cases(db, year=2025)}
    assert left == {1: "void", 2: "void"}
    assert [a.name for a in cases.list_accused(db, ids[1])] == ["Mohan Lal"]


def test_a_hindi_register_matches_firs_typed_in_english(station):
    db, p = station
    cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1, 11), number=1, year=2025, act="BNS",
                   sections="115(2), 352")
    same = fir("1/2025", 1, sections="११५(२), ३५२", act="भारतीय न्याय संहिता")
    report = imports.import_rows(db, _source("cases", [same]), dry_run=True)
    assert (report.unchanged, report.errors) == (1, [])
    other = fir("1/2025", 1, sections="३०३(२)", act="बी.एन.एस.")  # another section: still a difference
    report = imports.import_rows(db, _source("cases", [other]), dry_run=True)
    assert report.errors and report.errors[0].column == "Sections"
