"""The audit trail: every change appended with who, when, what, before and after.

Each row's hash covers its own content and the previous row's hash, so a row changed, deleted or
reordered behind the app's back breaks the chain at that point (see ``verify_chain``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, event, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from app.services.access import Actor
from app.i18n import _
from app.models.audit import AuditEntry
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.storage import serialize

GENESIS = "0" * 64


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def row_hash(prev_hash: str, seq: int, at_utc: str, at_local: str, actor_person_id: int | None,
             actor_label: str, action: str, entity: str, entity_id: str | None,
             before: str | None, after: str | None) -> str:
    payload = json.dumps(
        [prev_hash, seq, at_utc, at_local, actor_person_id, actor_label, action, entity, entity_id,
         before, after],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _head(session: Session) -> tuple[int, str]:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (last[0], last[1]) if last else (0, GENESIS)


_INSERT = insert(AuditEntry.__table__)  # one statement, compiled once and cached


@event.listens_for(Session, "after_soft_rollback")
def _forget_head(session: Session, _previous) -> None:
    """Any rollback (a savepoint's too) may have removed rows we appended: read the head again."""
    session.info.pop("_audit_head", None)


@dataclass(frozen=True)
class Recorded:
    seq: int
    hash: str


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = None,
    *,
    before: Any = None,
    after: Any = None,
) -> Recorded:
    """Append one audit row in the caller's transaction.

    The head is read once per transaction and then carried in ``session.info`` (after our first
    write SQLite holds the write lock, so nobody else can append in between; a PostgreSQL server's
    other writers wait at ``serialize`` until we commit); rows go in with a Core INSERT, so a
    transaction that records many rows stays linear in time.
    """
    session.flush()
    txn = session.get_transaction()
    cached = session.info.get("_audit_head")
    if cached is not None and cached[0] is txn:
        seq, prev = cached[1], cached[2]
    else:
        serialize(session, "audit-chain")  # a server's other writers wait here until we commit
        seq, prev = _head(session)
    seq += 1
    at_utc = clock.utcnow()
    at_local = clock.now()
    before_s, after_s = _dump(before), _dump(after)
    eid = None if entity_id is None else str(entity_id)
    digest = row_hash(prev, seq, at_utc.isoformat(), at_local.isoformat(), actor.person_id, actor.label,
                      action, entity, eid, before_s, after_s)
    session.execute(_INSERT, dict(
        seq=seq, at_utc=at_utc, at_local=at_local, actor_person_id=actor.person_id,
        actor_label=actor.label, action=action, entity=entity, entity_id=eid,
        before=before_s, after=after_s, prev_hash=prev, hash=digest,
    ))
    session.info["_audit_head"] = (txn, seq, digest)
    return Recorded(seq, digest)


def chain_head(session: Session) -> tuple[int, str]:
    """(number of rows, hash of the last row): printed on every report's footer."""
    return _head(session)


HEAD_HASH_CHARS = 32  # 128 bits of the head hash on paper and screen: no rewritten chain can be made to match it


def head_text(seq: int, digest: str) -> str:
    return _("Audit #{seq} · {hash}").format(seq=seq, hash=digest[:HEAD_HASH_CHARS])


def chain_head_text(db) -> str:
    """The chain head as printed in every PDF footer, e.g. "Audit #1234 · 3f2a9c81d0e4b7a25c0d1e9f4a7b3c62".

    Compare it later with ``python -m app audit verify --head "#1234 · 3f2a9c81…"``: a database
    edited after the paper was printed no longer has that hash at that row."""
    with db.session() as s:
        return head_text(*_head(s))


_HEAD_RE = re.compile(r"#?\s*(\d+)\D+?([0-9a-fA-F]{8,64})\s*$")


_SEAL_RE = re.compile(r"^\s*ANUPALAN:(\d+):([0-9A-Fa-f]{8,64})(?::[0-9A-Fa-f]*)?\s*$")


def parse_head_text(text: str) -> tuple[int, str]:
    """Read a printed head ("Audit #1234 · 3f2a9c81d0e4b7a2", "#1234 3f2a9c81", "1234:3f2a9c81…"), or the
    text of a page's QR code ("ANUPALAN:1234:3F2A…:<document digest>")."""
    seal = _SEAL_RE.match(text or "")
    if seal:
        return int(seal.group(1)), seal.group(2).lower()
    match = _HEAD_RE.search((text or "").strip().rstrip("…").strip())
    if not match:
        raise UserError(_("'{text}' is not an audit head. Copy it from a report's footer, e.g. #1234 · 3f2a9c81d0e4b7a2.")
                        .format(text=(text or "")[:60]))
    return int(match.group(1)), match.group(2).lower()


@dataclass(frozen=True)
class ChainProblem:
    seq: int  # the row (by its number in the chain) where the break is seen
    kind: str  # "changed", "unlinked", "missing", "reordered", "head", "committed" (the head kept outside the
    # file is not in it); "row": a table differs from the trail
    detail: str  # in the user's language
    entity: str | None = None  # for "row": the entity code (account, person, …)
    entity_id: int | None = None


