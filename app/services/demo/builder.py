"""A demo station: a busy UP police station's years of work, for trying the app and for benchmarks.

About 3,000 FIRs a year with their arrests, remands, seizures, case diaries, chargesheets and court
outcomes, plus NCRs, MLCs, missing persons, complaints, citizen services, data-bank entries and the
daily recurring duties; staff who come and go (with the odd day when a role has no holder); entries
made on time, late, still pending, overdue, verified, not applicable, and missed days when the app
was closed. Obligations come from the same rules (``rules.py``) and owner logic as the services;
everything is inserted with bulk Core inserts in one transaction. Five years ≈ 250k obligations.

A new file only: an existing database is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment, Station
from app.services import audit
from app.services.core import clock
from app.services.station import open_database
from app.services.cases import classify_punishment
from app.services.demo.extras import DEMO_SETTING, add_extras
from app.services.demo.names import OFFENCES, person_name
from app.services.core.settings import put_setting
from app.services.obligations import DutyCache, period_end_moment, period_of
from app.services.core.errors import UserError
from app.services.obligations import RuleInfo, load_rules, pick_term
from app.services.access import SYSTEM

Progress = Callable[[float, str], None]

# yearly counts of the other kinds of case
OTHER_KINDS = {
    "ncr": 1300, "mlc": 350, "missing": 140, "unidentified-person": 8, "unidentified-body": 12,
    "unnatural-death": 35, "lost-property": 450, "missing-cattle": 25, "fire": 18, "complaint": 1300,
    "citizen-service": 600, "citizen-info": 20, "preventive-action": 250, "externment": 4, "stranger-roll": 30,
    "dead-animal": 10, "reward-criminal": 3, "arms-licence": 20, "firing": 1, "senior-citizen": 40,
    "single-woman": 15, "drug-peddler": 6, "sex-offender": 4, "gang": 1, "gang-activity": 3, "gang-member": 4,
}
ROLE_PLAN = {  # role: (slots held at once, tenure days min..max, gap days max, rank)
    "sho": (1, 300, 700, 6, "Inspector"),
    "mohrir": (2, 400, 900, 4, "Head Constable"),
    "io": (9, 300, 1000, 10, "Sub-Inspector"),
    "operator": (2, 500, 1100, 3, "Constable"),
    "court": (2, 500, 1200, 5, "Head Constable"),
}
NA_REASONS = ("दूसरे मुकदमे में पहले से दर्ज", "Entered under the case it was merged with", "Duplicate entry in CAS")


@dataclass(frozen=True)
class DemoResult:
    path: Path
    years: int
    seed: int
    persons: int
    cases: int
    events: int
    obligations: int
    seconds: float
    registers: dict = field(default_factory=dict)  # equipment, faults, … and the demo accounts' user names

    def as_dict(self) -> dict:
        return {"path": str(self.path), "years": self.years, "seed": self.seed, "persons": self.persons,
                "cases": self.cases, "events": self.events, "obligations": self.obligations,
                "seconds": round(self.seconds, 2), "registers": self.registers}


def build_demo(path: Path | str, *, years: int = 5, seed: int = 1, progress: Progress | None = None) -> DemoResult:
    """Build a demo station in a new database file at ``path`` (refused if the file exists)."""
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 10:
        raise UserError(_("The demo covers 1 to 10 years."))
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise UserError(_("The seed must be a whole number."))
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise UserError(_("{path} already exists. The demo is built only in a new file, so no data is overwritten.")
                        .format(path=path))
    started = time.perf_counter()
    report = progress or (lambda _f, _m: None)
    report(0.0, _("Creating the database…"))
    db = open_database(path)
    try:
        with db.session() as s:
            # the accused's own draws come from a second generator, so the rest of a seed's station stays as it was
            gen = _Generator(s, random.Random(seed), years, report, random.Random(f"accused-{seed}"))
            counts = gen.run()
            put_setting(s, DEMO_SETTING, "1")
            audit.record(s, SYSTEM, "demo.build", "station", gen.station_id,
                         after={"years": years, "seed": seed, **counts})
        report(0.985, _("Equipment, handholding, inspections and accounts…"))
        current, since = gen.staff.in_post(gen.today)
        extras = add_extras(db, seed=seed, now=gen.now, start=gen.start, current=current, since=since)
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            leftover = path.with_name(path.name + suffix)
            if leftover.exists():
                leftover.unlink()
        raise
    db.close()
    report(1.0, _("Done."))
    return DemoResult(path, years, seed, counts["persons"], counts["cases"], counts["events"],
                      counts["obligations"] + extras.instructions,  # each instruction is an entry owed
                      time.perf_counter() - started, extras.as_dict())


class _Staff:
    """Who held which role when (historic holders included), and each person's successor."""

    def __init__(self, rng: random.Random, start: dt.date, today: dt.date):
        self.persons: list[dict] = []
        self.assignments: list[dict] = []
        self.by_role: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
        self.successor: dict[int, int] = {}
        self.end_of: dict[int, dt.date] = {}
        pnos = set()
        for role, (slots, low, high, gap, rank) in ROLE_PLAN.items():
            for _slot in range(slots):
                day = start - dt.timedelta(days=rng.randint(0, low))
                prev = None
                while day <= today:
                    pid = len(self.persons) + 1
                    tenure = rng.randint(low, high)
                    end = day + dt.timedelta(days=tenure - 1)
                    next_start = end + dt.timedelta(days=1 + rng.randint(0, gap))
                    current = next_start > today  # nobody comes after: still in post
                    while (pno := str(rng.randint(10**8, 10**9 - 1))) in pnos:
                        pass
                    pnos.add(pno)
                    self.persons.append(dict(id=pid, name=person_name(rng), rank=rank, pno=pno, cctns_user_id=None,
                                             active=current, created_at=dt.datetime.combine(day, dt.time(10))))
                    self.assignments.append(dict(person_id=pid, role_code=role, from_date=day,
                                                 to_date=None if current else end, note=""))
                    self.by_role.setdefault(role, []).append((day, dt.date.max if current else end, pid))
                    self.end_of[pid] = dt.date.max if current else end
                    if prev is not None:
                        self.successor[prev] = pid
                    prev = pid
                    day = next_start
        for role in self.by_role:
            self.by_role[role].sort()
        self._memo: dict[tuple[str, dt.date], int | None] = {}
        self._all_memo: dict[tuple[str, dt.date], list[int]] = {}

    def holder(self, role: str, on: dt.date) -> int | None:
        key = (role, on)
        if key not in self._memo:
            self._memo[key] = next((pid for s, e, pid in self.by_role[role] if s <= on <= e), None)
        return self._memo[key]

    def holders(self, role: str, on: dt.date) -> list[int]:
        key = (role, on)
        if key not in self._all_memo:
            self._all_memo[key] = [pid for s, e, pid in self.by_role[role] if s <= on <= e]
        return self._all_memo[key]

    def in_post(self, today: dt.date) -> tuple[dict[str, list[int]], dict[int, dt.date]]:
        """Role → who holds it on ``today`` (the longest in post first), and when each of them began."""
        current: dict[str, list[int]] = {}
        since: dict[int, dt.date] = {}
        for role, spans in self.by_role.items():
            for start, end, pid in spans:  # sorted by start
                if start <= today <= end and self.end_of.get(pid) == dt.date.max:
                    current.setdefault(role, []).append(pid)
                    since[pid] = start
        return current, since

    def current(self, pid: int | None) -> int | None:
        """The person now doing the work ``pid`` did: ``pid`` or their successor's successor …"""
        seen = 0
        while pid is not None and self.end_of.get(pid) != dt.date.max and seen < 50:
            pid = self.successor.get(pid)
            seen += 1
        return pid


