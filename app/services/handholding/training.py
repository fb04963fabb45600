"""Training sessions (D-19: solve staff's CCTNS problems and give training) and who has had none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.i18n import _
from app.models.staff import Person
from app.models.handholding import HandholdingStaff, TrainingAttendee, TrainingSession
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date
from app.services.handholding.common import not_in_future
from app.services.core.sql_text import binary

ACTION = "equipment.edit"


@dataclass(frozen=True)
class TrainingInfo:
    id: int
    held_on: dt.date
    trainer: str
    trainer_staff_id: int | None
    topics: str
    place: str
    cctns: bool
    attendees: tuple[tuple[int, str], ...]  # (person id, name)


@dataclass(frozen=True)
class UntrainedPerson:
    id: int
    name: str
    rank: str


def add_training(db: Database, held_on: str | dt.date, trainer: str, topics: str, attendee_ids: list[int], *,
                 place: str = "", cctns: bool = True, trainer_staff_id: int | None = None,
                 actor: Actor = SYSTEM) -> TrainingInfo:
    day = parse_date(held_on, _("Held on"))
    trainer = clean_text(trainer, _("Trainer"), max_len=120)
    topics = clean_text(topics, _("Topics"), required=True, max_len=2000)
    place = clean_text(place, _("Place"), max_len=120)
    not_in_future(day, _("Held on"), clock.now())
    ids = list(dict.fromkeys(int(i) for i in attendee_ids))
    if not ids:
        raise UserError(_("Choose at least one person who attended."), field="attendees")
    with db.session() as s:
        authorize(s, actor, ACTION)
        if trainer_staff_id is not None:
            st = s.get(HandholdingStaff, trainer_staff_id)
            if st is None:
                raise NotFound(_("There is no handholding staff member with id {id}.").format(id=trainer_staff_id))
            trainer = trainer or st.name
        if not trainer:
            raise UserError(_("{field} is required.").format(field=_("Trainer")), field="trainer")
        people = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
        missing = [i for i in ids if i not in people]
        if missing:
            raise NotFound(_("There is no person with id {id} on the staff list.").format(id=missing[0]))
        t = TrainingSession(held_on=day, trainer=trainer, trainer_staff_id=trainer_staff_id, topics=topics,
                            place=place, cctns=bool(cctns), created_at=clock.now())
        s.add(t)
        s.flush()
        for pid in ids:
            s.add(TrainingAttendee(training_id=t.id, person_id=pid))
        audit.record(s, actor, "training.add", "training", t.id,
                     after={"held_on": day, "trainer": trainer, "trainer_staff_id": trainer_staff_id,
                            "topics": topics, "place": place, "cctns": bool(cctns), "attendees": ids})
        return TrainingInfo(t.id, day, trainer, trainer_staff_id, topics, place, bool(cctns),
                            tuple((pid, people[pid]) for pid in ids))


def list_trainings(db: Database, *, limit: int = 500) -> list[TrainingInfo]:
    with db.session() as s:
        sessions = list(s.scalars(select(TrainingSession).order_by(TrainingSession.held_on.desc(),
                                                                   TrainingSession.id.desc()).limit(limit)))
        attendees: dict[int, list[tuple[int, str]]] = {}
        if sessions:
            for tid, pid, name in s.execute(
                    select(TrainingAttendee.training_id, Person.id, Person.name)
                    .join(Person, Person.id == TrainingAttendee.person_id)
                    .where(TrainingAttendee.training_id.in_([t.id for t in sessions]))
                    .order_by(binary(Person.name), Person.id)):
                attendees.setdefault(tid, []).append((pid, name))
        return [TrainingInfo(t.id, t.held_on, t.trainer, t.trainer_staff_id, t.topics, t.place, t.cctns,
                             tuple(attendees.get(t.id, ()))) for t in sessions]


def untrained_in(session, *, as_of: dt.date | None = None) -> list[UntrainedPerson]:
    """Active station staff who have attended no CCTNS training (up to ``as_of``)."""
    day = as_of or clock.today()
    trained = (select(TrainingAttendee.person_id)
               .join(TrainingSession, TrainingSession.id == TrainingAttendee.training_id)
               .where(TrainingSession.cctns.is_(True), TrainingSession.held_on <= day))
    q = (select(Person.id, Person.name, Person.rank)
         .where(Person.active.is_(True), Person.id.not_in(trained))
         .order_by(binary(Person.name), Person.id))
    return [UntrainedPerson(*row) for row in session.execute(q)]


def untrained_staff(db: Database, *, as_of: dt.date | None = None) -> list[UntrainedPerson]:
    with db.session() as s:
        return untrained_in(s, as_of=as_of)
