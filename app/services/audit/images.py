"""Audited rows against the trail: each watched row must equal what its audit rows last recorded.

The chain (``chain.verify_chain``) proves that the trail itself was not edited; this proves that the
tables the trail speaks about were not edited behind its back either: ``UPDATE accounts SET
is_admin = 1`` by hand leaves the chain intact but makes the account differ from its last recorded
after-image, and that is reported.

How: the after-images of the actions listed in ``_FOLDERS`` are folded in the order of the chain into
an *expected* value per (table, row, field); every field so recorded is compared with the row as it is
now. A field no audit row ever recorded is not compared (rows a demo builder wrote in bulk, columns
that no action describes). Accounts must each have an audit record: an account inserted by hand is
reported too, since every account is made by an audited action. (Persons are not: the demo builder
writes its staff in bulk without audit rows.)

Values are compared in the trail's own JSON form (dates and times as text, booleans as JSON), so the
comparison does not depend on the database's types.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.models.accounts import Account
from app.models.audit import AuditEntry
from app.models.cases import Accused, Case, Event
from app.models.obligations import Obligation
from app.models.staff import Person, RoleAssignment


def _norm(value: Any) -> Any:
    """A value as the trail stores it (``json.dumps(..., default=str)``), read back: the plain JSON types as
    they are, dates and times as their text (the fast path: this runs for every field compared)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def secret_digest(value: str | None) -> str | None:
    """What the trail records of a password or one-time-code hash: the SHA-256 of the stored hash text, never
    the hash. Any change of the stored hash (a hash copied from another account by hand) changes the digest,
    so it is caught; the digest gives nothing for guessing the password (the salt is only in the hash)."""
    if value is None:
        return None
    return hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Watched:
    entity: str  # the trail's entity code
    model: type
    fields: dict[str, Any]  # image key → the column (or SQL expression) holding its current value
    must_be_audited: bool = False  # a row with no audit record at all is itself a finding


def _watched() -> dict[str, Watched]:
    return {w.entity: w for w in (
        Watched("account", Account, {
            "username": Account.username, "person_id": Account.person_id, "admin": Account.is_admin,
            "inspector": Account.is_inspector, "active": Account.active,
            "password_pending": Account.password_hash.is_(None),
            "password_digest": Account.password_hash, "setup_code_digest": Account.setup_code_hash,
        }, must_be_audited=True),
        Watched("person", Person, {
            "name": Person.name, "rank": Person.rank, "pno": Person.pno, "cctns_user_id": Person.cctns_user_id,
            "active": Person.active,
        }),
        Watched("role_assignment", RoleAssignment, {
            "person_id": RoleAssignment.person_id, "role": RoleAssignment.role_code,
            "from": RoleAssignment.from_date, "to": RoleAssignment.to_date,
        }),
        Watched("case", Case, {
            "kind": Case.kind, "number": Case.number, "year": Case.year, "act": Case.act, "sections": Case.sections,
            "io_person_id": Case.io_person_id, "sensitive": Case.sensitive,
            "punishment_class": Case.punishment_class, "status": Case.status,
        }),
        Watched("event", Event, {
            "case_id": Event.case_id, "kind": Event.kind, "person_id": Event.person_id,
            "occurred_at": Event.occurred_at, "accused_id": Event.accused_id,
        }),
        Watched("accused", Accused, {
            "case_id": Accused.case_id, "name": Accused.name, "bailed_at": Accused.bailed_at,
            "released_at": Accused.released_at, "extended_days": Accused.extended_days,
        }),
        Watched("obligation", Obligation, {
            "status": Obligation.status, "entered_by_id": Obligation.entered_by_id,
            "verified_by_id": Obligation.verified_by_id, "cas_ref": Obligation.cas_ref,
        }),
    )}


WATCHED = _watched()
_BOOLEAN_FIELDS = frozenset({("account", "admin"), ("account", "inspector"), ("account", "active"),
                             ("account", "password_pending"), ("person", "active"), ("case", "sensitive")})
_DIGEST_FIELDS = frozenset({("account", "password_digest"), ("account", "setup_code_digest")})


class _Expected:
    def __init__(self) -> None:
        self.values: dict[tuple[str, int], dict[str, tuple[Any, int]]] = {}

    def set(self, entity: str, row_id: Any, seq: int, **values: Any) -> None:
        try:
            key = (entity, int(row_id))
        except (TypeError, ValueError):
            return
        image = self.values.setdefault(key, {})
        fields = WATCHED[entity].fields
        for name, value in values.items():
            if name in fields:
                image[name] = (value if isinstance(value, (str, int, type(None))) else _norm(value), seq)

    def forget(self, entity: str, row_id: Any, *names: str) -> None:
        """An audit row changed these fields (all, when none are named) without recording their values:
        from here on they are unknown, so not compared (a later record makes them known again)."""
        try:
            image = self.values.get((entity, int(row_id)))
        except (TypeError, ValueError):
            return
        if image is not None:
            for name in names or list(image):
                image.pop(name, None)

    def image(self, entity: str, seq: int, row_id: Any, after: dict) -> None:
        if isinstance(after, dict):
            self.set(entity, row_id, seq, **{k: v for k, v in after.items() if isinstance(k, str)})


