"""An import as a whole: the dry run (every row planned, nothing written), then the import itself in one
transaction after a verified backup, recorded as a batch with the file's hash and audited; the same file again is
a no-op; a batch can be voided as a whole.

By default a file with any bad row imports nothing; ``skip_errors`` imports the good rows and says how many were
left out. Voiding a batch takes away what it made and only that: a case it created that nobody has touched since
(no event recorded on it by anyone else, none of its entries marked made in CAS or sampled in an inspection) is
removed with its entries; one touched since is voided as a typed case is (kept, its open entries closed), so
nothing recorded after the import is lost. Events it created are voided as typed events are (their open entries
closed). A date of offence it filled in is cleared again when it is still the imported one."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.audit import AuditEntry
from app.models.cases import Accused, Case, Event
from app.models.imports import ImportBatch, ImportItem
from app.models.obligations import Obligation
from app.services import audit, cases
from app.services.access import SYSTEM, Actor, authorize
from app.services.catalogue import case_label
from app.services.core import clock
from app.services.core.errors import NotFound, UserError
from app.services.core.formatting import as_typed
from app.services.core.progress import Cancel, Progress, Steps
from app.services.core.validate import clean_text
from app.services.imports.case_rows import apply_case, plan_cases
from app.services.imports.event_rows import apply_event, plan_events
from app.services.imports.source import ImportSource, RowError
from app.services.obligations import OPEN_STATUSES
from app.services.storage import Database, serialize

KINDS = ("cases", "events")


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # {"row", "same_as"}: the same row twice in the file
    notes: list[dict] = field(default_factory=list)  # {"row", "message"}: done, but worth a look
    left_out: int = 0  # rows with errors (not imported)
    batch_id: int | None = None
    already: dict | None = None  # {"batch", "imported_at"}: this file was imported before; nothing done
    imported: bool = False  # something was written

    @property
    def refused(self) -> bool:
        """Nothing was imported because of bad rows (the CLI's exit 2)."""
        return bool(self.errors) and not self.imported and self.already is None

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [e.as_dict() for e in self.errors], "duplicates": self.duplicates, "notes": self.notes,
                "left_out": self.left_out, "rows": self.rows, "dry_run": self.dry_run, "batch": self.batch_id,
                "already_imported": self.already, "imported": self.imported}


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kind: str
    file_name: str
    file_sha256: str
    imported_at: dt.datetime
    actor: str
    rows: int
    created: int
    updated: int
    unchanged: int
    left_out: int
    status: str
    voided_at: dt.datetime | None
    void_reason: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class VoidResult:
    batch_id: int
    removed_cases: int
    voided_cases: list[int]  # touched since the import: kept, voided
    voided_events: int
    restored: int  # dates of offence cleared again
    kept: list[str]  # what was left as it is, and why

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _plan(s: Session, source: ImportSource, actor: Actor, steps: Steps | None = None):
    plans = plan_cases(s, source, steps) if source.kind == "cases" else plan_events(s, source, steps)
    if source.kind == "cases" and any(p.action == "update" for p in plans):
        # filling in a date of offence is a correction of the case (the SHO's): the dry run says so, as the
        # import would (it refused the whole file only after its backup)
        try:
            authorize(s, actor, "case.correct")
            return plans
        except UserError as exc:
            refusal = exc.message
        for p in plans:
            if p.action == "update":
                p.action = "error"
                p.errors.append(RowError(p.row, source.column("occurred_on"), refusal + " " + _(
                    "Filling in the date of offence of {case} is a correction: let the SHO import this file, or leave that "
                    "date out.").format(case=p.label)))
    return plans


def _same_file(s: Session, source: ImportSource) -> ImportBatch | None:
    return s.scalars(select(ImportBatch).where(ImportBatch.file_sha256 == source.file_sha256,
                                               ImportBatch.kind == source.kind, ImportBatch.status == "done")
                     .order_by(ImportBatch.id)).first()


def _fill(report: ImportReport, plans) -> None:
    bad_rows = set()
    for p in plans:
        if p.errors:
            report.errors.extend(p.errors)
            bad_rows.add(p.row)
        elif p.action == "create":
            report.created += 1
        elif p.action == "update":
            report.updated += 1
        elif p.action == "unchanged":
            report.unchanged += 1
        elif p.action == "duplicate":
            report.duplicates.append({"row": p.row, "same_as": p.same_as})
        for note in getattr(p, "notes", ()):
            report.notes.append({"row": p.row, "message": note})
    report.left_out = len(bad_rows)


