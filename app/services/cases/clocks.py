"""The statutory clocks: every accused still in custody on a case whose chargesheet is not filed, with his
default-bail day (BNSS 187(3) = CrPC 167(2); NDPS 36A(4)), the IO and what is still owed on the case.

A day already passed means default bail has accrued (he may be released on it the moment he applies):
those come first, then the soonest. An older first remand recorded without an accused is listed as an
accused not named (his custody is not recorded, so he is taken to be in custody).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.models.staff import Person
from app.services.cases.accused import accused_label, bail_terms, clock_of
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.obligations import (
    CLOCKS_CHUNK as CHUNK,
    OPEN_STATUSES,
    REMAND_KINDS,
    clocks_by_case,
    load_rules,
    open_at,
    rows_in_session,
)
from app.services.storage import Database

MAX_WITHIN_DAYS = 3650
INVESTIGATION_ENDS = ("final-report", "disposal", "transfer-out")  # no default bail once the chargesheet is filed
CHARGESHEET_DUTY = "C-4"  # IIF-5, the final report: made in CAS once the report is filed
MADE_STATUSES = ("entered", "verified")


@dataclass(frozen=True)
class OwedEntry:
    id: int
    duty_code: str
    form: str | None
    due_at: dt.datetime | None
    person: str | None
    overdue: bool

    def as_dict(self) -> dict:
        return {"id": self.id, "duty": self.duty_code, "form": self.form, "due": self.due_at,
                "person": self.person, "overdue": self.overdue}


@dataclass(frozen=True)
class ClockRow:
    case_id: int
    case_label: str
    accused_id: int | None
    accused: str
    remand_at: dt.datetime  # his first remand: day 1
    period_days: int
    extended: bool  # a court extended his period (NDPS 36A(4) proviso)
    default_bail_at: dt.datetime  # the end of his last day
    days_left: int  # whole days from today to his last day: 0 = today is the last day, < 0 = default bail accrued
    io_person_id: int | None
    io: str | None
    punishment_class: str | None
    owed: tuple[OwedEntry, ...]  # the case's entries still to be made, by due date
    accused_name: str = ""  # as recorded ("" when not recorded yet); ``accused`` is the label shown

    @property
    def accrued(self) -> bool:
        return self.days_left < 0

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case": self.case_label, "accused_id": self.accused_id,
                "accused": self.accused, "first_remand_at": self.remand_at, "period_days": self.period_days,
                "extended": self.extended, "default_bail_at": self.default_bail_at,
                "last_day": self.default_bail_at.date(), "days_left": self.days_left,
                "default_bail_accrued": self.accrued, "io_person_id": self.io_person_id, "io": self.io,
                "punishment_class": self.punishment_class, "owed": [o.as_dict() for o in self.owed]}


def check_within(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        n = -1
    if not 0 <= n <= MAX_WITHIN_DAYS:
        raise UserError(_("The number of days must be a whole number from 0 to {max}.").format(max=MAX_WITHIN_DAYS))
    return n


def statutory_clocks(db: Database, within_days=None, *, as_of: dt.datetime | None = None) -> list[ClockRow]:
    """Every accused in custody on an FIR still under investigation whose default-bail day falls within
    ``within_days`` days from today (None: all of them), passed days included; the most urgent first.
    ``as_of`` (a past moment): as things stood then (remands, bails and the chargesheet up to it).

    A fixed number of queries per chunk of cases, whatever the number of cases (no query per case)."""
    within = check_within(within_days)
    live = as_of is None or as_of >= clock.now()
    now = clock.now() if live else as_of
    today = now.date()
    limit = today + dt.timedelta(days=within) if within is not None else None
    with db.session() as s:
        rules = load_rules(s)
        found = _clocks_due(s, _under_investigation(s, live, now), rules, now, limit, live)
        out = _clock_rows(s, found, rules, now, live)
    out.sort(key=lambda r: (r.default_bail_at, r.case_id, r.accused_id or 0))
    return out


def _under_investigation(s, live: bool, now: dt.datetime) -> list[int]:
    """The FIRs with a remand whose investigation had not ended at ``now``: no end recorded as an event, and
    the chargesheet's own CAS entry (IIF-5) not made by then."""
    q = (select(Event.case_id).join(Case, Case.id == Event.case_id)
         .where(Event.kind.in_(REMAND_KINDS), Case.kind == "fir").distinct())
    if live:
        q = q.where(Case.status == "open")
    else:
        q = q.where(Event.occurred_at <= now)
    candidates = list(s.scalars(q))
    chargesheet = select(Duty.id).where(Duty.code == CHARGESHEET_DUTY).scalar_subquery()
    ended: set[int] = set()
    for i in range(0, len(candidates), CHUNK):
        chunk = candidates[i:i + CHUNK]
        ended.update(s.scalars(select(Event.case_id).where(Event.case_id.in_(chunk),
                                                           Event.kind.in_(INVESTIGATION_ENDS),
                                                           Event.occurred_at <= now)))
        # read by case (its index), then judged here. "+ 0" keeps SQLite off the index on duty_id, which it
        # would otherwise choose (it has no statistics): that walks every chargesheet entry of the station
        ended.update(cid for cid, status, made_at in s.execute(
            select(Obligation.case_id, Obligation.status, Obligation.entered_at)
            .where(Obligation.case_id.in_(chunk), (Obligation.duty_id + 0).in_(chargesheet)))
            if status in MADE_STATUSES and made_at is not None and made_at <= now)
    return sorted(cid for cid in candidates if cid not in ended)


