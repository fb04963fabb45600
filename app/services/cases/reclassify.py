"""An FIR's punishment class changing after it was registered (a class chosen by hand, corrected sections): the
chargesheet entry follows the class."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.i18n import _
from app.models.cases import Case
from app.services.access import Actor
from app.services.obligations import EngineContext, follow_punishment_class


def follow_class(s: Session, c: Case, old_class: str | None, actor: Actor) -> dict:
    """The class changed: the chargesheet entry follows it (the old class's open one closed, the new one's made)."""
    if c.punishment_class == old_class:
        return {}
    reason = _("Punishment class changed from {old} to {new}.").format(old=old_class or "—", new=c.punishment_class)
    made, closed = follow_punishment_class(EngineContext.open(s), c, reason, actor.person_id)
    return {"obligations_made": [o.id for o in made], "obligations_closed": closed}

