"""Adding an accused to a case, with his arrest or surrender recorded in the same step (an event of the
case, through ``register.add_event``, so it creates the arrest memo it owes)."""

from __future__ import annotations

from sqlalchemy import select

from app.i18n import _
from app.models.cases import Accused, Case, Event
from app.services.access import SYSTEM, Actor, authorize
from app.services.cases.accused import case_text, clean_name, get_accused, new_accused
from app.services.cases.register import add_event
from app.services.core.errors import NotFound, UserError
from app.services.storage import Database


def add_accused(db: Database, case_id: int, name: str, *, arrested_at=None, surrendered_at=None,
                actor: Actor = SYSTEM):
    """Add an accused to a case (audited); with an arrest or surrender time, that event is recorded for him
    in the same step (creating the arrest memo it owes). Returns the accused and the event's result."""
    name = clean_name(name, _("Name"), required=True)
    if arrested_at not in (None, "") and surrendered_at not in (None, ""):
        raise UserError(_("An accused is either arrested or surrenders in court, not both."))
    if arrested_at in (None, "") and surrendered_at in (None, ""):
        with db.session() as s:
            authorize(s, actor, "case.event")
            c = s.get(Case, case_id)
            if c is None:
                raise NotFound(_("There is no case with id {id}.").format(id=case_id))
            if c.kind != "fir":
                raise UserError(_("Accused are recorded on an FIR; {case} is not an FIR.").format(case=case_text(c)))
            a = new_accused(s, c, name, actor)
            accused_id = a.id
        return get_accused(db, accused_id), None
    kind = "arrest" if arrested_at not in (None, "") else "surrender"
    with db.session() as s:
        c = s.get(Case, case_id)
        if c is not None and any(p.name.casefold() == name.casefold()
                                 for p in s.scalars(select(Accused).where(Accused.case_id == case_id))):
            raise UserError(_("{case} already has an accused named {name}; record his arrest as an event with "
                              "his id.").format(case=case_text(c), name=name))
    result = add_event(db, case_id, kind, occurred_at=arrested_at if kind == "arrest" else surrendered_at,
                       accused=name, actor=actor)
    with db.session() as s:
        accused_id = s.scalar(select(Event.accused_id).where(Event.id == result.event_id))
    return get_accused(db, accused_id), result
