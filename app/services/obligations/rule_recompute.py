"""Recompute: bring open obligations made under an older version of their rule up to the current
version (due date, owner), previewed first with ``preview_recompute``. Audited; a verified backup is
taken before a bulk change."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.models.rules import Rule
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.access import authorize

if TYPE_CHECKING:
    from app.services.obligations.rules import RuleInfo, Term


@dataclass(frozen=True)
class RecomputeItem:
    obligation_id: int
    rule_key: str
    old_version: int | None
    new_version: int
    old_due: dt.datetime
    new_due: dt.datetime
    old_person_id: int | None
    new_person_id: int | None
    old_role: str
    new_role: str

    @property
    def changes(self) -> bool:
        return (self.old_due != self.new_due or self.old_person_id != self.new_person_id
                or self.old_role != self.new_role)


def _recompute_items(s: Session) -> list[tuple[Obligation, RecomputeItem, RuleInfo, Term, Event | None, dt.datetime]]:
    """(obligation, item, rule, term, its event, the rule's due) for each open entry under an older rule version."""
    from app.services.obligations.appearance import appearance_limit
    from app.services.obligations.engine import anchors_for, resolve_owner, HolderCache
    from app.services.obligations.rules import load_rules, pick_due

    rs = load_rules(s)
    current = {r.key: r for rules in rs.by_trigger.values() for r in rules}
    current_ids = {r.id for r in current.values()}
    q = (select(Obligation).where(Obligation.status == "pending", Obligation.rule_key.is_not(None))
         .order_by(Obligation.id))
    out = []
    holders = HolderCache(s)
    versions = dict(s.execute(select(Rule.id, Rule.version)).all())
    old_owners = _owners_by_rule_id(s)
    today = clock.today()
    for ob in s.scalars(q):
        if ob.rule_id in current_ids:
            continue
        rule = current.get(ob.rule_key)
        if rule is None or not rule.enabled:
            continue
        case = s.get(Case, ob.case_id) if ob.case_id else None
        event = s.get(Event, ob.event_id) if ob.event_id else None
        anchors = anchors_for(s, case, event, period_key=ob.period_key, every=rule.every)
        picked = pick_due(rule, anchors)
        if picked is None:
            continue
        term, anchor_at, new_due = picked
        if old_owners.get(ob.rule_id) == rule.owner:
            # the owner did not change: whoever owes the entry now keeps it (a transfer may have handed it
            # to a successor; the anchor date's holder may be long gone)
            role, person = ob.role_code, ob.person_id
        else:
            # a new owner: the one who holds the role today does the open entry, not the anchor date's holder
            role, person = resolve_owner(rule, case, today, holders)
        limit = appearance_limit(s, ob, event)  # a summons: still before the court's appearance date
        item = RecomputeItem(ob.id, rule.key, versions.get(ob.rule_id), rule.version, ob.due_at,
                             min(new_due, limit) if limit is not None else new_due, ob.person_id, person,
                             ob.role_code, role)
        out.append((ob, item, rule, term, event, new_due))
    return out


def _owners_by_rule_id(s: Session) -> dict[int, str | None]:
    """Each rule version's owner (None when the version cannot be read)."""
    owners: dict[int, str | None] = {}
    for rid, data in s.execute(select(Rule.id, Rule.data)):
        try:
            owners[rid] = json.loads(data).get("owner")
        except (ValueError, TypeError, AttributeError):
            owners[rid] = None
    return owners



def preview_recompute(db: Database) -> list[RecomputeItem]:
    """What ``recompute`` would change: open obligations made under an older version of their rule."""
    with db.session() as s:
        return [row[1] for row in _recompute_items(s)]


def recompute(db: Database, actor: Actor = SYSTEM) -> int:
    """Bring open obligations up to the current version of their rule (due date, owner). Audited.

    A bulk change: when there is anything to change, a verified backup is taken first.
    """
    with db.session() as s:
        authorize(s, actor, "rules.edit")
        due = bool(_recompute_items(s))
    if due:
        db.storage.before_bulk_change("recompute")  # a verified copy of a file; nothing on a server
    from app.services.obligations.appearance import settle_due

    with db.session() as s:
        authorize(s, actor, "rules.edit")
        changed = []
        for ob, item, rule, term, event, rule_due in _recompute_items(s):
            settle_due(s, ob, event, rule_due)  # item.new_due, with the basis that belongs to it
            ob.person_id = item.new_person_id
            ob.role_code = item.new_role
            ob.rule_id = rule.id
            ob.basis_term = rule.terms.index(term)
            changed.append({"id": ob.id, "rule": item.rule_key, "version": item.new_version,
                            "due": [item.old_due, item.new_due], "person": [item.old_person_id, item.new_person_id]})
        if changed:
            audit.record(s, actor, "rule.recompute", "obligation", None, after={"count": len(changed),
                                                                               "items": changed})
        return len(changed)


REDATE_MARK = "upgrade.redate_chargesheet"  # written by the migration that replaced the chargesheet rules
CHARGESHEET_KEYS = ("fir.iif5.",)


def redate_due(db: Database) -> bool:
    """Whether ``redate_after_upgrade`` still has to run on this database (read only)."""
    from app.services.core.settings import get_setting

    with db.session() as s:
        return get_setting(s, REDATE_MARK) is not None


def redate_after_upgrade(db: Database) -> int:
    """Once, on the first open after an upgrade that replaced the shipped chargesheet rules (migration 0011:
    the remand day counted as day 1): re-date the open chargesheet entries made under the old version, as
    ``recompute`` would, audited as the system; then remove the migration's mark. Nothing else moves (a
    station's own rule changes still wait for its ``rules recompute``). Returns how many entries changed."""
    from app.services.core.settings import delete_setting, get_setting
    from app.services.obligations.appearance import settle_due

    if db.readonly:
        return 0
    with db.session() as s:
        mark = get_setting(s, REDATE_MARK)
        if mark is None:
            return 0
        changed = []
        for ob, item, rule, term, event, rule_due in _recompute_items(s):
            if not item.rule_key.startswith(CHARGESHEET_KEYS):
                continue
            settle_due(s, ob, event, rule_due)
            ob.person_id = item.new_person_id
            ob.role_code = item.new_role
            ob.rule_id = rule.id
            ob.basis_term = rule.terms.index(term)
            changed.append({"id": ob.id, "rule": item.rule_key, "version": item.new_version,
                            "due": [item.old_due, item.new_due], "person": [item.old_person_id, item.new_person_id]})
        if changed:
            audit.record(s, SYSTEM, "rule.recompute", "obligation", None, after={
                "count": len(changed), "items": changed, "after_upgrade": mark})
        delete_setting(s, REDATE_MARK)
        return len(changed)
