"""The precomputed rollup rows of one station, rewritten inside its import's transaction: the views read only
these (never a dashboard recomputed from raw rows at login). ``as_of`` is the station's clock at export."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import orjson
from sqlalchemy import and_, bindparam, case, delete, func, insert, literal, or_, select

from app.services.cases import BAIL_DAYS, CHARGESHEET_DUTY, INVESTIGATION_ENDS  # the station's own definitions
from app.services.core import clock
from app.services.obligations import OPEN_STATUSES, REMAND_KINDS
from app.services.rollup import schema

BANDS = ((7, "0-7"), (30, "8-30"), (90, "31-90"))
NEAR_BAIL_DAYS = 15


def _month(conn, column):
    if conn.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def age_band(e, as_of: dt.datetime):
    """Whole-band age of a pending entry at ``as_of`` (``not_due`` when it is not yet due); "" otherwise."""
    whens = [(e.c.status != "pending", literal("")),
             (or_null(e.c.due_at, as_of), literal("not_due"))]
    for days, label in BANDS:
        whens.append((e.c.due_at >= as_of - dt.timedelta(days=days), literal(label)))
    return case(*whens, else_=literal("90+"))


def or_null(column, as_of):
    return (column.is_(None)) | (column >= as_of)


def refresh_station(conn, uid: str, district: str, circle: str, as_of: dt.datetime) -> None:
    for t in schema.FIGURE_TABLES:
        conn.execute(delete(t).where(t.c.station_uid == uid))
    e = schema.entries
    mine = and_(e.c.district == district, e.c.station_uid == uid)
    place = (literal(district), literal(circle), literal(uid))
    _counts(conn, mine, place, as_of)
    _person_counts(conn, mine, place, as_of)
    recent = _form_ontime(conn, mine, uid, district, circle, as_of)
    _station_figures(conn, uid, district, circle, as_of, recent)
    _weekly(conn, mine, uid, district, circle, as_of)


def _n(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _counts(conn, mine, place, as_of: dt.datetime) -> None:
    """By role, form, duty kind, status, age band and due month: one pass over the station's entries."""
    e, c = schema.entries, schema.counts
    band = age_band(e, as_of).label("age_band")
    month = func.coalesce(_month(conn, e.c.due_at), literal("")).label("due_month")
    grouped = (select(*place, e.c.role_code, e.c.form, e.c.duty_kind, e.c.status, band, month, func.count())
               .where(mine).group_by(e.c.role_code, e.c.form, e.c.duty_kind, e.c.status, band, month))
    conn.execute(insert(c).from_select([c.c.district, c.c.circle, c.c.station_uid, c.c.role_code, c.c.form,
                                        c.c.duty_kind, c.c.status, c.c.age_band, c.c.due_month, c.c.n], grouped))


def _person_counts(conn, mine, place, as_of: dt.datetime) -> None:
    e, pc = schema.entries, schema.person_counts
    band = age_band(e, as_of).label("age_band")
    conn.execute(insert(pc).from_select(
        [pc.c.district, pc.c.circle, pc.c.station_uid, pc.c.person_id, pc.c.role_code, pc.c.status, pc.c.age_band,
         pc.c.n],
        select(*place, e.c.person_id, e.c.role_code, e.c.status, band, func.count())
        .where(mine).group_by(e.c.person_id, e.c.role_code, e.c.status, band)))


def _station_figures(conn, uid: str, district: str, circle: str, as_of: dt.datetime, recent: dict) -> None:
    """The station's totals, read from its counts just written (a few thousand rows, not its entries again):
    overdue is pending with an age band, not yet due is pending in the band ``not_due``."""
    c = schema.counts
    pending = c.c.status == "pending"

    def total(condition=None):
        return func.coalesce(func.sum(c.c.n if condition is None else case((condition, c.c.n), else_=0)), 0)

    totals = conn.execute(select(
        total(), total(pending), total(pending & c.c.age_band.notin_(("", "not_due"))),
        total(pending & (c.c.age_band == "not_due")), total(c.c.status == "entered"), total(c.c.status == "missed"),
        total(c.c.status == "na"), *[total(pending & (c.c.age_band == b)) for b in schema.AGE_BANDS])
        .where(c.c.station_uid == uid)).one()
    near, accrued = bail_clocks(conn, uid, district, as_of)
    conn.execute(insert(schema.station_figures).values(
        station_uid=uid, district=district, circle=circle, as_of=as_of, entries=totals[0], pending=totals[1],
        overdue=totals[2], not_due=totals[3], awaiting_verification=totals[4], missed=totals[5], na=totals[6],
        near_bail=near, bail_accrued=accrued, refreshed_utc=clock.utcnow(),
        **dict(zip(schema.BAND_COLUMNS, totals[7:])), **visit_columns(conn, uid, district),
        on_time_12w=on_time_json(recent)))


