"""Due-date rules as data (``resources/rules/default_rules.json``), versioned in the ``rules`` table.

A rule says: when TRIGGER happens (``case:fir``, ``event:arrest``, ``recurring``), the DUTY is owed by
OWNER (a role code, or ``case_io``), due at the first of its terms whose anchor exists (the event's
time, the FIR's registration, the first remand, the end of a recurring period) plus an offset, for the
reason given in words (``basis_en`` / ``basis_hi``, marked ``policy`` when no statute sets the time).
A rule with ``"pick": "earliest"`` is due at the earliest of its terms whose anchors exist instead
(BNSS 193(2)'s two months and 187(3)'s default-bail day: whichever comes first).

The ``first_remand`` anchor runs per accused (``custody.py``): each accused's own first remand, and the
term's date is the earliest among the accused whose clock matters. A term marked ``"inclusive": true``
counts the anchor's day as day 1 and falls due at the end of the last day (``days`` 60 from a remand on
1 January: the end of 1 March in a common year; Enforcement Directorate v. Kapil Wadhawan, SC 2023);
``"extendable_days"`` is how far a court may extend that period for an accused (NDPS 36A(4) proviso).

A station's change adds a new version of the rule (the old one stays, audited); it applies to new
obligations. Open obligations made under an older version change only through ``recompute``, which
is previewed first with ``preview_recompute``. A rule that cannot be read is skipped and reported;
it never stops the other rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.storage import serialize
from app.i18n import _, bilingual
from app.models.catalogue import ROLE_CODES, Duty
from app.models.cases import Case
from app.models.rules import Rule
from app.paths import resource_path
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize

DEFAULT_RULES = "default_rules.json"
OWNERS = ROLE_CODES + ("case_io",)
RECURRENCES = ("daily", "weekly", "fortnightly", "monthly")
MAX_OFFSET_DAYS = 3660
PICKS = ("first", "earliest")
END_OF_DAY = dt.time(23, 59, 59)


@dataclass(frozen=True)
class Term:
    anchor: str
    hours: int = 0
    days: int = 0
    months: int = 0
    policy: bool = False
    basis_en: str = ""
    basis_hi: str = ""
    inclusive: bool = False  # the anchor's day is day 1; due at the end of the last day
    extendable_days: int = 0  # a court may extend the period to this many days (per accused)
    case_days: bool = False  # the period the case's sections give (60 / 90), ``days`` when they give none

    def due_from(self, anchor_at: dt.datetime, days: int | None = None) -> dt.datetime:
        """The due time from ``anchor_at``; ``days`` replaces the term's own (a court's extension)."""
        days = self.days if days is None else days
        if self.inclusive:
            last = add_months(anchor_at, self.months).date() + dt.timedelta(days=days - 1 if days else -1)
            return dt.datetime.combine(last, END_OF_DAY)
        return add_months(anchor_at, self.months) + dt.timedelta(days=days, hours=self.hours)

    def as_dict(self) -> dict:
        d: dict = {"anchor": self.anchor}
        for name in ("hours", "days", "months", "extendable_days"):
            if getattr(self, name):
                d[name] = getattr(self, name)
        if self.inclusive:
            d["inclusive"] = True
        if self.case_days:
            d["days_from_sections"] = True
        d.update(policy=self.policy, basis_en=self.basis_en, basis_hi=self.basis_hi)
        return d

    def basis(self, lang: str | None = None) -> str:
        return bilingual(self.basis_hi or self.basis_en, self.basis_en, lang)


@dataclass(frozen=True)
class RuleInfo:
    """One rule, as the station sees it (the current version of its key)."""

    id: int
    key: str
    version: int
    trigger: str
    duty_code: str
    owner: str
    terms: tuple[Term, ...]
    when: dict = field(default_factory=dict)
    every: str | None = None
    enabled: bool = True
    source: str = "default"
    pick: str = "first"  # or "earliest": the earliest due date among the terms whose anchors exist

    def matches(self, case: Case | None) -> bool:
        for name, wanted in self.when.items():
            value = getattr(case, name, None) if case is not None else None
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True

    def data(self) -> dict:
        d: dict = {"key": self.key, "trigger": self.trigger, "duty": self.duty_code, "owner": self.owner}
        if self.when:
            d["when"] = self.when
        if self.every:
            d["every"] = self.every
        if not self.enabled:
            d["enabled"] = False
        if self.pick != "first":
            d["pick"] = self.pick
        d["due"] = [t.as_dict() for t in self.terms]
        return d

    def as_dict(self) -> dict:
        return {"id": self.id, "version": self.version, "source": self.source, **self.data(),
                "enabled": self.enabled}


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    if not months:
        return moment
    total = moment.month - 1 + months
    year, month = moment.year + total // 12, total % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


# --- reading and checking rule data ---------------------------------------------------------------

def _int(value, what: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Rule {key}: {what} must be a whole number.").format(key=key, what=what))
    if value < 0:
        raise ValueError(_("Rule {key}: {what} cannot be negative.").format(key=key, what=what))
    return value


def parse_rule(data: dict, *, duty_codes: set[str] | None = None) -> tuple[str, str, str, str, tuple[Term, ...],
                                                                           dict, str | None, bool]:
    """Check one rule's data; raise ``ValueError`` (a readable message) when it cannot be used."""
    key, trigger, duty, owner, every, when = _rule_head(data, duty_codes)
    raw_terms = data.get("due")
    if not isinstance(raw_terms, list) or not raw_terms:
        raise ValueError(_("Rule {key}: it needs at least one due-date term.").format(key=key))
    terms = [_term(raw, key, trigger) for raw in raw_terms]
    rule_pick(data, key)
    if trigger != "recurring" and terms[-1].anchor not in ("event", "fir"):
        raise ValueError(_("Rule {key}: the last term must be anchored on the event or the FIR, so a due date always exists.")
                         .format(key=key))
    return key, trigger, duty, owner, tuple(terms), when, every, bool(data.get("enabled", True))


