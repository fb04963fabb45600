"""The audit trail: every change appended with who, when, what, before and after.

Each row's hash covers its own content and the previous row's hash, so a row changed, deleted or
reordered behind the app's back breaks the chain at that point (see ``verify_chain``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEntry
from . import clock

GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in person, or the system (``person_id`` None: the console, the demo
    builder, scheduled work). ``admin`` and ``inspector`` come from the person's account."""

    person_id: int | None = None
    label: str = "system"
    admin: bool = False
    inspector: bool = False

    @property
    def is_system(self) -> bool:
        return self.person_id is None


SYSTEM = Actor()


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


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = None,
    *,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one audit row in the caller's transaction."""
    session.flush()
    seq, prev = _head(session)
    seq += 1
    at_utc = clock.utcnow()
    at_local = clock.now()
    before_s, after_s = _dump(before), _dump(after)
    eid = None if entity_id is None else str(entity_id)
    digest = row_hash(prev, seq, at_utc.isoformat(), at_local.isoformat(), actor.person_id, actor.label,
                      action, entity, eid, before_s, after_s)
    entry = AuditEntry(
        seq=seq, at_utc=at_utc, at_local=at_local, actor_person_id=actor.person_id,
        actor_label=actor.label, action=action, entity=entity, entity_id=eid,
        before=before_s, after=after_s, prev_hash=prev, hash=digest,
    )
    session.add(entry)
    session.flush()
    return entry


def chain_head(session: Session) -> tuple[int, str]:
    """(number of rows, hash of the last row): printed on every report's footer."""
    return _head(session)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # "changed", "missing", "reordered"
    detail: str


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the chain in order; report each place it breaks."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    expected_seq = 1
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for row in rows:
        if row.seq != expected_seq:
            kind = "missing" if row.seq > expected_seq else "reordered"
            problems.append(ChainProblem(row.seq, kind, f"expected #{expected_seq}, found #{row.seq}"))
        if row.prev_hash != prev:
            problems.append(ChainProblem(row.seq, "changed", "previous-hash link does not match"))
        digest = row_hash(row.prev_hash, row.seq, row.at_utc.isoformat(), row.at_local.isoformat(),
                          row.actor_person_id, row.actor_label, row.action, row.entity, row.entity_id,
                          row.before, row.after)
        if digest != row.hash:
            problems.append(ChainProblem(row.seq, "changed", "row content does not match its hash"))
        prev = row.hash
        expected_seq = row.seq + 1
    return problems


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
