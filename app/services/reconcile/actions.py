"""Act on a reconciliation: mark the matched entries entered with their CAS references (``apply``), and add a case
only CAS has (``add_missing_case``).

``apply`` marks the confident matches and the rows the user accepted, nothing else; all in one transaction,
audited, after a verified backup, with the same permission checks as marking an entry by hand. Refused input
(no permission, a day that does not fit) changes nothing and takes no backup. An entry already marked with the
same reference is left alone, so applying twice is the same as once; one closed another way since the
reconciliation was made is left alone too and reported (``skipped``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.i18n import _
from app.services import audit
from app.services.access import SYSTEM, Actor
from app.services.core.errors import UserError
from app.services.obligations import OPEN_STATUSES
from app.services.reconcile.engine import norm_ref
from app.services.reconcile.forms import FORM_CASE_KINDS
from app.services.reconcile.model import ONLY_THERE, Reconciliation
from app.services.storage import Database


@dataclass(frozen=True)
class ApplyResult:
    marked: list[int]  # the obligations marked entered
    unchanged: int  # chosen, but already marked with that reference
    skipped: list[int] = field(default_factory=list)  # closed another way since the reconciliation was made

    def as_dict(self) -> dict:
        return {"marked": len(self.marked), "ids": self.marked, "unchanged": self.unchanged, "skipped": self.skipped}


class _DryRun(Exception):
    pass


def _items(recon: Reconciliation) -> list[tuple[int, str, dt.date | None]]:
    out = []
    for it, ob in recon.to_mark():
        if not it.row.cas_ref.strip():
            raise UserError(_("Row {row} of the list has no CAS reference; it cannot mark an entry.").format(
                row=it.row.row))
        out.append((ob, it.row.cas_ref, it.row.entry_date))
    return out


def _closed_meanwhile(db: Database, items: list[tuple[int, str, dt.date | None]]) -> list[int]:
    """The entries marked another way (another reference, not applicable) since the reconciliation was made: they
    are left alone (the next reconciliation shows them as differing) rather than stopping the others."""
    from sqlalchemy import select

    from app.models.obligations import Obligation

    refs = {oid: norm_ref(ref) for oid, ref, _day in items}
    found = {}
    with db.session() as s:
        ids = list(refs)
        for i in range(0, len(ids), 500):
            for oid, status, ref in s.execute(select(Obligation.id, Obligation.status, Obligation.cas_ref)
                                              .where(Obligation.id.in_(ids[i:i + 500]))):
                found[oid] = (status, ref)
    return [oid for oid in refs if oid in found and found[oid][0] not in OPEN_STATUSES
            and not (found[oid][0] in ("entered", "verified") and norm_ref(found[oid][1]) == refs[oid])]


def apply(db: Database, recon: Reconciliation, *, actor: Actor = SYSTEM, by_person_id: int | None = None) -> ApplyResult:
    """Mark the confident matches and the accepted rows entered in CAS, each with its row's reference and day."""
    from app.services.obligations import enter_each

    items = _items(recon)
    if not items:
        return ApplyResult([], 0)
    skipped = _closed_meanwhile(db, items)
    items = [i for i in items if i[0] not in skipped]
    if not items:
        return ApplyResult([], 0, skipped)
    try:  # check first: refused input leaves no trace, not even a backup
        with db.session() as s:
            changes = enter_each(s, actor, items, by_person_id=by_person_id)
            raise _DryRun
    except _DryRun:
        pass
    if not changes:
        return ApplyResult([], len(items), skipped)
    db.storage.before_bulk_change("reconcile")  # a verified copy of a file; nothing on a server
    with db.session() as s:
        changes = enter_each(s, actor, items, by_person_id=by_person_id)
        if changes:
            rows = {ob: it.row.row for it, ob in recon.to_mark()}
            audit.record(s, actor, "obligation.reconcile", "obligation", changes[0]["id"] if len(changes) == 1 else None,
                         before=[{"id": c["id"], "status": c["status"]} for c in changes],
                         after={"source": recon.source,
                                "entries": [{"id": c["id"], "cas_ref": c["cas_ref"], "at": c["at"], "row": rows[c["id"]]}
                                            for c in changes]})
    return ApplyResult([c["id"] for c in changes], len(items) - len(changes), skipped)


@dataclass(frozen=True)
class AddedCase:
    case_id: int
    label: str
    marked: list[int]  # entries of the new case marked entered from the list's rows
    warnings: list[str]

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case": self.label, "marked": self.marked, "warnings": self.warnings}


def add_missing_case(db: Database, recon: Reconciliation, key: int, *, registered_at=None, kind: str | None = None,
                     offence_date=None, act: str = "", sections: str = "", io_person_id: int | None = None,
                     punishment_class: str | None = None, punishment_reason: str | None = None,
                     actor: Actor = SYSTEM) -> AddedCase:
    """Register the case a row only in CAS names (the register lacks it), as a typed case is registered (the
    same checks and permissions; it owes what a typed one owes). Its registration time is ``registered_at``, else
    the row's registration date, else the day the row was entered in CAS. Then every row of the list on that case
    is matched again; the confident matches among them are marked entered (``apply``) and ``recon`` is updated."""
    from app.services.cases import add_case

    item = recon.item(key)
    if item.category != ONLY_THERE or not item.case_missing or item.row is None:
        raise UserError(_("Row {key} does not name a case missing from the register.").format(key=key))
    row = item.row
    kinds = FORM_CASE_KINDS.get(item.form or "", ())
    if kind is None:
        if len(kinds) != 1:
            raise UserError(_("Say which kind of case to register for row {row} ({form} is made on more than one "
                              "kind).").format(row=row.row, form=item.form))
        kind = kinds[0]
    when = registered_at
    if when is None:
        day = row.registered_on or row.entry_date
        if day is None:
            raise UserError(_("Row {row} of the list gives no date; say when the case was registered.").format(
                row=row.row))
        when = dt.datetime.combine(day, dt.time())
    result = add_case(db, kind, registered_at=when, number=row.number, year=row.year, offence_date=offence_date,
                      act=act, sections=sections, io_person_id=io_person_id, punishment_class=punishment_class,
                      punishment_reason=punishment_reason, actor=actor)
    # the list's rows on that case, matched again now that the register has it
    from app.services.reconcile.engine import reconcile_rows

    same = [it for it in recon.items if it.row is not None and it.category == ONLY_THERE
            and (it.row.number, it.row.year) == (row.number, row.year)
            and (it.form is None or kind in FORM_CASE_KINDS.get(it.form, ()))]
    again = reconcile_rows(db, [it.row for it in same], source=recon.source)
    fresh = {id(it.row): it for it in again.items if it.row is not None}
    for old in same:
        new = fresh.get(id(old.row))
        if new is None:
            continue
        new.key, new.decision, new.chosen = old.key, None, None
        recon.items[old.key] = new
    case_entries = {it.entry.obligation_id for it in recon.items if it.entry is not None
                    and it.entry.case_id == result.case.id}
    recon.items[:] = [it for it in recon.items if not (it.row is None and it.entry is not None
                                                       and it.entry.case_id == result.case.id)]
    for i, it in enumerate(recon.items):
        it.key = i
    marked: list[int] = []
    sub = Reconciliation(items=[it for it in recon.items if it.entry is not None
                                and it.entry.obligation_id in case_entries and it.row is not None],
                         source=recon.source)
    if sub.to_mark():
        marked = apply(db, sub, actor=actor).marked
        for it in sub.items:
            if it.marks() in marked:
                it.agrees = True
    return AddedCase(result.case.id, str(result.case.label), marked, list(result.warnings))
