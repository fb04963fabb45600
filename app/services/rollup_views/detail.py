"""``rollup station CODE``: one station drilled down — its roles, its persons and their entries, its 12-week
trend and on-time share per form — from the precomputed rows, and its pending entries (that station's rows only,
by the rollup's index on station and status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.i18n import N_, _
from app.services.core.errors import UserError
from app.services.rollup_views import records as rec
from app.services.rollup_views import tables as t
from app.services.rollup_views.ranking import FormOnTime, Scope, StationRow, station_rows

DEFAULT_ENTRIES = 200
MAX_ENTRIES = 100_000


@dataclass
class Tally:
    """Entries of a role or a person at the station's moment, by status and age."""

    pending: int = 0
    overdue: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    awaiting_verification: int = 0
    missed: int = 0

    def add(self, status: str, band: str, n: int) -> None:
        if status == "pending":
            self.pending += n
            if band in t.BANDS:
                self.overdue += n
                self.bands[band] = self.bands.get(band, 0) + n
        elif status == "entered":
            self.awaiting_verification += n
        elif status == "missed":
            self.missed += n

    def as_dict(self) -> dict:
        return {"pending": self.pending, "overdue": self.overdue,
                "overdue_by_age": {b: self.bands.get(b, 0) for b in t.BANDS},
                "awaiting_verification": self.awaiting_verification, "missed": self.missed}


@dataclass
class RoleLine:
    code: str
    section: str
    name_hi: str
    name_en: str
    tally: Tally

    def name(self, lang: str) -> str:
        return self.name_hi if lang == "hi" else self.name_en


MISSING_PERSON = N_("person #{id} (not in the bundle)")
MISSING_CASE = N_("case #{id} (not in the bundle)")


def missing_person(person_id: int, tr=_) -> str:
    """How every view names a person an entry points at whom the station's bundles never carried (only the
    station's own key can sign such a file): the same words in the CLI, its JSON, the window and the documents
    (``tr``: a document's language)."""
    return tr(MISSING_PERSON).format(id=person_id)


def missing_case(case_id: int, tr=_) -> str:
    """How every view names a case an entry points at that the station's bundles never carried."""
    return tr(MISSING_CASE).format(id=case_id)


@dataclass
class PersonLine:
    person_id: int | None  # None: entries nobody owes (no holder of the role)
    name: str  # for a person not in the bundle: ``missing_person``
    rank: str
    pno: str
    active: bool
    roles: list[str]
    tally: Tally
    in_bundle: bool = True  # False: the entries name a person the bundles never carried

    def name_text(self, tr) -> str:
        """The name in a document's or window's language (``tr``); "" for nobody."""
        return self.name if self.in_bundle else missing_person(self.person_id, tr)


@dataclass(frozen=True)
class EntryLine:
    origin_id: int
    duty_code: str
    role_code: str
    form: str
    person: str  # "" when nobody owes it; ``missing_person`` when the bundles never carried the person
    case: str  # "" when the entry has no case; ``missing_case`` when the bundles never carried the case
    due_at: dt.datetime | None
    days_overdue: int | None  # whole days past due at the station's moment (None: not due yet)
    person_id: int | None = None
    case_id: int | None = None
    person_in_bundle: bool = True
    case_in_bundle: bool = True

    def person_text(self, tr) -> str:
        """The person in a document's language (``tr``); "" when nobody owes the entry."""
        return missing_person(self.person_id, tr) if not self.person_in_bundle else self.person

    def case_text(self, tr) -> str:
        return missing_case(self.case_id, tr) if not self.case_in_bundle else self.case


@dataclass(frozen=True)
class Week:
    start: dt.date
    due: int
    on_time: int
    late: int
    missed: int
    still_pending: int
    made: int
    verified: int

    def as_dict(self) -> dict:
        return {"week_start": self.start.isoformat(), "due": self.due, "on_time": self.on_time, "late": self.late,
                "missed": self.missed, "still_pending": self.still_pending, "made": self.made,
                "verified": self.verified}


