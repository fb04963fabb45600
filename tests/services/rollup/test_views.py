"""The supervisors' views (rollup stations / station / plan / report) over a rollup of several small stations, on
SQLite and on PostgreSQL: totals equal what each station's own ``pending --json`` says at the bundle's moment."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.cli import main
from app.services import bundle, rollup, rollup_views
from app.services.core import clock
from app.services.station import open_database
from tests.services.report_seed import TODAY
from tests.services.rollup.conftest import STATIONS, make_station

# the stations (STATIONS, made once per run), a test's copy of them (``stations``) and the rollup they fill, made
# once per module (``filled``: each test its own copy): tests/services/rollup/conftest.py
_make_station = make_station  # the UI's rollup tests build the same stations


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _own_pending(capsys, path: Path) -> tuple[int, int]:
    """(pending, overdue) as the station's own ``pending --json`` counts them, at the bundle's moment."""
    code, out, err = _cli(capsys, "pending", "--db", str(path), "--json", "--no-catch-up", "--limit", "100000")
    assert code == 0, err
    rows = json.loads(out)
    return len(rows), sum(1 for r in rows if r["overdue"])


def test_station_totals_equal_each_stations_own_pending(filled_read_only, stations, rollup_url, capsys):
    clock.pin(TODAY)
    own = {code: _own_pending(capsys, stations / f"{code}.sqlite3") for code, *_r in STATIONS}
    assert all(p > 0 and 0 < o < p for p, o in own.values()), own
    code, out, err = _cli(capsys, "rollup", "stations", "--url", rollup_url, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert {r["station"] for r in listed} == set(own)
    for r in listed:
        assert (r["pending"], r["overdue"]) == own[r["station"]], r["station"]
        assert sum(r["overdue_by_age"].values()) == r["overdue"]
        assert r["pending"] == r["overdue"] + r["not_due"]
        assert r["as_of"] == TODAY.isoformat()
    assert sum(r["pending"] for r in listed) == sum(p for p, _o in own.values())
    assert [r["rank"] for r in listed] == [1, 2, 3]
    missed = {code: m for code, _c, _e, _s, m in STATIONS}
    assert {r["station"]: r["missed"] for r in listed} == missed
    # a CO's view: his circle only, and its totals are his stations' own
    code, out, err = _cli(capsys, "rollup", "stations", "--url", rollup_url, "--circle", "Chhatta", "--json")
    chhatta = json.loads(out)
    assert {r["station"] for r in chhatta} == {"ST-01", "ST-02"}
    assert sum(r["pending"] for r in chhatta) == own["ST-01"][0] + own["ST-02"][0]


def test_totals_follow_a_delta(filled, stations, rollup_url, capsys):
    """Work done at a station after its full bundle: its delta brings the rollup's figures to the station's own."""
    from app.models.obligations import Obligation

    path = stations / "ST-02.sqlite3"
    later = TODAY + dt.timedelta(days=2)
    clock.pin(later)
    db = open_database(path)
    try:
        with db.session() as s:
            ids = s.scalars(select(Obligation.id).where(Obligation.status == "pending").limit(7)).all()
            s.execute(update(Obligation).where(Obligation.id.in_(ids)).values(status="entered", entered_at=later))
        result = bundle.export_bundle(db, stations / "delta")
    finally:
        db.close()
    report = rollup.import_paths(filled, [result.path])
    assert len(report.imported) == 1, report.as_json()
    own = _own_pending(capsys, path)
    code, out, err = _cli(capsys, "rollup", "stations", "--url", rollup_url, "--json")
    row = next(r for r in json.loads(out) if r["station"] == "ST-02")
    assert (row["pending"], row["overdue"]) == own
    assert row["last_bundle"] == 2 and row["as_of"].startswith(later.date().isoformat())


def test_station_drill_down_adds_up(filled_read_only, rollup_url, capsys):
    clock.pin(TODAY)
    code, out, err = _cli(capsys, "rollup", "station", "ST-03", "--url", rollup_url, "--json", "--limit", "5")
    assert code == 0, err
    d = json.loads(out)
    assert sum(r["pending"] for r in d["roles"]) == d["pending"]
    assert sum(p["pending"] for p in d["persons"]) == d["pending"]
    assert sum(r["missed"] for r in d["roles"]) == d["missed"] == 5
    assert d["entries_total"] == d["pending"] and len(d["entries"]) == 5
    days = [e["days_overdue"] for e in d["entries"]]
    assert days == sorted(days, reverse=True) and days[0] > 0  # the longest overdue first
    assert len(d["weeks"]) == 12 and d["stations_in_circle"] == 1
    named = {p["name"] for p in d["persons"]}
    assert "Priya Mishra" in named  # the persons come from the station's own records
    # one person's entries only
    someone = next(p for p in d["persons"] if p["person_id"] is not None and p["pending"])
    code, out, err = _cli(capsys, "rollup", "station", "ST-03", "--url", rollup_url, "--json",
                          "--person", str(someone["person_id"]), "--limit", "100000")
    mine = json.loads(out)
    assert mine["entries_total"] == someone["pending"] == len(mine["entries"])


def test_a_station_that_never_sent_a_bundle_is_flagged_first(store, stations, rollup_url, capsys):
    for code, *_rest in STATIONS:
        rollup.enrol_station(store, stations / f"{code}.enrol.json")
    rollup.import_paths(store, [p for p in (stations / "bundles").iterdir() if not p.name.startswith("ST-01")])
    code, out, err = _cli(capsys, "rollup", "stations", "--url", rollup_url, "--json", "--silent-days", "30")
    listed = json.loads(out)
    first = listed[0]
    assert first["station"] == "ST-01" and first["pending"] is None and first["silent"] is True
    assert first["last_bundle"] is None
    # the others' bundles were made at TODAY; the silent flag counts days from the real date
    today = dt.datetime.now(dt.timezone.utc).date()
    assert all(r["silent"] == ((today - TODAY.date()).days >= 30) for r in listed[1:])


@pytest.mark.parametrize("args, words", [
    (["stations", "--circle", "Nowhere"], "Chhatta, Sadar"),
    (["stations", "--district", "Agra"], "Lucknow"),
    (["stations", "--silent-days", "0"], "Silent days"),
    (["station", "XX-99"], "XX-99"),
    (["plan", "--days", "abc"], "Days"),
    (["station", "ST-01", "--person", "0"], "Person id"),
    (["station", "ST-01", "--role", "chowkidar"], "chowkidar"),
    (["station", "ST-01", "--limit", "0"], "Limit"),
])
def test_bad_input_is_refused(filled_read_only, rollup_url, capsys, args, words):
    code, out, err = _cli(capsys, "rollup", *args, "--url", rollup_url)
    assert code == 2 and words in err and not out


def test_an_empty_rollup_says_what_to_do(store, rollup_url, capsys):
    code, out, err = _cli(capsys, "rollup", "stations", "--url", rollup_url)
    assert code == 2 and "rollup enrol" in err


def test_inspection_planner_worst_first(filled_read_only, rollup_url, capsys):
    clock.pin(TODAY)
    code, out, err = _cli(capsys, "rollup", "plan", "--url", rollup_url, "--json")
    plan = json.loads(out)
    assert [p["rank"] for p in plan] == [1, 2, 3] and all(p["due"] and p["last_inspection"] is None for p in plan)


def test_planner_reads_the_inspections_a_bundle_carried(store, stations, rollup_url, capsys):
    from app.services import inspections

    path = stations / "ST-02.sqlite3"
    clock.pin(TODAY)
    db = open_database(path)
    try:
        inspections.record_inspection(db, visit_date=(TODAY - dt.timedelta(days=10)).date(), officer_name="R. K. Verma",
                                      officer_rank="co", surprise=True)
        bundle.export_bundle(db, stations / "again", full=True)
    finally:
        db.close()
    for code, *_rest in STATIONS:
        rollup.enrol_station(store, stations / f"{code}.enrol.json")
    rollup.import_paths(store, [stations / "bundles"])
    report = rollup.import_paths(store, [stations / "again"])  # the station's next bundle carries the visit
    assert len(report.imported) == 1, report.as_json()
    code, out, err = _cli(capsys, "rollup", "plan", "--url", rollup_url, "--json", "--days", "30")
    plan = json.loads(out)
    assert "ST-02" not in {p["station"] for p in plan}
    code, out, err = _cli(capsys, "rollup", "plan", "--url", rollup_url, "--json", "--days", "30", "--all")
    plan = json.loads(out)
    st2 = next(p for p in plan if p["station"] == "ST-02")
    assert st2["due"] is False and st2["days_since"] == 10 and st2["officer"] == "R. K. Verma"
    assert plan[-1]["station"] == "ST-02"  # the ones due first


@pytest.mark.parametrize("circle, lang", [("Chhatta", "hi"), (None, "both")])
def test_compliance_report_is_written(filled_read_only, rollup_url, tmp_path, capsys, circle, lang):
    out_pdf = tmp_path / "report.pdf"
    args = ["rollup", "report", "--url", rollup_url, "--out", str(out_pdf), "--doc-lang", lang, "--json"]
    if circle:
        args += ["--circle", circle]
    code, out, err = _cli(capsys, *args)
    assert code == 0, err
    result = json.loads(out)
    assert result["pages"] >= 1 and out_pdf.read_bytes().startswith(b"%PDF")
    assert result["stations"] == (2 if circle else 3) and result["circle"] == circle


def test_a_refused_report_writes_nothing(filled_read_only, rollup_url, tmp_path, capsys):
    out_pdf = tmp_path / "report.pdf"
    for bad in (["--doc-lang", "fr"], ["--circle", "Nowhere"], ["--letter-no", "x" * 200]):
        code, out, err = _cli(capsys, "rollup", "report", "--url", rollup_url, "--out", str(out_pdf), *bad)
        assert code == 2 and err and not out_pdf.exists()
    out_pdf.write_bytes(b"old")
    code, out, err = _cli(capsys, "rollup", "report", "--url", rollup_url, "--out", str(out_pdf), "--circle", "X")
    assert code == 2 and out_pdf.read_bytes() == b"old"


def test_views_read_only_the_precomputed_rows(filled):
    """The ranking reads no raw entries: with rollup_entries emptied behind its back, the figures stand."""
    from sqlalchemy import text

    _scope, before = rollup_views.ranked_stations(filled)
    with filled.engine.begin() as conn:
        conn.execute(text("DELETE FROM rollup_entries"))
    _scope, after = rollup_views.ranked_stations(filled)
    assert [(r.code, r.pending, r.overdue, r.bands) for r in after] == [(r.code, r.pending, r.overdue, r.bands)
                                                                        for r in before]


def test_visit_checklist_one_action_from_the_planner(filled_read_only, rollup_url, tmp_path, capsys):
    clock.pin(TODAY)
    code, out, err = _cli(capsys, "rollup", "plan", "--url", rollup_url, "--json")
    worst = json.loads(out)[0]["station"]
    pdf = tmp_path / "visit.pdf"
    code, out, err = _cli(capsys, "rollup", "checklist", worst, "--url", rollup_url, "--out", str(pdf), "--json")
    assert code == 0, err
    assert json.loads(out)["station"] == worst and pdf.read_bytes().startswith(b"%PDF")
    missing = tmp_path / "none.pdf"
    code, out, err = _cli(capsys, "rollup", "checklist", "XX-99", "--url", rollup_url, "--out", str(missing))
    assert code == 2 and "XX-99" in err and not missing.exists()


def test_the_weekly_figures_count_each_weeks_entries(filled_read_only):
    """Each station's 12 weeks (Monday to Sunday, up to its bundle's moment) as the import wrote them equal its
    entries counted here one by one: due in the week (not "not applicable") and of those made on time, late,
    missed, still pending; made and verified in the week."""
    from app.services.rollup import schema

    e, w, f = schema.entries, schema.weekly, schema.station_figures
    with filled_read_only.connect() as conn:
        as_of = dict(conn.execute(select(f.c.station_uid, f.c.as_of)).all())
        entries = conn.execute(select(e.c.station_uid, e.c.due_at, e.c.status, e.c.entered_at, e.c.verified_at)).all()
        stored = conn.execute(select(w.c.station_uid, w.c.week_start, w.c.due, w.c.on_time, w.c.late, w.c.missed,
                                     w.c.still_pending, w.c.made, w.c.verified)).all()
    want = []
    for uid, moment in as_of.items():
        monday = moment.date() - dt.timedelta(days=moment.weekday())
        for k in range(11, -1, -1):
            start = dt.datetime.combine(monday - dt.timedelta(weeks=k), dt.time())
            end = start + dt.timedelta(weeks=1)
            mine = [x for x in entries if x.station_uid == uid]
            due = [x for x in mine if x.due_at is not None and start <= x.due_at < end and x.status != "na"]
            made = [x for x in due if x.status in ("entered", "verified")]
            want.append((uid, start.date(), len(due), sum(1 for x in made if x.entered_at and x.entered_at <= x.due_at),
                         sum(1 for x in made if not x.entered_at or x.entered_at > x.due_at),
                         sum(1 for x in due if x.status == "missed"), sum(1 for x in due if x.status == "pending"),
                         sum(1 for x in mine if x.entered_at and start <= x.entered_at < end),
                         sum(1 for x in mine if x.verified_at and start <= x.verified_at < end)))
    assert sorted(tuple(r) for r in stored) == sorted(want)
    assert len(as_of) == len(STATIONS) and sum(r[2] for r in want) > 0 and sum(r[7] for r in want) > 0
