"""An FIR's punishment class changed (chosen by hand, or new sections): the case's own entries whose rules test the
class follow it. The chargesheet entry made under the old class's rule, still open, is closed as not applicable with
the reason; the new class's rule makes its entry, dated from the anchors the case has (the first remand, else the FIR).
Nothing is made again for a duty already made in CAS."""

from __future__ import annotations

from sqlalchemy import select

from app.models.cases import Case
from app.models.obligations import Obligation
from app.services.core import clock
from app.services.obligations.engine import EngineContext, anchors_for, build_obligation
from app.services.obligations.rules import pick_due


def follow_punishment_class(ctx: EngineContext, case: Case, reason: str,
                            actor_person_id: int | None) -> tuple[list[Obligation], list[int]]:
    """Returns the obligations made and the ids closed."""
    s = ctx.session
    own = list(s.scalars(select(Obligation).where(Obligation.case_id == case.id, Obligation.event_id.is_(None))
                         .order_by(Obligation.id)))
    made_in_cas = {ob.duty_id for ob in own if ob.status in ("entered", "verified")}
    anchors = anchors_for(s, case, None)
    made: list[Obligation] = []
    closed: list[int] = []
    for rule in ctx.rules.for_trigger(f"case:{case.kind}"):
        if "punishment_class" not in rule.when:
            continue
        mine = [ob for ob in own if ob.rule_key == rule.key]
        if not rule.matches(case):
            for ob in mine:
                if ob.status == "pending":
                    ob.status, ob.na_reason, ob.na_by_id, ob.na_at = "na", reason, actor_person_id, clock.now()
                    closed.append(ob.id)
            continue
        duty = ctx.duties.get(rule.duty_code)
        if any(ob.status != "na" for ob in mine) or duty is None or duty.id in made_in_cas:
            continue
        picked = pick_due(rule, anchors)  # each accused's clock, his extension included
        if picked is None:
            continue
        ob = build_obligation(ctx, rule, picked[0], picked[1], case=case, event=None, due_at=picked[2])
        if ob is not None:
            s.add(ob)
            made.append(ob)
    s.flush()
    return made, closed
