"""Obligations: what is owed, by whom, by when — the queries (the status changes are in
``obligation_status.py``, counts in ``obligation_counts.py``, transfers in ``transfer.py``; all re-exported here).

Status: ``pending`` → ``entered`` (CAS reference, by whom, when) → ``verified`` (by the SHO, duty A-2);
or ``na`` (reason, by whom). ``missed`` marks a recurring period that passed while the app was closed.
Derived flags: ``overdue`` (pending, due before *as of*), ``due_soon`` (pending, due within the window).
Nothing is deleted: a correction (``reopen``) is a new audited change.

Rows are read defensively: a row whose stored values cannot be read still comes back (with
``problem`` set) and never hides the rest of the list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.services.catalogue import case_label
from app.i18n import _, bilingual
from app.models.cases import Case
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.models.staff import Person
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.obligations.moments import as_of_moment, check_not_future, due_soon_days, is_past
from app.services.obligations.history import in_status_at, overdue_at, status_at
from app.services.core.sql_text import binary, contains
from app.services.core.validate import MAX_INTEGER, clean_text

ORDERS = ("due", "-due", "id", "person", "case", "duty", "role", "form", "status")


@dataclass(frozen=True)
class ObligationFilter:
    role: str | None = None
    person_id: int | None = None
    form: str | None = None
    statuses: tuple[str, ...] = ("pending",)
    overdue: bool = False
    due_soon: bool = False
    unassigned: bool = False
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    case_id: int | None = None
    search: str | None = None
    as_of: dt.datetime | dt.date | None = None


@dataclass(frozen=True)
class ObligationRow:
    id: int
    duty_id: int | None
    duty_code: str
    duty_name_hi: str
    duty_name_en: str
    form: str | None
    role: str
    person_id: int | None
    person: str | None
    case_id: int | None
    case_label: str
    due_at: dt.datetime | None
    status: str
    overdue: bool
    due_soon: bool
    unassigned: bool
    cas_ref: str | None
    basis: str
    # beyond the contract's fields:
    basis_hi: str = ""
    basis_en: str = ""
    period_key: str | None = None
    event_id: int | None = None
    entered_at: dt.datetime | None = None
    problem: str | None = None

    def duty_name(self, lang: str | None = None) -> str:
        return bilingual(self.duty_name_hi, self.duty_name_en, lang)

    def as_dict(self) -> dict:
        """The CLI's JSON shape (``id, duty, form, role, person_id, person, case_id, case, due, status,
        overdue``) plus the rest."""
        return {
            "id": self.id, "duty": self.duty_code, "form": self.form, "role": self.role,
            "person_id": self.person_id, "person": self.person, "case_id": self.case_id,
            "case": self.case_label, "due": self.due_at.isoformat(sep=" ") if self.due_at else None,
            "status": self.status, "overdue": self.overdue, "due_soon": self.due_soon,
            "unassigned": self.unassigned, "cas_ref": self.cas_ref, "duty_name_hi": self.duty_name_hi,
            "duty_name_en": self.duty_name_en, "basis": self.basis_en, "basis_hi": self.basis_hi,
            "period": self.period_key, "problem": self.problem,
        }


# --- helpers ------------------------------------------------------------------------------------

def _parse_moment(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    text = str(value).strip().replace("T", " ")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _conditions(flt: ObligationFilter, now: dt.datetime, soon_days: int) -> list:
    if is_past(flt.as_of):
        return _past_conditions(flt, now, soon_days)
    o = Obligation
    conds = []
    if flt.statuses:
        conds.append(o.status.in_(tuple(flt.statuses)))
    if flt.role:
        conds.append(o.role_code == flt.role)
    if flt.person_id is not None:
        conds.append(o.person_id == flt.person_id)
    if flt.form:
        conds.append(o.form == flt.form)
    if flt.case_id is not None:
        conds.append(o.case_id == flt.case_id)
    if flt.unassigned:
        conds.append(o.person_id.is_(None))
    if flt.overdue and flt.due_soon:
        conds += [o.status == "pending", o.due_at < now + dt.timedelta(days=soon_days)]
    elif flt.overdue:
        conds += [o.status == "pending", o.due_at < now]
    elif flt.due_soon:
        conds += [o.status == "pending", o.due_at >= now, o.due_at < now + dt.timedelta(days=soon_days)]
    if flt.due_from:
        conds.append(o.due_at >= dt.datetime.combine(flt.due_from, dt.time()))
    if flt.due_to:
        conds.append(o.due_at < dt.datetime.combine(flt.due_to + dt.timedelta(days=1), dt.time()))
    return conds


def _past_conditions(flt: ObligationFilter, t: dt.datetime, soon_days: int) -> list:
    """The filter seen from the past moment ``t`` (the end of the as-of day, ``moments``): each status
    is the one the entry had then (``history``) — an entry made after ``t`` was pending, an FIR
    registered after ``t`` did not exist; overdue and due soon are judged at ``t``."""
    o = Obligation
    conds = [o.anchor_at <= t]
    if flt.statuses:
        conds.append(or_(*(in_status_at(t, st) for st in dict.fromkeys(flt.statuses))))
    pending = in_status_at(t, "pending")
    if flt.overdue and flt.due_soon:
        conds += [pending, o.due_at < t + dt.timedelta(days=soon_days)]
    elif flt.overdue:
        conds += [pending, overdue_at(t)]
    elif flt.due_soon:
        conds += [pending, o.due_at >= t, o.due_at < t + dt.timedelta(days=soon_days)]
    live = replace(flt, statuses=(), overdue=False, due_soon=False, as_of=None)
    return conds + _conditions(live, t, soon_days)


def _search_condition(text: str):
    text = clean_text(text, _("Search"), max_len=200)  # no NUL: a server cannot even compare it
    m = re.fullmatch(r"(\d{1,7})\s*/\s*(\d{4})", text)
    if m:
        return and_(Case.number == int(m.group(1)), Case.year == int(m.group(2)))
    conds = [contains(column, text) for column in (Person.name, Duty.code, Duty.name_en, Duty.text_hi, Duty.label_en,
                                                   Duty.label_hi, Obligation.cas_ref, Obligation.form)]
    if text.isdecimal() and int(text) <= MAX_INTEGER:  # a larger number is no id on any store
        conds += [Case.number == int(text), Obligation.id == int(text)]
    return or_(*conds)


_ORDER = {  # the columns of each order, ascending; ``id`` last makes every order total; text by code point
    "due": lambda: (Obligation.due_at, Obligation.id),
    "id": lambda: (Obligation.id,),
    "person": lambda: (binary(Person.name), Obligation.due_at, Obligation.id),
    "case": lambda: (Case.year, Case.number, Obligation.due_at, Obligation.id),
    "duty": lambda: (binary(Duty.role_code), Duty.number, Obligation.due_at, Obligation.id),
    "role": lambda: (binary(Obligation.role_code), Obligation.due_at, Obligation.id),
    "form": lambda: (binary(Obligation.form), Obligation.due_at, Obligation.id),
    "status": lambda: (binary(Obligation.status), Obligation.due_at, Obligation.id),
}


def _owed_then(session: Session, flt: ObligationFilter, t: dt.datetime, soon_days: int) -> list:
    """The conditions of ``flt`` at the past moment ``t`` with its person (or "nobody") read as who owed each
    entry THEN (``owners.owners_at``), not who owes it now: the same owners the rows are named with."""
    from app.services.obligations.owners import owners_at

    o = Obligation
    rest = replace(flt, person_id=None, unassigned=False)
    conds = _conditions(rest, t, soon_days)
    found = session.execute(select(o.id, o.role_code, o.person_id, o.case_id).where(*conds)).all()
    owner = owners_at(session, t, found)
    keep = [oid for oid, *_r in found
            if (flt.person_id is None or owner[oid] == flt.person_id) and (not flt.unassigned or owner[oid] is None)]
    return [*conds, o.id.in_(keep)]


def _unfiltered_query(session: Session, flt: ObligationFilter, order: str):
    """The filter's ids with the joins its search and ``order`` need, not yet ordered."""
    if order not in ORDERS:
        raise UserError(_("Unknown order '{order}'. Use one of: {orders}.").format(order=order, orders=", ".join(ORDERS)))
    order = order.lstrip("-")
    check_not_future(flt.as_of)
    now = as_of_moment(flt.as_of)
    soon_days = due_soon_days(session)
    if is_past(flt.as_of) and (flt.person_id is not None or flt.unassigned):
        q = select(Obligation.id).where(*_owed_then(session, flt, now, soon_days))
    else:
        q = select(Obligation.id).where(*_conditions(flt, now, soon_days))
    needs = {"person": Person, "case": Case, "duty": Duty}
    joined = set()
    if flt.search and flt.search.strip():
        q = (q.outerjoin(Person, Person.id == Obligation.person_id)
             .outerjoin(Case, Case.id == Obligation.case_id)
             .outerjoin(Duty, Duty.id == Obligation.duty_id)
             .where(_search_condition(flt.search)))
        joined = set(needs)
    if order in needs and order not in joined:
        target = needs[order]
        col = {"person": Obligation.person_id, "case": Obligation.case_id, "duty": Obligation.duty_id}[order]
        q = q.outerjoin(target, target.id == col)
    return q


