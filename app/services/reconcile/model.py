"""What a reconciliation holds: the CAS list's rows, the register's entries, and how each row came out.

Plain values (no session, no ORM objects): the window keeps a ``Reconciliation`` while the user accepts or
rejects rows, then hands it to ``apply``. Only confident matches are marked unless the user accepts a row;
a row's original texts are kept as the list wrote them (OpenRefine's way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.i18n import N_, _
from app.services.core.errors import UserError
from app.services.obligations import OPEN_STATUSES

MATCHED, DIFFER, REVIEW, ONLY_THERE, ONLY_HERE = "matched", "differ", "review", "only_there", "only_here"
CATEGORIES = (MATCHED, DIFFER, REVIEW, ONLY_THERE, ONLY_HERE)
CATEGORY_LABELS = {
    MATCHED: N_("Matched"),
    DIFFER: N_("Matched, but fields differ"),
    REVIEW: N_("To review (scored candidates)"),
    ONLY_THERE: N_("Only in CAS"),
    ONLY_HERE: N_("Only in Anupalan (still owed)"),
}
FIELD_LABELS = {
    "cas_reference": N_("CAS reference"),
    "entry_date": N_("Day entered in CAS"),
    "registered_on": N_("Registration date"),
    "status": N_("Status"),
}


@dataclass(frozen=True)
class CasRow:
    """One row of a CAS list, as read. ``case_text`` and ``form_text`` keep what the list wrote."""

    row: int  # the row's number in the sheet, as the user sees it (1-based)
    case_text: str
    number: int | None
    year: int | None
    form_text: str
    cas_ref: str
    entry_date: dt.date | None = None
    registered_on: dt.date | None = None

    def as_dict(self) -> dict:
        return {"row": self.row, "case": self.case_text, "number": self.number, "year": self.year,
                "form": self.form_text, "cas_ref": self.cas_ref, "entry_date": self.entry_date,
                "registered_on": self.registered_on}


@dataclass(frozen=True)
class Entry:
    """An entry the register owes or holds (an obligation with a case and a form)."""

    obligation_id: int
    case_id: int
    case_label: str
    form: str
    status: str
    cas_ref: str | None
    entered_on: dt.date | None
    recorded_at: dt.datetime  # when the thing it records happened (its event, else its case's registration)
    due_at: dt.datetime
    person_id: int | None

    def as_dict(self) -> dict:
        return {"obligation_id": self.obligation_id, "case_id": self.case_id, "case": str(self.case_label),
                "form": self.form, "status": self.status, "cas_ref": self.cas_ref, "entered_on": self.entered_on,
                "recorded_at": self.recorded_at, "due_at": self.due_at, "person_id": self.person_id}


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float  # 0..100
    reasons: tuple[str, ...] = ()  # in the user's language

    def as_dict(self) -> dict:
        return {**self.entry.as_dict(), "score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True)
class Difference:
    field: str  # a FIELD_LABELS key
    here: str  # the register's value, as text
    there: str  # the CAS list's value, as text

    def as_dict(self) -> dict:
        return {"field": self.field, "label": _(FIELD_LABELS[self.field]), "here": self.here, "there": self.there}


@dataclass
class Item:
    """One line of the result: a CAS row (with what it matched or might match) or an entry only the register has."""

    key: int
    category: str
    row: CasRow | None = None
    entry: Entry | None = None  # the match (matched, differ) or the entry still owed (only_here)
    agrees: bool = False  # matched an entry already marked entered with this reference: nothing to do
    candidates: list[Candidate] = field(default_factory=list)  # best first
    differences: list[Difference] = field(default_factory=list)
    reason: str = ""  # why it is where it is, in the user's language
    case_missing: bool = False  # only in CAS because the register has no such case ("add the case")
    form: str | None = None  # the form's code when the row names one for certain
    decision: str | None = None  # "accept" / "reject" (the user's); None: as proposed
    chosen: int | None = None  # the obligation an accepted row marks

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def marks(self) -> int | None:
        """The obligation ``apply`` marks entered for this item, or None."""
        if self.row is None or self.decision == "reject":
            return None
        if self.decision == "accept":
            return self.chosen
        if self.category == MATCHED and not self.agrees and self.entry is not None:
            return self.entry.obligation_id
        return None

    def as_dict(self) -> dict:
        return {"key": self.key, "category": self.category, "row": self.row.as_dict() if self.row else None,
                "entry": self.entry.as_dict() if self.entry else None, "agrees": self.agrees,
                "candidates": [c.as_dict() for c in self.candidates],
                "differences": [d.as_dict() for d in self.differences], "reason": self.reason,
                "case_missing": self.case_missing, "form": self.form, "decision": self.decision,
                "chosen": self.chosen, "marks": self.marks()}


@dataclass
class Reconciliation:
    """The outcome of comparing a CAS list with the register, and the user's decisions on it."""

    items: list[Item]
    errors: list[dict] = field(default_factory=list)  # {"row", "column", "message"} for rows not read
    duplicates: list[dict] = field(default_factory=list)  # {"row", "same_as"}: a row repeated in the list
    source: str = ""  # the file's SHA-256 (or "" when rows were given directly)
    warnings: list[str] = field(default_factory=list)

    def item(self, key: int) -> Item:
        if not isinstance(key, int) or not 0 <= key < len(self.items):
            raise UserError(_("There is no row {key} in this reconciliation.").format(key=key))
        return self.items[key]

    def counts(self) -> dict[str, int]:
        found = {c: 0 for c in CATEGORIES}
        for it in self.items:
            found[it.category] += 1
        return found

    def summary(self) -> dict:
        """{"matched", "only_here", "only_there", "differ"} as the CLI prints it, and more: rows to review, how
        many ``apply`` would mark now, matched rows already marked, rows not read and repeated rows."""
        c = self.counts()
        return {"matched": c[MATCHED], "only_here": c[ONLY_HERE], "only_there": c[ONLY_THERE], "differ": c[DIFFER],
                "review": c[REVIEW], "to_mark": len(self.to_mark()),
                "already": sum(1 for it in self.items if it.category == MATCHED and it.agrees),
                "errors": len(self.errors), "duplicates": len(self.duplicates)}

    def _taken(self, but: Item | None = None) -> dict[int, Item]:
        taken = {}
        for it in self.items:
            if it is not but:
                ob = it.marks()
                if ob is not None:
                    taken[ob] = it
        return taken

    def accept(self, key: int, obligation_id: int | None = None) -> Item:
        """Accept a row: mark the chosen candidate (by default the best) entered with the row's reference."""
        it = self.item(key)
        if it.row is None:
            raise UserError(_("Row {key} is an entry only Anupalan has; there is nothing in CAS to accept.")
                            .format(key=key))
        choices = {c.entry.obligation_id: c.entry for c in it.candidates}
        if it.entry is not None and it.entry.status in OPEN_STATUSES:
            choices.setdefault(it.entry.obligation_id, it.entry)
        if not choices:
            raise UserError(_("Row {row} of the list has no entry owed in Anupalan to match it with.")
                            .format(row=it.row.row))
        if obligation_id is None:
            obligation_id = (it.entry.obligation_id if it.entry is not None and it.entry.obligation_id in choices
                             else it.candidates[0].entry.obligation_id)
        if obligation_id not in choices:
            raise UserError(_("Entry {id} is not a candidate for row {row} of the list.").format(
                id=obligation_id, row=it.row.row))
        other = self._taken(but=it).get(obligation_id)
        if other is not None:
            known = choices[obligation_id]  # named as the user knows it, not by its internal number
            raise UserError(_("Entry {id} is already matched with row {row} of the list; reject that row first.")
                            .format(id=_("{form} of {case}").format(form=known.form, case=known.case_label)
                                    if known.case_label else known.form, row=other.row.row))
        it.decision, it.chosen = "accept", obligation_id
        return it

    def reject(self, key: int) -> Item:
        """Never mark anything for this row (a confident match too)."""
        it = self.item(key)
        it.decision, it.chosen = "reject", None
        return it

    def undo(self, key: int) -> Item:
        """Back to what the reconciliation proposed."""
        it = self.item(key)
        it.decision, it.chosen = None, None
        return it

    def accept_all_best(self) -> int:
        """Accept the best candidate of every row to review that the user has not decided, when that entry is not
        already taken by another row. Returns how many rows were accepted."""
        taken = self._taken()
        n = 0
        for it in self.items:
            if it.category != REVIEW or it.decision is not None or it.row is None:
                continue
            for cand in it.candidates:
                if cand.entry.obligation_id not in taken:
                    it.decision, it.chosen = "accept", cand.entry.obligation_id
                    taken[it.chosen] = it
                    n += 1
                    break
        return n

    def to_mark(self) -> list[tuple[Item, int]]:
        """(item, obligation id) for every row ``apply`` would mark entered now."""
        out = []
        for it in self.items:
            ob = it.marks()
            if ob is not None:
                out.append((it, ob))
        return out

    def as_dict(self) -> dict:
        return {**self.summary(), "source": self.source, "items": [it.as_dict() for it in self.items],
                "errors": self.errors, "duplicates": self.duplicates, "warnings": self.warnings}