def _rule_head(data, duty_codes: set[str] | None) -> tuple[str, str, str, str, str | None, dict]:
    """A rule's key, trigger, duty, owner, recurrence and conditions, checked."""
    if not isinstance(data, dict):
        raise ValueError(_("A rule must be an object."))
    key = str(data.get("key") or "").strip()
    if not key or len(key) > 60:
        raise ValueError(_("A rule has no key (or a key longer than 60 characters)."))
    trigger = str(data.get("trigger") or "")
    if not (trigger == "recurring" or trigger.startswith("case:") or trigger.startswith("event:")):
        raise ValueError(_("Rule {key}: unknown trigger '{trigger}'.").format(key=key, trigger=trigger))
    duty = str(data.get("duty") or "")
    if duty_codes is not None and duty not in duty_codes:
        raise ValueError(_("Rule {key}: there is no duty {duty} in the allocation.").format(key=key, duty=duty))
    owner = str(data.get("owner") or "")
    if owner not in OWNERS:
        raise ValueError(_("Rule {key}: the owner must be one of {owners}, not '{owner}'.").format(
            key=key, owners=", ".join(OWNERS), owner=owner))
    every = data.get("every")
    if trigger == "recurring":
        if every not in RECURRENCES:
            raise ValueError(_("Rule {key}: a recurring rule needs 'every' (one of {values}).").format(
                key=key, values=", ".join(RECURRENCES)))
        if owner == "case_io":
            raise ValueError(_("Rule {key}: a recurring duty belongs to no case, so its owner cannot be the case's IO.")
                             .format(key=key))
    when = data.get("when") or {}
    if not isinstance(when, dict) or any(k not in ("sensitive", "punishment_class", "kind") for k in when):
        raise ValueError(_("Rule {key}: 'when' may test only sensitive, punishment_class and kind.").format(key=key))
    return key, trigger, duty, owner, every, when


def _term(raw, key: str, trigger: str) -> Term:
    """One due-date term of rule ``key``, checked: its anchor, offset, basis and how it is counted."""
    if not isinstance(raw, dict):
        raise ValueError(_("Rule {key}: a due-date term must be an object.").format(key=key))
    anchor = raw.get("anchor")
    allowed = ("period_end",) if trigger == "recurring" else ("event", "fir", "first_remand")
    if anchor not in allowed:
        raise ValueError(_("Rule {key}: the anchor must be one of {anchors}, not '{anchor}'.").format(
            key=key, anchors=", ".join(allowed), anchor=anchor))
    hours = _int(raw.get("hours", 0), _("hours"), key)
    days = _int(raw.get("days", 0), _("days"), key)
    months = _int(raw.get("months", 0), _("months"), key)
    if days + hours / 24 + months * 31 > MAX_OFFSET_DAYS:
        raise ValueError(_("Rule {key}: a due date more than ten years after its anchor is not plausible.")
                         .format(key=key))
    basis_en = str(raw.get("basis_en") or "").strip()
    if not basis_en:
        raise ValueError(_("Rule {key}: every term must say what it rests on (basis_en).").format(key=key))
    inclusive = raw.get("inclusive", False)
    if not isinstance(inclusive, bool):
        raise ValueError(_("Rule {key}: 'inclusive' is true or false.").format(key=key))
    if inclusive and (hours or not (days or months)):
        raise ValueError(_("Rule {key}: a term counted in whole days (inclusive) needs days or months, "
                           "and no hours.").format(key=key))
    extendable = _int(raw.get("extendable_days", 0), "extendable_days", key)
    if extendable and (anchor != "first_remand" or months or extendable <= days or extendable > MAX_OFFSET_DAYS):
        raise ValueError(_("Rule {key}: only a period in days from the first remand can be extendable, "
                           "and only to more days than it has.").format(key=key))
    case_days = raw.get("days_from_sections", False)
    if not isinstance(case_days, bool) or (case_days and (anchor != "first_remand" or not days)):
        raise ValueError(_("Rule {key}: 'days_from_sections' is true or false, and only for days from the "
                           "first remand.").format(key=key))
    return Term(anchor, hours, days, months, bool(raw.get("policy", False)), basis_en,
                str(raw.get("basis_hi") or "").strip(), inclusive, extendable, case_days)