def _clocks_due(s, case_ids: list[int], rules, now: dt.datetime, limit: dt.date | None, live: bool) -> list:
    """(case, its default-bail terms, [(clock, due)]) for each case with an accused still in custody whose
    last day falls by ``limit`` (None: any day)."""
    clocks = clocks_by_case(s, case_ids, None if live else now)
    cases_by_id = {}
    for i in range(0, len(case_ids), CHUNK):
        cases_by_id.update({c.id: c for c in s.scalars(select(Case).where(Case.id.in_(case_ids[i:i + CHUNK])))})
    found = []
    for cid in case_ids:
        c = cases_by_id[cid]
        terms = bail_terms(s, c, rules)
        if not terms:
            continue
        rows = []
        for clk in clocks.get(cid, ()):
            if clk.custody_ended_at is not None and clk.custody_ended_at <= now:
                continue  # out on bail or released: no default bail at stake
            due = clock_of(terms, clk, c)
            if due is None or (limit is not None and due.due_at.date() > limit):
                continue
            rows.append((clk, due))
        if rows:
            found.append((c, terms, rows))
    return found


def _clock_rows(s, found: list, rules, now: dt.datetime, live: bool) -> list[ClockRow]:
    """The rows of ``_clocks_due``'s cases: each case's open entries, its IO and its accused's names read
    for all the cases at once."""
    from app.services.catalogue import case_label

    wanted = [c.id for c, _terms, _rows in found]
    owed_by_case = _owed_by_case(s, wanted, now, live)
    io_ids = sorted({c.io_person_id for c, _terms, _rows in found if c.io_person_id})
    ios: dict[int, str] = {}
    names: dict[int, str] = {}
    for i in range(0, max(len(io_ids), len(wanted)), CHUNK):
        if io_ids[i:i + CHUNK]:
            ios.update(s.execute(select(Person.id, Person.name).where(Person.id.in_(io_ids[i:i + CHUNK]))).all())
        if wanted[i:i + CHUNK]:
            names.update(s.execute(select(Accused.id, Accused.name)
                                   .where(Accused.case_id.in_(wanted[i:i + CHUNK]))).all())
    today = now.date()
    out = []
    for c, terms, rows in found:
        label = case_label(c.kind, c.number, c.year, c.id, c.act, c.sections)  # shown in each reader's language
        io = ios.get(c.io_person_id) if c.io_person_id else None
        owed = tuple(owed_by_case.get(c.id, ()))
        for clk, due in rows:
            name = names.get(clk.accused_id, "")
            out.append(ClockRow(c.id, label, clk.accused_id, accused_label(clk.accused_id, name), clk.remand_at,
                                due.days, bool(clk.extended_days) and due.days > min(t.days for t in terms),
                                due.due_at, (due.due_at.date() - today).days, c.io_person_id, io,
                                c.punishment_class, owed, name))
    return out