def _ids(value: Any) -> list:
    return value if isinstance(value, list) else []


def _fold_transfer(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    successor = after.get("to")
    for ended in _ids(after.get("roles_ended")):
        if isinstance(ended, dict) and isinstance(ended.get("to"), list) and len(ended["to"]) == 2:
            x.set("role_assignment", ended.get("id"), seq, to=ended["to"][1])
    for started in _ids(after.get("roles_started")):
        if isinstance(started, dict):
            x.set("role_assignment", started.get("id"), seq, person_id=successor, role=started.get("role"),
                  **{"from": started.get("from"), "to": None})
    for case_id in _ids(after.get("cases_io")):
        x.set("case", case_id, seq, io_person_id=successor)


def _fold_event(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    """case.event: the event's fields, the entries it made or closed, the case's IO after an io-change and
    the case's status as recorded (``case_status``); an event that does not record the status may have
    changed it, so it is no longer compared until a later record says it."""
    x.image("event", seq, eid, after)
    case_id, kind = after.get("case_id"), after.get("kind")
    for ob in _ids(after.get("obligations")):
        x.set("obligation", ob, seq, status="pending", entered_by_id=None, verified_by_id=None, cas_ref=None)
    _fold_followed(x, seq, after)
    if kind == "io-change":
        x.set("case", case_id, seq, io_person_id=after.get("person_id"))
    if "case_status" in after:
        x.set("case", case_id, seq, status=after.get("case_status"))
    else:
        x.forget("case", case_id, "status")


def _fold_match(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    """case.match: both cases' statuses change (not recorded as values): no longer compared."""
    for case_id in (after.get("missing_case_id"), after.get("matched_case_id"), eid):
        x.forget("case", case_id, "status")


def _fold_case_add(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    x.image("case", seq, eid, after)
    for ob in _ids(after.get("obligations")):
        x.set("obligation", ob, seq, status="pending", entered_by_id=None, verified_by_id=None, cas_ref=None)


def _fold_many(status: str, by_field: str | None):
    def fold(x: _Expected, seq: int, eid: Any, after: dict) -> None:
        ids = _ids(after.get("ids")) or ([eid] if eid is not None else [])
        for ob in ids:
            values = {"status": status}
            if by_field is not None:
                values[by_field] = after.get("by")
            if status == "entered":
                values["verified_by_id"] = None
                values["cas_ref"] = after.get("cas_ref")
            x.set("obligation", ob, seq, **values)
    return fold


def _fold_followed(x: _Expected, seq: int, after: dict) -> None:
    """Entries a change made or closed on the way (``obligations_made`` / ``obligations_closed``, ``closed``)."""
    for ob in _ids(after.get("obligations_made")):
        x.set("obligation", ob, seq, status="pending", entered_by_id=None, verified_by_id=None, cas_ref=None)
    for ob in _ids(after.get("obligations_closed")) + _ids(after.get("closed")):
        x.set("obligation", ob, seq, status="na")


def _fold_case_change(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    """case.update, case.correct, case.void: the case's own fields, and the entries that followed."""
    x.image("case", seq, eid, after)
    _fold_followed(x, seq, after)


def _fold_event_change(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    """event.correct, event.void: the event's fields, the case's status worked out again, entries closed."""
    x.image("event", seq, eid, after)
    if "case_status" in after:
        x.set("case", after.get("case_id"), seq, status=after.get("case_status"))
    _fold_followed(x, seq, after)


def _fold_reopen(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    x.set("obligation", eid, seq, status="pending", entered_by_id=None, verified_by_id=None, cas_ref=None)


def _fold_removed(x: _Expected, seq: int, eid: Any, after: dict) -> None:
    """import.void: rows an import made and its voiding took away again (``removed``: entity -> ids) are no
    longer expected; what it voided instead is recorded by its own case.void / event.void rows."""
    removed = after.get("removed")
    for entity, ids in (removed.items() if isinstance(removed, dict) else ()):
        for row_id in _ids(ids):
            try:
                x.values.pop((str(entity), int(row_id)), None)
            except (TypeError, ValueError):
                continue


def _plain(entity: str):
    def fold(x: _Expected, seq: int, eid: Any, after: dict) -> None:
        x.image(entity, seq, eid, after)
    return fold


_FOLDERS: dict[str, Callable[[_Expected, int, Any, dict], None]] = {
    "account.create": _plain("account"),
    "account.create_first_admin": _plain("account"),
    "account.update": _plain("account"),
    "account.reset_start": _plain("account"),
    "account.password_set": _plain("account"),
    "account.password_change": _plain("account"),
    "account.password_upgrade": _plain("account"),
    "person.add": _plain("person"),
    "person.update": _plain("person"),
    "role.assign": _plain("role_assignment"),
    "role.end": _plain("role_assignment"),
    "staff.transfer": _fold_transfer,
    "case.add": _fold_case_add,
    "case.update": _fold_case_change,
    "case.correct": _fold_case_change,
    "case.void": _fold_case_change,
    "case.event": _fold_event,
    "event.correct": _fold_event_change,
    "event.void": _fold_event_change,
    "accused.add": _plain("accused"),
    "accused.update": _plain("accused"),
    "case.match": _fold_match,
    "obligation.add": lambda x, seq, eid, after: x.set("obligation", eid, seq, status="pending", cas_ref=None),
    "obligation.enter": _fold_many("entered", "entered_by_id"),
    "obligation.verify": _fold_many("verified", "verified_by_id"),
    "obligation.na": _fold_many("na", None),
    "obligation.reopen": _fold_reopen,
    "import.void": _fold_removed,
}
FOLDED_ACTIONS = frozenset(_FOLDERS)

# Actions on a watched entity that change none of its watched fields. Any other action on a watched row that
# is not folded above (a kind of change added later) makes that row's recorded fields unknown rather than
# report a difference the app itself made.
UNCHANGING_ACTIONS = frozenset({
    "signin.ok", "signin.fail", "signin.refused", "signin.setup", "account.unlock",
    "account.password_change_refused", "account.password_set_refused", "staff.take_backlog",
    "staff.end_role_handover",
})


@dataclass(frozen=True)
class RowDifference:
    entity: str
    row_id: int
    field: str | None  # None: the row has no audit record at all; "": the row is gone
    now: Any
    recorded: Any
    seq: int  # the audit row that recorded the value (0: none)


def expected_images(session: Session, skip: set[int] = frozenset()) -> dict[tuple[str, int], dict[str, tuple[Any, int]]]:
    x = _Expected()
    rows = session.execute(
        select(AuditEntry.seq, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.after)
        .where(or_(AuditEntry.action.in_(sorted(FOLDED_ACTIONS)),
                   and_(AuditEntry.entity.in_(sorted(WATCHED)), AuditEntry.entity_id.is_not(None),
                        AuditEntry.action.not_in(sorted(UNCHANGING_ACTIONS)))))
        .order_by(AuditEntry.seq).execution_options(yield_per=2000))
    for seq, action, entity, entity_id, after_text in rows:
        if seq in skip:  # not trusted as a record; the row it speaks of is still not one added behind the app's back
            if entity in WATCHED and entity_id is not None:
                try:
                    x.values.setdefault((entity, int(entity_id)), {})
                except (TypeError, ValueError):
                    pass
            continue
        folder = _FOLDERS.get(action)
        if folder is None:  # an action this check does not know changed the row: its fields become unknown
            x.forget(entity, entity_id)
            continue
        try:
            after = json.loads(after_text) if after_text else {}
        except (TypeError, ValueError):
            continue  # an unreadable image is the chain check's finding (its hash no longer matches)
        if isinstance(after, dict):
            folder(x, seq, entity_id, after)
    return x.values


def row_differences(session: Session, skip: set[int] = frozenset()) -> list[RowDifference]:
    """Every watched field that differs from its last recorded value, every watched row that is gone,
    and every account without any audit record."""
    expected = expected_images(session, skip)
    out: list[RowDifference] = []
    for w in WATCHED.values():
        wanted = {row_id: image for (entity, row_id), image in expected.items() if entity == w.entity}
        if not wanted and not w.must_be_audited:
            continue
        names = list(w.fields)
        q = select(w.model.__table__.c.id, *(w.fields[n] for n in names)).order_by(w.model.__table__.c.id)
        seen: set[int] = set()
        for row_id, *values in session.execute(q.execution_options(yield_per=5000)):
            seen.add(row_id)
            image = wanted.get(row_id)
            if image is None:
                if w.must_be_audited:
                    out.append(RowDifference(w.entity, row_id, None, None, None, 0))
                continue
            current = dict(zip(names, values))
            for name, (recorded, seq) in image.items():
                value = current[name]
                if (w.entity, name) in _BOOLEAN_FIELDS and value is not None:
                    value = bool(value)
                elif (w.entity, name) in _DIGEST_FIELDS:
                    value = secret_digest(value)
                now = _norm(value)
                if now != recorded:
                    out.append(RowDifference(w.entity, row_id, name, now, recorded, seq))
        for row_id in sorted(row_id for row_id in set(wanted) - seen if wanted[row_id]):
            out.append(RowDifference(w.entity, row_id, "", None, None,
                                     max(seq for _value, seq in wanted[row_id].values())))
    return out
