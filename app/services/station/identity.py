"""The station's permanent identity for the supervising offices: a uid and an Ed25519 key pair.

PyNaCl (libsodium) signs: Ed25519 is the whole of what it is for, its wheels carry libsodium for Windows,
and it rests on cffi, which the app already ships for argon2. The private key is kept in the database
(``station_identity``), so it is in every backup; it is never written to a bundle or an enrol file.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.bundles import StationIdentity
from app.services.core import clock

if TYPE_CHECKING:
    from nacl.signing import SigningKey

# PyNaCl is imported where a key is used (signing, verifying, making one): every command that opens the
# station's file imports this package, and only the bundle and enrol commands sign.


@dataclass(frozen=True)
class Identity:
    uid: str
    public_key: str  # hex
    private_key: str  # hex (the 32-byte seed)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def signing_key(self) -> SigningKey:
        from nacl.signing import SigningKey

        return SigningKey(bytes.fromhex(self.private_key))


def fingerprint(public_key_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]


def get_identity(s: Session) -> Identity | None:
    row = s.scalars(select(StationIdentity).order_by(StationIdentity.id)).first()
    return None if row is None else Identity(row.uid, row.public_key, row.private_key)


def ensure_identity(s: Session) -> Identity:
    """The station's identity, made now (in the caller's transaction) if the file has none yet."""
    found = get_identity(s)
    if found is not None:
        return found
    from nacl.signing import SigningKey

    key = SigningKey.generate()
    row = StationIdentity(uid=uuid.uuid4().hex, public_key=key.verify_key.encode().hex(),
                          private_key=key.encode().hex(), created_at=clock.utcnow())
    s.add(row)
    s.flush()
    return Identity(row.uid, row.public_key, row.private_key)


def verify_signature(public_key_hex: str, message: bytes, signature: bytes) -> bool:
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    try:
        VerifyKey(bytes.fromhex(public_key_hex)).verify(message, signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True