def import_rows(db: Database, source: ImportSource, *, dry_run: bool = False, skip_errors: bool = False,
                actor: Actor = SYSTEM, progress: Progress | None = None,
                cancelled: Cancel | None = None) -> ImportReport:
    """Plan every row; unless ``dry_run`` (or a bad row without ``skip_errors``), write the good ones in one
    transaction after a verified backup, as one batch.

    ``progress(done, total)`` is told every few hundred rows (the planning, then for an import the planning again
    inside the writing transaction and the writing, all in one count) and ``cancelled()`` asked as often: a true
    answer raises ``Cancelled`` and rolls the transaction back — nothing written, no batch (a backup already
    taken stays)."""
    if source.kind not in KINDS:
        raise UserError(_("Unknown import '{kind}'. Use one of: {kinds}.").format(kind=source.kind,
                                                                                  kinds=", ".join(KINDS)))
    report = ImportReport(source.kind, dry_run, rows=len(source.rows))
    if source.problems:  # a required column missing: the rows cannot be read at all
        report.errors = list(source.problems)
        report.left_out = len(source.rows)
        return report
    if not source.rows:
        raise UserError(_("The sheet has no rows to import."))
    planned = _plan_first(db, source, actor, report, dry_run, progress, cancelled)
    if planned is None:
        return report  # this file was imported before (``report.already``)
    plans, steps = planned
    _fill(report, plans)
    if dry_run or (report.errors and not skip_errors):
        return report
    if not any(p.action in ("create", "update") for p in plans):
        # all already in the register: the file is recorded as imported; a file with only bad rows is not
        return report if report.errors else _record_nothing(db, source, report, actor)
    db.storage.before_bulk_change("import")  # a verified copy of a file first; nothing on a server
    return _write_batch(db, source, actor, plans, steps, skip_errors)


def _plan_first(db: Database, source: ImportSource, actor: Actor, report: ImportReport, dry_run: bool,
                progress: Progress | None, cancelled: Cancel | None) -> tuple[list, Steps] | None:
    """Every row planned in a transaction that writes nothing, and the steps counted for the whole import;
    None when the same file was imported before (``report.already`` then says when)."""
    with db.session() as s:
        authorize(s, actor, "case.add" if source.kind == "cases" else "case.event")
        same = _same_file(s, source)
        if same is not None:
            report.already = {"batch": same.id, "imported_at": same.imported_at}
            return None
        n = len(source.rows)
        steps = Steps(n if dry_run else 3 * n, progress, cancelled, message=_(
            "The check was stopped; nothing was imported.") if dry_run else _(
            "The import was stopped; nothing was imported."))
        plans = _plan(s, source, actor, steps)
        s.rollback()
    if steps.active:
        steps.check()
    return plans, steps


def _write_batch(db: Database, source: ImportSource, actor: Actor, plans: list, steps: Steps,
                 skip_errors: bool) -> ImportReport:
    """The import in one transaction: planned again inside it (nothing changed unseen), the good rows written as
    one batch, audited; nothing at all when every good row was refused on writing."""
    n = len(source.rows)
    with db.session() as s:
        authorize(s, actor, "case.add" if source.kind == "cases" else "case.event")
        serialize(s, "import-batch")  # on a server, a second import waits here until this one is committed
        if _same_file(s, source) is not None:  # imported meanwhile from another window
            raise UserError(_("This file was imported meanwhile; nothing was done."))
        steps.total = 2 * n + sum(not p.errors and p.action in ("create", "update") for p in plans)
        plans = _plan(s, source, actor, steps)  # again, inside the writing transaction: nothing changed unseen
        report = ImportReport(source.kind, False, rows=len(source.rows))
        _fill(report, plans)
        if report.errors and not skip_errors:
            return report
        batch = _new_batch(s, source, report, actor)
        _write_rows(s, source, actor, plans, batch, report, steps, skip_errors)
        if report.created + report.updated == 0:  # every good row was refused on writing: no batch at all
            s.rollback()
            return report
        if steps.active:
            steps.check()  # the last chance to stop: after this the batch is committed
        batch.created, batch.updated, batch.left_out = report.created, report.updated, report.left_out
        s.flush()
        audit.record(s, actor, "import.batch", "import_batch", batch.id, after=_batch_audit(batch))
        report.batch_id, report.imported = batch.id, report.created + report.updated > 0
        return report


