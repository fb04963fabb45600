"""The status changes of an obligation: entered in CAS, not applicable, verified by the SHO, reopened
for a correction, reassigned. Each is checked, authorized and audited in one transaction.

``pending`` → ``entered`` (CAS reference, by whom, when) → ``verified`` (by the SHO, duty A-2); or
``na`` (reason, by whom). ``missed`` marks a recurring period that passed while the app was closed and
can still be marked as entered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_datetime
from app.services.obligations.statuses import OPEN_STATUSES
from app.services.obligations.entry_bounds import recorded_from
from app.services.core.formatting import as_typed


STATUS_LABELS = {
    "pending": N_("pending"),
    "entered": N_("entered in CAS"),
    "verified": N_("verified"),
    "na": N_("not applicable"),
    "missed": N_("missed"),
}



def status_text(status: str) -> str:
    """The status in the current language (an unknown code as it is)."""
    return _(STATUS_LABELS.get(status, status))


def entry_name(session: Session, ob: Obligation) -> str:
    """An entry as the user knows it, never by its internal number: its form (or duty code) and its case,
    "IIF-1 of FIR 12/2025", or its period for a recurring duty, "GD of 05.12.2026"."""
    from app.models.cases import Case
    from app.models.catalogue import Duty
    from app.services.catalogue import case_label

    duty = session.get(Duty, ob.duty_id)
    form = ob.form or (duty.code if duty is not None else "") or _("entry")
    if ob.case_id is not None:
        c = session.get(Case, ob.case_id)
        if c is not None:
            label = case_label(c.kind, c.number, c.year, c.id)
            if str(label):
                return _("{form} of {case}").format(form=form, case=label)
    if ob.period_key:
        return _("{form} of {period}").format(form=form, period=as_typed(ob.period_key))
    return form


def _load(session: Session, id_list: Iterable[int]) -> list[Obligation]:
    wanted = list(dict.fromkeys(int(i) for i in id_list))
    if not wanted:
        raise UserError(_("No entries were chosen."))
    obs = {ob.id: ob for ob in session.scalars(select(Obligation).where(Obligation.id.in_(wanted)))}
    missing = [i for i in wanted if i not in obs]
    if missing:
        raise NotFound(_("There is no entry with id {id}.").format(id=", ".join(map(str, missing[:10]))))
    return [obs[i] for i in wanted]


def _check_not_voided(session: Session, ob: Obligation) -> None:
    """An entry of a voided case or a voided event stays closed: it is not reopened, made, verified or closed
    again (the void's promise: it leaves every list)."""
    from app.models.cases import Case, Event

    if ob.case_id is not None:
        c = session.get(Case, ob.case_id)
        if c is not None and c.status == "void":
            raise UserError(_("Entry {id} belongs to a voided case; it cannot be changed.").format(
                id=entry_name(session, ob)))
    if ob.event_id is not None:
        e = session.get(Event, ob.event_id)
        if e is not None and (e.kind or "").startswith("void:"):
            raise UserError(_("Entry {id} belongs to a voided event; it cannot be changed.").format(
                id=entry_name(session, ob)))


def _person_on_staff(session: Session, person_id: int | None, label: str) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        raise NotFound(_("{field}: there is no person with id {id} on the staff list.").format(field=label, id=person_id))


def mark_entered(db: Database, id_list: Iterable[int], cas_ref: str, *, by_person_id: int | None = None,
                 at: dt.datetime | str | None = None, actor: Actor = SYSTEM) -> int:
    """Record that the entries were made in CAS (reference, by whom, when). Returns how many."""
    ref = clean_text(cas_ref, _("CAS reference"), required=True, max_len=80)
    now = clock.now()
    when = parse_datetime(at, _("Entered at"), required=False) or now
    if when > now + dt.timedelta(minutes=5):
        raise UserError(_("The time of entry {at} is in the future.").format(at=as_typed(when)))
    with db.session() as s:
        by = by_person_id if by_person_id is not None else actor.person_id
        _person_on_staff(s, by, _("Entered by"))
        if by != actor.person_id and not actor.is_system:  # the audit row names both: who typed, who made it
            authorize(s, actor, "obligation.enter_for")
        obs = _load(s, id_list)
        for ob in obs:
            authorize(s, actor, "obligation.enter", owner_person_id=ob.person_id)
            _check_not_voided(s, ob)
            if ob.status not in OPEN_STATUSES:
                raise UserError(_("Entry {id} is already {status}; reopen it first to correct it.").format(
                    id=entry_name(s, ob), status=status_text(ob.status)))
            # no day's grace: an entry made "the evening before" the arrest it records is a wrong date;
            # only the minutes two PCs' clocks may differ by are allowed (clock.CLOCK_SLACK)
            recorded = recorded_from(s, ob) if ob.period_key is None else None
            if recorded is not None and when < recorded - clock.CLOCK_SLACK:
                raise UserError(_("Entry {id}: the time of entry {at} is before the event it records ({anchor}).")
                                .format(id=entry_name(s, ob), at=as_typed(when), anchor=as_typed(recorded)))
            if ob.period_key is not None and when.date() < _period_start(ob.period_key):
                raise UserError(_("Entry {id}: the time of entry {at} is before its period ({period}) began.")
                                .format(id=entry_name(s, ob), at=as_typed(when), period=as_typed(ob.period_key)))
        changes = []
        for ob in obs:
            changes.append({"id": ob.id, "status": ob.status})
            ob.status, ob.cas_ref, ob.entered_by_id, ob.entered_at = "entered", ref, by, when
        audit.record(s, actor, "obligation.enter", "obligation", obs[0].id if len(obs) == 1 else None,
                     before=changes, after={"ids": [ob.id for ob in obs], "cas_ref": ref, "by": by, "at": when})
        return len(obs)


def _period_start(key: str) -> dt.date:
    from app.services.obligations.engine import period_start_from_key

    try:
        return period_start_from_key(key)
    except ValueError:  # an unreadable key never blocks the entry: the check is a guard, not a gate
        return dt.date.min


def mark_na(db: Database, obligation_id: int, reason: str, actor: Actor = SYSTEM) -> None:
    """Not applicable (with the reason): leaves pending lists; kept, never deleted."""
    text = clean_text(reason, _("Reason"), required=True, max_len=500)
    with db.session() as s:
        (ob,) = _load(s, [obligation_id])
        authorize(s, actor, "obligation.na", owner_person_id=ob.person_id)
        _check_not_voided(s, ob)
        if ob.status not in OPEN_STATUSES:
            raise UserError(_("Entry {id} is already {status}; reopen it first to correct it.").format(
                id=entry_name(s, ob), status=status_text(ob.status)))
        before = ob.status
        ob.status, ob.na_reason, ob.na_by_id, ob.na_at = "na", text, actor.person_id, clock.now()
        audit.record(s, actor, "obligation.na", "obligation", ob.id, before={"status": before},
                     after={"status": "na", "reason": text})


def verify(db: Database, id_list: Iterable[int], *, by_person_id: int, actor: Actor = SYSTEM) -> int:
    """The SHO verifies entries made in CAS (duty A-2). ``by_person_id`` must hold the SHO role today."""
    from app.services.access import holders

    with db.session() as s:
        authorize(s, actor, "obligation.verify")
        _person_on_staff(s, by_person_id, _("Verified by"))
        sho_name = s.get(Person, by_person_id).name
        if not actor.is_system and by_person_id != actor.person_id:
            raise UserError(_("A verification is the SHO's own act: {name} cannot record it for {sho}. The SHO types "
                              "his own password in the Verify dialog.").format(name=actor.label, sho=sho_name))
        today = clock.today()
        if by_person_id not in holders(s, "sho", today):
            raise UserError(_("{name} does not hold the SHO's role today; only the SHO verifies entries (duty A-2).")
                            .format(name=sho_name))
        obs = _load(s, id_list)
        for ob in obs:
            _check_not_voided(s, ob)
            if ob.status != "entered":
                raise UserError(_("Entry {id} is {status}; only entries made in CAS can be verified.").format(
                    id=entry_name(s, ob), status=status_text(ob.status)))
            if ob.entered_by_id is not None and ob.entered_by_id == by_person_id:
                raise UserError(_("Entry {id} was made by the same person; nobody verifies his own entry.")
                                .format(id=entry_name(s, ob)))
        now = clock.now()
        for ob in obs:
            ob.status, ob.verified_by_id, ob.verified_at = "verified", by_person_id, now
        audit.record(s, actor, "obligation.verify", "obligation", obs[0].id if len(obs) == 1 else None,
                     after={"ids": [ob.id for ob in obs], "by": by_person_id})
        return len(obs)


def reopen(db: Database, obligation_id: int, reason: str, actor: Actor = SYSTEM) -> None:
    """Correct a mistaken 'entered' or 'not applicable': back to pending, the old values kept in the audit."""
    text = clean_text(reason, _("Reason"), required=True, max_len=500)
    with db.session() as s:
        (ob,) = _load(s, [obligation_id])
        authorize(s, actor, "obligation.na", owner_person_id=ob.person_id)
        _check_not_voided(s, ob)
        if ob.status not in ("entered", "na", "verified"):
            raise UserError(_("Entry {id} is {status}; there is nothing to reopen.").format(
                id=entry_name(s, ob), status=status_text(ob.status)))
        before = {"status": ob.status, "cas_ref": ob.cas_ref, "entered_by": ob.entered_by_id,
                  "entered_at": ob.entered_at, "verified_by": ob.verified_by_id, "na_reason": ob.na_reason}
        ob.status = "pending"
        ob.cas_ref = ob.entered_by_id = ob.entered_at = ob.verified_by_id = ob.verified_at = None
        ob.na_reason = ob.na_by_id = ob.na_at = None
        audit.record(s, actor, "obligation.reopen", "obligation", ob.id, before=before,
                     after={"status": "pending", "reason": text})


def _roles_from(session: Session, person_id: int, day: dt.date) -> set[str]:
    """The roles the person holds on ``day`` or from a later date (a successor named in advance)."""
    return set(session.scalars(select(RoleAssignment.role_code).where(
        RoleAssignment.person_id == person_id,
        or_(RoleAssignment.to_date.is_(None), RoleAssignment.to_date >= day))))


def reassign(db: Database, id_list: Iterable[int], person_id: int | None, actor: Actor = SYSTEM, *,
             outside_role: bool = False, reason: str | None = None) -> int:
    """Give open entries to another person (or leave them unassigned with ``None``). Audited.

    The person must be active and hold each entry's role today or from a later date, unless
    ``outside_role`` says the station gives the entries to someone outside the role on purpose (a
    cover); the audit records that it was asked for, and ``reason`` when given. Any entry refused: nothing
    changes."""
    why = clean_text(reason, _("Reason"), max_len=500) if reason is not None else ""
    with db.session() as s:
        authorize(s, actor, "obligation.reassign")
        _person_on_staff(s, person_id, _("Person"))
        obs = _load(s, id_list)
        for ob in obs:
            if ob.status not in OPEN_STATUSES:
                raise UserError(_("Entry {id} is {status}; only open entries can be reassigned.").format(
                    id=entry_name(s, ob), status=status_text(ob.status)))
        if person_id is not None:
            person = s.get(Person, person_id)
            if not person.active:
                raise UserError(_("{name} is marked inactive and cannot take over work.").format(name=person.name))
            held = _roles_from(s, person_id, clock.today())
            outside = [ob for ob in obs if ob.role_code not in held]
            if outside and not outside_role:
                from app.i18n import bilingual
                from app.models.catalogue import Role

                role = s.get(Role, outside[0].role_code)
                role_name = bilingual(role.name_hi, role.name_en) if role is not None else outside[0].role_code
                raise UserError(_("The entries are owed by the role {role}, which {name} does not hold today or "
                                  "from a later date; give the role first, or say that the entries go outside "
                                  "the role (a cover).").format(role=role_name, name=person.name))
        before = [{"id": ob.id, "person_id": ob.person_id} for ob in obs]
        for ob in obs:
            ob.person_id = person_id
        audit.record(s, actor, "obligation.reassign", "obligation", None, before=before,
                     after={"ids": [ob.id for ob in obs], "person_id": person_id,
                            **({"outside_role": True} if outside_role else {}), **({"reason": why} if why else {})})
        return len(obs)


# Many entries at once, each with its own reference and day (a CAS list read back: ``app.services.reconcile``):
# the same checks as ``mark_entered``, in the caller's transaction; the caller records the audit.


def entry_moment(recorded: dt.datetime, day: dt.date | None, now: dt.datetime) -> dt.datetime:
    """When an entry made on ``day`` (a date only) is recorded as made: the day's start, or what it records when
    that happened the same day, never later than now; ``None`` is now."""
    if day is None:
        return now
    moment = dt.datetime.combine(day, dt.time())
    if day == recorded.date() and recorded > moment:
        moment = recorded
    return min(moment, now) if day == now.date() else moment


def enter_each(session: Session, actor: Actor, items: Iterable[tuple[int, str, dt.date | None]], *,
               by_person_id: int | None = None) -> list[dict]:
    """Mark each (obligation id, CAS reference, day entered or None) as entered; all or none (UserError names the
    first entry refused). An entry already marked entered with the same reference is left as it is. Returns, for
    each entry changed, {"id", "status" (before), "cas_ref", "at"}."""
    now = clock.now()
    by = by_person_id if by_person_id is not None else actor.person_id
    _person_on_staff(session, by, _("Entered by"))
    if by != actor.person_id and not actor.is_system:
        authorize(session, actor, "obligation.enter_for")
    refs = {}
    for oid, ref, day in items:
        refs[int(oid)] = (clean_text(ref, _("CAS reference"), required=True, max_len=80), day)
        if day is not None and day > now.date():
            known = session.get(Obligation, int(oid))
            raise UserError(_("Entry {id}: the day it was entered in CAS, {day}, is in the future.").format(
                id=entry_name(session, known) if known is not None else oid, day=as_typed(day)))
    if not refs:
        return []
    obs = _load(session, list(refs))
    plan = []
    for ob in obs:
        ref, day = refs[ob.id]
        if ob.status in ("entered", "verified") and "".join((ob.cas_ref or "").split()).upper() == \
                "".join(ref.split()).upper():
            continue  # already so: marking twice changes nothing
        authorize(session, actor, "obligation.enter", owner_person_id=ob.person_id)
        _check_not_voided(session, ob)
        if ob.status not in OPEN_STATUSES:
            raise UserError(_("Entry {id} is already {status}; reopen it first to correct it.").format(
                id=entry_name(session, ob), status=status_text(ob.status)))
        recorded = recorded_from(session, ob) if ob.period_key is None else ob.anchor_at
        when = entry_moment(recorded, day, now)
        if ob.period_key is None and when < recorded - clock.CLOCK_SLACK:
            raise UserError(_("Entry {id}: the time of entry {at} is before the event it records ({anchor}).")
                            .format(id=entry_name(session, ob), at=as_typed(when), anchor=as_typed(recorded)))
        if ob.period_key is not None and when.date() < _period_start(ob.period_key):
            raise UserError(_("Entry {id}: the time of entry {at} is before its period ({period}) began.")
                            .format(id=entry_name(session, ob), at=as_typed(when), period=as_typed(ob.period_key)))
        plan.append((ob, ref, when))
    changes = []
    for ob, ref, when in plan:
        changes.append({"id": ob.id, "status": ob.status, "cas_ref": ref, "at": when})
        ob.status, ob.cas_ref, ob.entered_by_id, ob.entered_at = "entered", ref, by, when
    return changes
