"""Inspection visits: the officer, a snapshot of what was pending, findings, and instructions.

An instruction becomes an obligation of the instructed person, under the duty it is about (the
finding's duty, the duty named, or the role's catch-all: A-8 for the SHO, B-18 for the mohrir,
D-26 for the operator), due on the date the officer set, with the basis "Inspection instruction by
<officer> on <date>". Its follow-up status at the next visit is that obligation's status, so an
instruction is complied with exactly when the person marks the entry done.

Every change is authorised (``inspection.record``) and audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.models.staff import Person
from app.models.inspections import OFFICER_RANKS, Inspection, InspectionFinding, InspectionInstruction
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.catalogue import duty_by_code
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.inspections.shapes import (
    FindingInfo,
    InspectionDetail,
    InspectionInfo,
    InstructionInfo,
    rank_text,
)
from app.services.access import authorize
from app.services import obligations
from app.services.staff import check_role, get_person
from app.services.access import roles_on
from app.services.core.validate import clean_text, parse_date
from app.services.core.formatting import as_typed

# The duty an instruction falls under when no finding or duty names one: the letter's catch-alls.
CATCH_ALL = {"sho": "A-8", "mohrir": "B-18", "operator": "D-26"}
INSTRUCTION_RULE_KEY = "inspection.instruction"
INSTRUCTION_DUE_TIME = dt.time(23, 59)


# --- validation ---------------------------------------------------------------------------------


def check_rank(rank: str) -> str:
    rank = (rank or "").strip().lower()
    if rank not in OFFICER_RANKS:
        raise UserError(_("Unknown officer rank '{rank}'. Use one of: {ranks}.").format(
            rank=rank, ranks=", ".join(OFFICER_RANKS)), field="officer_rank")
    return rank


def _get(session: Session, inspection_id: int) -> Inspection:
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFound(_("There is no inspection with id {id}.").format(id=inspection_id))
    return row


def _snapshot_moment(visit_date: dt.date) -> dt.datetime:
    now = clock.now()
    if visit_date == now.date():
        return now
    return dt.datetime.combine(visit_date, dt.time(23, 59, 59))


def inspection_info(session: Session, row: Inspection) -> InspectionInfo:
    findings = session.scalar(select(func.count()).select_from(InspectionFinding)
                              .where(InspectionFinding.inspection_id == row.id)) or 0
    total, still_open = _instruction_counts(session, row.id)
    return InspectionInfo(row.id, row.visit_date, row.officer_name, row.officer_rank, row.officer_rank_other,
                          row.surprise, row.notes, row.snapshot_at, findings, total, still_open,
                          row.cas_sample is not None)


def _instruction_counts(session: Session, inspection_id: int) -> tuple[int, int]:
    rows = session.execute(
        select(Obligation.status, func.count())
        .select_from(InspectionInstruction)
        .join(Obligation, Obligation.id == InspectionInstruction.obligation_id)
        .where(InspectionInstruction.inspection_id == inspection_id)
        .group_by(Obligation.status)
    ).all()
    return sum(n for _s, n in rows), sum(n for s, n in rows if s == "pending")


def _record_dict(row: Inspection) -> dict:
    return {"visit_date": row.visit_date, "officer_name": row.officer_name, "officer_rank": row.officer_rank,
            "officer_rank_other": row.officer_rank_other, "surprise": row.surprise, "notes": row.notes}


# --- visits -------------------------------------------------------------------------------------


def record_inspection(db: Database, *, visit_date: str | dt.date, officer_name: str, officer_rank: str,
                      surprise: bool = False, notes: str = "", officer_rank_other: str = "",
                      actor: Actor = SYSTEM) -> InspectionInfo:
    """Record a visit and freeze a snapshot of the station's pending state as it stood then."""
    day = parse_date(visit_date, _("Date of the visit"))
    if day > clock.today():
        raise UserError(_("The date of the visit {date} is in the future.").format(date=as_typed(day)),
                        field="visit_date")
    name = clean_text(officer_name, _("Inspecting officer's name"), required=True, max_len=120)
    rank = check_rank(officer_rank)
    other = clean_text(officer_rank_other, _("Rank"), max_len=60)
    if rank == "other" and not other:
        raise UserError(_("Write the rank of the inspecting officer."), field="officer_rank_other")
    if rank != "other":
        other = ""
    notes = clean_text(notes, _("Notes"), max_len=4000)
    with db.session() as s:
        authorize(s, actor, "inspection.record")
        moment = _snapshot_moment(day)
        snap = obligations.snapshot(s, moment)
        row = Inspection(visit_date=day, officer_name=name, officer_rank=rank, officer_rank_other=other,
                         surprise=bool(surprise), notes=notes, snapshot=json.dumps(snap, ensure_ascii=False),
                         snapshot_at=moment, created_at=clock.now())
        s.add(row)
        s.flush()
        audit.record(s, actor, "inspection.add", "inspection", row.id,
                     after=_record_dict(row) | {"snapshot": {"as_of": snap["as_of"],
                                                             "pending": snap["total_pending"],
                                                             "overdue": snap["total_overdue"]}})
        return inspection_info(s, row)


