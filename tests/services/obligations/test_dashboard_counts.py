"""The dashboard's counts (``obligations.dashboard_counts``): one grouped statement after the due-soon setting,
the staff's names read with the counts, and the sums equal to counting the entries one by one."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import event, select, update

from app.models.obligations import Obligation
from app.models.staff import Person
from app.services import obligations, staff

from tests.services.report_seed import TODAY, seed_station


def _open_rows(db):
    with db.session() as s:
        return s.execute(select(Obligation.status, Obligation.role_code, Obligation.form, Obligation.person_id,
                                Obligation.due_at).where(Obligation.status.in_(("pending", "missed")))).all()


def test_counts_and_names_match_the_entries_one_by_one(db):
    seeded = seed_station(db, obligations=400)
    with db.session() as s:  # some unassigned and some missed, so that every branch is summed
        s.execute(update(Obligation).where(Obligation.id % 7 == 0, Obligation.status == "pending").values(person_id=None))
        s.execute(update(Obligation).where(Obligation.id % 11 == 0, Obligation.status == "pending").values(status="missed"))
    counts = obligations.dashboard_counts(db, due_soon_days=3)
    rows = _open_rows(db)
    pending = [r for r in rows if r.status == "pending"]
    soon = TODAY + dt.timedelta(days=3)
    assert counts.missed == sum(r.status == "missed" for r in rows) > 0
    assert counts.total.pending == len(pending)
    assert counts.total.overdue == sum(r.due_at < TODAY for r in pending)
    assert counts.total.due_soon == sum(TODAY <= r.due_at < soon for r in pending)
    assert counts.total.unassigned == sum(r.person_id is None for r in pending) > 0
    assert {k: c.pending for k, c in counts.by_role.items()} == dict(Counter(r.role_code for r in pending))
    assert {k: c.pending for k, c in counts.by_form.items()} == dict(Counter(r.form for r in pending))
    assert {k: c.pending for k, c in counts.by_person.items()} == dict(Counter(r.person_id for r in pending))
    assert counts.by_person[None].unassigned == counts.by_person[None].pending
    names = {p.id: p.name for p in staff.list_persons(db)}
    assert counts.person_names == {pid: names[pid] for pid in counts.by_person if pid is not None}
    assert set(counts.person_names) >= set(seeded.people.values()) - {None}


def test_a_renamed_person_is_counted_under_the_new_name_and_the_past_day_names_too(db):
    seed_station(db, obligations=200)
    busiest = max((k for k in obligations.dashboard_counts(db).by_person if k is not None),
                  key=lambda k: obligations.dashboard_counts(db).by_person[k].pending)
    with db.session() as s:
        s.execute(update(Person).where(Person.id == busiest).values(name="Ram Kumar Verma"))
    assert obligations.dashboard_counts(db).person_names[busiest] == "Ram Kumar Verma"
    past = obligations.dashboard_counts(db, as_of=TODAY.date() - dt.timedelta(days=20))
    assert past.total.pending > 0
    assert all(past.person_names[pid] for pid in past.by_person if pid is not None)


def test_the_counts_take_one_statement_after_the_setting(db):
    seed_station(db, obligations=50)
    sent: list[str] = []
    listen = (lambda _c, _cur, statement, *_rest: sent.append(statement))
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        obligations.dashboard_counts(db)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len(sent) == 2, sent  # the due-soon window, then the counts with the names (no second query)
    assert "settings" in sent[0] and "persons" in sent[1]