class _Generator:
    def __init__(self, session, rng: random.Random, years: int, report: Progress,
                 accused_rng: random.Random | None = None):
        self.s, self.rng, self.report = session, rng, report
        self.accused_rng = accused_rng or random.Random(0)
        self.accused: list[dict] = []
        self.now = clock.now()
        self.today = self.now.date()
        self.start = self.today - dt.timedelta(days=round(365.25 * years))
        self.years = years
        self.rules = load_rules(session)
        self.duties = DutyCache(session)
        self.staff = _Staff(rng, self.start, self.today)
        self.obligations: list[dict] = []
        self.events: list[dict] = []
        self.cases: list[dict] = []
        self.numbers: dict[tuple[str, int], int] = {}
        self.cas_serial = 0
        self.closed_days = self._closed_days()

    # --- the pieces ------------------------------------------------------------------------------

    def _closed_days(self) -> set[dt.date]:
        """A few stretches a year when nobody opened the app (festivals, a dead PC, no power)."""
        days: set[dt.date] = set()
        for _i in range(self.years * 3):
            first = self.start + dt.timedelta(days=self.rng.randint(0, (self.today - self.start).days - 10))
            for k in range(self.rng.randint(2, 6)):
                days.add(first + dt.timedelta(days=k))
        return days

    def _case_number(self, kind: str, year: int) -> int:
        n = self.numbers.get((kind, year), 0) + 1
        self.numbers[(kind, year)] = n
        return n

    def _status(self, ob: dict, owner: int | None, *, recurring: bool = False) -> None:
        rng, now, due, anchor = self.rng, self.now, ob["due_at"], ob["anchor_at"]
        status, entered_at = "pending", None
        if due > now:
            if anchor < now and rng.random() < 0.25:
                status, entered_at = "entered", anchor + (now - anchor) * rng.random()
        else:
            age = (now - due).days
            p_open = 0.35 if age < 3 else 0.15 if age < 14 else 0.06 if age < 60 else 0.025 if age < 365 else 0.008
            if recurring:
                p_open /= 3
            r = rng.random()
            if r < p_open:
                status = "pending"
            elif r < p_open + 0.012 and not recurring:
                status = "na"
            else:
                status = "entered"
                if rng.random() < 0.8:
                    entered_at = anchor + (due - anchor) * rng.random()
                else:
                    entered_at = min(now, due + dt.timedelta(hours=rng.expovariate(1 / 60)))
        ob["status"] = status
        if status == "entered":
            entered_at = entered_at.replace(microsecond=0)
            self.cas_serial += 1
            ob.update(entered_at=entered_at, entered_by_id=owner,
                      cas_ref=f"{ob['form'] or 'CAS'}/{entered_at.year}/{self.cas_serial:06d}")
            if entered_at < now - dt.timedelta(days=3) and rng.random() < 0.75:
                verified_at = min(now, entered_at + dt.timedelta(hours=rng.randint(4, 120)))
                sho = self.staff.holder("sho", verified_at.date())
                if sho is not None:
                    ob.update(status="verified", verified_by_id=sho, verified_at=verified_at)
        elif status == "na":
            ob.update(na_reason=rng.choice(NA_REASONS), na_by_id=self.staff.holder("sho", due.date()),
                      na_at=min(now, due + dt.timedelta(days=1)))

    def _obligation(self, rule: RuleInfo, anchors: dict, *, case: dict | None, event_id: int | None,
                    io_at: Callable[[dt.datetime], int | None] | None, current_io: int | None) -> None:
        picked = pick_term(rule, anchors)
        duty = self.duties.get(rule.duty_code)
        if picked is None or duty is None:
            return
        term, anchor_at = picked
        due = term.due_from(anchor_at)
        if rule.owner == "case_io":
            role, owner = "io", (io_at(anchor_at) if io_at else None)
        else:
            role, owner = rule.owner, self.staff.holder(rule.owner, anchor_at.date())
        ob = dict(duty_id=duty.id, role_code=role, form=duty.form, person_id=owner,
                  case_id=case["id"] if case else None, event_id=event_id, rule_key=rule.key, rule_id=rule.id,
                  basis="", basis_hi="", basis_term=rule.terms.index(term), period_key=None, anchor_at=anchor_at,
                  due_at=due, status="pending", cas_ref=None, entered_by_id=None, entered_at=None,
                  verified_by_id=None, verified_at=None, na_reason=None, na_by_id=None, na_at=None,
                  created_at=min(self.now, anchor_at + dt.timedelta(minutes=self.rng.randint(5, 600))))
        self._status(ob, owner)
        if ob["status"] == "pending":  # open work follows the person now doing it (staff transfers)
            ob["person_id"] = self.staff.current(current_io if role == "io" else owner)
        self.obligations.append(ob)

    def _add_event(self, case: dict, kind: str, at: dt.datetime, person_id: int | None = None,
                   details: str = "{}", accused_id: int | None = None) -> int | None:
        if at > self.now:
            return None
        eid = len(self.events) + 1
        self.events.append(dict(id=eid, case_id=case["id"], kind=kind, occurred_at=at.replace(microsecond=0),
                                person_id=person_id, details=details, created_at=at.replace(microsecond=0),
                                accused_id=accused_id))
        return eid

    def _rules(self, trigger: str, case: dict | None) -> list[RuleInfo]:
        facts = SimpleNamespace(**case) if case else None
        return [r for r in self.rules.for_trigger(trigger) if r.matches(facts)]

    # --- cases ---------------------------------------------------------------------------------

    def _fir(self, reg: dt.datetime) -> None:
        """An FIR and its life (arrests, remand, diaries, final report, court), with the entries each step owes.
        The random draws come in a fixed order, so a seed always builds the same station."""
        case, pclass = self._fir_case(reg)
        io = case["io_person_id"]
        timeline, first_remand = self._custody(reg)
        timeline += self._investigation(reg)
        finish = self._finish(reg, pclass, first_remand)
        timeline += self._diaries(reg, finish)
        io_changes = self._io_changes(io, reg, finish)
        if finish <= self.now:
            timeline += self._final_report_and_court(case, finish, first_remand)
        if self.rng.random() < 0.01:
            timeline.append((reg + dt.timedelta(hours=2), "transfer-in", {}))
        first_remand = self._accused_on(case, timeline, first_remand)
        self._record_fir(case, reg, timeline, io_changes, first_remand)

    def _accused_on(self, case: dict, timeline: list[tuple[dt.datetime, str, dict]],
                    first_remand: dt.datetime | None) -> dt.datetime | None:
        """Each person arrested becomes an accused on the case with his own first remand (the first arrested
        takes the FIR's first remand, each other one a remand of his own) and, for some, bail within 50 days
        (so before any default-bail day). Returns the first remand the chargesheet clock runs from, as the
        engine counts it: the earliest of those still in custody, else the earliest of all."""
        rng = self.accused_rng
        arrests = [t for t in timeline if t[1] == "arrest" and t[0] <= self.now]
        if not arrests or first_remand is None:
            return first_remand
        bail_share = {"lt10": 0.45, "ge10": 0.2, "sexual": 0.15, "ndps": 0.1}.get(case["punishment_class"], 0.3)
        bail_event = next((t[0] for t in timeline if t[1] == "bail"), None)
        remands: list[tuple[dt.datetime, bool]] = []
        for n, (at, _kind, details) in enumerate(sorted(arrests, key=lambda t: t[0])):
            aid = len(self.accused) + 1
            details["_accused"] = aid
            if n == 0:
                remand = first_remand
                for t in timeline:
                    if t[1] in ("first-remand", "jail", "bail"):
                        t[2]["_accused"] = aid
                bailed = bail_event
            else:
                remand = max(at + dt.timedelta(hours=rng.randint(12, 23)), first_remand + dt.timedelta(hours=1))
                timeline.append((remand, "remand", {"_accused": aid}))
                bailed = remand + dt.timedelta(days=rng.uniform(3, 50)) if rng.random() < bail_share else None
            if bailed is not None and bailed > self.now:
                bailed = None
            self.accused.append(dict(id=aid, case_id=case["id"], name=details.get("accused", ""),
                                     bailed_at=bailed.replace(microsecond=0) if bailed else None, released_at=None,
                                     extended_days=None, extended_on=None, note="",
                                     created_at=at.replace(microsecond=0)))
            if remand <= self.now:
                remands.append((remand, bailed is None))
        if not remands:
            return None
        in_custody = [r for r, held in remands if held]
        return min(in_custody or [r for r, _held in remands])

    def _fir_case(self, reg: dt.datetime) -> tuple[dict, str]:
        """The FIR itself: the offence (IPC or BNS by its date), the IO (sometimes none yet), the case row."""
        rng = self.rng
        weights = [o[5] for o in OFFENCES]
        old_act, old_secs, new_act, new_secs, pclass, _w, sensitive = rng.choices(OFFENCES, weights)[0]
        offence = (reg - dt.timedelta(days=rng.choice((0, 0, 0, 0, 1, 1, 2, 5)))).date()
        act, secs = (new_act, new_secs) if offence >= dt.date(2024, 7, 1) else (old_act, old_secs)
        ios = self.staff.holders("io", reg.date())
        recent = (self.now - reg).days < 3
        io = None if not ios or (recent and rng.random() < 0.15) else rng.choice(ios)
        cid = len(self.cases) + 1
        if pclass == "lt10":
            rng.random()  # once decided whether the class was left to a guess; kept so a seed builds the same station
        found = classify_punishment(act, secs)
        if found.punishment_class != pclass:
            raise ValueError(f"demo offence {act} {secs}: the sections give {found.punishment_class}, not {pclass}")
        case = dict(id=cid, kind="fir", number=self._case_number("fir", reg.year), year=reg.year, registered_at=reg,
                    offence_date=offence, act=act, sections=secs, io_person_id=io, sensitive=sensitive,
                    punishment_class=pclass, punishment_basis=json.dumps(found.basis(), ensure_ascii=False),
                    description="", status="open", created_at=reg)
        self.cases.append(case)
        return case, pclass

    def _custody(self, reg: dt.datetime) -> tuple[list[tuple[dt.datetime, str, dict]], dt.datetime | None]:
        """Arrests, the first remand and jail or bail; or a surrender. Returns the events and the first remand."""
        rng = self.rng
        timeline: list[tuple[dt.datetime, str, dict]] = []
        first_remand = None
        if rng.random() < 0.55:
            arrests = sorted(reg + dt.timedelta(hours=rng.expovariate(1 / 120)) for _ in range(1 + (rng.random() < 0.3)
                                                                                            + (rng.random() < 0.1)))
            for at in arrests:
                timeline.append((at, "arrest", {"accused": person_name(rng, hindi_share=0.7)}))
            first_remand = arrests[0] + dt.timedelta(hours=rng.randint(12, 23))
            timeline.append((first_remand, "first-remand", {}))
            if rng.random() < 0.8:
                timeline.append((first_remand + dt.timedelta(hours=2), "jail", {}))
            elif rng.random() < 0.5:
                timeline.append((first_remand + dt.timedelta(days=rng.randint(3, 30)), "bail", {}))
        elif rng.random() < 0.08:
            timeline.append((reg + dt.timedelta(days=rng.randint(20, 60)), "surrender", {}))
        return timeline, first_remand

    def _investigation(self, reg: dt.datetime) -> list[tuple[dt.datetime, str, dict]]:
        """Seizures and an interrogation in the first days."""
        rng = self.rng
        timeline: list[tuple[dt.datetime, str, dict]] = []
        if rng.random() < 0.4:
            for _k in range(rng.choice((1, 1, 2))):
                timeline.append((reg + dt.timedelta(hours=rng.randint(1, 96)), "seizure", {}))
        if rng.random() < 0.25:
            timeline.append((reg + dt.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8)), "interrogation", {}))
        return timeline

    def _finish(self, reg: dt.datetime, pclass: str, first_remand: dt.datetime | None) -> dt.datetime:
        """When the investigation ends: around the chargesheet limit after a remand, else within months."""
        limit = {"ge10": 90, "ndps": 180, "sexual": 60}.get(pclass, 60)
        anchor = first_remand or reg
        return anchor + dt.timedelta(days=limit * self.rng.uniform(0.45, 1.15) if first_remand
                                     else self.rng.randint(30, 160))

    def _diaries(self, reg: dt.datetime, finish: dt.datetime) -> list[tuple[dt.datetime, str, dict]]:
        """Case diaries spread over the investigation, at 17:00."""
        timeline: list[tuple[dt.datetime, str, dict]] = []
        for k in range(self.rng.randint(1, 8)):
            day = reg + (finish - reg) * ((k + 1) / 9)
            timeline.append((day.replace(hour=17, minute=0, second=0, microsecond=0), "case-diary", {}))
        return timeline

    def _io_changes(self, io: int | None, reg: dt.datetime, finish: dt.datetime) -> list[tuple[dt.datetime, int]]:
        """Now and then another IO takes the case; a departing IO hands open investigations to the successor
        (staff transfer)."""
        rng = self.rng
        io_changes: list[tuple[dt.datetime, int]] = []
        if io is not None and rng.random() < 0.04:
            at = reg + dt.timedelta(days=rng.randint(5, 40))
            others = [p for p in self.staff.holders("io", at.date()) if p != io]
            if others:
                io_changes.append((at, rng.choice(others)))
        holder = io_changes[-1][1] if io_changes else io
        if holder is not None and self.staff.end_of[holder] < finish.date():
            succ = self.staff.current(holder)
            if succ is not None:
                io_changes.append((dt.datetime.combine(self.staff.end_of[holder] + dt.timedelta(days=1),
                                                       dt.time(10)), succ))
        return io_changes

    def _final_report_and_court(self, case: dict, finish: dt.datetime,
                                first_remand: dt.datetime | None) -> list[tuple[dt.datetime, str, dict]]:
        """The final report (chargesheet or not) and, after a chargesheet, the court's dates."""
        rng = self.rng
        timeline: list[tuple[dt.datetime, str, dict]] = []
        charge = rng.random() < (0.75 if first_remand else 0.35)
        timeline.append((finish, "final-report", {"outcome": "chargesheet" if charge else "final-report"}))
        case["status"] = "charge-sheeted" if charge else "final-report"
        if charge:
            court_at = finish + dt.timedelta(days=rng.randint(10, 45))
            timeline.append((court_at, "court-number", {}))
            for _k in range(rng.choice((0, 1, 1, 2))):
                timeline.append((court_at + dt.timedelta(days=rng.randint(30, 300)), "summons", {}))
            for _k in range(rng.choice((0, 1, 2, 3))):
                timeline.append((court_at + dt.timedelta(days=rng.randint(20, 500)), "hearing", {}))
            if rng.random() < 0.3:
                disposal = court_at + dt.timedelta(days=rng.randint(200, 1200))
                timeline.append((disposal, "disposal", {}))
                if disposal <= self.now:
                    case["status"] = "disposed"
                if rng.random() < 0.08:
                    timeline.append((disposal + dt.timedelta(days=rng.randint(100, 300)), "appeal", {}))
        return timeline

    def _record_fir(self, case: dict, reg: dt.datetime, timeline: list[tuple[dt.datetime, str, dict]],
                    io_changes: list[tuple[dt.datetime, int]], first_remand: dt.datetime | None) -> None:
        """The events that have happened by now, and the entries the FIR and each event owe."""
        io = case["io_person_id"]

        def io_at(at: dt.datetime) -> int | None:
            who = io
            for when, new in io_changes:
                if when <= at:
                    who = new
            return who

        current_io = io_at(self.now)
        case["io_person_id"] = current_io
        for when, new in io_changes:
            if when <= self.now and new != io_at(when - dt.timedelta(seconds=1)):
                self._add_event(case, "io-change", when, new)
        anchors = {"event": reg, "fir": reg, "first_remand": first_remand if first_remand and first_remand <= self.now
                   else None}
        for rule in self._rules("case:fir", case):
            self._obligation(rule, anchors, case=case, event_id=None, io_at=io_at, current_io=current_io)
        for at, kind, details in sorted(timeline, key=lambda t: t[0]):
            accused_id = details.pop("_accused", None)
            eid = self._add_event(case, kind, at, None, json.dumps(details, ensure_ascii=False) if details else "{}",
                                  accused_id)
            if eid is None:
                continue
            ev_anchors = {"event": at.replace(microsecond=0), "fir": reg, "first_remand": anchors["first_remand"]}
            for rule in self._rules(f"event:{kind}", case):
                self._obligation(rule, ev_anchors, case=case, event_id=eid, io_at=io_at, current_io=current_io)

    def _other(self, kind: str, reg: dt.datetime) -> None:
        cid = len(self.cases) + 1
        case = dict(id=cid, kind=kind, number=self._case_number(kind, reg.year), year=reg.year, registered_at=reg,
                    offence_date=None, act="", sections="", io_person_id=None, sensitive=False, punishment_class=None,
                    punishment_basis="", description="", status="open", created_at=reg)
        self.cases.append(case)
        anchors = {"event": reg, "fir": reg, "first_remand": None}
        for rule in self._rules(f"case:{kind}", case):
            self._obligation(rule, anchors, case=case, event_id=None, io_at=None, current_io=None)

    def _recurring(self) -> None:
        for rule in self.rules.for_trigger("recurring"):
            duty = self.duties.get(rule.duty_code)
            if duty is None:
                continue
            day = self.start
            while day <= self.today:
                key, _first, last = period_of(rule.every, day)
                picked = pick_term(rule, {"period_end": period_end_moment(last)})
                if picked is None:
                    break
                term, anchor_at = picked
                owner = self.staff.holder(rule.owner, min(last, self.today))
                ob = dict(duty_id=duty.id, role_code=rule.owner, form=duty.form, person_id=owner, case_id=None,
                          event_id=None, rule_key=rule.key, rule_id=rule.id, basis="", basis_hi="",
                          basis_term=rule.terms.index(term), period_key=key, anchor_at=anchor_at,
                          due_at=term.due_from(anchor_at), status="pending", cas_ref=None, entered_by_id=None,
                          entered_at=None, verified_by_id=None, verified_at=None, na_reason=None, na_by_id=None,
                          na_at=None, created_at=dt.datetime.combine(day, dt.time(8)))
                if last in self.closed_days and ob["due_at"] < self.now:
                    ob["status"] = "missed"
                else:
                    ob["anchor_at"] = dt.datetime.combine(_first, dt.time(8))
                    self._status(ob, owner, recurring=True)
                    ob["anchor_at"] = anchor_at
                    if ob["status"] == "pending":
                        ob["person_id"] = self.staff.current(owner)
                self.obligations.append(ob)
                day = last + dt.timedelta(days=1)

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> dict:
        s, rng = self.s, self.rng
        st = Station(name="Kotwali Nagar", district="Sitapur", code="DEMO-SPR-01",
                     created_at=dt.datetime.combine(self.start, dt.time(9)))
        s.add(st)
        s.flush()
        self.station_id = st.id
        conn = s.connection()  # Core executemany: one statement per table, not the ORM's per-row grouping
        conn.execute(Person.__table__.insert(), self.staff.persons)
        conn.execute(RoleAssignment.__table__.insert(), self.staff.assignments)
        days = (self.today - self.start).days + 1
        fir_per_day = 3000 / 365.25
        other_per_day = {k: v / 365.25 for k, v in OTHER_KINDS.items()}
        for n in range(days):
            day = self.start + dt.timedelta(days=n)
            if n % 30 == 0:
                self.report(0.05 + 0.75 * n / days, _("Cases and events: {date}").format(date=day.isoformat()))
            for _k in range(max(0, round(rng.gauss(fir_per_day, fir_per_day ** 0.5)))):
                reg = dt.datetime.combine(day, dt.time(rng.randint(6, 23), rng.randint(0, 59)))
                if reg <= self.now:
                    self._fir(reg)
            for kind, mean in other_per_day.items():
                count = (rng.random() < mean) if mean < 1 else max(0, round(rng.gauss(mean, mean ** 0.5)))
                for _k in range(int(count)):
                    reg = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)))
                    if reg <= self.now:
                        self._other(kind, reg)
        self._recurring()
        self.report(0.82, _("Writing {n} obligations…").format(n=len(self.obligations)))
        conn.execute(Case.__table__.insert(), self.cases)
        if self.accused:
            conn.execute(Accused.__table__.insert(), self.accused)
        conn.execute(Event.__table__.insert(), self.events)
        chunk = 50_000
        for i in range(0, len(self.obligations), chunk):
            conn.execute(Obligation.__table__.insert(), self.obligations[i:i + chunk])
            self.report(0.82 + 0.16 * min(1.0, (i + chunk) / len(self.obligations)), _("Writing obligations…"))
        return {"persons": len(self.staff.persons), "cases": len(self.cases), "events": len(self.events),
                "obligations": len(self.obligations)}


