"""Today's plan: statutory clocks first, then the oldest overdue; and what it says clearing them does is what
the counts show once they are cleared."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from app.services import cases, obligations, plan
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.station import open_database

NOW = dt.datetime(2026, 3, 10, 11, 0)
pytestmark = pytest.mark.sqlite_only("built on the demo station, an SQLite file")


@pytest.fixture(scope="module")
def demo_file(one_year_demo):
    return one_year_demo(7, NOW)


@pytest.fixture
def db(demo_file, tmp_path):
    copy = tmp_path / "station.sqlite3"
    shutil.copyfile(demo_file, copy)
    clock.pin(NOW)
    database = open_database(copy)
    yield database
    database.close()
    clock.pin(None)


def _io_with_a_clock(db) -> int:
    for row in cases.statutory_clocks(db, within_days=plan.CLOCK_WITHIN_DAYS):
        if row.io_person_id is not None and any(o.person == row.io for o in row.owed):
            return row.io_person_id
    pytest.skip("no IO owes an entry on a case with a clock near")


def _made(db, form: str, start: dt.date) -> tuple[int, int]:
    row = next(r for r in obligations.scores(db, start, NOW.date()).by_form if r.key == form)
    return row.total, row.on_time + row.late


def test_clocks_first_then_the_oldest_overdue(db):
    io = _io_with_a_clock(db)
    p = plan.today_plan(db, io, size=12)
    assert 0 < len(p.items) <= 12 and p.clock_items >= 1
    reasons = [i.reason for i in p.items]
    assert reasons == sorted(reasons, key=["clock", "overdue", "due"].index)  # clocks, then overdue
    clocks = [i for i in p.items if i.reason == "clock"]
    assert [i.days_left for i in clocks] == sorted(i.days_left for i in clocks)  # most urgent accused first
    assert all(i.accused and i.last_day for i in clocks)
    overdue = [i.entry for i in p.items if i.reason == "overdue"]
    assert all(e.overdue and e.person_id == io for e in overdue)
    assert [e.due_at for e in overdue] == sorted(e.due_at for e in overdue)
    if overdue:  # nothing overdue of his left out is older than the last one picked
        older = obligations.ids(db, obligations.ObligationFilter(person_id=io, overdue=True,
                                                                 due_to=overdue[-1].due_at.date() - dt.timedelta(days=1)))
        assert set(older) <= {i.entry.id for i in p.items}
    assert len({i.entry.id for i in p.items}) == len(p.items)


def test_what_clearing_them_does_is_what_the_counts_then_show(db):
    io = _io_with_a_clock(db)
    p = plan.today_plan(db, io, size=12)
    assert p.person_overdue.before == obligations.count(db, obligations.ObligationFilter(person_id=io, overdue=True))
    for change in p.role_overdue:
        assert change.before == obligations.count(db, obligations.ObligationFilter(role=change.key, overdue=True))
    for share in p.forms:
        assert (share.due, share.made_before) == _made(db, share.form, p.window_from)
    assert p.person_overdue.after < p.person_overdue.before
    # the person clears them (each by its owner, now)
    by_owner: dict[int | None, list[int]] = {}
    for item in p.items:
        by_owner.setdefault(item.entry.person_id, []).append(item.entry.id)
    for owner, ids in by_owner.items():
        obligations.mark_entered(db, ids, "CAS/PLAN/1", by_person_id=owner or io)
    assert obligations.count(db, obligations.ObligationFilter(person_id=io, overdue=True)) == p.person_overdue.after
    for change in p.role_overdue:
        assert obligations.count(db, obligations.ObligationFilter(role=change.key, overdue=True)) == change.after
    for share in p.forms:
        assert _made(db, share.form, p.window_from) == (share.due, share.made_after)
        assert share.share_after >= share.share_before


def test_someone_with_nothing_open_gets_an_empty_plan_and_bad_input_is_refused(db):
    from app.services import staff

    newcomer = staff.add_person(db, "Naya Sipahi", "Constable")
    p = plan.today_plan(db, newcomer.id)
    assert p.items == [] and p.person_overdue.before == p.person_overdue.after == 0 and p.forms == []
    for size in (0, 201, "many", -3):
        with pytest.raises(UserError):
            plan.today_plan(db, newcomer.id, size=size)
    with pytest.raises(UserError):
        plan.today_plan(db, 10**9)


def test_the_plan_prints_on_the_persons_slip_of_today_when_asked(db, tmp_path):
    import subprocess

    from app.services import reports
    from app.services.reports.plan_section import SLIP_SIZE

    io = _io_with_a_clock(db)
    expected = plan.today_plan(db, io, size=SLIP_SIZE)
    _p, _moment, (plain,) = reports.slip_data(db, [io])
    assert plain.extra == []  # the slip itself stays two half sheets
    _p, _moment, (slip,) = reports.slip_data(db, [io], sections=(reports.PLAN_SECTION,))
    (section, value), = [(s, v) for s, v in slip.extra if s.key == "today_plan"]
    assert [i.entry.id for i in value.items] == [i.entry.id for i in expected.items]
    assert value.person_overdue == expected.person_overdue
    _p, _moment, (past,) = reports.slip_data(db, [io], as_of=NOW - dt.timedelta(days=3),
                                             sections=(reports.PLAN_SECTION,))
    assert past.extra == []  # a slip of a past day has no plan
    for lang in ("en", "hi", "both"):
        out = tmp_path / f"slip-{lang}.pdf"
        reports.build_slips(db, out, [io], lang=lang, sections=(reports.PLAN_SECTION,))
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert ("Today's plan" if lang == "en" else "आज की योजना") in text
        assert str(expected.person_overdue.after) in text
        first_clock = next(i for i in expected.items if i.reason == "clock")
        assert first_clock.accused.split()[0] in text