@dataclass
class StationDetail:
    row: StationRow
    rank_in: int  # stations ranked in its circle
    roles: list[RoleLine]
    persons: list[PersonLine]
    entries: list[EntryLine]
    entries_total: int
    weeks: list[Week]
    on_time_all: dict[str, FormOnTime]
    last_visit: dict | None  # the latest inspection record

    def as_dict(self) -> dict:
        visit = None
        if self.last_visit:
            visit = {"visit_date": self.last_visit.get("visit_date"), "officer": self.last_visit.get("officer_name"),
                     "rank": self.last_visit.get("officer_rank"), "surprise": bool(self.last_visit.get("surprise"))}
        return {
            **self.row.as_dict(), "stations_in_circle": self.rank_in,
            "roles": [{"role": r.code, "section": r.section, "name_hi": r.name_hi, "name_en": r.name_en,
                       **r.tally.as_dict()} for r in self.roles],
            "persons": [{"person_id": p.person_id, "name": p.name, "rank": p.rank, "pno": p.pno, "active": p.active,
                         "in_bundle": p.in_bundle, "roles": p.roles, **p.tally.as_dict()} for p in self.persons],
            "entries": [{"id": e.origin_id, "duty": e.duty_code, "role": e.role_code, "form": e.form,
                         "person": e.person, "person_id": e.person_id, "person_in_bundle": e.person_in_bundle,
                         "case": e.case, "case_id": e.case_id, "case_in_bundle": e.case_in_bundle,
                         "due_at": e.due_at.isoformat() if e.due_at else None,
                         "days_overdue": e.days_overdue} for e in self.entries],
            "entries_total": self.entries_total,
            "weeks": [w.as_dict() for w in self.weeks],
            "on_time_all": {f or "other": o.as_dict() for f, o in sorted(self.on_time_all.items())},
            "last_inspection": visit,
        }


def find_station_row(conn, code: str) -> tuple[str, str, str]:
    """(uid, district, circle) of the station with this code or uid; ``UserError`` when none or several."""
    s = t.stations
    code = (code or "").strip()
    if not code:
        raise UserError(_("Name the station: its code or its uid."))
    found = conn.execute(select(s.c.station_uid, s.c.district, s.c.circle)
                         .where(or_(s.c.code == code, s.c.station_uid == code.lower()))).all()
    if not found:
        raise UserError(_("The rollup has no station '{code}'. 'rollup stations' lists them.").format(code=code))
    if len(found) > 1:
        raise UserError(_("More than one station has the code '{code}': name it by its uid.").format(code=code))
    return found[0].station_uid, found[0].district, found[0].circle or ""


def station_detail(conn, code: str, *, person_id: int | None = None, unassigned: bool = False,
                   role: str | None = None, limit: int = DEFAULT_ENTRIES, silent_days: int = 14,
                   today: dt.date | None = None) -> StationDetail:
    uid, district, circle = find_station_row(conn, code)
    ranked = station_rows(conn, Scope(district, circle), silent_days=silent_days, today=today)
    row = next(r for r in ranked if r.uid == uid)
    names = rec.role_names(conn, [(district, uid)])
    roles: dict[str, RoleLine] = {c: RoleLine(c, v[0], v[1], v[2], Tally()) for c, v in
                                  sorted(names.items(), key=lambda kv: (kv[1][3], kv[0]))}
    c = t.counts
    for rc, status, band, n in conn.execute(
            select(c.c.role_code, c.c.status, c.c.age_band, func.sum(c.c.n)).where(c.c.station_uid == uid)
            .group_by(c.c.role_code, c.c.status, c.c.age_band)):
        line = roles.setdefault(rc, RoleLine(rc, "", rc, rc, Tally()))
        line.tally.add(status, band, int(n))
    persons_rec = rec.records(conn, district, uid, "persons")
    people: dict[int | None, PersonLine] = {}
    pc = t.person_counts
    for pid, rc, status, band, n in conn.execute(
            select(pc.c.person_id, pc.c.role_code, pc.c.status, pc.c.age_band, func.sum(pc.c.n))
            .where(pc.c.station_uid == uid).group_by(pc.c.person_id, pc.c.role_code, pc.c.status, pc.c.age_band)):
        line = people.get(pid)
        if line is None:
            line = people[pid] = _person_line(pid, persons_rec)
        if rc not in line.roles:
            line.roles.append(rc)
        line.tally.add(status, band, int(n))
    persons = sorted(people.values(), key=lambda p: (p.person_id is not None, -p.tally.overdue, -p.tally.pending,
                                                     p.name))
    entries, total = _entries(conn, uid, row, persons_rec, person_id=person_id, unassigned=unassigned, role=role,
                              limit=limit)
    w = t.weekly
    weeks = [Week(r.week_start, r.due, r.on_time, r.late, r.missed, r.still_pending, r.made, r.verified)
             for r in conn.execute(select(w).where(w.c.station_uid == uid).order_by(w.c.week_start))]
    o = t.form_ontime
    on_time_all = {r.form: FormOnTime(r.form, r.due, r.on_time, r.late, r.not_made) for r in conn.execute(
        select(o.c.form, o.c.due, o.c.on_time, o.c.late, o.c.not_made).where(o.c.station_uid == uid,
                                                                              o.c.period == "all"))}
    return StationDetail(row, len(ranked), list(roles.values()), persons, entries, total, weeks[-12:], on_time_all,
                         rec.last_visits(conn, [(district, uid)]).get(uid))