def on_time_json(recent: dict) -> str:
    """On time per form over 12 weeks as the figures row keeps it: [[form, due, on_time, late, not_made], …] by
    form."""
    return json.dumps([[form, *(int(x) for x in v)] for form, v in sorted(recent.items())], separators=(",", ":"),
                      ensure_ascii=False)


def latest_inspection(records) -> dict | None:
    """The latest of a station's inspection records by visit date (then by id); None when none has a date."""
    best, best_key = None, None
    for r in records:
        when = record_date(r.get("visit_date"))
        if when is None:
            continue
        key = (when, _int(r.get("id")))
        if best_key is None or key > best_key:
            best, best_key = r, key
    return best


def visit_columns(conn, uid: str, district: str) -> dict:
    """The station's last inspection as its figures row keeps it (revision 2): read from its inspection records
    (a few dozen, once per import), so the inspection planner reads no record at all."""
    r = schema.rows
    records = [load_record(d) for (d,) in conn.execute(select(r.c.data).where(
        r.c.district == district, r.c.station_uid == uid, r.c.tbl == "inspections"))]
    v = latest_inspection(records) or {}
    return {"last_visit": record_date(v.get("visit_date")), "last_visit_officer": str(v.get("officer_name") or ""),
            "last_visit_rank": str(v.get("officer_rank") or ""),
            "last_visit_rank_other": str(v.get("officer_rank_other") or "")}


