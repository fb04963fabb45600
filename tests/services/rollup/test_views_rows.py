"""The district views' rows as they were before their Python was made lighter: the same stations, every field, the
same order (``rank_key``), the planner's lines; the ranking's statement read through the driver's cursor on
PostgreSQL (SQLAlchemy's ``execute`` on SQLite) gives the rows ``execute`` gives, fires the engine's events, and a
driver error is SQLAlchemy's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy
from sqlalchemy import bindparam, event, literal_column, select, table

from app.services import rollup, rollup_views
from app.services.rollup_views import driven, planner, ranking
from app.services.rollup_views import tables as t
from tests.services.rollup.conftest import STATIONS, store_starting_from

TODAY = dt.date(2026, 12, 5)


def _reference(store, scope: ranking.Scope, today: dt.date, silent_days: int, with_on_time: bool):
    """The rows as the views made them before: SQLAlchemy's rows, a StationRow by its fields, sorted by rank_key."""
    statement = ranking._statement(scope.district is not None, scope.circle is not None)
    with store.engine.connect() as conn:
        fetched = conn.execute(statement, {"district": scope.district, "circle": scope.circle}).all()
    out = []
    for r in fetched:
        m = r._mapping
        days = None if m["last_made_utc"] is None else max(0, (today - m["last_made_utc"].date()).days)
        row = ranking.StationRow(0, m["station_uid"], m["code"] or "", m["name"], m["district"], m["circle"] or "",
                                 m["last_sequence"], m["last_made_utc"], m["last_imported_utc"], m["as_of"], days,
                                 days is None or days >= silent_days, bool(m["needs_full"]),
                                 rollup.needs_full_text(m["needs_full_reason"]) if m["needs_full_reason"] else "")
        if m["as_of"] is not None:
            for name in ("pending", "overdue", "not_due", "awaiting_verification", "missed", "na", "near_bail",
                         "bail_accrued"):
                setattr(row, name, m[name])
            row.bands = {b: m[c] for b, c in zip(t.BANDS, ("band_0_7", "band_8_30", "band_31_90", "band_90"))
                         if m[c]}
            row.last_visit, row.last_visit_officer = m["last_visit"], m["last_visit_officer"]
            rank = m["last_visit_rank"]
            row.last_visit_rank = "other:" + m["last_visit_rank_other"] if rank == "other" else rank
            if with_on_time and m["on_time_12w"] != "[]":
                row.on_time = ranking._on_time(m["on_time_12w"])
        out.append(row)
    out.sort(key=ranking.rank_key)
    for i, row in enumerate(out, 1):
        row.rank = i
    return out


def _mixed(url, fixture_value):
    """Three stations enrolled, two of them imported (the third never sent a bundle), one asked for a full one, its
    figures row given every age band and a rank written in. Made once for the module: the tests only read it."""
    stations = fixture_value("made_stations")
    rollup.init_store(url, "Circle office Chhatta")
    with rollup.open_rollup(url) as store:
        for code, *_rest in STATIONS:
            rollup.enrol_station(store, stations / f"{code}.enrol.json")
        bundles = sorted((stations / "bundles").iterdir())
        report = rollup.import_paths(store, bundles[:2])
        assert len(report.imported) == 2
        with store.begin() as conn:
            uid = conn.execute(select(t.stations.c.station_uid)
                               .where(t.stations.c.last_sequence.is_not(None))).scalar()
            conn.execute(t.stations.update().where(t.stations.c.station_uid == uid)
                         .values(needs_full=True, needs_full_reason="a reason kept as it was written"))
            f = t.station_figures
            conn.execute(f.update().where(f.c.station_uid == uid).values(
                band_0_7=1, band_8_30=0, band_31_90=3, band_90=2, last_visit_rank="other",
                last_visit_rank_other="Addl. SP", last_visit=dt.date(2026, 10, 1), last_visit_officer="R. Singh"))


made_mixed, mixed, mixed_read_only = store_starting_from("mixed", _mixed)