def _write_rows(s: Session, source: ImportSource, actor: Actor, plans: list, batch: ImportBatch,
                report: ImportReport, steps: Steps, skip_errors: bool) -> None:
    """Each good row written and recorded as an item of the batch. A row refused on writing (a check that needs
    what earlier rows wrote) refuses the whole import, or with ``skip_errors`` is rolled back to its savepoint
    and counted as left out."""
    note = _("Imported from {file} (batch {id}).").format(file=source.file_name, id=batch.id)
    engine = cases.shared_engine(s)  # the rules, duties and role holders read once for every row
    for p in plans:
        if p.errors or p.action not in ("create", "update"):
            continue
        steps.step()  # a cancel raises here: the whole transaction is rolled back, no batch
        point = s.begin_nested() if skip_errors else None
        try:
            entity, entity_id, before = (apply_case(s, p, actor, note, engine) if source.kind == "cases"
                                         else apply_event(s, p, actor, engine))
        except UserError as exc:
            if point is None:
                raise UserError(_("Row {row}: {message} Nothing was imported.").format(
                    row=p.row, message=exc.message)) from exc
            point.rollback()
            s.info.pop("_audit_head", None)  # the audit chain's head is read again after the rollback
            report.errors.append(RowError(p.row, "", exc.message))
            report.left_out += 1
            report.created -= p.action == "create"
            report.updated -= p.action == "update"
            continue
        if point is not None:
            point.commit()
        s.add(ImportItem(batch_id=batch.id, kind=source.kind, row=p.row, row_hash=p.row_hash,
                         action="created" if p.action == "create" else "updated", entity=entity,
                         entity_id=entity_id, before=json.dumps(before, ensure_ascii=False, default=str)))


def _record_nothing(db: Database, source: ImportSource, report: ImportReport, actor: Actor) -> ImportReport:
    """Every row is already in the register: the file is recorded (so that it is known as imported), nothing else."""
    with db.session() as s:
        batch = _new_batch(s, source, report, actor)
        audit.record(s, actor, "import.batch", "import_batch", batch.id, after=_batch_audit(batch))
        report.batch_id = batch.id
    return report


def _new_batch(s: Session, source: ImportSource, report: ImportReport, actor: Actor) -> ImportBatch:
    batch = ImportBatch(kind=source.kind, file_name=source.file_name[:255], file_sha256=source.file_sha256,
                        profile=source.profile[:80], rows=report.rows, created=report.created, updated=report.updated,
                        unchanged=report.unchanged, left_out=report.left_out, status="done",
                        actor_person_id=actor.person_id, actor_label=(actor.label or "")[:120],
                        imported_at=clock.now(), void_reason="")
    s.add(batch)
    s.flush()
    return batch


def _batch_audit(b: ImportBatch) -> dict:
    return {"kind": b.kind, "file": b.file_name, "sha256": b.file_sha256, "profile": b.profile, "rows": b.rows,
            "created": b.created, "updated": b.updated, "unchanged": b.unchanged, "left_out": b.left_out}


def list_batches(db: Database, *, limit: int = 200) -> list[BatchInfo]:
    with db.session() as s:
        return [_info(b) for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))]


def _info(b: ImportBatch) -> BatchInfo:
    return BatchInfo(b.id, b.kind, b.file_name, b.file_sha256, b.imported_at, b.actor_label, b.rows, b.created,
                     b.updated, b.unchanged, b.left_out, b.status, b.voided_at, b.void_reason)