@lru_cache(maxsize=2)
def load_default_rules(path: Path | None = None) -> tuple[dict, ...]:
    path = path or resource_path("rules", DEFAULT_RULES)
    with open(path, encoding="utf-8") as fh:
        return tuple(json.load(fh)["rules"])


def rules_stored(db: Database) -> bool:
    """Whether every shipped rule is in the database (read only). Until then the first reader of the rules on a
    writable file stores them (``ensure_rules``): a command that only reads them opens the file to write."""
    with db.session() as s:
        have = set(s.scalars(select(Rule.key)))
    return all(data["key"] in have for data in load_default_rules())


def ensure_rules(session: Session) -> int:
    """Seed the default rules whose keys the database does not have yet. Returns how many were added."""
    have = set(session.scalars(select(Rule.key)))
    if all(data["key"] in have for data in load_default_rules()):
        return 0
    if session.info.get("readonly"):  # a read-only window reads what is stored (a new station: no rules yet)
        return 0
    serialize(session, "rules")  # on a server another writer may be seeding them: read again after it
    have = set(session.scalars(select(Rule.key)))
    added = 0
    now = clock.now()
    for data in load_default_rules():
        if data["key"] in have:
            continue
        session.add(Rule(key=data["key"], version=1, trigger=data["trigger"], duty_code=data["duty"],
                         data=json.dumps(data, ensure_ascii=False), active=True, source="default", created_at=now))
        added += 1
    if added:
        session.flush()
    return added


def rule_pick(data: dict, key: str) -> str:
    """How a rule chooses among its terms: ``first`` (the first whose anchor exists) or ``earliest``."""
    pick = data.get("pick", "first")
    if pick not in PICKS:
        raise ValueError(_("Rule {key}: 'pick' is one of {values}, not '{value}'.").format(
            key=key, values=", ".join(PICKS), value=pick))
    return pick


def _info(row: Rule) -> RuleInfo:
    return _parsed(row.id, row.key, row.version, row.data, row.source)


@lru_cache(maxsize=1024)
def _parsed(rule_id: int, key: str, version: int, text: str, source: str) -> RuleInfo:
    """A stored rule version read: kept by everything it is made of (its row's id, key, version, text and source;
    a changed rule is a new version, a new row), so each event added does not parse every rule's text again.
    A rule that cannot be read raises each time (an exception is not kept). RuleInfo and its terms are frozen;
    its ``when`` is only read."""
    data = json.loads(text)
    _key, trigger, duty, owner, terms, when, every, enabled = parse_rule(data)
    return RuleInfo(rule_id, key, version, trigger, duty, owner, terms, when, every, enabled, source,
                    rule_pick(data, _key))


@dataclass
class RuleSet:
    """The active rules, read once per unit of work; rules that cannot be read are in ``problems``."""

    by_trigger: dict[str, list[RuleInfo]]
    by_id: dict[int, RuleInfo]
    problems: list[str]

    def for_trigger(self, trigger: str) -> list[RuleInfo]:
        return [r for r in self.by_trigger.get(trigger, ()) if r.enabled]


def load_rules(session: Session, *, include_inactive_ids: set[int] | None = None) -> RuleSet:
    ensure_rules(session)
    columns = (Rule.id, Rule.key, Rule.version, Rule.data, Rule.source, Rule.active)  # rows, not ORM objects
    rows = list(session.execute(select(*columns).where(Rule.active.is_(True))))
    if include_inactive_ids:
        rows += list(session.execute(select(*columns).where(Rule.id.in_(include_inactive_ids),
                                                            Rule.active.is_(False))))
    by_trigger: dict[str, list[RuleInfo]] = {}
    by_id: dict[int, RuleInfo] = {}
    problems: list[str] = []
    for row in sorted(rows, key=lambda r: r.key):
        try:
            info = _info(row)
        except (ValueError, TypeError, KeyError, json.JSONDecodeError) as exc:
            problems.append(_("Rule {key} (version {version}) cannot be used and was skipped: {reason}").format(
                key=row.key, version=row.version, reason=exc))
            continue
        by_id[info.id] = info
        if row.active:
            by_trigger.setdefault(info.trigger, []).append(info)
    return RuleSet(by_trigger, by_id, problems)