@pytest.mark.parametrize("scope", [{}, {"circle": "Chhatta"}, {"district": "Lucknow", "circle": "Sadar"}])
def test_the_rows_equal_the_rows_made_field_by_field(mixed_read_only, scope):
    for today, silent in ((TODAY, 14), (TODAY + dt.timedelta(days=400), 14), (TODAY, 1)):
        got_scope, rows = rollup_views.ranked_stations(mixed_read_only, today=today, silent_days=silent, **scope)
        want = _reference(mixed_read_only, got_scope, today, silent, True)
        assert [dataclasses.astuple(r) for r in rows] == [dataclasses.astuple(r) for r in want]
        assert [r.as_dict() for r in rows] == [r.as_dict() for r in want]
        with mixed_read_only.engine.connect() as conn:  # each row's key, made from its values, is rank_key's
            statement = ranking._statement(got_scope.district is not None, got_scope.circle is not None)
            for r in driven.fetch_all(conn, statement, got_scope.as_dict()):
                key, row = ranking._keyed_row(r, today.toordinal(), silent, True)
                assert key == ranking.rank_key(row)
    everyone = rollup_views.ranked_stations(mixed_read_only, today=TODAY)[1]
    if not scope:
        assert [r.imported for r in everyone].count(False) == 1 and any(r.needs_full for r in everyone)
        assert any(r.on_time for r in everyone) and any(r.bands for r in everyone)


def test_the_planner_lines_equal_the_sorted_ones(mixed_read_only):
    for days, include_all in ((90, True), (90, False), (1, True), (3650, False)):
        _scope, plan = rollup_views.plan_view(mixed_read_only, days=days, include_all=include_all, today=TODAY)
        ranked = _reference(mixed_read_only, ranking.Scope(), TODAY, ranking.DEFAULT_SILENT_DAYS, False)
        want = [planner.PlanLine(r, r.last_visit, r.last_visit_officer, r.last_visit_rank,
                                 None if r.last_visit is None else max(0, (TODAY - r.last_visit).days),
                                 r.last_visit is None or (TODAY - r.last_visit).days >= days) for r in ranked]
        want = sorted((p for p in want if p.due or include_all), key=lambda p: (not p.due, p.row.rank))
        assert [(dataclasses.astuple(p.row), p.last_visit, p.officer, p.officer_rank, p.days_since, p.due)
                for p in plan] == [(dataclasses.astuple(p.row), p.last_visit, p.officer, p.officer_rank, p.days_since,
                                    p.due) for p in want]
        assert [p.as_dict() for p in plan] == [p.as_dict() for p in want]
    # rows not given in the ranking's order are still planned in it
    in_order = planner.plan_lines(None, ranked, days=1, include_all=True, today=TODAY)
    assert [p.row.rank for p in in_order] == [1, 2, 3]
    assert planner.plan_lines(None, ranked[::-1], days=1, include_all=True, today=TODAY) == in_order


def test_a_plan_line_is_still_a_frozen_dataclass(mixed_read_only):
    _scope, rows = rollup_views.ranked_stations(mixed_read_only, today=TODAY)
    line = planner.PlanLine(row=rows[0], last_visit=None, officer="", officer_rank="", days_since=None, due=True)
    assert line == planner.PlanLine(rows[0], None, "", "", None, True) and "due=True" in repr(line)
    assert [f.name for f in dataclasses.fields(line)] == ["row", "last_visit", "officer", "officer_rank",
                                                          "days_since", "due"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.due = False


def test_the_driver_rows_are_sqlalchemy_rows_and_fire_the_events(mixed_read_only):
    seen = []

    def grab(_conn, _cursor, statement, _parameters, _context, _many):
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):  # SQLite's store begins its own
            seen.append(statement)

    postgres = mixed_read_only.dialect == "postgresql"
    for key in ((False, False), (True, False), (False, True), (True, True)):
        statement = ranking._statement(*key)
        params = {"district": "Lucknow", "circle": "Chhatta"}
        assert (driven._text(statement, mixed_read_only.engine.dialect) is not None) == postgres  # SQLite: execute
        with mixed_read_only.engine.connect() as conn:
            want = [tuple(r) for r in conn.execute(statement, params).all()]
        event.listen(mixed_read_only.engine, "before_cursor_execute", grab)
        try:
            with mixed_read_only.engine.connect() as conn:
                got = [tuple(r) for r in driven.fetch_all(conn, statement, params)]
        finally:
            event.remove(mixed_read_only.engine, "before_cursor_execute", grab)
        assert got == want and want and len(seen) == 1 and seen.pop().lstrip().upper().startswith("SELECT")
    if postgres:  # the connection went back to the pool with its transaction ended
        with mixed_read_only.engine.connect() as conn:
            assert conn.connection.dbapi_connection.info.transaction_status == 0  # IDLE


