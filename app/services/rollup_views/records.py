"""A station's JSON records in the rollup (``rollup_rows``): roles, persons, cases, inspections … as the bundle
carried them. Read for ONE station, or for the few rows a view names."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select

from app.services.rollup import latest_inspection, load_record
from app.services.rollup_views import tables as t


def records(conn, district: str, uid: str, tbl: str, ids=None) -> dict[str, dict]:
    """origin id (text) -> record of station ``uid``'s rows of ``tbl`` (only ``ids`` when given). The district
    leads the rows' key (and picks the partition on PostgreSQL): without it every station's rows are scanned."""
    key = {"district": district, "uid": uid, "tbl": tbl}
    out: dict[str, dict] = {}
    if ids is not None:
        ids = sorted({str(i) for i in ids if i is not None})
        for start in range(0, len(ids), 500):
            for oid, data in conn.execute(_SOME, {**key, "ids": ids[start:start + 500]}):
                out[oid] = load_record(data)
        return out
    for oid, data in conn.execute(_ALL, key):
        out[oid] = load_record(data)
    return out


# built once: the views call these for every station they show
_r = t.rows
_ALL = select(_r.c.origin_id, _r.c.data).where(_r.c.district == bindparam("district"),
                                               _r.c.station_uid == bindparam("uid"), _r.c.tbl == bindparam("tbl"))
_SOME = _ALL.where(_r.c.origin_id.in_(bindparam("ids", expanding=True)))
_MANY = select(_r.c.station_uid, _r.c.data).where(_r.c.district.in_(bindparam("districts", expanding=True)),
                                                  _r.c.station_uid.in_(bindparam("uids", expanding=True)),
                                                  _r.c.tbl == bindparam("tbl"))


def records_in(conn, stations: list[tuple[str, str]], tbl: str) -> dict[str, list[dict]]:
    """station uid -> its records of ``tbl``, for ``stations`` as (district, uid) pairs (small tables only: roles,
    circulars, inspections), read by the rows' key (its leading district and station columns)."""
    out: dict[str, list[dict]] = {uid: [] for _d, uid in stations}
    for start in range(0, len(stations), 500):  # one read for many stations (the key's two leading columns)
        part = stations[start:start + 500]
        for uid, data in conn.execute(_MANY, {"districts": sorted({d for d, _u in part}),
                                              "uids": [u for _d, u in part], "tbl": tbl}).all():
            if uid in out:
                out[uid].append(load_record(data))
    return out


def as_datetime(value) -> dt.datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def role_names(conn, stations: list[tuple[str, str]]) -> dict[str, tuple[str, str, str, int]]:
    """role code -> (section, Hindi name, English name, sort) as the stations' catalogues have them (the first
    station's; every station carries the same five roles)."""
    out: dict[str, tuple[str, str, str, int]] = {}
    for recs in records_in(conn, stations[:1], "roles").values():
        for rec in recs:
            code = rec.get("code")
            if code and code not in out:
                out[code] = (str(rec.get("section") or ""), str(rec.get("name_hi") or code),
                             str(rec.get("name_en") or code), int(rec.get("sort") or 0))
    return out


def last_visits(conn, stations: list[tuple[str, str]]) -> dict[str, dict]:
    """station uid -> its latest inspection record (by visit date; absent when none was recorded): the rule the
    import applies for the planner's column (``rollup.latest_inspection``)."""
    out: dict[str, dict] = {}
    for uid, recs in records_in(conn, stations, "inspections").items():
        latest = latest_inspection(recs)
        if latest is not None:
            out[uid] = latest
    return out