# --- services ---------------------------------------------------------------------------------

def list_rules(db: Database) -> list[RuleInfo]:
    """The current version of every rule that can be read, by key."""
    with db.session() as s:
        rs = load_rules(s)
        return sorted((r for rules in rs.by_trigger.values() for r in rules), key=lambda r: r.key)


def rule_problems(db: Database) -> list[str]:
    with db.session() as s:
        return load_rules(s).problems


def update_rule(db: Database, key: str, *, owner: str | None = None, due: list[dict] | None = None,
                days: int | None = None, hours: int | None = None, months: int | None = None,
                enabled: bool | None = None, actor: Actor = SYSTEM) -> RuleInfo:
    """Change a rule: a new version replaces the current one for new obligations (audited).

    ``days``/``hours``/``months`` change the first term's offset (the usual edit); ``due`` replaces
    all terms. Open obligations keep their due dates until ``recompute``.
    """
    with db.session() as s:
        authorize(s, actor, "rules.edit")
        ensure_rules(s)
        serialize(s, "rules")  # the next version of the rule is read with no other writer between
        row = s.scalars(select(Rule).where(Rule.key == key, Rule.active.is_(True))).first()
        if row is None:
            raise NotFound(_("There is no rule with the key '{key}'.").format(key=key))
        data = json.loads(row.data)
        before = dict(data)
        if owner is not None:
            data["owner"] = owner.strip().lower()
        if due is not None:
            data["due"] = due
        if any(v is not None for v in (days, hours, months)):
            first = dict(data["due"][0])
            for name, value in (("days", days), ("hours", hours), ("months", months)):
                if value is not None:
                    first[name] = value
            first["policy"] = True
            data["due"] = [first] + list(data["due"][1:])
        if enabled is not None:
            data["enabled"] = bool(enabled)
        duty_codes = set(s.scalars(select(Duty.code)))
        try:
            parse_rule(data, duty_codes=duty_codes)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if data == before:
            raise UserError(_("Nothing to change in rule {key}.").format(key=key))
        row.active = False
        new = Rule(key=key, version=row.version + 1, trigger=row.trigger, duty_code=data["duty"],
                   data=json.dumps(data, ensure_ascii=False), active=True, source="station", created_at=clock.now())
        s.add(new)
        s.flush()
        audit.record(s, actor, "rule.update", "rule", key, before={"version": row.version, **before},
                     after={"version": new.version, **data})
        return _info(new)


def term_due(term: Term, value, case_days: int | None = None) -> tuple[dt.datetime, dt.datetime] | None:
    """(anchor moment, due time) of one term for an anchor's value: a moment, or for ``first_remand`` the
    case's accused clocks (``custody.AccusedClock``; the earliest of those whose clock matters)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value, term.due_from(value)
    from app.services.obligations.custody import earliest_clock

    found = earliest_clock(term, value, case_days)
    return None if found is None else (found.clock.remand_at, found.due_at)


def pick_due(rule: RuleInfo, anchors: dict) -> tuple[Term, dt.datetime, dt.datetime] | None:
    """(term, anchor moment, due time) for ``rule``: its first term whose anchor exists, or with
    ``pick: earliest`` the term giving the earliest due time (the first such term on a tie)."""
    best = None
    for term in rule.terms:
        found = term_due(term, anchors.get(term.anchor), anchors.get("case_bail_days"))
        if found is None:
            continue
        if rule.pick != "earliest":
            return term, found[0], found[1]
        if best is None or found[1] < best[2]:
            best = (term, found[0], found[1])
    return best


def pick_term(rule: RuleInfo, anchors: dict) -> tuple[Term, dt.datetime] | None:
    """(term, anchor moment) as ``pick_due`` chooses them (``term.due_from(moment)`` is the due time
    unless a court extended an accused's period: use ``pick_due`` where that can happen)."""
    picked = pick_due(rule, anchors)
    return None if picked is None else (picked[0], picked[1])


def basis_texts(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
    """(rule version id, term index) → (basis in English, in Hindi), read from the rules table."""
    out: dict[tuple[int, int], tuple[str, str]] = {}
    ids = {rid for rid, _t in pairs}
    if not ids:
        return out
    infos: dict[int, RuleInfo | None] = {}
    for row in session.scalars(select(Rule).where(Rule.id.in_(ids))):
        try:
            infos[row.id] = _info(row)
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            infos[row.id] = None
    for rid, term in pairs:
        info = infos.get(rid)
        if info is not None and term is not None and 0 <= term < len(info.terms):
            t = info.terms[term]
            out[(rid, term)] = (t.basis_en, t.basis_hi)
    return out


