"""``bundle export``: one signed file with every row changed since the last acknowledged bundle (or all).

Change detection: each row's hash (``rows.row_hash``) is compared with what the rollup may hold: the hash in
the acknowledged base (``bundle_base``) and the hashes carried by every bundle sent after it and not yet
acknowledged. A row goes in when any of these differs from its hash now, so deltas are cumulative since the
last ack: a lost or unread bundle loses nothing. Rows gone since (none are deleted in these tables today) are
listed as deleted, and their ids kept as tombstones so a reused id is refused rather than sent as an edit.
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.bundles import Bundle, BundleBase
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.bundle.fileformat import BUNDLE_FORMAT, pack
from app.services.station import ensure_identity
from app.services.bundle.rows import TABLES, columns, digest_term, iter_rows, line_of, state_digest_of
from app.services.core import clock
from app.services.core.atomic import write_bytes
from app.services.core.errors import UserError
from app.services.station import get_station_in, office_particulars_in
from app.services.storage import Database, serialize

TOMBSTONE = "-"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sequence: int
    kind: str
    base_sequence: int | None
    rows: int
    bytes: int
    counts: dict
    seconds: float

    def as_json(self) -> dict:
        return {"path": str(self.path), "rows": self.rows, "sequence": self.sequence, "bytes": self.bytes}


def schema_revision(s: Session) -> str:
    from sqlalchemy import text

    revs = sorted(r[0] for r in s.execute(text("SELECT version_num FROM alembic_version")))
    return ",".join(revs)


def acked_sequence(s: Session) -> int | None:
    return s.scalar(select(func.max(Bundle.sequence)).where(Bundle.acked_at.is_not(None)))


def _base(s: Session) -> dict[str, dict[str, str]]:
    base: dict[str, dict[str, str]] = {}
    for tbl, row_id, h in s.execute(select(BundleBase.tbl, BundleBase.row_id, BundleBase.hash)):
        base.setdefault(tbl, {})[row_id] = h
    return base


def _unacked(s: Session, after: int | None) -> tuple[dict[str, dict[str, set[str]]], dict[str, dict[str, str]]]:
    """What bundles sent after the base carried (the rollup may hold any of it): per table, per row id, every
    hash carried, and the latest one. A bundle's ``carried`` keeps only the rows whose hash differs from the
    latest an earlier unacknowledged bundle carried, so bundles that never get an ack do not each store
    the whole station again."""
    held: dict[str, dict[str, set[str]]] = {}
    latest: dict[str, dict[str, str]] = {}
    q = select(Bundle.carried, Bundle.deleted).order_by(Bundle.sequence)
    if after is not None:
        q = q.where(Bundle.sequence > after)
    for blob, deleted in s.execute(q):
        for tbl, rows in json.loads(zlib.decompress(blob)).items():
            per, last = held.setdefault(tbl, {}), latest.setdefault(tbl, {})
            for row_id, h in rows.items():
                per.setdefault(row_id, set()).add(h)
                last[row_id] = h
        for tbl, ids in json.loads(deleted or "{}").items():
            per, last = held.setdefault(tbl, {}), latest.setdefault(tbl, {})
            for row_id in ids:
                per.setdefault(str(row_id), set()).add(TOMBSTONE)
                last[str(row_id)] = TOMBSTONE
    return held, latest


def station_particulars(s: Session) -> dict:
    st = get_station_in(s)
    if st is None:
        raise UserError(_("This database has no station yet. Create it with: python -m app init --station NAME "
                          "--district NAME"))
    office = office_particulars_in(s)
    return {"name": st.name, "code": st.code or "", "district": st.district, "circle": office.get("circle")}


def file_name(code: str, uid: str, sequence: int) -> str:
    safe = "".join(c for c in (code or "") if c.isascii() and (c.isalnum() or c in "-_")) or "station"
    return f"{safe}-{uid[:8]}-{sequence:06d}.anb"


def export_bundle(db: Database, out_dir: Path, *, full: bool = False, actor: Actor = SYSTEM) -> ExportResult:
    """Write the next bundle into ``out_dir``: every row (``full``) or every row changed since the last
    acknowledged bundle, with the rows gone since; recorded (and audited) only once the file is written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(_("{path} is a file, not a folder. Give the folder to write the bundle in.").format(path=out_dir))
    started = time.perf_counter()
    with db.session() as s:  # who may, and the identity (made now for an older file without one): a short write
        authorize(s, actor, "station.edit")
        identity = ensure_identity(s)
    # The rows are read in one read-only snapshot, so the window's writers are not held up meanwhile (a
    # five-year station takes most of a minute); what changes after the snapshot goes in the next bundle.
    with Session(db.engine) as s:
        if s.bind.dialect.name == "postgresql":  # one consistent view of every table for the whole export
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        particulars = station_particulars(s)
        acked = acked_sequence(s)
        base = {} if full else _base(s)
        unacked, latest = ({}, {}) if full else _unacked(s, acked)
        last = s.scalar(select(func.max(Bundle.sequence))) or 0
        prev_sha = s.scalar(select(Bundle.file_sha256).where(Bundle.sequence == last)) if last else None
        rows = _Rows()
        for table, _key in TABLES:
            _gather_table(s, table, rows, full, base.get(table, {}), unacked.get(table, {}), latest.get(table, {}))
        made_at = clock.utcnow()
        manifest = _manifest(s, identity, particulars, full, acked, last + 1, prev_sha, rows, made_at)
        data = pack(identity, manifest, rows.records)
        path = out_dir / file_name(particulars["code"], identity.uid, last + 1)
        if path.exists():
            raise UserError(_("{path} is already there. Choose another folder or move that file.").format(path=path))
        s.rollback()
    _record(db, actor, path, data, manifest, rows, made_at, last, acked)
    return ExportResult(path, last + 1, manifest["kind"], manifest["base_sequence"], len(rows.records), len(data),
                        rows.counts, time.perf_counter() - started)