def test_positional_and_expanded_parameters(mixed_read_only):
    """A statement of text columns only goes to the driver on SQLite too (its parameters in their order); one whose
    parameter SQLAlchemy expands when it runs it (IN) is run by ``execute``."""
    s = t.stations
    plain = select(s.c.code, s.c.circle).where(s.c.district == bindparam("d"), s.c.circle == bindparam("c"))
    expanding = select(s.c.code).where(s.c.circle.in_(bindparam("cs", expanding=True)))
    assert driven._text(plain, mixed_read_only.engine.dialect) is not None
    assert driven._text(plain, mixed_read_only.engine.dialect).positional == (mixed_read_only.dialect == "sqlite")
    assert driven._text(expanding, mixed_read_only.engine.dialect) is None
    sent = []
    event.listen(mixed_read_only.engine, "before_cursor_execute", lambda *a: sent.append(a[2].split()[0].upper()))
    with mixed_read_only.engine.connect() as conn:
        got = [tuple(r) for r in driven.fetch_all(conn, plain, {"c": "Chhatta", "d": "Lucknow"})]
        assert conn.in_transaction()  # begun as execute begins it (SQLite's store sends its BEGIN)
        assert sent == (["BEGIN", "SELECT"] if mixed_read_only.dialect == "sqlite" else ["SELECT"])
        assert got == [tuple(r) for r in conn.execute(plain, {"c": "Chhatta", "d": "Lucknow"})] and len(got) == 2
        got = [tuple(r) for r in driven.fetch_all(conn, expanding, {"cs": ["Sadar", "Chhatta"]})]
        assert sorted(got) == [("ST-01",), ("ST-02",), ("ST-03",)]


def test_a_driver_error_is_sqlalchemys(mixed_read_only):
    with mixed_read_only.engine.connect() as conn:
        with pytest.raises(sqlalchemy.exc.DBAPIError):
            driven.fetch_all(conn, select(literal_column("x")).select_from(table("no_such_table")), {})
    _scope, rows = rollup_views.ranked_stations(mixed_read_only, today=TODAY)  # the pool's connection still serves
    assert len(rows) == len(STATIONS)


@pytest.mark.postgresql_only("a server that drops the connection a view is using")
def test_a_connection_lost_mid_use_is_invalidated_and_replaced(mixed_read_only):
    import psycopg

    _scope, before = rollup_views.ranked_stations(mixed_read_only, today=TODAY)
    with mixed_read_only.engine.connect() as conn:
        pid = conn.exec_driver_sql("select pg_backend_pid()").scalar_one()
    plain = mixed_read_only.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as other:
        other.execute("select pg_terminate_backend(%s)", (pid,))
    with pytest.raises(sqlalchemy.exc.OperationalError) as raised:  # not idle long enough to be pinged first
        rollup_views.ranked_stations(mixed_read_only, today=TODAY)
    assert raised.value.connection_invalidated
    _scope, after = rollup_views.ranked_stations(mixed_read_only, today=TODAY)
    assert [dataclasses.astuple(r) for r in after] == [dataclasses.astuple(r) for r in before]