def _ids_query(session: Session, flt: ObligationFilter, order: str, descending: bool = False):
    q = _unfiltered_query(session, flt, order)
    # descending is every column reversed: exactly the ascending list backwards (NULLs included, on SQLite
    # and PostgreSQL alike), so the first ids read with a LIMIT are the start of the whole list
    reverse = order.startswith("-") != descending
    columns = _ORDER[order.lstrip("-")]()
    return q.order_by(*(c.desc() for c in columns) if reverse else columns)


# --- queries ------------------------------------------------------------------------------------

def ids(db: Database, flt: ObligationFilter = ObligationFilter(), order: str = "due", *,
        descending: bool = False, limit: int | None = None) -> list[int]:
    """The ids matching ``flt`` in ``order`` (for id-backed lazy table models); ``descending`` gives the
    same list backwards, ``limit`` only its first ids."""
    with db.session() as s:
        q = _ids_query(s, flt, order, descending)
        return list(s.scalars(q if limit is None else q.limit(limit)))


def count(db: Database, flt: ObligationFilter = ObligationFilter()) -> int:
    """How many obligations match ``flt`` (``len(ids(db, flt))`` without reading them)."""
    with db.session() as s:
        return _count(s, flt)


def _count(session: Session, flt: ObligationFilter) -> int:
    return session.scalar(select(func.count()).select_from(_unfiltered_query(session, flt, "id").subquery())) or 0


