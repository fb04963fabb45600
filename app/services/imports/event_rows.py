"""Events from a sheet (arrests, surrenders, seizures, remands, jail, bail, chargesheets and final reports, court
numbers, hearings, disposals, appeals): the case by its FIR number, the accused by name, each checked as a typed
event is and written through ``cases.add_event_in``, so each creates the entries it owes.

An event already in the register (same case, kind, day and accused) is unchanged; matching counts occurrences, so
a file with two identical seizures of one day on one case, where the register has one, adds the second. An accused
named close to, but not as, one already recorded is an error to review (never merged, never added as a second
man silently)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.services import cases
from app.services.access import Actor
from app.services.catalogue import EVENT_KINDS, case_label
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.progress import Steps
from app.services.imports.source import ImportSource, RowError, SourceRow, row_hashes

EVENT_FIELDS = ("case_number", "case_year", "event", "event_date", "accused", "remarks")
IMPORTED_KINDS = ("arrest", "surrender", "seizure", "first-remand", "remand", "jail", "bail", "final-report",
                  "court-number", "hearing", "disposal", "appeal")
ONCE_PER_CASE = ("final-report", "court-number", "disposal")
REMANDS = ("first-remand", "remand")
ANYONE = "*"  # the person key of a row that names no accused
# the hour a day-only event is put at (an arrest before its remand, a remand before jail)
DEFAULT_HOUR = {"arrest": 10, "surrender": 10, "seizure": 11, "first-remand": 14, "remand": 15, "jail": 16,
                "bail": 12, "final-report": 12, "court-number": 12, "hearing": 11, "disposal": 13, "appeal": 13}
# words for the kinds as registers write them (Hindi and English); (kind, final report's outcome)
ALIASES: dict[str, tuple[str, str | None]] = {
    "गिरफ्तारी": ("arrest", None), "गिरफ़्तारी": ("arrest", None), "arrested": ("arrest", None),
    "आत्मसमर्पण": ("surrender", None), "सरेंडर": ("surrender", None), "surrendered": ("surrender", None),
    "बरामदगी": ("seizure", None), "जब्ती": ("seizure", None), "फर्दबरामदगी": ("seizure", None),
    "recovery": ("seizure", None), "seized": ("seizure", None),
    "प्रथमरिमांड": ("first-remand", None), "firstremand": ("first-remand", None),
    "रिमांड": ("remand", None), "furtherremand": ("remand", None),
    "जेल": ("jail", None), "जेलभेजा": ("jail", None), "senttojail": ("jail", None),
    "जमानत": ("bail", None), "bailed": ("bail", None),
    "आरोपपत्र": ("final-report", "chargesheet"), "चार्जशीट": ("final-report", "chargesheet"),
    "chargesheet": ("final-report", "chargesheet"), "cs": ("final-report", "chargesheet"),
    "अंतिमरिपोर्ट": ("final-report", "final-report"), "अन्तिमरिपोर्ट": ("final-report", "final-report"),
    "एफआर": ("final-report", "final-report"), "finalreport": ("final-report", "final-report"),
    "fr": ("final-report", "final-report"),
    "कोर्टकेसनंबर": ("court-number", None), "courtcasenumber": ("court-number", None),
    "सुनवाई": ("hearing", None), "पेशी": ("hearing", None),
    "निस्तारण": ("disposal", None), "निर्णय": ("disposal", None), "judgment": ("disposal", None),
    "अपील": ("appeal", None),
}


def _norm(text: str) -> str:
    return re.sub(r"[\s.\-_/()0०]+", "", str(text)).casefold()


def event_words() -> dict[str, tuple[str, str | None]]:
    """Every way a kind may be written: its code, its English name, its name in the current language, the aliases."""
    words = {_norm(k): v for k, v in ALIASES.items()}
    for kind in IMPORTED_KINDS:
        outcome = "chargesheet" if kind == "final-report" else None
        for text in (kind, EVENT_KINDS[kind], _(EVENT_KINDS[kind])):
            words.setdefault(_norm(text), (kind, outcome))
    return words


@dataclass
class EventPlan:
    row: int
    row_hash: str
    action: str  # "create" | "unchanged" | "error"
    case_id: int | None = None
    kind: str = ""
    when: dt.datetime | None = None
    accused: str | None = None
    details: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _case_key(r: SourceRow) -> tuple[int | None, int | None]:
    key = r.values.get("case_number")
    if key is None:
        return None, None
    return getattr(key, "number", None), r.values.get("case_year") or getattr(key, "year", None)


def _moment(kind: str, day, registered_at: dt.datetime) -> dt.datetime:
    """A day alone is put at the kind's usual hour; on the day of registration, not before the registration."""
    if isinstance(day, dt.datetime):
        return day.replace(microsecond=0)
    when = dt.datetime.combine(day, dt.time(DEFAULT_HOUR.get(kind, 12)))
    if day == registered_at.date() and when < registered_at:
        when = registered_at + dt.timedelta(minutes=1 + IMPORTED_KINDS.index(kind))
    return when