def update_inspection(db: Database, inspection_id: int, *, officer_name: str | None = None,
                      officer_rank: str | None = None, officer_rank_other: str | None = None,
                      surprise: bool | None = None, notes: str | None = None,
                      actor: Actor = SYSTEM) -> InspectionInfo:
    """Correct a visit's particulars (the snapshot and the date stay as recorded)."""
    with db.session() as s:
        authorize(s, actor, "inspection.record")
        row = _get(s, inspection_id)
        before = _record_dict(row)
        if officer_name is not None:
            row.officer_name = clean_text(officer_name, _("Inspecting officer's name"), required=True,
                                          max_len=120)
        if officer_rank is not None:
            row.officer_rank = check_rank(officer_rank)
        if officer_rank_other is not None:
            row.officer_rank_other = clean_text(officer_rank_other, _("Rank"), max_len=60)
        if row.officer_rank == "other" and not row.officer_rank_other:
            raise UserError(_("Write the rank of the inspecting officer."), field="officer_rank_other")
        if row.officer_rank != "other":
            row.officer_rank_other = ""
        if surprise is not None:
            row.surprise = bool(surprise)
        if notes is not None:
            row.notes = clean_text(notes, _("Notes"), max_len=4000)
        after = _record_dict(row)
        if after != before:
            audit.record(s, actor, "inspection.update", "inspection", row.id, before=before, after=after)
        return inspection_info(s, row)


def kept_cas_sample(session: Session, inspection_id: int) -> dict | None:
    """The sample for verification in CAS the visit's checklist first printed (None: not printed yet)."""
    row = _get(session, inspection_id)
    return json.loads(row.cas_sample) if row.cas_sample else None


def keep_cas_sample(db: Database, inspection_id: int, sample: dict, *, actor: Actor = SYSTEM) -> dict:
    """Keep ``sample`` (a JSON-ready dict) with the visit, so every reprint of its checklist lists the same
    rows. The first one kept stays: a second call returns it unchanged. Audited (``inspection.cas_sample``)."""
    with db.session() as s:
        authorize(s, actor, "report.print")
        row = _get(s, inspection_id)
        if row.cas_sample:
            return json.loads(row.cas_sample)
        row.cas_sample = json.dumps(sample, ensure_ascii=False, sort_keys=True)
        audit.record(s, actor, "inspection.cas_sample", "inspection", row.id,
                     after={"seed": sample.get("seed"), "drawn_at": sample.get("drawn_at"),
                            "per_kind": sample.get("per_kind"), "rows": len(sample.get("rows", []))})
        return sample


def list_inspections(db: Database, *, limit: int = 200, offset: int = 0) -> list[InspectionInfo]:
    """Visits, the latest first."""
    with db.session() as s:
        rows = s.scalars(select(Inspection).order_by(Inspection.visit_date.desc(), Inspection.id.desc())
                         .limit(limit).offset(offset)).all()
        return [inspection_info(s, r) for r in rows]


def _previous(session: Session, row: Inspection) -> Inspection | None:
    return session.scalars(
        select(Inspection)
        .where(or_(Inspection.visit_date < row.visit_date,
                   and_(Inspection.visit_date == row.visit_date, Inspection.id < row.id)))
        .order_by(Inspection.visit_date.desc(), Inspection.id.desc())
        .limit(1)
    ).first()


def get_inspection(db: Database, inspection_id: int) -> InspectionDetail:
    with db.session() as s:
        return inspection_detail(s, inspection_id)


def inspection_detail(session: Session, inspection_id: int) -> InspectionDetail:
    """The visit with its findings, instructions and the previous visit's instructions (current status)."""
    row = _get(session, inspection_id)
    prev = _previous(session, row)
    return InspectionDetail(
        info=inspection_info(session, row),
        snapshot=json.loads(row.snapshot or "{}"),
        findings=_findings(session, row.id),
        instructions=instructions(session, inspection_ids=[row.id]),
        previous=None if prev is None else inspection_info(session, prev),
        previous_instructions=[] if prev is None else instructions(session, inspection_ids=[prev.id]),
    )