@dataclass
class _Rows:
    """What a bundle carries, gathered table by table."""
    records: list[bytes] = field(default_factory=list)  # the rows' lines
    carried: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> row key -> hash newly sent
    deleted: dict[str, list] = field(default_factory=dict)  # table -> keys of the rows gone
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> {"rows": sent, "total": held}
    terms: int = 0  # the state digest's running term over every row held


def _gather_table(s: Session, table: str, out: _Rows, full: bool, tbase: dict[str, str],
                  theld: dict[str, set[str]], tlatest: dict[str, str]) -> None:
    """One table's rows into ``out``: each one whose hash differs from the acknowledged base or from any bundle
    sent since (every row when ``full``), and, for a delta, the keys of the rows gone since."""
    tcarried: dict[str, str] = {}
    tstored: dict[str, str] = {}
    seen: set[str] = set()
    total = 0
    for row_id, values, h in iter_rows(s, table):
        total += 1
        key = str(row_id)
        seen.add(key)
        out.terms ^= digest_term(table, row_id, h)
        was = tbase.get(key)
        if was == TOMBSTONE:
            raise UserError(_("The row {id} of {table} has the number of a row already removed; it cannot "
                              "be sent as the same row. Make a full bundle with --full.").format(
                id=row_id, table=table))
        if full or was != h or any(x != h for x in theld.get(key, ())):
            tcarried[key] = h
            if full or tlatest.get(key) != h:
                tstored[key] = h
            out.records.append(line_of(table, values))
    if not full:
        gone = sorted((k for k, v in tbase.items() if v != TOMBSTONE and k not in seen),
                      key=lambda k: (len(k), k))
        gone += sorted((k for k, hs in theld.items() if k not in seen and k not in tbase
                        and hs - {TOMBSTONE}), key=lambda k: (len(k), k))
        if gone:
            out.deleted[table] = [int(k) if k.isdigit() else k for k in gone]
    if tstored:
        out.carried[table] = tstored
    out.counts[table] = {"rows": len(tcarried), "total": total}


def _manifest(s: Session, identity, particulars: dict, full: bool, acked: int | None, sequence: int,
              prev_sha: str | None, rows: _Rows, made_at) -> dict:
    """The bundle's manifest: who, which schema, which bundle after which, the audit head, the columns, the
    counts, the rows deleted and the digest of the whole state."""
    head_seq, head_hash = audit.chain_head(s)
    return {
        "format": BUNDLE_FORMAT,
        "station_uid": identity.uid,
        "station": particulars,
        "schema_revision": schema_revision(s),
        "sequence": sequence,
        "kind": "full" if full else "delta",
        "base_sequence": None if full else acked,
        "prev_bundle_sha256": prev_sha,
        "made_at": made_at.isoformat() + "Z",
        "station_time": clock.now().isoformat(),
        "audit_head": {"seq": head_seq, "hash": head_hash} if head_seq else None,
        "columns": {table: columns(table) for table, _key in TABLES},
        "counts": rows.counts,
        "deleted": rows.deleted,
        "state_digest": state_digest_of(rows.terms),
        "rows": len(rows.records),
    }


def _record(db: Database, actor: Actor, path: Path, data: bytes, manifest: dict, rows: _Rows, made_at,
            last: int, acked: int | None) -> None:
    """The bundle recorded and audited, and its file written, in one transaction (refused when another bundle
    was written or acknowledged meanwhile); if the commit fails, the file is taken back."""
    sha = hashlib.sha256(data).hexdigest()
    sequence = manifest["sequence"]
    with db.session() as s:
        serialize(s, "bundle-export")
        if (s.scalar(select(func.max(Bundle.sequence))) or 0) != last or acked_sequence(s) != acked:
            raise UserError(_("Another bundle was written or acknowledged while this one was being made. "
                              "Nothing was written; run the command again."))
        s.add(Bundle(sequence=sequence, kind=manifest["kind"], base_sequence=manifest["base_sequence"],
                     made_at=made_at, file_name=path.name, file_sha256=sha, rows=len(rows.records), bytes=len(data),
                     state_digest=manifest["state_digest"],
                     carried=zlib.compress(json.dumps(rows.carried, separators=(",", ":")).encode(), 6),
                     deleted=json.dumps(rows.deleted), ack_note=""))
        audit.record(s, actor, "bundle.export", "bundle", sequence,
                     after={"kind": manifest["kind"], "base_sequence": manifest["base_sequence"],
                            "rows": len(rows.records), "bytes": len(data), "sha256": sha, "file": path.name})
        s.flush()
        write_bytes(path, data)  # the file first; if the commit then fails, the file is taken back
        try:
            s.commit()
        except BaseException:
            try:
                path.unlink()
            except OSError:
                pass
            raise
