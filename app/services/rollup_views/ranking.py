"""``rollup stations``: the stations of a circle or district ranked worst first, from the precomputed rollup rows
only (the figures each import wrote for its station; never the raw entries).

A station's figures describe its own moment: the station PC's clock when it made its last bundle (``as_of``).
A station silent for ``silent_days`` or more (no bundle made since), or one that never sent a bundle, is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache, partial
from operator import itemgetter
from typing import NamedTuple

import orjson
from sqlalchemy import bindparam, select

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.rollup import needs_full_text
from app.services.rollup_views import tables as t
from app.services.rollup_views.driven import fetch_all

DEFAULT_SILENT_DAYS = 14
MAX_SILENT_DAYS = 3650


@dataclass(frozen=True)
class Scope:
    """Which stations a view covers: a circle (a CO's), a district, or every station of the rollup (the SP's)."""

    district: str | None = None
    circle: str | None = None

    def where(self, table):
        out = []
        if self.district is not None:
            out.append(table.c.district == self.district)
        if self.circle is not None:
            out.append(table.c.circle == self.circle)
        return out

    def as_dict(self) -> dict:
        return {"district": self.district, "circle": self.circle}


class FormOnTime(NamedTuple):
    """Entries of a form due in a period: made on time, late, not made (a tuple: a district view makes one per
    station and form, a thousand or more, and a tuple is made several times faster than a frozen dataclass)."""

    form: str
    due: int
    on_time: int
    late: int
    not_made: int

    @property
    def share(self) -> float | None:
        return None if not self.due else self.on_time / self.due

    def as_dict(self) -> dict:
        share = self.share
        return {"due": self.due, "on_time": self.on_time, "late": self.late, "not_made": self.not_made,
                "on_time_pct": None if share is None else round(share * 100, 1)}


@dataclass
class StationRow:
    rank: int
    uid: str
    code: str
    name: str
    district: str
    circle: str
    last_sequence: int | None
    last_made_utc: dt.datetime | None  # when the station made its last bundle (UTC)
    last_imported_utc: dt.datetime | None
    as_of: dt.datetime | None  # the station's clock at its last bundle: the moment of the figures
    silent_days: int | None  # whole days since the last bundle was made (None: never sent one)
    silent: bool
    needs_full: bool
    needs_full_reason: str
    pending: int = 0
    overdue: int = 0
    bands: dict[str, int] = field(default_factory=dict)  # overdue by age band (t.BANDS)
    not_due: int = 0
    awaiting_verification: int = 0
    missed: int = 0
    na: int = 0
    near_bail: int = 0
    bail_accrued: int = 0
    on_time: dict[str, FormOnTime] = field(default_factory=dict)  # form -> entries due in the last 12 weeks
    last_visit: dt.date | None = None  # the station's latest inspection (as its bundles tell; None: none)
    last_visit_officer: str = ""
    last_visit_rank: str = ""  # the officer's rank code; "other:…" with the rank written in

    @property
    def imported(self) -> bool:
        return self.as_of is not None

    @property
    def on_time_total(self) -> FormOnTime:
        rows = list(self.on_time.values())
        return FormOnTime("", sum(r.due for r in rows), sum(r.on_time for r in rows), sum(r.late for r in rows),
                          sum(r.not_made for r in rows))

    def as_dict(self) -> dict:
        def iso(v):
            return None if v is None else v.isoformat()

        figures = {"pending": self.pending, "overdue": self.overdue,
                   "overdue_by_age": {b: self.bands.get(b, 0) for b in t.BANDS}, "not_due": self.not_due,
                   "awaiting_verification": self.awaiting_verification, "missed": self.missed, "na": self.na,
                   "near_default_bail": self.near_bail, "default_bail_accrued": self.bail_accrued,
                   "on_time_12w": {f or "other": o.as_dict() for f, o in sorted(self.on_time.items())},
                   "on_time_12w_total": self.on_time_total.as_dict()}
        if not self.imported:
            figures = {k: None for k in figures}
        return {"rank": self.rank, "station": self.code, "name": self.name, "district": self.district,
                "circle": self.circle, "station_uid": self.uid, **figures, "as_of": iso(self.as_of),
                "last_bundle": self.last_sequence, "last_bundle_made_utc": iso(self.last_made_utc),
                "last_imported_utc": iso(self.last_imported_utc), "silent_days": self.silent_days,
                "silent": self.silent, "needs_full": self.needs_full, "needs_full_reason": self.needs_full_reason}


def check_silent_days(value) -> int:
    from app.services.core.validate import parse_int

    return parse_int(value if value is not None else DEFAULT_SILENT_DAYS, _("Silent days"), minimum=1,
                     maximum=MAX_SILENT_DAYS)


def places(conn) -> list[tuple[str, str]]:
    """Every (district, circle) the rollup holds stations of, sorted."""
    return [tuple(r) for r in conn.execute(
        select(t.stations.c.district, t.stations.c.circle).distinct().order_by(t.stations.c.district,
                                                                               t.stations.c.circle))]


def check_scope(conn, district: str | None = None, circle: str | None = None) -> Scope:
    """The scope asked for, refused (``UserError``) when the rollup holds no station of that district or circle.
    A circle name alone is enough when only one district has it."""
    district = (district or "").strip() or None
    circle = (circle or "").strip() or None
    known = places(conn)
    if not known:
        raise UserError(_("This rollup has no station enrolled yet: enrol the stations' files first "
                          "(rollup enrol FILE)."))
    if district is not None and district not in {d for d, _c in known}:
        raise UserError(_("The rollup has no station of district '{district}'. Its districts: {known}.").format(
            district=district, known=", ".join(sorted({d for d, _c in known}))))
    if circle is not None:
        matches = [(d, c) for d, c in known if c == circle and (district is None or d == district)]
        if not matches:
            names = sorted({c or _("(no circle)") for d, c in known if district is None or d == district})
            raise UserError(_("The rollup has no station of circle '{circle}'. Its circles: {known}.").format(
                circle=circle, known=", ".join(names)))
        if district is None and len({d for d, _c in matches}) > 1:
            raise UserError(_("Circle '{circle}' is in more than one district ({districts}): name the district "
                              "too.").format(circle=circle, districts=", ".join(sorted({d for d, _c in matches}))))
    return Scope(district, circle)


def rank_key(row: StationRow) -> tuple:
    """Worst first: stations that never sent a bundle, then by overdue (the oldest band first), accused near
    default bail, missed periods, the verification backlog and pending; the code last, for a stable order."""
    b = row.bands
    return (row.imported, -b.get("90+", 0), -row.overdue, -row.near_bail, -row.missed, -row.awaiting_verification,
            -row.pending, row.code, row.uid)


def scoped_rows(conn, district: str | None = None, circle: str | None = None, *,
                silent_days: int = DEFAULT_SILENT_DAYS, today: dt.date | None = None,
                with_on_time: bool = True) -> tuple[Scope, list[StationRow]]:
    """``check_scope`` and ``station_rows`` in one: the scope is read from the rows themselves (a scope no station
    is in gives no row) and checked apart (``check_scope``'s message) only when that is so or the circle is in
    more than one district; the usual case sends no statement for the check."""
    district = (district or "").strip() or None
    circle = (circle or "").strip() or None
    rows = station_rows(conn, Scope(district, circle), silent_days=silent_days, today=today,
                        with_on_time=with_on_time)
    if not rows or (circle is not None and district is None and len({r.district for r in rows}) > 1):
        check_scope(conn, district, circle)  # raises the reason
    return Scope(district, circle), rows


def station_rows(conn, scope: Scope, *, silent_days: int = DEFAULT_SILENT_DAYS, today: dt.date | None = None,
                 with_on_time: bool = True) -> list[StationRow]:
    """The stations in ``scope`` with their figures, ranked worst first (``rank_key``): one statement, built once
    per kind of scope (its parameters are the scope's district and circle), reading each station's row and its
    figures row (written at its import: the totals, age bands, last visit and on time per form). Without
    ``with_on_time`` on time per form (which the ranking's order does not use) is not parsed: ``on_time`` stays
    empty."""
    today = today or clock.utcnow().date()
    params = {"district": scope.district, "circle": scope.circle}
    statement = _statement(scope.district is not None, scope.circle is not None)
    day = today.toordinal()
    keyed = [_keyed_row(r, day, silent_days, with_on_time) for r in fetch_all(conn, statement, params)]
    keyed.sort()  # by each row's rank_key, made from its values as read (unique: the uid is last in it)
    ranked = list(map(_ROW, keyed))
    for i, row in enumerate(ranked, 1):
        row.rank = i
    return ranked


_ROW = itemgetter(1)
_B1, _B2, _B3, _B4 = t.BANDS


def _keyed_row(r, day: int, silent_days: int, with_on_time: bool) -> tuple[tuple, StationRow]:
    """(``rank_key`` of the row, a station's row) from the ranking's statement (its columns in the order of
    ``_STATION_COLUMNS`` then ``_FIGURE_COLUMNS``, unpacked at once) on the day of ordinal ``day``. A district view
    makes one per station: the row is made by one call with every field, and its key from the values at hand."""
    (uid, code, name, district, circle, last_sequence, made, imported_utc, needs_full, reason, as_of, pending, overdue,
     not_due, awaiting, missed, na, near_bail, accrued, b1, b2, b3, b4, visit, officer, rank, rank_other,
     on_time) = r
    if made is None:
        days, silent = None, True
    else:
        days = day - made.toordinal()  # whole days since the bundle was made, as (today - made.date()).days
        if days < 0:
            days = 0
        silent = days >= silent_days
    code = code or ""
    if as_of is None:  # never imported: no figures (the fields' defaults), ranked first
        return (False, 0, 0, 0, 0, 0, 0, code, uid), StationRow(
            0, uid, code, name, district, circle or "", last_sequence, made, imported_utc, as_of, days, silent,
            bool(needs_full), needs_full_text(reason) if reason else "")
    bands = {}  # the bands holding entries, in t.BANDS' order (as rank_key and as_dict read them)
    if b1:
        bands[_B1] = b1
    if b2:
        bands[_B2] = b2
    if b3:
        bands[_B3] = b3
    if b4:
        bands[_B4] = b4
    return (True, -(b4 or 0), -overdue, -near_bail, -missed, -awaiting, -pending, code, uid), StationRow(
        0, uid, code, name, district, circle or "", last_sequence, made, imported_utc, as_of, days, silent,
        bool(needs_full), needs_full_text(reason) if reason else "", pending, overdue, bands, not_due, awaiting, missed,
        na, near_bail, accrued, _on_time(on_time) if with_on_time and on_time != "[]" else {}, visit, officer,
        "other:" + rank_other if rank == "other" else rank)


def _on_time(stored: str) -> dict[str, FormOnTime]:
    """A figures row's on time per form ([[form, due, on_time, late, not_made], …], rollup.figures.on_time_json);
    an unreadable one is empty. Each row gets its own dict; the tuples are shared (they cannot change)."""
    return dict(_parsed_on_time(stored))


@lru_cache(maxsize=2048)  # the state's 1,500 stations; at most a few MB
def _parsed_on_time(stored: str) -> dict[str, FormOnTime]:
    """The parse of one stored text, kept by that text (a station's changes only when an import rewrites its
    figures row): a district view opened again, or another circle's, does not parse every station's forms again
    (about 10 us a station: the tuples, made here without a Python loop over the forms)."""
    try:
        lists = orjson.loads(stored)
        if not isinstance(lists, list) or set(map(len, lists)) - {5}:
            return {}
        return dict(zip(map(_FIRST, lists), map(_MAKE, lists)))
    except (TypeError, ValueError):
        return {}


_FIRST = itemgetter(0)
_MAKE = partial(tuple.__new__, FormOnTime)  # a FormOnTime from its five values, without its generated __new__


_STATION_COLUMNS = ("station_uid", "code", "name", "district", "circle", "last_sequence", "last_made_utc",
                    "last_imported_utc", "needs_full", "needs_full_reason")
_FIGURE_COLUMNS = ("as_of", "pending", "overdue", "not_due", "awaiting_verification", "missed", "na", "near_bail",
                   "bail_accrued", "band_0_7", "band_8_30", "band_31_90", "band_90", "last_visit", "last_visit_officer",
                   "last_visit_rank", "last_visit_rank_other", "on_time_12w")
_BUILT: dict[tuple[bool, bool], object] = {}


def _statement(by_district: bool, by_circle: bool):
    """The stations with their figures rows, for a kind of scope. Built once: a statement object made once keeps
    its compiled form and its cache key (SQLAlchemy memoises both)."""
    key = (by_district, by_circle)
    if key not in _BUILT:
        s, f = t.stations, t.station_figures
        where = ([s.c.district == bindparam("district")] if by_district else []) + \
                ([s.c.circle == bindparam("circle")] if by_circle else [])
        _BUILT[key] = (select(*[s.c[n] for n in _STATION_COLUMNS], *[f.c[n] for n in _FIGURE_COLUMNS])
                       .select_from(s.outerjoin(f, f.c.station_uid == s.c.station_uid)).where(*where))
    return _BUILT[key]


@dataclass(frozen=True)
class Totals:
    stations: int
    imported: int
    silent: int
    pending: int
    overdue: int
    bands: dict[str, int]
    awaiting_verification: int
    missed: int
    near_bail: int
    on_time: FormOnTime

    def as_dict(self) -> dict:
        return {"stations": self.stations, "imported": self.imported, "silent": self.silent,
                "pending": self.pending, "overdue": self.overdue,
                "overdue_by_age": {b: self.bands.get(b, 0) for b in t.BANDS},
                "awaiting_verification": self.awaiting_verification, "missed": self.missed,
                "near_default_bail": self.near_bail, "on_time_12w_total": self.on_time.as_dict()}


def totals(rows: list[StationRow]) -> Totals:
    got = [r for r in rows if r.imported]
    ot = [r.on_time_total for r in got]
    return Totals(len(rows), len(got), sum(r.silent for r in rows), sum(r.pending for r in got),
                  sum(r.overdue for r in got), {b: sum(r.bands.get(b, 0) for r in got) for b in t.BANDS},
                  sum(r.awaiting_verification for r in got), sum(r.missed for r in got),
                  sum(r.near_bail for r in got),
                  FormOnTime("", sum(o.due for o in ot), sum(o.on_time for o in ot), sum(o.late for o in ot),
                             sum(o.not_made for o in ot)))