def _person_key(name: str | None) -> str:
    from app.services.sheets import name_key

    return name_key(name) if name else ""


class _Refused(Exception):
    """A row refused: the column it is about (its field key) and the message."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


@dataclass
class _Register:
    """What the register holds for the file's cases, and what the rows planned so far add to it."""
    by_key: dict[tuple[int, int], Case] = field(default_factory=dict)
    accused: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))  # case id -> names
    had: Counter = field(default_factory=Counter)  # (case id, kind, day, person key) -> live events
    kinds_of: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    order: _Order = field(default_factory=lambda: _Order())
    used: Counter = field(default_factory=Counter)  # the same keys, counted over the file's rows


def _read_register(s: Session, keys: list[tuple[int | None, int | None]]) -> _Register:
    """The FIRs of the years the file names, their accused and their live events (500 cases a query)."""
    reg = _Register()
    years = sorted({y for _n, y in keys if isinstance(y, int)})
    if years:
        for c in s.scalars(select(Case).where(Case.kind == "fir", Case.year.in_(years))):
            reg.by_key[(c.number, c.year)] = c
    ids = [c.id for c in reg.by_key.values()]
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for case_id, name in s.execute(select(Accused.case_id, Accused.name).where(Accused.case_id.in_(part))):
            if name:
                reg.accused[case_id].append(name)
        names = {a_id: name for a_id, name in s.execute(select(Accused.id, Accused.name)
                                                         .where(Accused.case_id.in_(part)))}
        for case_id, kind, at, a_id, details in s.execute(
                select(Event.case_id, Event.kind, Event.occurred_at, Event.accused_id, Event.details)
                .where(Event.case_id.in_(part))):
            if kind.startswith("void:"):
                continue
            reg.kinds_of[case_id].add(kind)
            reg.order.seen(case_id, kind, at, _person_key(names.get(a_id)), cases.event_outcome(details))
            reg.had[(case_id, kind, at.date(), _person_key(names.get(a_id)))] += 1
            reg.had[(case_id, kind, at.date(), ANYONE)] += 1  # a row naming nobody matches any of that day
    return reg


def plan_events(s: Session, source: ImportSource, steps: Steps | None = None) -> list[EventPlan]:
    """Each row checked as a typed event is, against the register and the rows above it: to create,
    unchanged (already recorded) or an error on the column at fault."""
    rows = source.rows
    hashes = row_hashes(rows, EVENT_FIELDS)
    keys = [_case_key(r) for r in rows]
    reg = _read_register(s, keys)
    words = event_words()
    now = clock.now() + clock.CLOCK_SLACK
    plans = []
    for r, h, (number, year) in zip(rows, hashes, keys):
        if steps is not None:
            steps.step()
        p = EventPlan(r.row, h, "error", errors=list(r.errors))
        plans.append(p)
        if p.errors:
            continue
        try:
            c, label = _find_case(p, reg, number, year)
            _read_event(p, r, c, label, words, now)
            name, person = _check_accused(p, r, c, label, reg)
            _place(p, c, label, reg, name, person)
        except _Refused as exc:
            p.errors.append(RowError(r.row, source.column(exc.key), exc.message))
    return plans


def _find_case(p: EventPlan, reg: _Register, number: int | None, year: int | None) -> tuple[Case, str]:
    """The row's FIR in the register, and its label."""
    if number is None:
        raise _Refused("case_number", _("The FIR number is required."))
    c = reg.by_key.get((number, year))
    label = case_label("fir", number, year, None)
    if c is None:
        raise _Refused("case_number", _("{case} is not in the register: import or add the case first.").format(
            case=label))
    p.case_id = c.id
    return c, label


def _read_event(p: EventPlan, r: SourceRow, c: Case, label: str, words: dict, now: dt.datetime) -> None:
    """The row's kind, details and moment, checked against the case (dates, a void or transferred case)."""
    found = words.get(_norm(r.values.get("event") or ""))
    if found is None:
        raise _Refused("event", _("'{value}' is not an event that can be imported. The events are: {kinds}.").format(
            value=str(r.values.get("event") or "")[:40],
            kinds=", ".join(_(EVENT_KINDS[k]) for k in IMPORTED_KINDS)))
    p.kind, outcome = found
    if outcome:
        p.details["outcome"] = outcome
    if r.values.get("remarks"):
        p.details["note"] = r.values["remarks"]
    day = r.values.get("event_date")
    if not isinstance(day, (dt.date, dt.datetime)):
        raise _Refused("event_date", _("The date of the event is required."))
    p.when = _moment(p.kind, day, c.registered_at)
    if p.when > now:
        raise _Refused("event_date", _("{field} {value} is in the future. If the PC's clock is wrong, set it "
                                       "first.").format(field=_("Date of the event"), value=p.when.date()))
    try:
        cases.check_event_moment(kind=p.kind, when=p.when, registered_at=c.registered_at,
                                 offence_date=c.offence_date, case_label=label)
    except UserError as exc:
        raise _Refused("event_date", exc.message) from None
    if c.status == "void":
        raise _Refused("case_number", _("{case} was voided; nothing more is recorded on it.").format(case=label))
    if c.status == "transferred-out":
        raise _Refused("case_number", _("{case} was transferred to another station; no further events are "
                                        "recorded here.").format(case=label))


