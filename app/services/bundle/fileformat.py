"""The bundle file: a magic line, a one-line JSON header with the Ed25519 signature, then the gzip payload
(JSON lines: the manifest, then one record per row). docs/bundle_format.md is the full description.

The signature covers the payload bytes exactly as they stand in the file, and is checked before anything is
decompressed, so an unsigned or altered file is refused without being read further.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.i18n import _
from app.services.station import Identity, verify_signature
from app.services.core.errors import UserError

MAGIC = b"ANUPALAN-BUNDLE/1\n"
BUNDLE_FORMAT = "anupalan-bundle/1"
MAX_HEADER = 4096
MAX_SEQUENCE = 2**31 - 1  # the stores keep it in a 32-bit integer column
MAX_PAYLOAD_RATIO = 200  # a payload that inflates more than this is not ours (a zip bomb)


def pack(identity: Identity, manifest: dict, records: list[bytes]) -> bytes:
    """The whole file's bytes: ``records`` are already-encoded JSON lines (without newline)."""
    body = bytearray(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    for rec in records:
        body += b"\n"
        body += rec
    body += b"\n"
    payload = gzip.compress(bytes(body), compresslevel=6, mtime=0)
    signature = identity.signing_key().sign(payload).signature
    header = {"station_uid": identity.uid, "sequence": manifest["sequence"],
              "payload_sha256": hashlib.sha256(payload).hexdigest(),
              "signature": base64.b64encode(signature).decode("ascii")}
    return MAGIC + json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + payload


@dataclass(frozen=True)
class OpenedBundle:
    header: dict
    manifest: dict
    sha256: str  # of the whole file: the bundle's hash in the chain and in acks
    body: bytes  # the decompressed payload

    def records(self) -> Iterator[tuple[str, dict]]:
        """Every row as (table, record by column name), in file order."""
        names = self.manifest["columns"]
        for line in self.body.split(b"\n")[1:]:
            if line:
                table, values = json.loads(line)
                yield table, dict(zip(names[table], values))


def _refuse(reason: str) -> UserError:
    return UserError(_("Not a valid bundle: {reason}").format(reason=reason))


def read_header(data: bytes) -> tuple[dict, bytes]:
    """(header, payload) of a bundle file's bytes; ``UserError`` when it is not one."""
    if not data.startswith(MAGIC):
        raise _refuse(_("it is not an Anupalan bundle file"))
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise _refuse(_("its header is damaged"))
    try:
        header = json.loads(data[len(MAGIC):end])
        uid, seq, signature = header["station_uid"], header["sequence"], base64.b64decode(header["signature"], validate=True)
        if (not isinstance(uid, str) or not isinstance(seq, int) or isinstance(seq, bool)
                or not 1 <= seq <= MAX_SEQUENCE or len(signature) != 64):
            raise ValueError
        # the header is not signed: only the form ``pack`` writes is taken, so that the file's hash (the bundle's
        # identity in the chain and in acks) is fixed by the signed payload, and a space or key added on the way
        # cannot make the rollup take the same bundle for another one (a station gone back)
        canonical = {"station_uid": uid, "sequence": seq, "payload_sha256": header["payload_sha256"],
                     "signature": base64.b64encode(signature).decode("ascii")}
        if json.dumps(canonical, separators=(",", ":")).encode("ascii") != data[len(MAGIC):end]:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise _refuse(_("its header is damaged")) from None
    return header, data[end + 1:]


def open_bundle(data: bytes, public_key_for: Callable[[str], str | None]) -> OpenedBundle:
    """Check a bundle file's bytes and open it. ``public_key_for(station_uid)`` gives the enrolled key (hex) or
    None for an unknown station. Refused (``UserError``): not a bundle, an unknown station, a bad signature
    (tampered, or signed with another key), a payload that does not inflate or whose manifest disagrees."""
    header, payload = read_header(data)
    key = public_key_for(header["station_uid"])
    if key is None:
        raise _refuse(_("it comes from a station that is not enrolled here ({uid})").format(
            uid=header["station_uid"]))
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        raise _refuse(_("its contents were changed or cut short after it was signed"))
    if not verify_signature(key, payload, base64.b64decode(header["signature"])):
        raise _refuse(_("its signature does not match the station's key"))
    try:
        inflater = zlib.decompressobj(wbits=31)
        body = inflater.decompress(payload, max(len(payload) * MAX_PAYLOAD_RATIO, 1 << 20))
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError
        manifest = json.loads(body.split(b"\n", 1)[0])
    except (zlib.error, ValueError):
        raise _refuse(_("its contents cannot be read")) from None
    if (manifest.get("format") != BUNDLE_FORMAT or manifest.get("station_uid") != header["station_uid"]
            or manifest.get("sequence") != header["sequence"]):
        raise _refuse(_("its manifest does not match its header"))
    return OpenedBundle(header, manifest, hashlib.sha256(data).hexdigest(), body)
