"""``open_at`` for a past moment is written per status so indexes answer it (migration 0008); it must
select exactly the obligations the definition selects: arisen by T and not closed by T, where closed is
entered_at (entered, verified), na_at (not applicable) or due_at (missed)."""

from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy import and_, case, func, or_, select, update

from app.models.obligations import Obligation
from app.services import obligations, reports

from tests.services.report_seed import TODAY, seed_station


def _by_definition(as_of: dt.datetime):
    o = Obligation
    closed = case((o.status.in_(("entered", "verified")), o.entered_at), (o.status == "na", o.na_at),
                  (o.status == "missed", o.due_at), else_=None)
    return and_(o.anchor_at <= as_of, or_(closed.is_(None), closed > as_of))


def test_past_open_at_matches_the_definition(db):
    seed_station(db, obligations=900, seed=5)
    with db.session() as s:  # the odd rows the definition keeps open: closed without a time
        first = s.scalars(select(Obligation.id).where(Obligation.status == "entered").limit(3)).all()
        s.execute(update(Obligation).where(Obligation.id.in_(first)).values(entered_at=None))
        na = s.scalars(select(Obligation.id).where(Obligation.status == "na").limit(2)).all()
        s.execute(update(Obligation).where(Obligation.id.in_(na)).values(na_at=None))
    assert first and na
    checked = 0
    with db.session() as s:
        for days in (1, 7, 30, 45, 90, 180, 365, 800):
            t = TODAY - dt.timedelta(days=days, hours=3)
            assert not obligations.is_live(t)
            fast = set(s.scalars(select(Obligation.id).where(obligations.open_at(t))))
            slow = set(s.scalars(select(Obligation.id).where(_by_definition(t))))
            assert fast == slow, days
            checked += len(slow)
        assert checked > 100
        assert s.scalar(select(func.count()).where(obligations.open_at(TODAY - dt.timedelta(days=1)),
                                                   Obligation.id.in_(first + na))) > 0


@pytest.mark.sqlite_only("reads SQLite's query plan (EXPLAIN QUERY PLAN)")
def test_past_queries_use_the_history_indexes(db):
    seed_station(db, obligations=50, seed=5)
    t = TODAY - dt.timedelta(days=30)
    sql = select(Obligation.id).where(obligations.open_at(t)).compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.engine.connect() as conn:
        plan = " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(sql)))
    assert "ix_obligations_status_entered" in plan, plan
    assert "SCAN obligations" not in plan, plan
