"""Figures at several past moments are counted in one pass over the entries (a compliance report's period end
and the day before it): each moment's figures are those it has alone, and its pending are what
``pending --as-of`` lists for it."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import obligations, reports
from app.services.core import clock
from app.services.reports.figures import figures_many
from app.services.station import open_database

pytestmark = pytest.mark.sqlite_only("the demo station is built as an SQLite file")

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture(scope="module")
def demo(one_year_demo):
    return one_year_demo(7, NOW)


def test_several_moments_in_one_pass_are_each_moment_alone(demo):
    clock.pin(NOW)
    db = open_database(demo)
    try:
        days = [dt.date(2025, 4, 20), dt.date(2025, 8, 31), dt.date(2025, 12, 1), dt.date(2026, 3, 9), None]
        with db.session() as s:
            many = figures_many(s, days)
            alone = [reports.figures_at(s, d) for d in days]
        assert [f.as_dict() for f in many] == [f.as_dict() for f in alone]
        for day, f in zip(days, many):
            assert f.totals.pending == len(obligations.ids(db, obligations.ObligationFilter(as_of=day))), day
            assert f.totals.missed == len(obligations.ids(db, obligations.ObligationFilter(
                as_of=day, statuses=("missed",)))), day
            assert f.totals.awaiting_verification == len(obligations.ids(db, obligations.ObligationFilter(
                as_of=day, statuses=("entered",)))), day
        assert len({f.totals.pending for f in many}) > 2 and all(f.totals.awaiting_verification for f in many[1:])
    finally:
        db.close()
        clock.pin(None)
