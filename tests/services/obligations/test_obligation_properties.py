"""Property tests of the engine's invariants, over random sequences of a station's actions.

- every open obligation has an owner or is flagged unassigned (and the flag says which);
- nothing is ever deleted; refused input changes nothing;
- a transfer loses nothing: the same open items, all now the successor's;
- marking one entry done removes exactly that item from pending;
- rows that cannot be read never hide the rest of the list.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services import staff
from app.services import cases, staff
from app.services.core import clock
from app.services import obligations
from app.services.station import open_database
from app.services.core.errors import UserError

pytestmark = pytest.mark.slow

BASE = dt.datetime(2025, 3, 3, 8, 0)
NOW = BASE + dt.timedelta(days=12)
CASE_KINDS = ("fir", "ncr", "mlc", "missing", "unidentified-body", "complaint", "citizen-service")
EVENTS = ("arrest", "seizure", "case-diary", "first-remand", "io-change", "final-report", "court-number",
          "summons", "transfer-out")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, list[int]]:
    """A station with an SHO, one mohrir, two IOs and an operator — and no court pairokar (so court
    entries are unassigned) — plus a spare SI with no role."""
    from app.services.station import init_station

    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    clock.pin(BASE - dt.timedelta(days=1))
    db = open_database(path)
    init_station(db, "Kotwali Nagar", "Sitapur")
    ids = []
    for role, name in (("sho", "Vikram Singh"), ("mohrir", "राम प्रकाश यादव"), ("io", "Sunita Yadav"),
                       ("io", "Ravi Kumar"), ("operator", "Amit Kumar"), (None, "Naseem Khan")):
        pid = staff.add_person(db, name, "SI").id
        if role:
            staff.assign_role(db, pid, role, dt.date(2024, 1, 1))
        ids.append(pid)
    db.close()
    clock.pin(None)
    return path, ids


def fresh(template, tmp_path: Path, n: int):
    path = tmp_path / f"ex{n}.sqlite3"
    for suffix in ("-wal", "-shm", ".committed", ""):  # each example a new file, with no mark …
        if path.with_name(path.name + suffix).exists():
            path.with_name(path.name + suffix).unlink()
    shutil.rmtree(tmp_path / "backups" / path.stem, ignore_errors=True)  # … nor the last example's backups
    shutil.copy(template[0], path)
    return open_database(path)


def snapshot(db) -> dict[int, tuple]:
    con = sqlite3.connect(db.path)
    try:
        return {r[0]: r[1:] for r in con.execute("select id, status, person_id, due_at from obligations")}
    finally:
        con.close()


def table_counts(db) -> tuple:
    con = sqlite3.connect(db.path)
    try:
        return tuple(con.execute(f"select count(*) from {t}").fetchone()[0]
                     for t in ("cases", "events", "obligations", "audit_entries", "role_assignments"))
    finally:
        con.close()


def check_invariants(db, people: list[int]) -> None:
    rows = obligations.query(db, obligations.ObligationFilter(statuses=("pending",)))
    raw = {k: v for k, v in snapshot(db).items() if v[0] == "pending"}
    assert {r.id for r in rows} == set(raw)  # nothing pending is missing from the list
    for r in rows:
        assert r.unassigned == (r.person_id is None)
        assert r.person_id is None or r.person_id in people
        assert r.due_at is not None and r.problem is None
    counts = obligations.dashboard_counts(db)
    assert counts.total.pending == len(rows)
    assert counts.total.unassigned == sum(r.unassigned for r in rows)
    assert sum(c.pending for c in counts.by_person.values()) == len(rows)


action = st.one_of(
    st.tuples(st.just("case"), st.sampled_from(CASE_KINDS), st.integers(0, 200), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("event"), st.integers(0, 20), st.sampled_from(EVENTS), st.integers(0, 200), st.integers(0, 5)),
    st.tuples(st.just("done"), st.integers(0, 1000)),
    st.tuples(st.just("transfer"), st.integers(0, 5), st.integers(0, 5)),
)


@SETTINGS
@given(actions=st.lists(action, min_size=1, max_size=14))
def test_engine_invariants_hold_for_any_week(template, tmp_path, actions):
    clock.pin(NOW)
    db = fresh(template, tmp_path, 0)
    people = template[1]
    case_ids: list[int] = []
    try:
        for act in actions:
            before, before_counts = snapshot(db), table_counts(db)
            try:
                if act[0] == "case":
                    _k, kind, hours, io_idx, sensitive = act
                    r = cases.add_case(db, kind, registered_at=BASE + dt.timedelta(hours=hours),
                                       act="BNS" if kind == "fir" else "", sections="303(2)" if kind == "fir" else "",
                                       io_person_id=people[2 + io_idx] if kind == "fir" and io_idx < 2 else None,
                                       sensitive=sensitive)
                    case_ids.append(r.case.id)
                    assert all(o.status == "pending" for o in r.obligations)
                elif act[0] == "event":
                    _k, idx, kind, hours, pidx = act
                    if not case_ids:
                        continue
                    cases.add_event(db, case_ids[idx % len(case_ids)], kind,
                                    occurred_at=BASE + dt.timedelta(hours=hours),
                                    person_id=people[pidx] if kind == "io-change" else None)
                elif act[0] == "done":
                    pending = sorted(k for k, v in before.items() if v[0] == "pending")
                    if not pending:
                        continue
                    target = pending[act[1] % len(pending)]
                    assert obligations.mark_entered(db, [target], "CAS-REF") == 1
                    after = {k for k, v in snapshot(db).items() if v[0] == "pending"}
                    assert after == set(pending) - {target}  # exactly that one left pending
                elif act[0] == "transfer":
                    src, dst = people[act[1]], people[act[2]]
                    pending_before = {k for k, v in before.items() if v[0] == "pending"}
                    moved = staff.transfer(db, src, dst, NOW.date())
                    after = snapshot(db)
                    assert {k for k, v in after.items() if v[0] == "pending"} == pending_before  # nothing lost
                    assert not any(v[1] == src and v[0] == "pending" for v in after.values())
                    assert moved == sum(1 for k in pending_before if before[k][1] == src)
                    for k in pending_before:
                        expected = dst if before[k][1] == src else before[k][1]
                        assert after[k][1] == expected
            except UserError:
                assert table_counts(db) == before_counts and snapshot(db) == before  # refused: nothing changed
            after = snapshot(db)
            assert set(before) <= set(after)  # nothing is ever deleted
            check_invariants(db, people)
    finally:
        db.close()
        clock.pin(None)


@SETTINGS
@given(n_cases=st.integers(1, 6), broken=st.sets(st.integers(0, 30), max_size=8),
       how=st.sampled_from(["due", "duty", "status"]))
def test_rows_that_cannot_be_read_never_hide_the_rest(template, tmp_path, n_cases, broken, how):
    clock.pin(NOW)
    db = fresh(template, tmp_path, 1)
    try:
        for i in range(n_cases):
            cases.add_case(db, "fir" if i % 2 else "missing", registered_at=BASE + dt.timedelta(hours=i),
                           act="BNS" if i % 2 else "", sections="303(2)" if i % 2 else "")
        all_ids = sorted(snapshot(db))
        spoil = [all_ids[b % len(all_ids)] for b in broken]
        con = sqlite3.connect(db.path)  # behind the app's back (foreign keys off on this connection)
        for oid in spoil:
            if how == "due":
                con.execute("update obligations set due_at='not a date' where id=?", (oid,))
            elif how == "duty":
                con.execute("update obligations set duty_id=99999 where id=?", (oid,))
            else:
                con.execute("update obligations set status='pending', basis_term=42 where id=?", (oid,))
        con.commit()
        con.close()
        listed = obligations.query(db, obligations.ObligationFilter(statuses=("pending",)))
        assert {r.id for r in listed} == set(all_ids)
        spoilt = {r.id for r in listed if r.problem}
        assert spoilt == (set(spoil) if how in ("due", "duty") else set())
        assert obligations.rows(db, all_ids) and [r.id for r in obligations.rows(db, all_ids)] == all_ids
        obligations.dashboard_counts(db)
    finally:
        db.close()
        clock.pin(None)