def _owed_by_case(s, case_ids: list[int], now: dt.datetime, live: bool) -> dict[int, list[OwedEntry]]:
    """The cases' entries still to be made at ``now``, by case, soonest due first."""
    still = Obligation.status.in_(OPEN_STATUSES) if live else open_at(now)
    ob_ids = []
    for i in range(0, len(case_ids), CHUNK):
        ob_ids += s.scalars(select(Obligation.id).where(Obligation.case_id.in_(case_ids[i:i + CHUNK]), still))
    owed: dict[int, list[OwedEntry]] = {}
    for r in sorted(rows_in_session(s, ob_ids, None if live else now), key=lambda r: (r.due_at, r.id)):
        owed.setdefault(r.case_id, []).append(OwedEntry(r.id, r.duty_code, r.form, r.due_at, r.person, r.overdue))
    return owed


# --- arrested, not yet produced before a Magistrate (BNSS 58 = CrPC 57) ------------------------------

PRODUCE_HOURS = 24  # BNSS 58: not beyond 24 hours of the arrest, the journey to the Magistrate's court excluded
PRODUCE_RECENT_DAYS = 7  # an older arrest with no remand recorded is a record not kept, not a man still held


@dataclass(frozen=True)
class ProduceRow:
    """An accused arrested on an open FIR and since then neither remanded nor bailed or released: he must be
    produced before a Magistrate by ``produce_by`` (arrest + 24 hours; the journey's time is added to it)."""
    case_id: int
    case_label: str
    accused_id: int
    accused: str
    arrested_at: dt.datetime
    produce_by: dt.datetime
    hours_left: int  # whole hours from now to ``produce_by`` (rounded down); < 0: the 24 hours have passed
    io_person_id: int | None
    io: str | None

    @property
    def passed(self) -> bool:
        return self.hours_left < 0

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case": self.case_label, "accused_id": self.accused_id,
                "accused": self.accused, "arrested_at": self.arrested_at, "produce_by": self.produce_by,
                "hours_left": self.hours_left, "passed": self.passed, "io_person_id": self.io_person_id,
                "io": self.io}


def awaiting_production(db: Database) -> list[ProduceRow]:
    """Each accused arrested in the last ``PRODUCE_RECENT_DAYS`` days on an open FIR with no remand, bail or
    release recorded since his latest arrest (BNSS 58), the soonest deadline first."""
    from app.services.catalogue import case_label

    now = clock.now()
    with db.session() as s:
        latest = dict(s.execute(
            select(Event.accused_id, func.max(Event.occurred_at)).join(Case, Case.id == Event.case_id)
            .where(Event.kind == "arrest", Event.accused_id.is_not(None), Case.kind == "fir", Case.status == "open",
                   Event.occurred_at <= now, Event.occurred_at >= now - dt.timedelta(days=PRODUCE_RECENT_DAYS))
            .group_by(Event.accused_id)).all())
        ids = sorted(latest)
        remanded: dict[int, dt.datetime] = {}
        people: dict[int, Accused] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            remanded.update(s.execute(select(Event.accused_id, func.max(Event.occurred_at))
                                      .where(Event.accused_id.in_(chunk), Event.kind.in_(REMAND_KINDS))
                                      .group_by(Event.accused_id)).all())
            people.update({a.id: a for a in s.scalars(select(Accused).where(Accused.id.in_(chunk)))})
        out = []
        for aid in ids:
            arrested, a = latest[aid], people[aid]
            out_since = [t for t in (remanded.get(aid), a.bailed_at, a.released_at) if t is not None and t >= arrested]
            if out_since:
                continue  # produced (remanded), or let go on bail or otherwise
            c = s.get(Case, a.case_id)
            by = arrested + dt.timedelta(hours=PRODUCE_HOURS)
            left = (by - now).total_seconds() / 3600
            io = s.get(Person, c.io_person_id).name if c.io_person_id else None
            out.append(ProduceRow(c.id, case_label(c.kind, c.number, c.year, c.id, c.act, c.sections), aid, accused_label(aid, a.name),
                                  arrested, by, math.floor(left), c.io_person_id, io))
    out.sort(key=lambda r: (r.produce_by, r.case_id, r.accused_id))
    return out