def _person_line(pid: int | None, persons_rec: dict) -> PersonLine:
    p = persons_rec.get(str(pid)) if pid is not None else {}
    if p is None:
        return PersonLine(pid, missing_person(pid), "", "", True, [], Tally(), in_bundle=False)
    return PersonLine(pid, p.get("name") or "", p.get("rank") or "", p.get("pno") or "", bool(p.get("active", True)),
                      [], Tally())


def _entry_line(r, persons_rec: dict, cases: dict, as_of) -> EntryLine:
    from app.services.catalogue import case_label

    p = persons_rec.get(str(r.person_id)) if r.person_id is not None else {}
    cs = cases.get(str(r.case_id)) if r.case_id is not None else {}
    person = missing_person(r.person_id) if p is None else (p.get("name") or "")
    if cs is None:
        label = missing_case(r.case_id)
    else:
        label = str(case_label(cs.get("kind"), cs.get("number"), cs.get("year"), r.case_id)) if cs else ""
    days = None
    if as_of is not None and r.due_at is not None and r.due_at < as_of:
        days = (as_of - r.due_at).days
    return EntryLine(r.origin_id, r.duty_code or "", r.role_code, r.form or "", person, label, r.due_at, days,
                     r.person_id, r.case_id, p is not None, cs is not None)


def _entries(conn, uid: str, row: StationRow, persons_rec: dict, *, person_id, unassigned, role, limit):
    """The station's pending entries, the longest overdue first, with their person and case."""
    e = t.entries
    where = [e.c.station_uid == uid, e.c.status == "pending"]
    if person_id is not None:
        where.append(e.c.person_id == person_id)
    if unassigned:
        where.append(e.c.person_id.is_(None))
    if role:
        where.append(e.c.role_code == role)
    total = conn.execute(select(func.count()).select_from(e).where(*where)).scalar_one()
    cols = (e.c.origin_id, e.c.duty_code, e.c.role_code, e.c.form, e.c.person_id, e.c.case_id, e.c.due_at)
    # due first, in the order of the (station, status, due) index; the few without a due time after them
    found = conn.execute(select(*cols).where(*where, e.c.due_at.is_not(None)).order_by(e.c.due_at, e.c.origin_id)
                         .limit(limit)).all()
    if len(found) < limit:
        found += conn.execute(select(*cols).where(*where, e.c.due_at.is_(None)).order_by(e.c.origin_id)
                              .limit(limit - len(found))).all()
    cases = rec.records(conn, row.district, uid, "cases", [r.case_id for r in found])
    out = [_entry_line(r, persons_rec, cases, row.as_of) for r in found]
    return out, int(total)
