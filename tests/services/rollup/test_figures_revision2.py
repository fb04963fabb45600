"""Schema revisions 2 and 3 of the rollup store: each station's pending entries by age band, its last inspection
and its on time per form are columns of its figures row, written at import; ``rollup init`` adds and fills them in
a store made before, on SQLite and PostgreSQL alike; the inspection planner then reads no inspection record."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import select, text

from app.services import bundle, rollup, rollup_views
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.station import open_database
from tests.services.report_seed import TODAY
from tests.services.rollup.conftest import STATIONS, store_starting_from

NEW = ("band_0_7", "band_8_30", "band_31_90", "band_90", "last_visit", "last_visit_officer", "last_visit_rank",
       "last_visit_rank_other")


def _visit(url, fixture_value):
    """The three stations imported, ST-02's next bundle carrying two visits (the later one by an officer of a rank
    written in), ST-01's one visit with no date readable (as a damaged record would be: never the last visit).
    Made once for the module; each test has its own copy (``visited``)."""
    from app.services import inspections

    stations = fixture_value("stations_once")
    clock.pin(TODAY)
    db = open_database(stations / "ST-02.sqlite3")
    try:
        for days, name, rank, other in ((40, "R. K. Verma", "co", ""), (12, "S. Yadav", "other", "ASP (Trainee)")):
            inspections.record_inspection(db, visit_date=(TODAY - dt.timedelta(days=days)).date(),
                                          officer_name=name, officer_rank=rank, officer_rank_other=other)
        bundle.export_bundle(db, stations / "again", full=True)
    finally:
        db.close()
        clock.pin(None)
    rollup.init_store(url, "Circle office Chhatta")
    with rollup.open_rollup(url) as store:
        for code, *_rest in STATIONS:
            rollup.enrol_station(store, stations / f"{code}.enrol.json")
        rollup.import_paths(store, [stations / "bundles"])
        assert len(rollup.import_paths(store, [stations / "again"]).imported) == 1


@pytest.fixture(scope="module")
def stations_once(made_stations, tmp_path_factory):
    """The module's own copy of the stations (``_visit`` changes ST-02)."""
    folder = tmp_path_factory.mktemp("stations") / "stations"
    shutil.copytree(made_stations, folder)
    return folder


made_visited, visited, visited_read_only = store_starting_from("visited", _visit)


def _figures(store) -> dict:
    f = rollup.METADATA.tables["rollup_station_figures"]
    with store.connect() as conn:
        return {r.station_uid: tuple(r) for r in conn.execute(select(f).order_by(f.c.station_uid))}


def _plan(store) -> list[tuple]:
    _scope, plan = rollup_views.plan_view(store, include_all=True, today=TODAY.date())
    return [(p.row.code, p.last_visit, p.officer, p.officer_rank, p.days_since, p.due) for p in plan]


def test_the_import_writes_the_bands_and_the_last_visit(visited_read_only):
    plan = {code: rest for code, *rest in _plan(visited_read_only)}
    assert plan["ST-02"] == [(TODAY - dt.timedelta(days=12)).date(), "S. Yadav", "other:ASP (Trainee)", 12, False]
    assert plan["ST-01"][0] is None and plan["ST-01"][-1] is True
    with visited_read_only.connect() as conn:  # the same as the records read one by one (the drill-down's way)
        uid = conn.execute(text("SELECT station_uid FROM rollup_stations WHERE code = 'ST-02'")).scalar_one()
    detail = rollup_views.station_view(visited_read_only, "ST-02")
    assert detail.last_visit["officer_name"] == "S. Yadav" and detail.row.uid == uid
    _scope, rows = rollup_views.ranked_stations(visited_read_only)
    assert sum(sum(r.bands.values()) for r in rows) == sum(r.overdue for r in rows) > 0


def test_the_planner_reads_no_inspection_record(visited):
    before = _plan(visited)
    with visited.begin() as conn:
        conn.execute(text("DELETE FROM rollup_rows WHERE tbl = 'inspections'"))
    assert _plan(visited) == before and any(p[1] for p in before)


def _make_revision_1(store) -> None:
    """The store as the version before made it: no revision-2 column, revision 1 in its meta."""
    with store.begin() as conn:
        for name in NEW:
            conn.execute(text(f"ALTER TABLE rollup_station_figures DROP COLUMN {name}"))
        conn.execute(text("UPDATE rollup_meta SET value = '1' WHERE key = 'schema_revision'"))