# --- findings -----------------------------------------------------------------------------------


def _findings(session: Session, inspection_id: int) -> list[FindingInfo]:
    rows = session.execute(
        select(InspectionFinding, Duty.code, Duty.text_hi, Duty.label_hi, Duty.name_en, Duty.label_en)
        .outerjoin(Duty, Duty.id == InspectionFinding.duty_id)
        .where(InspectionFinding.inspection_id == inspection_id)
        .order_by(InspectionFinding.id)
    ).all()
    return [FindingInfo(f.id, f.inspection_id, f.role_code, code, label_hi or text_hi, label_en or name_en,
                        f.satisfactory, f.text)
            for f, code, text_hi, label_hi, name_en, label_en in rows]


def _duty(session: Session, code: str) -> Duty:
    duty = duty_by_code(session, (code or "").strip().upper())
    if duty is None:
        raise UserError(_("Unknown duty '{code}'. Duty codes are like A-1, B-2 … E-9.").format(code=code),
                        field="duty")
    return duty


def add_finding(db: Database, inspection_id: int, *, text: str, role: str | None = None,
                duty_code: str | None = None, satisfactory: bool = False,
                actor: Actor = SYSTEM) -> FindingInfo:
    """A finding about a role, or about one of its duties (the duty implies the role)."""
    body = clean_text(text, _("Finding"), required=True, max_len=2000)
    with db.session() as s:
        authorize(s, actor, "inspection.record")
        row = _get(s, inspection_id)
        duty = _duty(s, duty_code) if duty_code else None
        if duty is not None:
            if role and check_role(role) != duty.role_code:
                raise UserError(_("Duty {code} belongs to another role.").format(code=duty.code), field="duty")
            role_code = duty.role_code
        elif role:
            role_code = check_role(role)
        else:
            raise UserError(_("Choose the role or the duty the finding is about."), field="role")
        f = InspectionFinding(inspection_id=row.id, role_code=role_code, duty_id=duty.id if duty else None,
                              satisfactory=bool(satisfactory), text=body, created_at=clock.now())
        s.add(f)
        s.flush()
        audit.record(s, actor, "inspection.finding", "inspection_finding", f.id,
                     after={"inspection_id": row.id, "role": role_code, "duty": duty.code if duty else None,
                            "satisfactory": f.satisfactory, "text": body})
        return FindingInfo(f.id, row.id, role_code, duty.code if duty else None,
                           (duty.label_hi or duty.text_hi) if duty else None,
                           (duty.label_en or duty.name_en) if duty else None, f.satisfactory, body)


# --- instructions -------------------------------------------------------------------------------


def instructions(session: Session, *, inspection_ids: list[int] | None = None,
                 as_of: dt.datetime | None = None) -> list[InstructionInfo]:
    """Instructions with the current status of the obligation each became."""
    now = as_of or clock.now()
    q = (
        select(InspectionInstruction, Person.name, Person.rank, Duty.code,
               func.coalesce(Duty.label_hi, Duty.text_hi), func.coalesce(Duty.label_en, Duty.name_en),
               Obligation.status, Obligation.due_at, Obligation.entered_at, Obligation.na_at)
        .join(Person, Person.id == InspectionInstruction.person_id)
        .join(Duty, Duty.id == InspectionInstruction.duty_id)
        .join(Obligation, Obligation.id == InspectionInstruction.obligation_id)
        .order_by(InspectionInstruction.inspection_id, InspectionInstruction.id)
    )
    if inspection_ids is not None:
        q = q.where(InspectionInstruction.inspection_id.in_(inspection_ids))
    out = []
    for ins, person, rank, code, hi, en, status, due_at, entered_at, na_at in session.execute(q):
        out.append(InstructionInfo(
            ins.id, ins.inspection_id, ins.finding_id, ins.person_id, person, rank, ins.role_code, code, hi, en,
            ins.text, due_at, ins.obligation_id, status, status == "pending" and due_at < now,
            entered_at if status in ("entered", "verified") else na_at if status == "na" else None))
    return out


def _basis(row: Inspection, lang: str) -> str:
    rank = rank_text(row.officer_rank, row.officer_rank_other, lang)
    if lang == "hi":
        return "{officer} ({rank}) द्वारा दिनांक {date} के निरीक्षण में दिया गया निर्देश".format(
            officer=row.officer_name, rank=rank, date=row.visit_date.strftime("%d.%m.%Y"))
    return "Inspection instruction by {officer} ({rank}) on {date}".format(
        officer=row.officer_name, rank=rank, date=row.visit_date.strftime("%d.%m.%Y"))


