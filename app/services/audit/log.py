"""Reading the audit trail: filtered lists, the chain check as a report, and CSV export.

Reading the trail is itself an action the matrix controls (``audit.view``); an export is recorded in
the trail (who exported what, to where), since the file leaves the app's protection.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Select, func, or_, select

from app.i18n import N_, _
from app.models.audit import AuditEntry
from app.services.core import atomic
from app.services.audit import chain as audit
from app.services.access import SYSTEM, Actor
from app.services.audit.chain import ChainProblem
from app.services.storage import Database
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date
from app.services.core.sql_text import ESCAPE, contains, like_literal
from app.services.core.csv_cells import csv_cell
from app.services.core.formatting import as_typed

# The families of actions the viewer offers as a filter (prefix of ``action``).
ACTION_FAMILY_LABELS = {
    "signin": N_("sign-in attempts"), "session": N_("locks and user switches"), "account": N_("accounts"),
    "person": N_("staff list"), "role": N_("roles"), "station": N_("station"), "case": N_("cases"),
    "event": N_("events"), "obligation": N_("entries (obligations)"), "rule": N_("due-date rules"),
    "inspection": N_("inspections"), "backup": N_("backups"), "setting": N_("settings"),
    "audit": N_("audit exports"),
}
ACTION_FAMILIES = tuple(ACTION_FAMILY_LABELS)
EXPORT_COLUMNS = ("seq", "at_local", "at_utc", "actor_person_id", "actor", "action", "entity", "entity_id",
                  "before", "after", "prev_hash", "hash")


@dataclass(frozen=True)
class AuditFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    actor_person_id: int | None = None
    family: str | None = None  # e.g. "signin": matches "signin.ok", "signin.fail" …
    entity: str | None = None
    entity_id: str | None = None
    search: str | None = None  # in the actor's name, the action and the before/after text


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at_local: dt.datetime
    at_utc: dt.datetime
    actor_person_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: str | None
    before: str | None
    after: str | None
    hash: str


@dataclass(frozen=True)
class VerifyReport:
    rows: int
    head_seq: int
    head_hash: str
    head_text: str
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def chain_problems(self) -> list[ChainProblem]:
        """Breaks in the trail itself (the rest, kind "row", are tables that differ from the trail)."""
        return [p for p in self.problems if p.kind != "row"]

    @property
    def row_problems(self) -> list[ChainProblem]:
        return [p for p in self.problems if p.kind == "row"]

    @property
    def first_break(self) -> ChainProblem | None:
        chain = self.chain_problems
        return min(chain, key=lambda p: p.seq) if chain else None

    def as_dict(self) -> dict:
        return {"intact": self.intact, "rows": self.rows, "head_seq": self.head_seq, "head_hash": self.head_hash,
                "head_text": self.head_text,
                "first_break": None if self.first_break is None else self.first_break.seq,
                "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail, "entity": p.entity,
                              "entity_id": p.entity_id} for p in self.problems]}


def check_filter(date_from=None, date_to=None, **rest) -> AuditFilter:
    """Build a filter from typed values, refusing bad dates and a reversed range."""
    start = parse_date(date_from, _("From date"), required=False)
    end = parse_date(date_to, _("To date"), required=False)
    if start and end and end < start:
        from app.services.core.errors import UserError

        raise UserError(_("The 'to' date {to} is before the 'from' date {from_}.").format(to=as_typed(end), from_=as_typed(start)))
    search = clean_text(rest.pop("search", None), _("Search"), max_len=100) or None
    return AuditFilter(date_from=start, date_to=end, search=search, **rest)


def _where(q: Select, flt: AuditFilter) -> Select:
    if flt.date_from:
        q = q.where(AuditEntry.at_local >= dt.datetime.combine(flt.date_from, dt.time()))
    if flt.date_to:
        q = q.where(AuditEntry.at_local < dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time()))
    if flt.actor_person_id is not None:
        q = q.where(AuditEntry.actor_person_id == flt.actor_person_id)
    if flt.family:
        family = like_literal(flt.family)  # "signin" is signin and signin.*, in any case, on every store
        q = q.where(or_(AuditEntry.action.ilike(family, escape=ESCAPE),
                        AuditEntry.action.ilike(family + ".%", escape=ESCAPE)))
    if flt.entity:
        q = q.where(AuditEntry.entity == flt.entity)
    if flt.entity_id is not None:
        q = q.where(AuditEntry.entity_id == str(flt.entity_id))
    if flt.search:
        q = q.where(or_(*(contains(column, flt.search) for column in (  # ignoring case on every store
            AuditEntry.actor_label, AuditEntry.action, AuditEntry.before, AuditEntry.after))))
    return q


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.seq, e.at_local, e.at_utc, e.actor_person_id, e.actor_label, e.action, e.entity,
                    e.entity_id, e.before, e.after, e.hash)


def list_entries(db: Database, flt: AuditFilter = AuditFilter(), *, limit: int = 500, before_seq: int | None = None,
                 actor: Actor = SYSTEM) -> list[AuditRow]:
    """Newest first; page on with ``before_seq`` = the last row's ``seq``."""
    with db.session() as s:
        authorize(s, actor, "audit.view")
        q = _where(select(AuditEntry), flt)
        if before_seq is not None:
            q = q.where(AuditEntry.seq < before_seq)
        return [_row(e) for e in s.scalars(q.order_by(AuditEntry.seq.desc()).limit(limit))]


