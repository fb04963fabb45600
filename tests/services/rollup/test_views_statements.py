"""The district views' cost: the ranking and the planner send a fixed, small number of statements whatever the
number of stations (the scope is checked from the rows read, not by a statement of its own), and the pending
entries by age band read in the ranking's one statement equal the precomputed rows' own sums."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, func, select

from app.services import rollup, rollup_views
from app.services.core.errors import UserError
from tests.services.rollup.conftest import STATIONS


def _statements(store, call) -> tuple[object, list[str]]:
    seen: list[str] = []

    def grab(_conn, _cursor, statement, _parameters, _context, _many):
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        result = call()
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    return result, seen


@pytest.mark.parametrize("scope", [{}, {"circle": "Chhatta"}, {"district": "Lucknow", "circle": "Sadar"}])
def test_the_district_views_send_few_statements(filled_read_only, scope):
    filled = filled_read_only
    (_scope, rows), ranking = _statements(filled, lambda: rollup_views.ranked_stations(filled, **scope))
    assert rows and len(ranking) == 1  # the stations with their figures rows (age bands, on time per form …)
    (_scope, plan), planner = _statements(filled, lambda: rollup_views.plan_view(filled, include_all=True, **scope))
    assert [p.row.code for p in plan] == [r.code for r in rows] and len(planner) == 1  # last visits in the rows


def test_age_bands_equal_the_precomputed_rows(filled_read_only):
    from app.services.rollup import METADATA

    c = METADATA.tables["rollup_counts"]
    with filled_read_only.engine.connect() as conn:
        sums = conn.execute(select(c.c.station_uid, c.c.age_band, func.sum(c.c.n))
                            .where(c.c.status == "pending").group_by(c.c.station_uid, c.c.age_band)).all()
    want: dict[str, dict[str, int]] = {}
    for uid, band, n in sums:
        if band in rollup_views.BANDS:
            want.setdefault(uid, {})[band] = int(n)
    _scope, rows = rollup_views.ranked_stations(filled_read_only)
    assert len(rows) == len(STATIONS) and any(r.bands for r in rows)
    assert {r.uid: r.bands for r in rows} == {r.uid: want.get(r.uid, {}) for r in rows}


def test_a_scope_no_station_is_in_is_still_refused(store, stations, tmp_path):
    """A circle named in two districts needs its district; an unknown one is named with the known ones; the
    rollup with no station says to enrol them."""
    with pytest.raises(UserError, match="enrol"):
        rollup_views.ranked_stations(store)
    for code, *_rest in STATIONS:
        path = stations / f"{code}.enrol.json"
        if code == "ST-03":  # a station of another district whose circle has the same name as one of Lucknow's
            record = json.loads(path.read_text(encoding="utf-8"))
            record.update(district="आगरा", circle="Chhatta")  # a district named in Hindi
            path.write_text(json.dumps(record), encoding="utf-8")
        rollup.enrol_station(store, path)
    with pytest.raises(UserError, match="more than one district"):
        rollup_views.ranked_stations(store, circle="Chhatta")
    with pytest.raises(UserError, match="more than one district"):
        rollup_views.plan_view(store, circle="Chhatta")
    scope, rows = rollup_views.ranked_stations(store, district="आगरा", circle="Chhatta")
    assert scope.as_dict() == {"district": "आगरा", "circle": "Chhatta"} and [r.code for r in rows] == ["ST-03"]
    with pytest.raises(UserError, match="Lucknow, आगरा"):
        rollup_views.ranked_stations(store, district="Mathura")
    with pytest.raises(UserError, match="Chhatta"):
        rollup_views.plan_view(store, district="आगरा", circle="Sadar")
    scope, rows = rollup_views.ranked_stations(store, district="  ", circle=" ")
    assert scope.as_dict() == {"district": None, "circle": None} and len(rows) == len(STATIONS)


@pytest.mark.postgresql_only("a server that drops a pooled connection")
def test_a_connection_dropped_while_idle_is_replaced(filled, monkeypatch):
    """The pool checks a connection idle for a while before a view uses it (and only then: the views opened one
    after another skip that round trip); the server dropping it meanwhile costs the user nothing."""
    import time as real_time

    import psycopg

    from app.services.rollup import store as store_module

    _scope, before = rollup_views.ranked_stations(filled)
    with filled.engine.connect() as conn:
        pid = conn.exec_driver_sql("select pg_backend_pid()").scalar_one()
    plain = filled.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as other:
        other.execute("select pg_terminate_backend(%s)", (pid,))

    class Later:  # the pooled connection has now been idle an hour
        @staticmethod
        def monotonic():
            return real_time.monotonic() + 3600

    monkeypatch.setattr(store_module, "time", Later)
    _scope, after = rollup_views.ranked_stations(filled)
    assert [(r.code, r.pending, r.bands) for r in after] == [(r.code, r.pending, r.bands) for r in before]
    with filled.engine.connect() as conn:
        assert conn.exec_driver_sql("select pg_backend_pid()").scalar_one() != pid
