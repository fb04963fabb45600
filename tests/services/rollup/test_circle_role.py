"""A CO's login on the district server reads only his circle (issue 19): ``rollup grant-circle`` gives a PostgreSQL
role row-level security policies; under that role ``rollup stations`` lists only the circle's stations, while
import, enrol, ack and init are refused by the server and said in words (exit 2, no traceback)."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.services import rollup
from tests.services.rollup.test_views import _cli


@pytest.fixture
def co_url(filled, rollup_url):
    """A login role of the circle Chhatta's CO, made on the throwaway server (trust authentication)."""
    role = "co_" + uuid.uuid4().hex[:10]
    with filled.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    yield make_url(rollup_url).set(username=role).render_as_string(hide_password=False)
    with filled.engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))


@pytest.mark.postgresql_only("database roles and row-level security")
def test_a_circles_role_sees_only_its_circle_and_changes_nothing(filled, rollup_url, co_url, stations, tmp_path,
                                                                  capsys):
    role = make_url(co_url).username
    code, out, err = _cli(capsys, "rollup", "stations", "--url", co_url, "--json")
    assert code == 2 and "Traceback" not in err  # before the grant: no access at all, said in words

    code, out, err = _cli(capsys, "rollup", "grant-circle", role, "--circle", "Chhatta", "--url", rollup_url, "--json")
    assert code == 0, err
    assert json.loads(out)["circle"] == "Chhatta"

    code, out, err = _cli(capsys, "rollup", "stations", "--url", co_url, "--json")
    assert code == 0, err
    assert sorted(r["station"] for r in json.loads(out)) == ["ST-01", "ST-02"]
    code, out, err = _cli(capsys, "rollup", "station", "ST-03", "--url", co_url)
    assert code == 2 and "ST-03" in err
    code, out, err = _cli(capsys, "rollup", "station", "ST-01", "--url", co_url, "--json")
    assert code == 0 and json.loads(out)["entries"]
    pdf = tmp_path / "report.pdf"
    code, out, err = _cli(capsys, "rollup", "report", "--url", co_url, "--out", str(pdf), "--json")
    assert code == 0 and json.loads(out)["stations"] == 2
    assert json.loads(out)["circle"] == "Chhatta"  # the CO's letter, not one headed as the SP's for two stations

    with filled.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM rollup_bundles")).scalar()
    for action in (["import", str(stations / "bundles")], ["enrol", str(stations / "ST-01.enrol.json")],
                   ["ack", "ST-01", "--out", str(tmp_path / "ack.json")], ["init"]):
        code, out, err = _cli(capsys, "rollup", *action, "--url", co_url)
        assert code == 2 and "may only read" in err and "Traceback" not in err, (action, err)
    assert not (tmp_path / "ack.json").exists()
    with filled.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM rollup_bundles")).scalar() == before

    engine = create_engine(co_url)
    try:
        with engine.connect() as conn:  # behind the app's back: the office key, another circle, a partition
            assert conn.execute(text("SELECT count(*) FROM rollup_meta WHERE key = 'private_key'")).scalar() == 0
            assert conn.execute(text("SELECT count(DISTINCT station_uid) FROM rollup_entries")).scalar() == 2
            part = rollup.partition_name("rollup_entries", conn.execute(text(
                "SELECT district FROM rollup_stations LIMIT 1")).scalar())
        with engine.connect() as conn, pytest.raises(Exception, match="permission denied"):
            conn.execute(text(f'SELECT count(*) FROM "{part}"'))
    finally:
        engine.dispose()


@pytest.mark.postgresql_only("database roles")
def test_grant_circle_refuses_what_it_cannot_do(filled, rollup_url, co_url, capsys):
    role = make_url(co_url).username
    for args, words in ((["nobody_" + uuid.uuid4().hex[:8], "--circle", "Chhatta"], "no database role"),
                        ([role, "--circle", "Nowhere"], "Nowhere"),
                        ([role], "--circle"), ([role, "--circle", "Chhatta", "--all"], "--circle"),
                        (["postgres", "--all"], "superuser")):
        code, out, err = _cli(capsys, "rollup", "grant-circle", *args, "--url", rollup_url)
        assert code == 2 and words in err, (args, err)
    code, out, err = _cli(capsys, "rollup", "grant-circle", role, "--circle", "Chhatta", "--url", co_url)
    assert code == 2 and "may not read" in err and "Traceback" not in err  # no grant yet
    assert _cli(capsys, "rollup", "grant-circle", role, "--all", "--url", rollup_url)[0] == 0
    assert _cli(capsys, "rollup", "grant-circle", role, "--all", "--url", rollup_url)[0] == 0  # again: the same
    code, out, err = _cli(capsys, "rollup", "stations", "--url", co_url, "--json")
    assert code == 0 and len(json.loads(out)) == 3  # the SP's reading login: every circle
    code, out, err = _cli(capsys, "rollup", "grant-circle", role, "--circle", "Chhatta", "--url", co_url)
    assert code == 2 and "may only read" in err and "Traceback" not in err  # a reader cannot widen its own view


@pytest.mark.sqlite_only("a SQLite rollup has no database roles")
def test_grant_circle_on_a_file_says_why_not(filled, rollup_url, capsys):
    code, out, err = _cli(capsys, "rollup", "grant-circle", "co", "--circle", "Chhatta", "--url", rollup_url)
    assert code == 2 and "SQLite" in err
