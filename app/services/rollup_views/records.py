"""A station's JSON records in the rollup (``rollup_rows``): roles, persons, cases, inspections … as the bundle
carried them. Read for ONE station, or for the few rows a view names."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from app.services.rollup_views import tables as t


def records(conn, uid: str, tbl: str, ids=None) -> dict[str, dict]:
    """origin id (text) -> record of station ``uid``'s rows of ``tbl`` (only ``ids`` when given)."""
    r = t.rows
    q = select(r.c.origin_id, r.c.data).where(r.c.station_uid == uid, r.c.tbl == tbl)
    out: dict[str, dict] = {}
    if ids is not None:
        ids = sorted({str(i) for i in ids if i is not None})
        for start in range(0, len(ids), 500):
            for oid, data in conn.execute(q.where(r.c.origin_id.in_(ids[start:start + 500]))):
                out[oid] = _load(data)
        return out
    for oid, data in conn.execute(q):
        out[oid] = _load(data)
    return out


def records_in(conn, uids: list[str], tbl: str) -> dict[str, list[dict]]:
    """station uid -> its records of ``tbl`` (for small tables: roles, inspections)."""
    r = t.rows
    out: dict[str, list[dict]] = {u: [] for u in uids}
    for start in range(0, len(uids), 500):
        part = uids[start:start + 500]
        for uid, data in conn.execute(select(r.c.station_uid, r.c.data)
                                      .where(r.c.tbl == tbl, r.c.station_uid.in_(part))):
            out[uid].append(_load(data))
    return out


def _load(data) -> dict:
    try:
        value = json.loads(data)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def as_date(value) -> dt.date | None:
    """A record's ISO date or datetime text as a date (None when absent or unreadable)."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def as_datetime(value) -> dt.datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def role_names(conn, uids: list[str]) -> dict[str, tuple[str, str, str, int]]:
    """role code -> (section, Hindi name, English name, sort) as the stations' catalogues have them."""
    out: dict[str, tuple[str, str, str, int]] = {}
    for recs in records_in(conn, uids, "roles").values():
        for rec in recs:
            code = rec.get("code")
            if code and code not in out:
                out[code] = (str(rec.get("section") or ""), str(rec.get("name_hi") or code),
                             str(rec.get("name_en") or code), int(rec.get("sort") or 0))
    return out


def last_visits(conn, uids: list[str]) -> dict[str, dict]:
    """station uid -> its latest inspection record (by visit date; absent when none was recorded)."""
    out: dict[str, dict] = {}
    for uid, recs in records_in(conn, uids, "inspections").items():
        dated = [(as_date(r.get("visit_date")), int(r.get("id") or 0), r) for r in recs]
        dated = [d for d in dated if d[0] is not None]
        if dated:
            out[uid] = max(dated, key=lambda d: (d[0], d[1]))[2]
    return out