def record_date(value) -> dt.date | None:
    """A record's ISO date or datetime text as a date (None when absent or unreadable)."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def load_record(data) -> dict:
    """A stored record (``rollup_rows.data``) as a dict; empty when it cannot be read (orjson: an inspection's
    record with its snapshot is about 7 KB, and the planner and the reports read many)."""
    try:
        value = orjson.loads(data)
    except (TypeError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return {}
    return value if isinstance(value, dict) else {}


def fill_revision_2(conn) -> None:
    """``rollup init``'s upgrade to revision 2: the age bands and the last visit of every station's figures row,
    from the precomputed counts and the inspection records already stored (what an import would now write)."""
    f, c = schema.station_figures, schema.counts
    stations = conn.execute(select(f.c.station_uid, f.c.district)).all()
    sums = conn.execute(select(c.c.station_uid, c.c.age_band, func.sum(c.c.n)).where(
        c.c.status == "pending", c.c.age_band.in_(schema.AGE_BANDS)).group_by(c.c.station_uid, c.c.age_band)).all()
    bands: dict[str, dict[str, int]] = {}
    for uid, band, n in sums:
        bands.setdefault(uid, {})[band] = int(n or 0)
    for uid, district in stations:
        mine = bands.get(uid, {})
        conn.execute(f.update().where(f.c.station_uid == uid).values(
            **{col: mine.get(b, 0) for col, b in zip(schema.BAND_COLUMNS, schema.AGE_BANDS)},
            **visit_columns(conn, uid, district)))


def fill_on_time(conn) -> None:
    """``rollup init``'s upgrade to revision 3: on time per form over 12 weeks in every station's figures row (a
    list since revision 3; revision 2 wrote an object), from the stored "12w" rows."""
    f, o = schema.station_figures, schema.form_ontime
    recent: dict[str, dict] = {}
    for uid, form, *v in conn.execute(select(o.c.station_uid, o.c.form, o.c.due, o.c.on_time, o.c.late, o.c.not_made)
                                      .where(o.c.period == "12w")):
        recent.setdefault(uid, {})[form] = v
    for (uid,) in conn.execute(select(f.c.station_uid)).all():
        conn.execute(f.update().where(f.c.station_uid == uid).values(on_time_12w=on_time_json(recent.get(uid, {}))))


def _made(e):
    """(made on time, made late, not made) of an entry."""
    made = e.c.status.in_(("entered", "verified"))
    on_time = made & (e.c.entered_at <= e.c.due_at)
    late = made & ((e.c.entered_at > e.c.due_at) | e.c.entered_at.is_(None))
    return on_time, late, e.c.status.in_(OPEN_STATUSES)


def _form_ontime(conn, mine, uid: str, district: str, circle: str, as_of: dt.datetime) -> dict:
    """On time per form: entries due before as_of (not applicable ones left out), all and the last 12 weeks;
    returns the 12 weeks' (form -> (due, on time, late, not made)) for the station's figures row."""
    e, f = schema.entries, schema.form_ontime
    on_time, late, not_made = _made(e)
    recent = e.c.due_at >= as_of - dt.timedelta(days=84)
    per_form = conn.execute(select(e.c.form, func.count(), _n(on_time), _n(late), _n(not_made), _n(recent),
                                   _n(recent & on_time), _n(recent & late), _n(recent & not_made))
                            .where(mine, e.c.due_at < as_of, e.c.status != "na").group_by(e.c.form)).all()
    values = []
    for form, *v in per_form:
        values.append({"period": "all", "form": form, "due": v[0], "on_time": v[1], "late": v[2], "not_made": v[3]})
        if v[4]:
            values.append({"period": "12w", "form": form, "due": v[4], "on_time": v[5], "late": v[6],
                           "not_made": v[7]})
    if values:
        conn.execute(insert(f), [{"station_uid": uid, "district": district, "circle": circle, **x} for x in values])
    return {x["form"]: (x["due"], x["on_time"], x["late"], x["not_made"]) for x in values if x["period"] == "12w"}


WEEKLY_COLUMNS = ("due", "on_time", "late", "missed", "still_pending", "made", "verified")


def _weekly(conn, mine, uid: str, district: str, circle: str, as_of: dt.datetime) -> None:
    """The 12 weeks up to as_of (Monday to Sunday), each by the entries due in it and what was made in it: one
    pass (``mine`` is ``uid``'s entries: the statement, made once, takes the station as parameters)."""
    monday = as_of.date() - dt.timedelta(days=as_of.weekday())
    starts = [dt.datetime.combine(monday - dt.timedelta(weeks=k), dt.time()) for k in range(11, -1, -1)]
    bounds = {f"week_{k}": start for k, start in enumerate([*starts, starts[-1] + dt.timedelta(weeks=1)])}
    row = conn.execute(_weekly_sums(), {"weekly_district": district, "weekly_uid": uid, **bounds}).one()
    w = schema.weekly
    conn.execute(insert(w), [
        {"station_uid": uid, "district": district, "circle": circle, "week_start": start.date(),
         **dict(zip(WEEKLY_COLUMNS, (int(v or 0) for v in row[i * 7:(i + 1) * 7])))}
        for i, start in enumerate(starts)])


@lru_cache(maxsize=1)
def _weekly_sums():
    """For each of 12 weeks (bounds ``week_0`` … ``week_12``) the WEEKLY_COLUMNS of one station's entries
    (``weekly_district``, ``weekly_uid``), in one statement built once: building its 84 sums anew for each import
    cost more than running it."""
    e = schema.entries
    on_time, late, _not_made = _made(e)
    pending = e.c.status == "pending"
    bounds = [bindparam(f"week_{k}", type_=e.c.due_at.type) for k in range(13)]
    sums = []
    for start, end in zip(bounds, bounds[1:]):
        due_in = (e.c.due_at >= start) & (e.c.due_at < end) & (e.c.status != "na")
        sums += [_n(due_in), _n(due_in & on_time), _n(due_in & late), _n(due_in & (e.c.status == "missed")),
                 _n(due_in & pending), _n((e.c.entered_at >= start) & (e.c.entered_at < end)),
                 _n((e.c.verified_at >= start) & (e.c.verified_at < end))]
    first = bounds[0]
    return select(*sums).where(e.c.district == bindparam("weekly_district"), e.c.station_uid == bindparam("weekly_uid"),
                               (e.c.due_at >= first) | (e.c.entered_at >= first) | (e.c.verified_at >= first))


def bail_clocks(conn, uid: str, district: str, as_of: dt.datetime) -> tuple[int, int]:
    """(accused whose default-bail last day is within NEAR_BAIL_DAYS of as_of, accused whose right has accrued):
    in custody (remanded, not bailed or released) on an open FIR whose investigation has not ended. The periods
    are the statutory ones by the case's punishment class (60/90/180 days from the first remand, day 1 counted,
    plus a court's extension); a station's own edits of its rules are not carried in bundles."""
    ended, remands = _remands(conn, uid, district, as_of)
    if not remands:
        return 0, 0
    e = schema.entries
    ended.update(cid for (cid,) in conn.execute(select(e.c.case_id).where(
        e.c.district == district, e.c.station_uid == uid, e.c.duty_code == CHARGESHEET_DUTY,
        e.c.status.in_(("entered", "verified")), e.c.entered_at <= as_of)))
    case_ids = {cid for cid, _a in remands if cid not in ended}
    cases = {c["id"]: c for c in _rows_by_id(conn, uid, district, "cases", case_ids)}
    accused = {a["id"]: a for a in _rows_by_id(conn, uid, district, "accused",
                                               {aid for cid, aid in remands if cid in case_ids and aid is not None})}
    near = accrued = 0
    today = as_of.date()
    for (cid, aid), remand in remands.items():
        left = _days_left(cases.get(cid), accused.get(aid) if aid is not None else None, remand, today, as_of)
        if left is None:
            continue
        if left < 0:
            accrued += 1
        elif left <= NEAR_BAIL_DAYS:
            near += 1
    return near, accrued


def _days_left(c, a, remand: dt.datetime, today: dt.date, as_of: dt.datetime) -> int | None:
    """Days to the default-bail last day of an accused remanded at ``remand`` (None: no clock runs)."""
    if c is None or c.get("kind") != "fir" or c.get("status") != "open":
        return None
    days = BAIL_DAYS.get(c.get("punishment_class") or "")
    if days is None:
        return None
    if a is not None:
        out = [_dt(a.get(k)) for k in ("bailed_at", "released_at")]
        if any(x is not None and x <= as_of for x in out):
            return None
        days += int(a.get("extended_days") or 0)
    last_day = remand.date() + dt.timedelta(days=days - 1)
    return (last_day - today).days


def _remands(conn, uid: str, district: str, as_of: dt.datetime) -> tuple[set, dict]:
    """(cases whose investigation ended by as_of, (case, accused) -> the first remand by as_of), from events."""
    r = schema.rows
    kinds = REMAND_KINDS + INVESTIGATION_ENDS
    q = select(r.c.data).where(r.c.district == district, r.c.station_uid == uid, r.c.tbl == "events",
                               or_(*[_contains(conn, r.c.data, f'"kind":"{k}"') for k in kinds]))
    ended, remands = set(), {}
    for (data,) in conn.execute(q):
        ev = json.loads(data)
        at = _dt(ev.get("occurred_at"))
        if at is None or at > as_of:
            continue
        if ev.get("kind") in INVESTIGATION_ENDS:
            ended.add(ev.get("case_id"))
        elif ev.get("kind") in REMAND_KINDS:
            key = (ev.get("case_id"), ev.get("accused_id"))
            if key not in remands or at < remands[key]:
                remands[key] = at
    return ended, remands


def _contains(conn, column, part: str):
    """``column`` holds ``part`` (a prefilter: the records read are checked in Python). PostgreSQL's strpos is a
    plain substring search, 2-3 times faster than LIKE '%…%' over every event of a five-year station (155,000)."""
    if conn.dialect.name == "postgresql":
        return func.strpos(column, part) > 0
    return column.like(f"%{part}%")


def _rows_by_id(conn, uid: str, district: str, table: str, ids) -> list[dict]:
    r = schema.rows
    ids = sorted(str(i) for i in ids if i is not None)
    out = []
    for i in range(0, len(ids), 500):
        out += [json.loads(d) for (d,) in conn.execute(select(r.c.data).where(
            r.c.district == district, r.c.station_uid == uid, r.c.tbl == table, r.c.origin_id.in_(ids[i:i + 500])))]
    return out


def _dt(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