def test_init_upgrades_a_revision_1_store_and_fills_the_new_columns(visited, rollup_url):
    figures, plan, ranked = _figures(visited), _plan(visited), rollup_views.ranked_stations(visited)[1]
    visited.close()
    _make_revision_1(visited)
    with pytest.raises(UserError, match="older schema"):
        rollup.open_rollup(rollup_url)
    info = rollup.init_store(rollup_url)
    assert info.upgraded_from == 1 and info.revision == rollup.REVISION == 3 and not info.created
    with rollup.open_rollup(rollup_url) as store:
        assert _figures(store) == figures and _plan(store) == plan
        assert [(r.code, r.bands) for r in rollup_views.ranked_stations(store)[1]] == [(r.code, r.bands)
                                                                                     for r in ranked]
    assert rollup.init_store(rollup_url).upgraded_from is None  # again: nothing to do


def test_a_failed_upgrade_leaves_the_store_as_it_was(visited, rollup_url, monkeypatch):
    from app.services.rollup import figures

    visited.close()
    _make_revision_1(visited)

    def broken(_conn):
        raise RuntimeError("killed mid-upgrade")

    monkeypatch.setattr(figures, "fill_revision_2", broken)
    with pytest.raises(RuntimeError):
        rollup.init_store(rollup_url)
    with pytest.raises(UserError, match="older schema"):  # still revision 1, its columns not added
        rollup.open_rollup(rollup_url)
    monkeypatch.undo()
    assert rollup.init_store(rollup_url).upgraded_from == 1


def test_on_time_per_form_in_the_ranking_equals_the_stored_rows(visited_read_only):
    o = rollup.METADATA.tables["rollup_form_ontime"]
    with visited_read_only.connect() as conn:
        stored = conn.execute(select(o.c.station_uid, o.c.form, o.c.due, o.c.on_time, o.c.late, o.c.not_made)
                              .where(o.c.period == "12w")).all()
    want: dict[str, dict] = {}
    for uid, form, *v in stored:
        want.setdefault(uid, {})[form] = (form, *v)
    _scope, rows = rollup_views.ranked_stations(visited_read_only)
    assert stored and {r.uid: {f: tuple(x) for f, x in r.on_time.items()} for r in rows} == {
        r.uid: want.get(r.uid, {}) for r in rows}
    assert all(x.share is None or 0 <= x.share <= 1 for r in rows for x in r.on_time.values())


@pytest.mark.parametrize("stored", ["not json", "[1, 2]", '[["M1", 1, 2]]', '{"M1": [1, 2, 3, 4]}', "[[]]", "5"])
def test_an_unreadable_on_time_column_is_shown_empty(visited, stored):
    with visited.begin() as conn:
        conn.execute(text("UPDATE rollup_station_figures SET on_time_12w = :v"), {"v": stored})
    _scope, rows = rollup_views.ranked_stations(visited)
    assert rows and all(r.on_time == {} for r in rows)


def test_init_rewrites_revision_2s_on_time_object_as_lists(visited, rollup_url):
    """Revision 2 kept on time per form as {form: [due, on_time, late, not_made]}: revision 3 reads a list, so
    ``rollup init`` rewrites it (until then the store is refused as older, never shown with empty figures)."""
    _scope, before = rollup_views.ranked_stations(visited)
    with visited.begin() as conn:
        conn.execute(text("UPDATE rollup_station_figures SET on_time_12w = '{\"M1\": [1, 1, 0, 0]}'"))
        conn.execute(text("UPDATE rollup_meta SET value = '2' WHERE key = 'schema_revision'"))
    visited.close()
    with pytest.raises(UserError, match="older schema"):
        rollup.open_rollup(rollup_url)
    assert rollup.init_store(rollup_url).upgraded_from == 2
    with rollup.open_rollup(rollup_url) as store:
        _scope, after = rollup_views.ranked_stations(store)
    assert [(r.code, r.on_time) for r in after] == [(r.code, r.on_time) for r in before]
    assert any(r.on_time for r in after)


def test_a_rows_on_time_is_its_own(visited_read_only):
    """The parse of a stored on-time text is kept by that text: a caller changing one view's rows changes no
    other view's."""
    _scope, first = rollup_views.ranked_stations(visited_read_only)
    for r in first:
        r.on_time.clear()
    _scope, again = rollup_views.ranked_stations(visited_read_only)
    assert any(r.on_time for r in again)
