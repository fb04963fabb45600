"""Reconciliation of a CAS list with the register: each category, decisions, apply (exactly the matched entries,
once), permissions, and adding a case only CAS has."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.models.obligations import Obligation
from app.services import reconcile
from app.services.access import Actor
from app.services.core.errors import UserError
from app.services.reconcile import DIFFER, MATCHED, ONLY_HERE, ONLY_THERE, REVIEW

from tests.services.reconcile.conftest import ROWS, owed, row


def _by_row(recon):
    return {it.row.row: it for it in recon.items if it.row is not None}


def _state(db):
    with db.session() as s:
        return {o.id: (o.status, o.cas_ref, o.entered_at) for o in s.scalars(select(Obligation))}


def _audits(db, action):
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_each_category(station):
    db, people, firs = station
    recon = reconcile.reconcile_rows(db, ROWS)
    rows = _by_row(recon)
    assert rows[2].category == MATCHED and not rows[2].agrees
    assert rows[2].entry.obligation_id == owed(db, firs[1], "IIF-1")[0]
    assert rows[3].category == MATCHED and rows[3].entry.obligation_id == owed(db, firs[1], "IIF-3")[0]
    assert rows[3].form == "IIF-3" and rows[3].row.form_text == "IIF 3"  # the list's own text is kept
    assert rows[4].category == MATCHED and rows[4].agrees
    assert rows[5].category == DIFFER
    assert [(d.field, d.here, d.there) for d in rows[5].differences] == [("cas_reference", "CAS-31", "CAS-99")]
    assert rows[6].category == ONLY_THERE and rows[6].case_missing
    assert rows[7].category == REVIEW
    assert sorted(c.entry.obligation_id for c in rows[7].candidates) == sorted(owed(db, firs[4], "IIF-3"))
    assert all(0 < c.score <= 100 for c in rows[7].candidates)
    assert rows[8].category == ONLY_THERE and not rows[8].case_missing
    here = {it.entry.obligation_id for it in recon.items if it.category == ONLY_HERE}
    open_ids = {i for i, (status, _r, _a) in _state(db).items() if status == "pending"}
    matched = {rows[2].entry.obligation_id, rows[3].entry.obligation_id}
    assert here == open_ids - matched  # every entry still owed that no row matched; review candidates included
    summary = recon.summary()
    assert {k: summary[k] for k in ("matched", "differ", "review", "only_there")} == {
        "matched": 3, "differ": 1, "review": 1, "only_there": 2}
    assert summary["only_here"] == len(here) and summary["to_mark"] == 2 and summary["already"] == 1


def test_apply_marks_exactly_the_matched_entries_and_is_idempotent(station):
    db, people, firs = station
    before = _state(db)
    recon = reconcile.reconcile_rows(db, ROWS, source="abc")
    result = reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator"))
    iif1, iif3 = owed(db, firs[1], "IIF-1")[0], owed(db, firs[1], "IIF-3")[0]
    assert sorted(result.marked) == sorted([iif1, iif3])
    after = _state(db)
    changed = {i for i in after if after[i] != before[i]}
    assert changed == {iif1, iif3}  # scored candidates (the two arrests of FIR 4) never applied
    assert after[iif1][:2] == ("entered", "CAS-11") and after[iif1][2].date() == dt.date(2025, 3, 1)
    assert after[iif3][:2] == ("entered", "CAS-13") and after[iif3][2] == dt.datetime(2025, 3, 3)
    (entry,) = _audits(db, "obligation.reconcile")
    assert '"CAS-13"' in entry.after and '"abc"' in entry.after
    # again: nothing to do, nothing written, no audit row
    again = reconcile.reconcile_rows(db, ROWS, source="abc")
    assert again.summary()["to_mark"] == 0 and again.summary()["already"] == 3
    assert reconcile.apply(db, again, actor=Actor(people["operator"], "Operator")).marked == []
    assert reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator")).marked == []  # the old plan too
    assert _state(db) == after and len(_audits(db, "obligation.reconcile")) == 1


def test_decisions_per_row_and_accept_all_best(station):
    db, people, firs = station
    recon = reconcile.reconcile_rows(db, ROWS)
    rows = _by_row(recon)
    recon.reject(rows[2].key)  # even a confident match can be refused
    best = rows[7].best.entry.obligation_id
    other = [c.entry.obligation_id for c in rows[7].candidates if c.entry.obligation_id != best][0]
    recon.accept(rows[7].key, other)
    assert rows[7].marks() == other
    with pytest.raises(UserError):
        recon.accept(rows[7].key, rows[2].entry.obligation_id)  # not a candidate of that row
    with pytest.raises(UserError):
        recon.accept(rows[6].key)  # nothing owed to match it with
    recon.undo(rows[7].key)
    assert recon.accept_all_best() == 1 and rows[7].marks() == best
    marked = reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator")).marked
    assert sorted(marked) == sorted([rows[3].entry.obligation_id, best])
    assert _state(db)[rows[2].entry.obligation_id][0] == "pending"


def test_one_entry_is_never_given_to_two_rows(station):
    db, people, firs = station
    rows = [row(2, "4/2025", "IIF-3", "CAS-41", 4), row(3, "4/2025", "IIF-3", "CAS-42", 4),
            row(4, "4/2025", "IIF-3", "CAS-43", 5)]
    recon = reconcile.reconcile_rows(db, rows)
    assert [it.category for it in recon.items if it.row] == [REVIEW] * 3
    assert recon.accept_all_best() == 2  # two arrests, three rows: the third stays to review
    chosen = [it.marks() for it in recon.items if it.row and it.marks()]
    assert sorted(chosen) == sorted(owed(db, firs[4], "IIF-3"))
    left = [it for it in recon.items if it.row and it.marks() is None][0]
    with pytest.raises(UserError, match="already matched") as refused:
        recon.accept(left.key)
    assert "Entry IIF-3 of FIR 4/2025 is already matched" in str(refused.value)  # not its internal number


def test_permissions_refused_change_nothing_and_take_no_backup(station, monkeypatch):
    db, people, firs = station
    calls = []
    kind = type(db.storage)
    monkeypatch.setattr(kind, "before_bulk_change", lambda self, what="": calls.append(what))
    before = _state(db)
    recon = reconcile.reconcile_rows(db, ROWS)
    with pytest.raises(UserError):  # the IO does not owe the FIR's IIF-1 (the mohrir's) and may not mark it
        reconcile.apply(db, recon, actor=Actor(people["io"], "IO"))
    assert _state(db) == before and calls == []
    assert reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator")).marked
    assert calls == ["reconcile"]


def test_dates_years_and_forms_that_are_not_certain_go_to_review(station):
    db, people, firs = station
    rows = [row(2, "1/2025", "IIF-3", "CAS-13", 1),  # entered before the arrest it would record
            row(3, "1", "IIF-2", "CAS-12", 4),  # no year
            row(4, "1/2025", "Arest memo", "CAS-15", 4),  # a form's name, misspelt
            row(5, "1/2025", "", "CAS-16", 4),  # no form at all
            row(6, "1/2024", "IIF-2", "CAS-17", 4)]  # a year off, no such case
    recon = reconcile.reconcile_rows(db, rows)
    by = _by_row(recon)
    assert {k: it.category for k, it in by.items()} == {2: REVIEW, 3: REVIEW, 4: REVIEW, 5: REVIEW, 6: REVIEW}
    assert by[2].best.entry.obligation_id == owed(db, firs[1], "IIF-3")[0] and by[2].best.score < 50
    assert by[3].best.entry.obligation_id == owed(db, firs[1], "IIF-2")[0]
    assert by[4].best.entry.form == "IIF-3"
    assert {c.entry.form for c in by[5].candidates} >= {"IIF-1", "IIF-2"}
    assert by[6].best.entry.obligation_id == owed(db, firs[1], "IIF-2")[0]
    assert recon.summary()["to_mark"] == 0


def test_a_repeated_row_is_reported_once(station):
    db, people, firs = station
    recon = reconcile.reconcile_rows(db, [ROWS[0], row(9, "1/2025", "iif-1", "cas-11", 1)])
    assert recon.duplicates == [{"row": 9, "same_as": 2}]
    assert recon.summary()["matched"] == 1


def test_add_the_case_only_cas_has(station):
    db, people, firs = station
    recon = reconcile.reconcile_rows(db, ROWS)
    key = _by_row(recon)[6].key
    with pytest.raises(UserError):
        reconcile.add_missing_case(db, recon, _by_row(recon)[8].key, actor=Actor(people["operator"], "Operator"))
    added = reconcile.add_missing_case(db, recon, key, act="BNS", sections="303(2)",
                                       actor=Actor(people["operator"], "Operator"))
    assert added.label.endswith("9/2025")
    (iif1,) = owed(db, added.case_id, "IIF-1")
    assert added.marked == [iif1] and _state(db)[iif1][:2] == ("entered", "CAS-91")
    assert recon.items[key].category == MATCHED and recon.items[key].agrees
    assert reconcile.reconcile_rows(db, ROWS).summary()["only_there"] == 1


def test_forms_read_from_their_codes_and_names():
    assert reconcile.form_code("iif 3") == "IIF-3" and reconcile.form_code("IIF-०५") == "IIF-5"
    assert reconcile.form_code("IIF-11") == "IIF-10/11" and reconcile.form_code("Form No. 2") == "IIF-2"
    assert reconcile.form_code("गिरफ्तारी") == "IIF-3" and reconcile.form_code("Case diary") == "CD"
    assert reconcile.form_code("Arest memo") is None
    assert reconcile.form_guesses("Arest memo")[0][0] == "IIF-3"
    assert reconcile.form_code("") is None and reconcile.form_guesses("") == []


def test_a_day_still_to_come_is_never_a_confident_match(station):
    db, people, firs = station
    recon = reconcile.reconcile_rows(db, [row(2, "1/2025", "IIF-1", "CAS-11", 28)])  # 28 March: after today
    (item,) = [it for it in recon.items if it.row]
    assert item.category == REVIEW and item.best.score < 50 and "still to come" in " ".join(item.best.reasons)
    recon.accept(item.key)
    with pytest.raises(UserError, match="future"):  # accepting it is refused when applied, nothing written
        reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator"))
    assert owed(db, firs[1], "IIF-1", "pending")


def test_an_entry_closed_meanwhile_is_left_alone_and_reported(station):
    from app.services import obligations

    db, people, firs = station
    recon = reconcile.reconcile_rows(db, ROWS)
    iif1, iif3 = owed(db, firs[1], "IIF-1")[0], owed(db, firs[1], "IIF-3")[0]
    obligations.mark_entered(db, [iif1], "TYPED-BY-HAND", at="2025-03-02 10:00")  # after the reconciliation
    result = reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator"))
    assert result.marked == [iif3] and result.skipped == [iif1]
    assert _state(db)[iif1][1] == "TYPED-BY-HAND"
    again = {it.row.row: it for it in reconcile.reconcile_rows(db, ROWS).items if it.row}
    assert again[2].category == DIFFER  # shown as differing next time


def test_rows_from_a_mapping_the_user_made(station):
    from app.services import sheets

    from tests.services.reconcile.test_samples import SAMPLES

    db, people, firs = station
    table = sheets.read_table(SAMPLES / "cas_entry_list.xlsx")
    profile = sheets.Profile(name="mine", kind="cas_list", columns={
        "case_number": "FIR No.", "form": "Form", "cas_reference": "CAS Reference"})  # no entry date
    rows, errors = reconcile.rows_from_mapped(sheets.map_table(table, profile))
    assert [r.row for r in rows] == [4, 5, 6, 7, 8, 9, 10, 13] and all(r.entry_date is None for r in rows)
    assert [e["row"] for e in errors] == [11, 12]


def test_a_voided_case_and_another_registration_date_differ(station):
    from app.services import cases

    db, people, firs = station
    cases.void_case(db, firs[3], reason="registered twice by mistake")
    rows = [row(2, "3/2025", "IIF-2", "CAS-32", 4),
            row(3, "1/2025", "IIF-1", "CAS-11", 1, registered_on=dt.date(2025, 2, 28))]
    by = {it.row.row: it for it in reconcile.reconcile_rows(db, rows).items if it.row}
    assert by[2].category == DIFFER and by[2].differences[0].here == "case voided" and by[2].marks() is None
    assert by[3].category == DIFFER and by[3].marks() is None  # not marked unless accepted
    assert [(d.field, d.here, d.there) for d in by[3].differences] == [("registered_on", "01.03.2025", "28.02.2025")]
    recon = reconcile.reconcile_rows(db, rows)
    recon.accept([it for it in recon.items if it.row and it.row.row == 3][0].key)
    assert reconcile.apply(db, recon, actor=Actor(people["operator"], "Operator")).marked == owed(db, firs[1], "IIF-1")
    with pytest.raises(UserError):  # nothing owed on the voided case to accept
        recon.accept([it for it in recon.items if it.row and it.row.row == 2][0].key)


def test_one_reference_on_two_cases_is_never_a_confident_match(station):
    db, people, firs = station
    rows = [row(2, "1/2025", "IIF-1", "CAS-77", 1), row(3, "4/2025", "IIF-1", "cas-77", 4)]
    by = {it.row.row: it for it in reconcile.reconcile_rows(db, rows).items if it.row}
    assert by[2].category == REVIEW and by[3].category == REVIEW
    assert "rows 2, 3" in by[2].reason and by[2].best.entry.obligation_id == owed(db, firs[1], "IIF-1")[0]


def test_a_list_mapped_by_hand_is_reconciled_as_the_file_is(station):
    """The import assistant's path (the user's own mapping, ``reconcile_mapped``) and the command's
    (``reconcile_file``) are one: the same rows, errors, warnings and source for the same mapping."""
    from app.services import sheets

    from tests.services.reconcile.test_samples import SAMPLES

    db, people, firs = station
    path = SAMPLES / "cas_entry_list.xlsx"
    by_file = reconcile.reconcile_file(db, path)
    loaded = sheets.load_sheet(db, path.read_bytes(), "cas_list", fallback=reconcile.CAS_PROFILE)
    by_hand = reconcile.reconcile_mapped(db, loaded.mapped, path.read_bytes())
    assert by_hand.summary() == by_file.summary() and by_hand.source == by_file.source
    assert [(e["row"], e["column"]) for e in by_hand.errors] == [(11, "FIR No."), (12, "CAS Reference")]
    no_form = sheets.Profile(name="mine", kind="cas_list", columns={
        "case_number": "FIR No.", "cas_reference": "CAS Reference"})
    recon = reconcile.reconcile_mapped(db, sheets.map_table(loaded.table, no_form), path.read_bytes())
    assert recon.warnings == ["The list has no column of forms: every row is to review."]
