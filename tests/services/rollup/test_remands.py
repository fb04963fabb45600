"""The default-bail clocks read the station's remand and investigation-ending events out of its stored rows:
the statement picks the candidates by text (strpos on PostgreSQL, LIKE on SQLite), Python checks each one."""

from __future__ import annotations

import datetime as dt
import json

from app.services.rollup import figures, schema


def _event(i, kind, at, case_id=1, accused_id=None, **more):
    return {"id": i, "kind": kind, "occurred_at": at, "case_id": case_id, "accused_id": accused_id, **more}


def test_remands_and_endings_are_found_in_the_events_and_nothing_else(store):
    uid, district, as_of = "s-1", "जिला 'D'", dt.datetime(2026, 12, 5, 12, 0)
    events = [
        _event(1, "first-remand", "2026-11-01T10:00:00", case_id=1, accused_id=7),
        _event(2, "remand", "2026-10-20T10:00:00", case_id=1, accused_id=7),  # the earlier one counts
        _event(3, "remand", "2026-12-06T10:00:00", case_id=2, accused_id=8),  # after as_of: not yet
        _event(4, "final-report", "2026-11-15T10:00:00", case_id=3),
        _event(5, "arrest", "2026-11-01T10:00:00", case_id=4, accused_id=9,
               note='"kind":"remand" written in a note'),  # the text, not the kind
        _event(6, "remandx", "2026-11-01T10:00:00", case_id=5, accused_id=9),
        _event(7, "transfer-out", "2026-11-16T10:00:00", case_id=6, detail={"kind": "first-remand"}),
    ]
    rows = [{"district": district, "station_uid": uid, "tbl": "events", "origin_id": str(e["id"]), "hash": "h",
             "data": json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True)} for e in events]
    rows.append({"district": district, "station_uid": uid, "tbl": "cases", "origin_id": "1", "hash": "h",
                 "data": json.dumps({"id": 1, "kind": "remand"}, separators=(",", ":"))})  # not an event
    rows.append({**rows[0], "station_uid": "s-2"})  # another station's
    with store.begin() as conn:
        schema.ensure_partition(conn, district)
        conn.execute(schema.rows.insert(), rows)
        ended, remands = figures._remands(conn, uid, district, as_of)
    assert ended == {3, 6}
    assert remands == {(1, 7): dt.datetime(2026, 10, 20, 10, 0)}
