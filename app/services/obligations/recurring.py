"""Recurring duties (GD comment A-1, GD upload B-1, Qmail B-14, daily duty management D-18 …): one
obligation per period, owed by the holder of the role on that day.

``catch_up`` creates every period from the last one made (or from the day the station was set up) up
to the current one, in one transaction. Periods already over when they are created — the days the
app was not opened — are made with the status ``missed`` (still markable as entered), never as a pile
of pending duplicates; ``unique(duty_id, period_key)`` keeps each period single.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.services.storage import serialize
from app.i18n import _
from app.models.obligations import Obligation
from app.models.staff import Station
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.obligations.engine import (
    DutyCache,
    EngineContext,
    period_end_moment,
    period_from_key,
    period_of,
    resolve_owner,
)
from app.services.core.errors import UserError
from app.services.obligations.rules import pick_term
from app.services.core.sql_text import binary
from app.services.core.formatting import as_typed

MAX_CATCH_UP_DAYS = 3 * 366  # a PC clock jumped years ahead must not flood the database


@dataclass(frozen=True)
class CatchUpResult:
    pending: int = 0  # current periods made as pending
    missed: int = 0  # past periods made as missed
    by_duty: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.pending + self.missed


def _next_day_after(every: str, key: str) -> dt.date:
    return period_from_key(every, key)[1] + dt.timedelta(days=1)


def catch_up(db: Database, until: dt.date | None = None, actor: Actor = SYSTEM) -> CatchUpResult:
    """Create the recurring duties' periods up to the one holding ``until`` (default today)."""
    now = clock.now()
    until = until or now.date()
    if until > now.date():
        raise UserError(_("Recurring duties are made only up to today ({today}).").format(today=as_typed(now.date())))
    with db.session() as s:
        station = s.scalars(select(Station).order_by(Station.id)).first()
        if station is None:
            return CatchUpResult()
        serialize(s, "recurring")  # two windows starting at once on a server must not both make a period
        ctx = EngineContext.open(s)
        rows: list[dict] = []
        by_duty: dict[str, int] = {}
        pending = missed = 0
        for rule in ctx.rules.for_trigger("recurring"):
            duty = ctx.duties.get(rule.duty_code)
            if duty is None:
                ctx.problems.append(_("Rule {key} names duty {duty}, which the active allocation does not have; skipped.")
                                    .format(key=rule.key, duty=rule.duty_code))
                continue
            last = s.scalar(select(func.max(binary(Obligation.period_key))).where(Obligation.duty_id == duty.id,
                                                                           Obligation.period_key.is_not(None)))
            try:
                day = _next_day_after(rule.every, last) if last else station.created_at.date()
            except ValueError:
                ctx.problems.append(_("Duty {duty}: the last period '{key}' cannot be read; catch-up skipped it.")
                                    .format(duty=rule.duty_code, key=last))
                continue
            day = max(day, until - dt.timedelta(days=MAX_CATCH_UP_DAYS))
            while day <= until:
                key, _start, last_day = period_of(rule.every, day)
                end = period_end_moment(last_day)
                picked = pick_term(rule, {"period_end": end})
                if picked is None:
                    break
                term, anchor_at = picked
                due = term.due_from(anchor_at)
                status = "missed" if due < now else "pending"
                role, person = resolve_owner(rule, None, min(last_day, until), ctx.holders)
                rows.append(dict(
                    duty_id=duty.id, role_code=role, form=duty.form, person_id=person, case_id=None, event_id=None,
                    rule_key=rule.key, rule_id=rule.id, basis="", basis_hi="", basis_term=rule.terms.index(term),
                    period_key=key,
                    anchor_at=anchor_at, due_at=due, status=status, created_at=now))
                by_duty[rule.duty_code] = by_duty.get(rule.duty_code, 0) + 1
                if status == "missed":
                    missed += 1
                else:
                    pending += 1
                day = last_day + dt.timedelta(days=1)
        if rows:
            s.connection().execute(Obligation.__table__.insert(), rows)
            audit.record(s, actor, "recurring.catch_up", "obligation", None,
                         after={"until": until, "pending": pending, "missed": missed, "by_duty": by_duty})
        return CatchUpResult(pending, missed, by_duty, ctx.problems)


def catch_up_due(db: Database, until: dt.date | None = None) -> bool:
    """Whether ``catch_up`` would make a period (read only: a command that only reads asks this before it
    opens the file to write). The first step of ``catch_up``'s loop for each recurring duty."""
    now = clock.now()
    until = until or now.date()
    with db.session() as s:
        station = s.scalars(select(Station).order_by(Station.id)).first()
        if station is None:
            return False
        from app.models.rules import Rule
        from app.services.obligations.rules import load_default_rules, load_rules

        have = set(s.scalars(select(Rule.key)))
        if not all(data["key"] in have for data in load_default_rules()):
            return True  # shipped rules still to store: a writer's open does it (a read-only one skips them)
        duties = DutyCache(s)  # the rules and the duties; who holds which role is not asked: nothing is made
        for rule in load_rules(s).for_trigger("recurring"):
            duty = duties.get(rule.duty_code)
            if duty is None:
                continue
            last = s.scalar(select(func.max(binary(Obligation.period_key))).where(Obligation.duty_id == duty.id,
                                                                           Obligation.period_key.is_not(None)))
            try:
                day = _next_day_after(rule.every, last) if last else station.created_at.date()
            except ValueError:
                continue
            day = max(day, until - dt.timedelta(days=MAX_CATCH_UP_DAYS))
            if day > until:
                continue
            _key, _start, last_day = period_of(rule.every, day)
            if pick_term(rule, {"period_end": period_end_moment(last_day)}) is not None:
                return True
    return False
