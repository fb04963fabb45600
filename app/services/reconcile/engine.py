"""Compare a CAS list's rows with the register's entries (``reconcile_rows``).

For each row, the case is found by its number and year among the kinds of case the row's form is made on,
and the form's entries on that case are paired with the rows:
1. a row whose CAS reference an entry already carries agrees with it (matched, nothing to do), or differs in
   its date;
2. one row left and one entry still owed, entered on or after what it records: a confident match (matched,
   marked by ``apply``); the same pair with the registration date differing: matched but fields differ;
3. no entry owed but one closed another way (another reference, not applicable, a voided case): fields differ;
4. anything else (several rows or entries to pair, no year, a form not written as a code, a case number the
   register does not have but a near one owes that form): scored candidates to review, never marked unless
   the user accepts them;
5. nothing at all: only in CAS (the case missing from the register, or the entry not owed on it).
Entries still owed that no row matched are only in Anupalan.

Scores (0..100) multiply how sure the case is (the same number and year 1; another year 0.75; no year 0.9; a
number of three digits or more one keystroke away 0.7), the form (a code 1; a name's guess, its ratio) and the date
(entered on or after what it records, nearer is better; before it, 0.4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.i18n import _
from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.services.catalogue import case_label
from app.services.core import clock
from app.services.core.formatting import as_typed
from app.services.obligations import OPEN_STATUSES
from app.services.reconcile.forms import FORM_CASE_KINDS, form_code, form_guesses
from app.services.reconcile.model import (
    DIFFER, MATCHED, ONLY_HERE, ONLY_THERE, REVIEW, CasRow, Candidate, Difference, Entry, Item, Reconciliation)
from app.services.storage import Database

CLOSED_ENTERED = ("entered", "verified")
CHUNK = 500
MAX_CANDIDATES = 5


def norm_ref(text: str | None) -> str:
    """A CAS reference as compared: no spaces, upper case."""
    return "".join((text or "").split()).upper()


def _status_text(status: str) -> str:
    from app.services.obligations import STATUS_LABELS

    return _(STATUS_LABELS.get(status, status))


class _Register:
    """The register's cases and entries the list's rows can meet, read in a few queries."""

    def __init__(self, session: Session, rows: Sequence[CasRow]):
        self.s = session
        years = {r.year for r in rows}
        q = select(Case.id, Case.kind, Case.number, Case.year, Case.status, Case.registered_at).where(
            Case.number.is_not(None))
        if None not in years:
            q = q.where(Case.year.in_(sorted(y for y in years if y is not None)))
        self.cases: dict[int, tuple] = {}
        self.by_key: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_number: dict[int, list[int]] = defaultdict(list)
        for cid, kind, number, year, status, registered in session.connection().execute(q).all():
            self.cases[cid] = (kind, number, year, status, registered)
            self.by_key[(number, year)].append(cid)
            self.by_number[number].append(cid)
        self.entries: dict[int, list[Entry]] = {}  # case id -> its entries of the forms asked for
        self._loaded: set[tuple[int, str | None]] = set()  # (case id, form or None for every form) read
        self._labels: dict[int, str] = {}
        self._ids: set[int] = set()  # obligations already in ``entries``
        self._pools: dict[str, dict] = {}
        self.open_by_form: dict[str, list[Entry]] = defaultdict(list)
        self.open_entries: list[Entry] = []
        self._load_open()

    def label(self, cid: int) -> str:
        kind, number, year, _status, _reg = self.cases[cid]
        return str(case_label(kind, number, year, cid))

    def _entries_query(self):
        ev = aliased(Event)
        o = Obligation
        return (select(o.id, o.case_id, o.form, o.status, o.cas_ref, o.entered_at, o.anchor_at, o.due_at, o.person_id,
                       ev.occurred_at, Case.registered_at, Case.kind, Case.number, Case.year, Case.status)
                .join(Case, Case.id == o.case_id).outerjoin(ev, ev.id == o.event_id)
                .where(o.form.is_not(None)))

    def _entry(self, row) -> Entry:
        (oid, cid, form, status, ref, entered, anchor, due, person, occurred, registered, kind, number, year,
         _cstatus) = row
        label = self._labels.get(cid)
        if label is None:
            label = self._labels[cid] = str(case_label(kind, number, year, cid))
        return Entry(obligation_id=oid, case_id=cid, case_label=label, form=form,
                     status=status, cas_ref=ref, entered_on=entered.date() if entered else None,
                     recorded_at=occurred or registered or anchor, due_at=due, person_id=person)

    def _load_open(self) -> None:
        q = (self._entries_query().where(Obligation.status.in_(OPEN_STATUSES), Case.status != "void")
             .order_by(Obligation.id))
        for row in self.s.connection().execute(q).all():
            e = self._entry(row)
            self.open_entries.append(e)
            self.open_by_form[e.form].append(e)

    def load_entries(self, case_ids: Iterable[int], forms: Iterable[str] | None = None) -> None:
        """Read the entries of ``forms`` (None: every form) on the cases, those not read yet."""
        wanted_forms = None if forms is None else sorted(set(forms))
        keys = [(cid, f) for cid in set(case_ids) for f in (wanted_forms or [None])]
        todo = sorted({cid for cid, f in keys if (cid, f) not in self._loaded and (cid, None) not in self._loaded})
        if not todo:
            return
        for cid in todo:
            self.entries.setdefault(cid, [])
        for i in range(0, len(todo), CHUNK):
            part = todo[i:i + CHUNK]
            q = self._entries_query().where(Obligation.case_id.in_(part))
            if wanted_forms is not None:
                q = q.where(Obligation.form.in_(wanted_forms))
            for row in self.s.connection().execute(q.order_by(Obligation.id)).all():
                if row[0] not in self._ids:
                    self._ids.add(row[0])
                    self.entries[row[1]].append(self._entry(row))
        self._loaded.update(keys)

    def near_pool(self, form: str) -> dict:
        """The entries still owed of ``form``, indexed by case number, (number, year) and year -> number."""
        pool = self._pools.get(form)
        if pool is None:
            pool = {"number": defaultdict(list), "key": defaultdict(list), "year": defaultdict(lambda: defaultdict(list))}
            for e in self.open_by_form.get(form, []):
                info = self.cases.get(e.case_id)
                if info is None:
                    continue
                number, year = info[1], info[2]
                pool["number"][number].append(e)
                pool["key"][(number, year)].append(e)
                pool["year"][year][number].append(e)
            self._pools[form] = pool
        return pool

    def cases_for(self, number: int, year: int | None, form: str | None) -> list[int]:
        kinds = FORM_CASE_KINDS.get(form) if form else None
        found = self.by_key.get((number, year), []) if year is not None else self.by_number.get(number, [])
        return [c for c in found if kinds is None or self.cases[c][0] in kinds]


def _date_fit(row: CasRow, entry: Entry) -> tuple[float, list[str]]:
    if row.entry_date is None:
        return 0.85, []
    if row.entry_date > clock.today():
        return 0.4, [_("entered in CAS on {entered}, a day still to come").format(entered=as_typed(row.entry_date))]
    recorded = entry.recorded_at.date()
    if row.entry_date < recorded:
        return 0.4, [_("entered in CAS on {entered}, before what it records ({recorded})").format(
            entered=as_typed(row.entry_date), recorded=as_typed(recorded))]
    gap = (row.entry_date - recorded).days
    return 1.0 - min(gap, 60) / 400, []


def _score(row: CasRow, entry: Entry, case_fit: float, form_fit: float, reasons: list[str]) -> Candidate:
    fit, why = _date_fit(row, entry)
    return Candidate(entry, round(100 * case_fit * form_fit * fit, 1), tuple(reasons + why))


def _plausible(row: CasRow, entry: Entry) -> bool:
    return row.entry_date is None or entry.recorded_at.date() <= row.entry_date <= clock.today()


def _differences(reg: _Register, row: CasRow, entry: Entry) -> list[Difference]:
    out = []
    if entry.status in CLOSED_ENTERED:
        if norm_ref(entry.cas_ref) != norm_ref(row.cas_ref):
            out.append(Difference("cas_reference", entry.cas_ref or "", row.cas_ref))
        if row.entry_date is not None and entry.entered_on is not None and entry.entered_on != row.entry_date:
            out.append(Difference("entry_date", as_typed(entry.entered_on), as_typed(row.entry_date)))
    elif entry.status not in OPEN_STATUSES:
        out.append(Difference("status", _status_text(entry.status), _("entered in CAS")))
    if row.registered_on is not None:
        registered = reg.cases[entry.case_id][4]
        if registered is not None and registered.date() != row.registered_on:
            out.append(Difference("registered_on", as_typed(registered.date()), as_typed(row.registered_on)))
    return out


def _pair_group(reg: _Register, rows: list[tuple[Item, CasRow]], entries: list[Entry], voided: bool,
                shared: dict[str, list[int]]) -> None:
    """Pair the rows of one (case, form) with that form's entries on the case. ``shared``: the references the list
    gives to more than one entry (reference -> its rows), never a confident match."""
    used, left = _pair_by_reference(reg, rows, entries)
    if not left:
        return
    open_left = [e for e in entries if e.status in OPEN_STATUSES and e.obligation_id not in used]
    closed_left = [e for e in entries if e.status not in OPEN_STATUSES and e.obligation_id not in used]
    if voided:
        for item, row in left:
            item.category = DIFFER
            item.differences = [Difference("status", _("case voided"), _("entered in CAS"))]
            item.reason = _("the case is voided in the register")
            item.entry = entries[0] if entries else None
        return
    if len(left) == 1 and len(open_left) == 1 and _plausible(left[0][1], open_left[0]) \
            and norm_ref(left[0][1].cas_ref) not in shared:
        item, row = left[0]
        e = open_left[0]
        item.entry = e
        item.differences = _differences(reg, row, e)
        item.category = DIFFER if item.differences else MATCHED
        item.candidates = [_score(row, e, 1.0, 1.0, [])]
        item.reason = _("the one entry of this form owed on the case")
        return
    if open_left:
        _to_review(left, open_left, shared)
        return
    for (item, row), e in zip(left, closed_left):
        item.entry = e
        item.differences = _differences(reg, row, e)
        item.category = DIFFER
        item.reason = _("the register holds this entry closed another way")
    for item, row in left[len(closed_left):]:
        item.category = ONLY_THERE
        item.reason = _("the case is in the register, but no {form} entry is owed on it (an event not recorded?)")\
            .format(form=item.form)


def _pair_by_reference(reg: _Register, rows: list[tuple[Item, CasRow]],
                       entries: list[Entry]) -> tuple[set[int], list[tuple[Item, CasRow]]]:
    """The rows whose CAS reference an entry already carries, paired with it; the entries so used, and the rows
    left."""
    used: set[int] = set()
    left: list[tuple[Item, CasRow]] = []
    by_ref = {}
    for e in entries:
        if e.cas_ref:
            by_ref.setdefault(norm_ref(e.cas_ref), e)
    for item, row in rows:
        e = by_ref.get(norm_ref(row.cas_ref)) if row.cas_ref else None
        if e is not None and e.obligation_id not in used:
            used.add(e.obligation_id)
            item.entry = e
            item.differences = _differences(reg, row, e)
            item.category = DIFFER if item.differences else MATCHED
            item.agrees = True
            item.reason = _("already marked entered with this reference")
        else:
            left.append((item, row))
    return used, left


def _to_review(left: list[tuple[Item, CasRow]], open_left: list[Entry], shared: dict[str, list[int]]) -> None:
    """Several rows or entries to pair (or a date that does not fit): each row for review, its candidates in
    order of score, the in-order pairing first among equals (a first guess, never applied)."""
    ordered_rows = sorted(left, key=lambda ir: (ir[1].entry_date or dt.date.max, ir[1].row))
    ordered_entries = sorted(open_left, key=lambda e: (e.recorded_at, e.obligation_id))
    for i, (item, row) in enumerate(ordered_rows):
        cands = [_score(row, e, 1.0, 1.0, []) for e in ordered_entries]
        if i < len(ordered_entries):  # the in-order pair first among equals
            paired = ordered_entries[i].obligation_id
            cands.sort(key=lambda c: (-(c.score + (5 if c.entry.obligation_id == paired else 0)),
                                      c.entry.obligation_id))
        else:
            cands.sort(key=lambda c: (-c.score, c.entry.obligation_id))
        item.candidates = cands[:MAX_CANDIDATES]
        item.category = REVIEW
        rows_with = shared.get(norm_ref(row.cas_ref))
        item.reason = (_("{rows} rows of the list and {entries} entries owed for this form on the case: "
                         "which is which is not certain").format(rows=len(left), entries=len(open_left))
                       if len(left) > 1 or len(open_left) > 1 else
                       _("the list gives the same CAS reference to rows {rows}").format(
                           rows=", ".join(map(str, rows_with))) if rows_with else
                       _("the date entered in CAS does not fit the entry owed"))


def _near_cases(reg: _Register, row: CasRow, form: str) -> list[Candidate]:
    """Entries still owed of ``form`` on cases whose number is near the row's: the same number in another year
    (or any year when the list gives none), or, for numbers of three digits or more, one keystroke away in the
    same year (a digit changed, added, dropped, or two swapped: rapidfuzz's OSA distance 1)."""
    out: list[Candidate] = []
    if row.number is None or not reg.open_by_form.get(form):
        return out
    target = f"{row.number}/{row.year}" if row.year is not None else str(row.number)
    typed = str(row.number)
    pool = reg.near_pool(form)
    if row.year is None:
        for e in pool["number"].get(row.number, []):
            out.append(_score(row, e, 0.9, 1.0, [_("the list gives no year")]))
        return out
    for year in (row.year - 1, row.year + 1):
        for e in pool["key"].get((row.number, year), []):
            out.append(_score(row, e, 0.75, 1.0, [_("case {case} in the register, not {listed}").format(
                case=f"{row.number}/{year}", listed=target)]))
    if row.number >= 100:
        for number, entries in pool["year"].get(row.year, {}).items():
            if number >= 100 and OSA.distance(str(number), typed) == 1:
                for e in entries:
                    out.append(_score(row, e, 0.7, 1.0, [_("case {case} in the register, not {listed}").format(
                        case=f"{number}/{row.year}", listed=target)]))
    return out


def _shared_refs(items: list[Item]) -> dict[str, list[int]]:
    """The CAS references the list gives to rows of different cases or forms (a reference names one entry)."""
    owners: dict[str, set] = defaultdict(set)
    rows: dict[str, list[int]] = defaultdict(list)
    for it in items:
        ref = norm_ref(it.row.cas_ref)
        if ref:
            owners[ref].add((it.row.number, it.row.year, it.form or it.row.form_text.strip().upper()))
            rows[ref].append(it.row.row)
    return {ref: rows[ref] for ref, keys in owners.items() if len(keys) > 1}


def reconcile_rows(db: Database, rows: Sequence[CasRow], *, errors: Sequence[dict] = (), source: str = "",
                   warnings: Sequence[str] = ()) -> Reconciliation:
    """Compare rows of a CAS list with the register. Reads only; ``apply`` writes."""
    with db.session() as s:
        return reconcile_in_session(s, rows, errors=errors, source=source, warnings=warnings)


def reconcile_in_session(s: Session, rows: Sequence[CasRow], *, errors: Sequence[dict] = (), source: str = "",
                         warnings: Sequence[str] = ()) -> Reconciliation:
    reg = _Register(s, [r for r in rows if r.number is not None])
    items: list[Item] = []
    duplicates: list[dict] = []
    seen: dict[tuple, int] = {}
    groups: dict[tuple[int, str], list[tuple[Item, CasRow]]] = defaultdict(list)
    pending_fuzzy: list[tuple[Item, CasRow]] = []
    for row in rows:
        form = form_code(row.form_text)
        ident = (row.number, row.year, form or row.form_text.strip().upper(), norm_ref(row.cas_ref))
        if row.cas_ref and ident in seen:
            duplicates.append({"row": row.row, "same_as": seen[ident]})
            continue
        seen.setdefault(ident, row.row)
        item = Item(key=len(items), category=ONLY_THERE, row=row, form=form)
        items.append(item)
        if row.number is None:
            item.reason = _("no case number")
            continue
        cases = reg.cases_for(row.number, row.year, form) if form else []
        if form and row.year is not None and len(cases) == 1:
            groups[(cases[0], form)].append((item, row))
        else:
            pending_fuzzy.append((item, row))
    by_form: dict[str, list[int]] = defaultdict(list)
    for cid, form in groups:
        by_form[form].append(cid)
    for form, cids in by_form.items():
        reg.load_entries(cids, [form])
    shared = _shared_refs(items)
    for (cid, form), members in groups.items():
        entries = [e for e in reg.entries.get(cid, []) if e.form == form]
        _pair_group(reg, members, entries, reg.cases[cid][3] == "void", shared)
    for item, row in pending_fuzzy:
        _guess(reg, item, row)
    taken = {it.entry.obligation_id for it in items if it.category == MATCHED and it.entry is not None}
    for e in reg.open_entries:
        if e.obligation_id not in taken:
            items.append(Item(key=len(items), category=ONLY_HERE, entry=e, form=e.form,
                              reason=_("still owed; the list has no row for it")))
    return Reconciliation(items=items, errors=list(errors), duplicates=duplicates, source=source,
                          warnings=list(warnings))


def _guess(reg: _Register, item: Item, row: CasRow) -> None:
    """A row with no certain (case, form): scored candidates, or only in CAS."""
    forms: list[tuple[str, float]]
    if item.form:
        forms = [(item.form, 1.0)]
    elif row.form_text.strip():
        forms = [(code, score / 100) for code, score in form_guesses(row.form_text)]
    else:
        forms = []
    cands: list[Candidate] = []
    for form, form_fit in forms:
        why = [] if form_fit == 1.0 else [_("the form “{text}” read as {form}").format(text=row.form_text, form=form)]
        cases = reg.cases_for(row.number, row.year, form)
        if cases:
            reg.load_entries(cases, [form])
            for cid in cases:
                info = reg.cases[cid]
                if info[3] == "void":
                    continue
                fit = 1.0 if row.year is not None else 0.9
                extra = [] if row.year is not None else [_("the list gives no year")]
                for e in reg.entries.get(cid, []):
                    if e.form == form and e.status in OPEN_STATUSES:
                        cands.append(_score(row, e, fit, form_fit, why + extra))
        else:
            for c in _near_cases(reg, row, form):
                cands.append(Candidate(c.entry, round(c.score * form_fit, 1), c.reasons + tuple(why)))
    if not forms and row.year is not None:  # no form at all: any entry still owed on the case
        cases = reg.cases_for(row.number, row.year, None)
        reg.load_entries(cases)
        for cid in cases:
            for e in reg.entries.get(cid, []):
                if e.status in OPEN_STATUSES:
                    cands.append(_score(row, e, 1.0, 0.6, [_("the list does not say which form")]))
    best: dict[int, Candidate] = {}
    for c in cands:
        if c.entry.obligation_id not in best or c.score > best[c.entry.obligation_id].score:
            best[c.entry.obligation_id] = c
    item.candidates = sorted(best.values(), key=lambda c: (-c.score, c.entry.obligation_id))[:MAX_CANDIDATES]
    if item.candidates:
        item.category = REVIEW
        item.reason = _("no certain match; the candidates are scored")
        return
    item.category = ONLY_THERE
    if not forms:
        item.reason = (_("the form “{text}” is not a CAS form Anupalan knows").format(text=row.form_text)
                       if row.form_text.strip() else _("the list does not say which form"))
        return
    known = any(reg.cases_for(row.number, row.year, f) for f, _fit in forms) if row.year is not None else \
        bool(reg.by_number.get(row.number))
    if known:
        item.reason = _("the case is in the register, but no such entry is owed on it (an event not recorded?)")
    else:
        item.case_missing = item.form is not None and row.year is not None
        item.reason = _("the case is not in the register")