def count_entries(db: Database, flt: AuditFilter = AuditFilter(), *, actor: Actor = SYSTEM) -> int:
    with db.session() as s:
        authorize(s, actor, "audit.view")
        return s.scalar(_where(select(func.count()).select_from(AuditEntry), flt)) or 0


def actors(db: Database, *, actor: Actor = SYSTEM) -> list[tuple[int, str]]:
    """(person id, latest label) of everyone who appears in the trail, for the viewer's filter."""
    with db.session() as s:
        authorize(s, actor, "audit.view")
        rows = s.execute(select(AuditEntry.actor_person_id, func.max(AuditEntry.seq))
                         .where(AuditEntry.actor_person_id.is_not(None)).group_by(AuditEntry.actor_person_id))
        out = []
        for pid, seq in rows:
            label = s.scalar(select(AuditEntry.actor_label).where(AuditEntry.seq == seq))
            out.append((pid, label or str(pid)))
        return sorted(out, key=lambda r: r[1].casefold())


def verify(db: Database, *, expected_head: tuple[int, str] | None = None) -> VerifyReport:
    """Check the whole chain, and every audited row against its last recorded after-image (anyone may: it
    shows where it breaks and which row differs, not the trail's content)."""
    with db.session() as s:
        chain = audit.verify_chain(s, expected_head=expected_head) + _against_committed_mark(db) \
            + _against_backup_log(db)
        problems = chain + audit.row_problems(s, chain)
        seq, digest = audit.chain_head(s)
        return VerifyReport(audit.count(s), seq, digest, audit.head_text(seq, digest), problems)


def _against_committed_mark(db: Database) -> list[ChainProblem]:
    """The head kept outside the file (``storage``'s committed mark) against the file's own: a chain
    rewritten consistently from its first row, or cut at its end, no longer has the committed head."""
    from app.services.storage import compare_committed

    path = getattr(getattr(db, "storage", None), "path", None)
    if path is None or "://" in str(path):
        return []
    found = compare_committed(Path(path))
    if found.ok or found.mark is None:
        return []
    return [ChainProblem(found.mark.seq, "committed", found.detail)]


def _against_backup_log(db: Database) -> list[ChainProblem]:
    """The audit heads the file's backups recorded (``backup-log.json``) against the file's own rows: a chain
    rewritten consistently together with its committed mark still disagrees with them."""
    from app.services.storage import backup_head_disagreements

    path = getattr(getattr(db, "storage", None), "path", None)
    if path is None or "://" in str(path):
        return []
    return [ChainProblem(seq, "backup", detail) for seq, detail in backup_head_disagreements(Path(path))]


def export_csv(db: Database, path: Path | str, flt: AuditFilter = AuditFilter(), *, actor: Actor = SYSTEM) -> int:
    """Write the filtered rows (oldest first) to a CSV file Excel opens with Hindi intact (UTF-8
    with a byte-order mark), atomically; record the export in the trail. Returns the row count."""
    path = Path(path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    n = 0
    with db.session() as s:
        authorize(s, actor, "audit.view")
        q = _where(select(AuditEntry), flt).order_by(AuditEntry.seq).execution_options(yield_per=2000)
        for e in s.scalars(q):
            writer.writerow([e.seq, e.at_local.isoformat(sep=" "), e.at_utc.isoformat(sep=" ") + "Z",
                             "" if e.actor_person_id is None else e.actor_person_id, csv_cell(e.actor_label),
                             e.action, e.entity, e.entity_id or "", csv_cell(e.before or ""),
                             csv_cell(e.after or ""), e.prev_hash, e.hash])
            n += 1
        atomic.write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"), mode=0o600)
        audit.record(s, actor, "audit.export", "audit", None,
                     after={"path": str(path), "rows": n, "filter": {k: v for k, v in vars(flt).items() if v}})
    return n