def _check_accused(p: EventPlan, r: SourceRow, c: Case, label: str, reg: _Register) -> tuple[str | None, str]:
    """The accused the row names (and his name key): allowed on this kind, and either recorded on the case or
    plainly a new man (a name close to a recorded one is refused, never merged by guess)."""
    from app.services.sheets import name_score

    name = " ".join(str(r.values.get("accused") or "").split()) or None
    p.accused = name
    person = _person_key(name)
    known = reg.accused[c.id]
    if name and p.kind not in cases.ACCUSED_EVENTS | {"seizure"}:
        raise _Refused("accused", _("An accused is named only on an arrest, surrender, remand, jail, bail, "
                                    "interrogation or seizure, not on '{event}'.").format(
            event=_(EVENT_KINDS[p.kind])))
    if name and not any(n.casefold() == name.casefold() for n in known):
        same_key = [n for n in known if _person_key(n) == person]
        close = same_key or [n for n in known if name_score(n, name) >= 80]
        if close:
            raise _Refused("accused", _("'{name}' is not recorded on {case}, but close to {names}: write the name "
                                        "as recorded if it is the same man (never merged by guess).").format(
                name=name, case=label, names=", ".join(close)))
        if p.kind in REMANDS:
            raise _Refused("accused", _("{case} has no accused named {name}: a remand follows an arrest or "
                                        "surrender. Put his arrest or surrender on an earlier row.").format(
                case=label, name=name))
    return name, person


def _place(p: EventPlan, c: Case, label: str, reg: _Register, name: str | None, person: str) -> None:
    """Unchanged when the register already has the event (counting occurrences); else to create, if the case's
    order allows it, and added to what the rows below are checked against."""
    key = (c.id, p.kind, p.when.date(), person if name else ANYONE)
    reg.used[key] += 1
    if reg.used[key] <= reg.had[key]:
        p.action = "unchanged"
        return
    if p.kind in ONCE_PER_CASE and p.kind in reg.kinds_of[c.id]:
        raise _Refused("event", _("{case} already has '{event}' recorded.").format(
            case=label, event=_(EVENT_KINDS[p.kind])))
    problem = reg.order.problem(c.id, p.kind, p.when, person, label, name)
    if problem:
        raise _Refused("event_date", problem)
    reg.kinds_of[c.id].add(p.kind)
    reg.order.seen(c.id, p.kind, p.when, person, p.details.get("outcome", "chargesheet"))
    known = reg.accused[c.id]
    if name and p.kind in cases.ACCUSED_EVENTS and name not in known:
        known.append(name)
    p.action = "create"


class _Order:
    """The order a case's events must keep (``cases`` checks it when each is written): a disposal after a
    chargesheet, an appeal's result after the disposal, a man's first remand after his arrest or surrender and
    only one. Fed with the register's events, then with each planned row, so the dry run refuses what the
    import would."""

    def __init__(self) -> None:
        self.charged: dict[int, list[dt.datetime]] = defaultdict(list)
        self.disposed: dict[int, list[dt.datetime]] = defaultdict(list)
        self.taken: dict[tuple[int, str], dt.datetime] = {}
        self.remanded: set[tuple[int, str]] = set()

    def seen(self, case_id: int, kind: str, at: dt.datetime, person: str, outcome: str) -> None:
        if kind == "final-report" and outcome == "chargesheet":
            self.charged[case_id].append(at)
        elif kind == "disposal":
            self.disposed[case_id].append(at)
        elif kind in ("arrest", "surrender") and person:
            self.taken[(case_id, person)] = min(at, self.taken.get((case_id, person), at))
        elif kind == "first-remand" and person:
            self.remanded.add((case_id, person))

    def problem(self, case_id: int, kind: str, at: dt.datetime, person: str, label: str, name: str | None) -> str:
        """The register's own rules (``cases.court_order_problem`` / ``remand_order_problem``) on the rows to come."""
        found = cases.court_order_problem(kind, at, self.charged[case_id], self.disposed[case_id], label)
        if found or kind not in ("first-remand", "remand") or not person:
            return found
        found = cases.remand_order_problem(at, self.taken.get((case_id, person)), name)
        if not found and kind == "first-remand" and (case_id, person) in self.remanded:
            found = _("{name} already has his first remand on {case}; record a further remand as 'remand'.").format(
                name=name, case=label)
        return found


def apply_event(s: Session, p: EventPlan, actor: Actor, engine=None) -> tuple[str, int, dict]:
    made = cases.add_event_in(s, p.case_id, p.kind, p.when, details=p.details or None, accused=p.accused,
                              actor=actor, engine=engine)
    return "event", made.event_id, {}