@dataclass(frozen=True)
class FirstIds:
    """The start of a filter's id list, for a table that paints before the whole list is read."""
    ids: list[int]  # the first ids in order (every id when ``complete``)
    page: list[int]  # the ids ``rows`` were read for
    rows: list[ObligationRow]
    total: int  # how many ids the whole list has

    @property
    def complete(self) -> bool:
        return len(self.ids) >= self.total


def first_ids(db: Database, flt: ObligationFilter = ObligationFilter(), order: str = "due", *,
              descending: bool = False, limit: int = 200, around: int | None = None) -> FirstIds:
    """The first ``limit`` ids of ``ids(db, flt, order, descending=...)``, their rows and the count.

    The rest of the list is ``ids(...)`` with the same arguments, read afterwards: these ids are its start.
    ``around`` is an entry the caller wants to keep in view: if it is listed but not among the first ids,
    the whole list is read at once (``complete``) with the rows of a page around it."""
    limit = max(1, limit)
    with db.session() as s:
        q = _ids_query(s, flt, order, descending)
        found = list(s.scalars(q.limit(limit)))
        page = found
        if len(found) < limit:
            total = len(found)
        elif around is not None and around not in found:
            found = list(s.scalars(q))
            total = len(found)
            try:
                row = found.index(around)
            except ValueError:
                row = 0
            start = max(0, min(row - limit // 4, total - limit))
            page = found[start:start + limit]
        else:
            total = _count(s, flt)
        return FirstIds(found, page, rows_in_session(s, page, flt.as_of), max(total, len(found)))


def rows_in_session(session: Session, id_list: Sequence[int], as_of=None) -> list[ObligationRow]:
    if not id_list:
        return []
    now = as_of_moment(as_of)
    soon = now + dt.timedelta(days=due_soon_days(session))
    o = Obligation
    status = func.coalesce(status_at(now), o.status) if is_past(as_of) else o.status  # the status it had then
    q = (select(o.id, o.duty_id, Duty.code, Duty.text_hi, Duty.label_hi, Duty.name_en, Duty.label_en, o.form,
                o.role_code, o.person_id, Person.name, o.case_id, Case.kind, Case.number, Case.year,
                type_coerce(o.due_at, String), status, o.cas_ref, o.basis, o.basis_hi, o.period_key, o.event_id,
                type_coerce(o.entered_at, String), o.rule_id, o.basis_term)
         .outerjoin(Duty, Duty.id == o.duty_id)
         .outerjoin(Person, Person.id == o.person_id)
         .outerjoin(Case, Case.id == o.case_id))
    from app.services.obligations.rules import basis_texts

    found: dict[int, ObligationRow] = {}
    chunk = 500
    lang = None
    for i in range(0, len(id_list), chunk):
        part = list(id_list[i:i + chunk])
        result = session.execute(q.where(o.id.in_(part))).all()
        texts = basis_texts(session, {(r[-2], r[-1]) for r in result if r[-2] is not None and not r[18]})
        for r in result:
            (oid, duty_id, code, text_hi, label_hi, name_en, label_en, form, role, pid, pname, cid, kind, num, year,
             due_raw, status, cas_ref, basis_en, basis_hi, period, event_id, entered_raw, rule_id, term) = r
            if not basis_en and rule_id is not None:
                basis_en, basis_hi = texts.get((rule_id, term), ("", ""))
            problem = None
            due = _parse_moment(due_raw)
            if due is None:
                problem = _("The due date stored for this entry cannot be read ({value}).").format(value=due_raw)
            if code is None:
                problem = _("This entry names a duty that is not in the catalogue.")
            pending = status == "pending"
            basis_en = basis_en or ""
            found[oid] = ObligationRow(
                id=oid, duty_id=duty_id, duty_code=code or "?", duty_name_hi=label_hi or text_hi or "",
                duty_name_en=label_en or name_en or "", form=form, role=role, person_id=pid, person=pname,
                case_id=cid, case_label=case_label(kind, num, year, cid) if cid else "",
                due_at=due, status=status, overdue=bool(pending and due is not None and due < now),
                due_soon=bool(pending and due is not None and now <= due < soon),
                unassigned=pid is None, cas_ref=cas_ref,
                basis=bilingual(basis_hi or basis_en, basis_en, lang), basis_hi=basis_hi or "", basis_en=basis_en,
                period_key=period, event_id=event_id, entered_at=_parse_moment(entered_raw), problem=problem,
            )
    if is_past(as_of) and found:  # each entry with whoever owed it then (``owners``), not its holder now
        _name_owners_then(session, now, found)
    return [found[i] for i in id_list if i in found]


def _name_owners_then(session: Session, moment: dt.datetime, found: dict[int, ObligationRow]) -> None:
    from app.services.obligations.owners import owners_at

    owner = owners_at(session, moment, [(r.id, r.role, r.person_id, r.case_id) for r in found.values()])
    changed = {oid: pid for oid, pid in owner.items() if pid != found[oid].person_id}
    wanted = sorted({pid for pid in changed.values() if pid is not None})
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted))).all()) if wanted else {}
    for oid, pid in changed.items():
        found[oid] = replace(found[oid], person_id=pid, person=names.get(pid) if pid is not None else None,
                             unassigned=pid is None)


def rows(db: Database, id_list: Sequence[int], *, as_of=None) -> list[ObligationRow]:
    """The rows for ``id_list``, in that order (ids that do not exist are left out)."""
    with db.session() as s:
        return rows_in_session(s, id_list, as_of)


def query(db: Database, flt: ObligationFilter = ObligationFilter(), limit: int | None = None,
          order: str = "due") -> list[ObligationRow]:
    with db.session() as s:
        q = _ids_query(s, flt, order)
        if limit is not None:
            q = q.limit(limit)
        return rows_in_session(s, list(s.scalars(q)), flt.as_of)


def get(db: Database, obligation_id: int) -> ObligationRow:
    found = rows(db, [obligation_id])
    if not found:
        raise NotFound(_("There is no entry with id {id}.").format(id=obligation_id))
    return found[0]
