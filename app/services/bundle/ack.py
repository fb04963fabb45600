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
ACK_KEY_SETTING = "bundle.ack_key"  # the office key the station's first signed acknowledgement came with


def ack_signed_bytes(ack: dict) -> bytes:
    """What an office's signature covers: the acknowledgement's canonical JSON without its ``signature``."""
    from app.services.bundle.rows import canonical

    return canonical({k: v for k, v in ack.items() if k != "signature"})


def sign_ack(ack: dict, private_key_hex: str) -> dict:
    """The acknowledgement signed by the office's Ed25519 key (``rollup_key`` and ``signature`` added)."""
    import base64

    from nacl.signing import SigningKey

    key = SigningKey(bytes.fromhex(private_key_hex))
    signed = dict(ack, rollup_key=key.verify_key.encode().hex())
    signed["signature"] = base64.b64encode(key.sign(ack_signed_bytes(signed)).signature).decode("ascii")
    return signed


def _check_ack_signature(s: Session, ack: dict, new_office_key: str | None = None) -> str | None:
    """The office key to pin (first signed ack, or another office's key whose fingerprint the station was given
    as ``new_office_key``), or None. Refused: a bad signature, a key other than the pinned one, an unsigned ack
    once a signed one was applied."""
    import base64

    from app.services.core.settings import get_setting
    from app.services.station import verify_signature

    pinned = get_setting(s, ACK_KEY_SETTING)
    signature, key = ack.get("signature"), ack.get("rollup_key")
    if signature is None:
        if pinned:
            raise UserError(_("This acknowledgement is not signed, but the office's earlier ones were. Nothing was "
                              "changed."))
        return None
    try:
        ok = isinstance(key, str) and verify_signature(key, ack_signed_bytes(ack),
                                                       base64.b64decode(signature, validate=True))
    except (ValueError, TypeError):
        ok = False
    if not ok:
        raise UserError(_("The acknowledgement's signature does not match: it was changed after the office signed "
                          "it. Nothing was changed."))
    if pinned and pinned != key:
        from app.services.station import fingerprint

        given = (new_office_key or "").strip().lower()
        if given and given == fingerprint(key):
            return key  # a rollup made anew (or another office): the key the office gave by its fingerprint
        if given:
            raise UserError(_("This acknowledgement's office key has the fingerprint {found}, not {given}. Nothing "
                              "was changed.").format(found=fingerprint(key), given=given))
        raise UserError(_("This acknowledgement was signed by another office key than the earlier ones. Nothing "
                          "was changed.") + " " + _(
            "If the office made its rollup anew, ask it for its key's fingerprint; when it is {fingerprint}, apply "
            "the file with --new-office-key {fingerprint}.").format(fingerprint=fingerprint(key)))
    return None if pinned else key


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


def apply_ack(db: Database, path: Path, *, actor: Actor = SYSTEM, new_office_key: str | None = None) -> AckResult:
    ack = read_ack(path)
    with db.session() as s:
        authorize(s, actor, "station.edit")
        identity = ensure_identity(s)
        if ack["station_uid"] != identity.uid:
            raise UserError(_("This acknowledgement is for another station ({uid}); this station is {own}. "
                              "Nothing was changed.").format(uid=ack["station_uid"], own=identity.uid))
        # first: a forged file is named as such, whatever else it says
        pin = _check_ack_signature(s, ack, new_office_key)
        seq = ack["sequence"]
        bundle = s.get(Bundle, seq)
        if bundle is None:
            raise UserError(_("This station never sent bundle {seq}; the acknowledgement does not belong here. "
                              "Nothing was changed.").format(seq=seq))
        if bundle.file_sha256 != ack["bundle_sha256"]:
            raise UserError(_("The acknowledged bundle {seq} is not the one this station sent (the files differ: "
                              "the station's data went back, e.g. a restored backup). Send a full bundle with "
                              "--full. Nothing was changed.").format(seq=seq))
        if ack.get("state_digest") not in (None, bundle.state_digest):
            raise UserError(_("The office's copy of this station after bundle {seq} differs from the station's own "
                              "(their state digests differ). Send a full bundle with --full. Nothing was changed.")
                            .format(seq=seq))
        current = acked_sequence(s)
        if current is not None and seq == current and pin is None:
            return AckResult(seq, False, _base_count(s))
        if current is not None and seq < current:
            raise UserError(_("Bundle {seq} is older than bundle {current}, which was acknowledged already. "
                              "Nothing was changed.").format(seq=seq, current=current))
        pending = list(s.scalars(select(Bundle).where(Bundle.sequence <= seq).order_by(Bundle.sequence)
                                 if current is None else
                                 select(Bundle).where(Bundle.sequence > current, Bundle.sequence <= seq)
                                 .order_by(Bundle.sequence)))
        _apply(s, pending)
        if pin is not None:
            from app.services.core.settings import put_setting

            put_setting(s, ACK_KEY_SETTING, pin)
        bundle.acked_at = clock.utcnow()
        bundle.ack_note = json.dumps(ack, ensure_ascii=False)
        # the bundles up to this one are settled: their carried rows are in the base now
        s.execute(update(Bundle).where(Bundle.sequence <= seq).values(carried=zlib.compress(b"{}")))
        audit.record(s, actor, "bundle.ack", "bundle", seq,
                     after={"sha256": bundle.file_sha256, "rollup": str(ack.get("rollup", ""))[:200],
                            "state_digest": str(ack.get("state_digest", ""))[:64],
                            **({"office_key_pinned": pin} if pin is not None else {})})
        return AckResult(seq, True, _base_count(s))


def _apply(s: Session, bundles: list[Bundle]) -> None:
    """The base becomes what the rollup holds after the last of ``bundles`` (in sequence order): each
    bundle's carried rows over the base, a full one replacing what came before it."""
    fulls = [i for i, b in enumerate(bundles) if b.kind == "full"]
    if fulls:
        bundles = bundles[fulls[-1]:]
    t = BundleBase.__table__
    current = {(tb, r): h for tb, r, h in s.execute(select(t.c.tbl, t.c.row_id, t.c.hash))}
    if fulls:  # tombstones stay (ids are never reused)
        new = {k: h for k, h in current.items() if h == TOMBSTONE}
    else:
        new = dict(current)
    for b in bundles:
        for table, rows in json.loads(zlib.decompress(b.carried)).items():
            for row_id, h in rows.items():
                new[(table, row_id)] = h
        for table, ids in json.loads(b.deleted or "{}").items():
            for row_id in ids:
                new[(table, str(row_id))] = TOMBSTONE
    gone = [k for k in current if k not in new]
    changed = [k for k, h in new.items() if k in current and current[k] != h]
    added = [{"tbl": k[0], "row_id": k[1], "hash": h} for k, h in new.items() if k not in current]
    if gone or len(changed) > 1000:  # many changes (a full): rewrite the base in bulk
        s.execute(delete(BundleBase))
        if new:
            s.execute(t.insert(), [{"tbl": k[0], "row_id": k[1], "hash": h} for k, h in new.items()])
        return
    if added:
        s.execute(t.insert(), added)
    if changed:
        from sqlalchemy import bindparam

        s.execute(t.update().where(t.c.tbl == bindparam("b_tbl"), t.c.row_id == bindparam("b_row"))
                  .values(hash=bindparam("b_hash")),
                  [{"b_tbl": k[0], "b_row": k[1], "b_hash": new[k]} for k in changed])


def _base_count(s: Session) -> int:
    from sqlalchemy import func

    return s.scalar(select(func.count()).select_from(BundleBase).where(BundleBase.hash != TOMBSTONE)) or 0