def void_batch(db: Database, batch_id: int, *, reason: str, actor: Actor = SYSTEM) -> VoidResult:
    """Take away what a batch made (see the module's text); audited; the batch is kept, marked void."""
    text = clean_text(reason, _("Reason"), required=True, max_len=400)
    with db.session() as s:
        authorize(s, actor, "case.correct")
        b = s.get(ImportBatch, batch_id)
        if b is None:
            raise NotFound(_("There is no import batch {id}.").format(id=batch_id))
        if b.status == "void":
            raise UserError(_("Import batch {id} was already voided on {date}.").format(
                id=b.id, date=as_typed(b.voided_at)))
    db.storage.before_bulk_change("import-void")
    with db.session() as s:
        authorize(s, actor, "case.correct")
        b = s.get(ImportBatch, batch_id)
        if b.status == "void":
            raise UserError(_("Import batch {id} was already voided.").format(id=b.id))
        items = list(s.scalars(select(ImportItem).where(ImportItem.batch_id == b.id).order_by(ImportItem.id.desc())))
        why = _("Import batch {id} voided: {reason}").format(id=b.id, reason=text)
        removed, voided_cases, voided_events, restored, kept = 0, [], 0, 0, []
        gone: dict[str, list[int]] = {"case": [], "obligation": [], "accused": []}
        # the cases corrected since the import (a case edit or update, with its reason): kept, not removed
        corrected = set(s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.at_local >= b.imported_at, AuditEntry.entity == "case", AuditEntry.action != "case.add")))
        for item in items:
            if item.entity == "event":
                e = s.get(Event, item.entity_id)
                if e is not None and not e.kind.startswith("void:"):
                    c = s.get(Case, e.case_id)
                    if c is not None and c.status == "void":  # its case was voided since: nothing left open
                        kept.append(_("{case} was voided meanwhile; its event was left as it is.").format(
                            case=case_label(c.kind, c.number, c.year, c.id)))
                        continue
                    cases.void_event_in(s, e.id, reason=why, actor=actor)
                    voided_events += 1
            elif item.action == "updated":
                c = s.get(Case, item.entity_id)
                before = json.loads(item.before or "{}")
                if c is not None and "offence_date" in before:
                    restored += _restore_offence(s, c, before, actor, kept)
            else:
                c = s.get(Case, item.entity_id)
                if c is None or c.status == "void":
                    continue
                if str(c.id) in corrected or _touched(s, c):
                    cases.void_case_in(s, c.id, reason=why, actor=actor)
                    voided_cases.append(c.id)
                else:
                    _remove_case(s, c, gone)
                    removed += 1
        b.status, b.voided_at, b.void_reason = "void", clock.now(), text
        result = VoidResult(b.id, removed, voided_cases, voided_events, restored, kept)
        audit.record(s, actor, "import.void", "import_batch", b.id, before={"status": "done"},
                     after={"status": "void", "reason": text, **result.as_dict(), "removed": gone})
        return result


def _touched(s: Session, c: Case) -> bool:
    """Something was recorded on the case after its import: an event, an accused (a cases import adds none), an
    entry made in CAS, or an entry that an inspection sample or a campaign points at."""
    from app.models import full_metadata

    if s.scalar(select(func.count()).select_from(Event).where(Event.case_id == c.id)):
        return True
    if s.scalar(select(func.count()).select_from(Accused).where(Accused.case_id == c.id)):
        return True
    if s.scalar(select(func.count()).select_from(Obligation).where(
            Obligation.case_id == c.id, Obligation.status.not_in(OPEN_STATUSES))):
        return True
    obs = select(Obligation.id).where(Obligation.case_id == c.id)
    for table in full_metadata().sorted_tables:  # every table, also those not loaded yet
        for col in table.columns:
            if table.name != "obligations" and any(fk.column.table.name == "obligations" for fk in col.foreign_keys):
                if s.scalar(select(func.count()).select_from(table).where(col.in_(obs))):
                    return True
    return False


def _remove_case(s: Session, c: Case, gone: dict[str, list[int]]) -> None:
    """The case and what came with it (its entries; an accused, if any), recorded in ``gone`` for the audit."""
    gone["obligation"] += list(s.scalars(select(Obligation.id).where(Obligation.case_id == c.id)))
    gone["accused"] += list(s.scalars(select(Accused.id).where(Accused.case_id == c.id)))
    gone["case"].append(c.id)
    s.execute(delete(Obligation).where(Obligation.case_id == c.id))
    s.execute(delete(Accused).where(Accused.case_id == c.id))
    s.delete(c)
    s.flush()


def _restore_offence(s: Session, c: Case, before: dict, actor: Actor, kept: list[str]) -> int:
    """Clear the date of offence the import filled in, when it is still the imported one."""
    from app.services.catalogue import case_label

    label = case_label(c.kind, c.number, c.year, c.id)
    if before.get("set") is None or c.offence_date is None or c.offence_date.isoformat() != before["set"]:
        kept.append(_("{case}: its date of offence was changed after the import; it was left as it is.").format(
            case=label))
        return 0
    c.offence_date = None
    audit.record(s, actor, "case.update", "case", c.id, before={"offence_date": before["set"]},
                 after={"offence_date": None})
    return 1