def _instruction_duty(s: Session, row: Inspection, person, held: list[str], duty_code: str | None,
                      finding_id: int | None) -> tuple[InspectionFinding | None, Duty]:
    """The finding (of this visit) and the duty an instruction is about: the duty named, else the finding's
    duty, else the catch-all of the finding's or the person's role; the person must hold its role."""
    finding = None
    if finding_id is not None:
        finding = s.get(InspectionFinding, finding_id)
        if finding is None or finding.inspection_id != row.id:
            raise UserError(_("Finding {id} does not belong to this inspection.").format(id=finding_id),
                            field="finding")
    if duty_code:
        duty = _duty(s, duty_code)
    elif finding is not None and finding.duty_id is not None:
        duty = s.get(Duty, finding.duty_id)
    else:
        role = finding.role_code if finding is not None and finding.role_code in held else None
        role = role if role in CATCH_ALL else None  # the IO and court roles have no catch-all duty
        role = role or next((r for r in held if r in CATCH_ALL), None)
        if role is None:
            raise UserError(_("Choose the duty this instruction is about."), field="duty")
        duty = _duty(s, CATCH_ALL[role])
    if duty.role_code not in held:
        raise UserError(_("{name} does not hold the role that duty {code} belongs to.").format(
            name=person.name, code=duty.code), field="duty")
    return finding, duty


def add_instruction(db: Database, inspection_id: int, *, person_id: int, text: str, due: str | dt.date,
                    duty_code: str | None = None, finding_id: int | None = None,
                    actor: Actor = SYSTEM) -> InstructionInfo:
    """An instruction to a named person, due on ``due``; it becomes that person's obligation.

    The duty is the one named, else the finding's duty, else the catch-all of the person's role
    (A-8, B-18, D-26). The person must hold the duty's role on the day of the visit.
    """
    body = clean_text(text, _("Instruction"), required=True, max_len=2000)
    due_day = parse_date(due, _("Due date"))
    with db.session() as s:
        authorize(s, actor, "inspection.record")
        row = _get(s, inspection_id)
        if due_day < row.visit_date:
            raise UserError(_("The due date {due} is before the visit ({visit}).").format(
                due=as_typed(due_day), visit=as_typed(row.visit_date)), field="due")
        person = get_person(s, person_id)
        if not person.active:
            raise UserError(_("{name} is marked inactive.").format(name=person.name), field="person")
        held = roles_on(s, row.visit_date).get(person.id, [])
        if not held:
            held = roles_on(s, clock.today()).get(person.id, [])
        if not held:
            raise UserError(_("{name} holds no role; assign a role before giving an instruction.").format(
                name=person.name), field="person")
        finding, duty = _instruction_duty(s, row, person, held, duty_code, finding_id)
        now = clock.now()
        due_at = dt.datetime.combine(due_day, INSTRUCTION_DUE_TIME)
        anchor = now if row.visit_date == now.date() else dt.datetime.combine(row.visit_date, dt.time(12, 0))
        ob = Obligation(duty_id=duty.id, role_code=duty.role_code, form=duty.form, person_id=person.id,
                        rule_key=INSTRUCTION_RULE_KEY, basis=_basis(row, "en"), basis_hi=_basis(row, "hi"),
                        anchor_at=anchor, due_at=due_at, status="pending", created_at=now)
        s.add(ob)
        s.flush()
        ins = InspectionInstruction(inspection_id=row.id, finding_id=finding.id if finding else None,
                                    person_id=person.id, role_code=duty.role_code, duty_id=duty.id, text=body,
                                    due_at=due_at, obligation_id=ob.id, created_at=now)
        s.add(ins)
        s.flush()
        audit.record(s, actor, "obligation.add", "obligation", ob.id,
                     after={"duty": duty.code, "person_id": person.id, "due_at": due_at, "basis": ob.basis,
                            "rule_key": INSTRUCTION_RULE_KEY})
        audit.record(s, actor, "inspection.instruction", "inspection_instruction", ins.id,
                     after={"inspection_id": row.id, "person_id": person.id, "duty": duty.code, "text": body,
                            "due_at": due_at, "obligation_id": ob.id, "basis": ob.basis})
        return next(i for i in instructions(s, inspection_ids=[row.id]) if i.id == ins.id)
