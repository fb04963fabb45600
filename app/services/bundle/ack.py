"""Acknowledgements: made by the rollup once it has imported a bundle (``make_ack``), carried back to the
station and applied there (``apply_ack``): the acknowledged bundle becomes the base the next delta counts from.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.bundles import Bundle, BundleBase
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.bundle.export import TOMBSTONE, acked_sequence
from app.services.station import ensure_identity
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.storage import Database

ACK_FORMAT = "anupalan-ack/1"
MAX_ACK_BYTES = 64 * 1024


def make_ack(station_uid: str, sequence: int, bundle_sha256: str, state_digest: str, rollup: str = "") -> dict:
    """The acknowledgement the rollup writes (as JSON) for the bundle it imported."""
    return {"format": ACK_FORMAT, "station_uid": station_uid, "sequence": sequence,
            "bundle_sha256": bundle_sha256, "state_digest": state_digest,
            "acked_at": clock.utcnow().isoformat() + "Z", "rollup": rollup}


@dataclass(frozen=True)
class AckResult:
    sequence: int
    changed: bool  # False: the same acknowledgement was applied before
    base_rows: int


def read_ack(path: Path) -> dict:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_ACK_BYTES:
            raise UserError(_("{path} is not an acknowledgement file (it is too large).").format(path=path))
        ack = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise UserError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path} is a folder, not an acknowledgement file.").format(path=path)) from None
    except (UnicodeDecodeError, ValueError):
        raise UserError(_("{path} is not an acknowledgement file.").format(path=path)) from None
    except OSError as exc:
        from app.services.core.atomic import describe_io_error

        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=describe_io_error(exc))) from None
    if (not isinstance(ack, dict) or ack.get("format") != ACK_FORMAT or not isinstance(ack.get("sequence"), int)
            or isinstance(ack.get("sequence"), bool) or not isinstance(ack.get("station_uid"), str)
            or not isinstance(ack.get("bundle_sha256"), str)):
        raise UserError(_("{path} is not an acknowledgement file.").format(path=path))
    return ack


def apply_ack(db: Database, path: Path, *, actor: Actor = SYSTEM) -> AckResult:
    ack = read_ack(path)
    with db.session() as s:
        authorize(s, actor, "station.edit")
        identity = ensure_identity(s)
        if ack["station_uid"] != identity.uid:
            raise UserError(_("This acknowledgement is for another station ({uid}); this station is {own}. "
                              "Nothing was changed.").format(uid=ack["station_uid"], own=identity.uid))
        seq = ack["sequence"]
        bundle = s.get(Bundle, seq)
        if bundle is None:
            raise UserError(_("This station never sent bundle {seq}; the acknowledgement does not belong here. "
                              "Nothing was changed.").format(seq=seq))
        if bundle.file_sha256 != ack["bundle_sha256"]:
            raise UserError(_("The acknowledged bundle {seq} is not the one this station sent (the files differ: "
                              "the station's data went back, e.g. a restored backup). Send a full bundle with "
                              "--full. Nothing was changed.").format(seq=seq))
        current = acked_sequence(s)
        if current is not None and seq == current:
            return AckResult(seq, False, _base_count(s))
        if current is not None and seq < current:
            raise UserError(_("Bundle {seq} is older than bundle {current}, which was acknowledged already. "
                              "Nothing was changed.").format(seq=seq, current=current))
        _apply(s, bundle)
        bundle.acked_at = clock.utcnow()
        bundle.ack_note = json.dumps(ack, ensure_ascii=False)
        # the bundles up to this one are settled: their carried rows are in the base now
        s.execute(update(Bundle).where(Bundle.sequence <= seq).values(carried=zlib.compress(b"{}")))
        audit.record(s, actor, "bundle.ack", "bundle", seq,
                     after={"sha256": bundle.file_sha256, "rollup": str(ack.get("rollup", ""))[:200],
                            "state_digest": str(ack.get("state_digest", ""))[:64]})
        return AckResult(seq, True, _base_count(s))


def _apply(s: Session, bundle: Bundle) -> None:
    carried = json.loads(zlib.decompress(bundle.carried))
    if bundle.kind == "full":  # a full replaces what the rollup held; tombstones stay (ids are never reused)
        s.execute(delete(BundleBase).where(BundleBase.hash != TOMBSTONE))
        existing: dict = {}
    else:
        existing = {(t, r): h for t, r, h in s.execute(select(BundleBase.tbl, BundleBase.row_id, BundleBase.hash))}
    inserts, updates = [], []
    for table, rows in carried.items():
        for row_id, h in rows.items():
            (updates if (table, row_id) in existing else inserts).append({"tbl": table, "row_id": row_id, "hash": h})
    for table, ids in json.loads(bundle.deleted or "{}").items():
        for row_id in ids:
            item = {"tbl": table, "row_id": str(row_id), "hash": TOMBSTONE}
            (updates if (table, str(row_id)) in existing else inserts).append(item)
    if inserts:
        s.execute(BundleBase.__table__.insert(), inserts)
    if updates:
        t = BundleBase.__table__
        from sqlalchemy import bindparam

        s.execute(t.update().where(t.c.tbl == bindparam("b_tbl"), t.c.row_id == bindparam("b_row"))
                  .values(hash=bindparam("b_hash")),
                  [{"b_tbl": u["tbl"], "b_row": u["row_id"], "b_hash": u["hash"]} for u in updates])


def _base_count(s: Session) -> int:
    from sqlalchemy import func

    return s.scalar(select(func.count()).select_from(BundleBase).where(BundleBase.hash != TOMBSTONE)) or 0