def _problem(seq: int, kind: str, **values: Any) -> ChainProblem:
    texts = {
        "changed": _("Row #{seq} was changed after it was written: its content does not match its hash."),
        "unlinked": _("Row #{seq} does not follow the row before it: a row before it was changed, removed or moved."),
        "missing": _("Rows #{first} to #{last} are missing: they were deleted."),
        "reordered": _("Row #{seq} is out of order: rows were moved (expected #{expected} here)."),
        "head": _("The printed head #{seq} · {hash} is not in this database: rows were changed or deleted after it was printed."),
        "truncated": _("The trail ends at #{last}, before the printed head #{seq}: the rows after #{last} were deleted."),
    }
    return ChainProblem(seq, kind if kind != "truncated" else "head", texts[kind].format(seq=seq, **values))


def _stored_time(value: Any) -> dt.datetime:
    """A timestamp as the app wrote it: a ``datetime`` from a server, the stored text from a SQLite file
    (read as text, so a row with garbage in it is reported instead of stopping the whole check)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    raise TypeError(type(value).__name__)


def verify_chain(session: Session, *, expected_head: tuple[int, str] | None = None) -> list[ChainProblem]:
    """Walk the chain in stored order; report each place it breaks (empty list: intact).

    Finds a row changed by direct SQL (its hash no longer matches), a row deleted (a gap in the
    numbers and a broken link), rows reordered (numbers out of order). Deleting rows from the *end*
    leaves a shorter but consistent chain: only a head printed earlier (``expected_head``: number and
    the first characters of its hash, from a report's footer) catches that.
    """
    problems: list[ChainProblem] = []
    present = sorted(session.scalars(select(AuditEntry.seq)))
    prev = GENESIS
    expected = 1
    last_seq = 0
    was_ordered = True
    cols = (AuditEntry.seq, type_coerce(AuditEntry.at_utc, String), type_coerce(AuditEntry.at_local, String),
            AuditEntry.actor_person_id,
            AuditEntry.actor_label, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
            AuditEntry.before, AuditEntry.after, AuditEntry.prev_hash, AuditEntry.hash)
    result = session.execute(select(*cols).order_by(AuditEntry.id).execution_options(yield_per=2000))
    for (seq, at_utc, at_local, person_id, label, action, entity, entity_id, before, after, prev_hash,
         digest) in result:
        ordered = True
        if seq != expected:
            ordered = False
            i = bisect.bisect_left(present, expected)
            if seq > expected and (i == len(present) or present[i] >= seq):  # none of expected..seq-1 exists
                problems.append(_problem(seq, "missing", first=expected, last=seq - 1))
            else:
                problems.append(_problem(seq, "reordered", expected=expected))
        try:
            computed = row_hash(prev_hash, seq, _stored_time(at_utc).isoformat(), _stored_time(at_local).isoformat(),
                                person_id, label, action, entity, entity_id, before, after)
        except (TypeError, ValueError):  # a time that is not a time (text written into the file by hand)
            computed = None
        if computed != digest:
            problems.append(_problem(seq, "changed"))
        elif prev_hash != prev and ordered and was_ordered:
            problems.append(_problem(seq, "unlinked"))
        prev = digest
        was_ordered = ordered
        expected = max(expected, seq + 1)
        last_seq = max(last_seq, seq)
    if expected_head is not None:
        head_seq, prefix = expected_head
        if head_seq > last_seq:
            problems.append(_problem(head_seq, "truncated", last=last_seq))
        else:
            stored = session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == head_seq))
            if head_seq > 0 and (stored is None or not stored.startswith(prefix.lower())):
                problems.append(_problem(head_seq, "head", hash=prefix))
    return problems


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def row_problems(session: Session, chain: list[ChainProblem] = ()) -> list[ChainProblem]:
    """Rows of the audited tables that differ from what the trail last recorded (``images``).

    An audit row the chain check found changed (or the row before a broken link) is not trusted as a
    record: the table is compared with the trail's intact rows only."""
    from app.services.audit.images import row_differences
    from app.services.audit.labels import subject_label

    distrusted = {p.seq for p in chain if p.kind == "changed"} | {p.seq - 1 for p in chain if p.kind == "unlinked"}
    out = []
    for d in row_differences(session, skip=distrusted):
        what = subject_label(d.entity, str(d.row_id))
        if d.field is None:
            text = _("{what} has no audit record: it was added behind the app's back.").format(what=what)
        elif d.field == "":
            text = _("{what} is gone: the audit trail records it (row #{seq}), the table no longer has it.").format(
                what=what, seq=d.seq)
        else:
            text = _("{what} was changed behind the app's back: {field} is {now}, but the audit trail's last record "
                     "(row #{seq}) says {recorded}.").format(what=what, field=d.field, seq=d.seq,
                                                            now=json.dumps(d.now, ensure_ascii=False),
                                                            recorded=json.dumps(d.recorded, ensure_ascii=False))
        out.append(ChainProblem(d.seq, "row", text, d.entity, d.row_id))
    return out
