"""The pendency report's tables carry the missed periods and the SHO's verification backlog (row A-2), so that
its columns add up with them: pending at start + arisen − disposed − missed = pending at end per duty, and
A-2's awaiting at start + made − verified = awaiting at end, the figures' ``awaiting_verification``."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import reports
from app.services.core import clock
from app.services.reports.pendency import pendency_data
from app.services.station import open_database
from tests.pdf_text import flat_text

pytestmark = pytest.mark.sqlite_only("the demo station is built as an SQLite file")

NOW = dt.datetime(2026, 3, 10, 11, 0)
PERIODS = ((dt.date(2025, 4, 1), dt.date(2025, 4, 30)), (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
           (dt.date(2025, 12, 1), dt.date(2025, 12, 31)), (dt.date(2026, 3, 1), dt.date(2026, 3, 10)),
           (dt.date(2025, 3, 11), dt.date(2026, 2, 28)))


@pytest.fixture(scope="module")
def demo(one_year_demo):
    return one_year_demo(7, NOW)


@pytest.fixture
def db(demo):
    clock.pin(NOW)
    database = open_database(demo)
    yield database
    database.close()
    clock.pin(None)


def test_missed_periods_and_the_verification_backlog_add_up_in_the_tables(db):
    missed_seen = 0
    for start, end in PERIODS:
        data = pendency_data(db, start, end)
        before = reports.station_figures(db, start - dt.timedelta(days=1))
        after = data.figures
        for f in data.flows:
            assert f.opening + f.arisen - f.disposed - f.missed == f.closing, (start, f.code)
        assert sum(f.closing for f in data.flows) == after.totals.pending
        # the periods that lapsed in the period are the growth of the missed stock (none is made up in the demo)
        assert sum(f.missed for f in data.flows) == after.totals.missed - before.totals.missed, start
        missed_seen += sum(f.missed for f in data.flows)
        v = data.verification
        assert v.opening == before.totals.awaiting_verification and v.closing == after.totals.awaiting_verification
        assert v.opening + v.made - v.verified == v.closing and v.made > 0, (start, v)
        with db.session() as s:  # the compliance report's A-2 table: the same moves, one definition
            period = reports.period_figures(s, start, end)
        assert (period.made, period.verified) == (v.made, v.verified), start
    assert missed_seen > 0


def test_the_a2_row_prints_the_backlog_and_the_missed_column(db, tmp_path):
    start, end = PERIODS[1]
    data = pendency_data(db, start, end)
    out = tmp_path / "p.pdf"
    reports.build_pendency(db, out, date_from=start, date_to=end, lang="en", data=data)
    text = flat_text(out)
    assert "Periods missed" in text and "awaiting verification; not in the totals" in text
    v = data.verification
    assert f"{v.opening:,}" in text and f"{v.closing:,}" in text
    # A-2 is not in the SHO's total: the total of "pending at end" is the figures' pending of the role
    sho = [f for f in data.flows if f.role == "sho"]
    assert sum(f.closing for f in sho) == data.figures.role("sho").pending
