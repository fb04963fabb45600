"""The enrol file: the station's public key and particulars, for the supervising office to register."""

from __future__ import annotations

import json
from pathlib import Path

from app.services.access import SYSTEM, Actor, authorize
from app.services.bundle.export import station_particulars
from app.services.station import ensure_identity
from app.services.core import clock
from app.services.core.atomic import write_text
from app.services.storage import Database

ENROL_FORMAT = "anupalan-enrol/1"


def enrol_record(db: Database, *, actor: Actor = SYSTEM) -> dict:
    """The enrol file's content (the identity is made first when an older file has none)."""
    with db.session() as s:
        authorize(s, actor, "report.print")
        identity = ensure_identity(s)
        particulars = station_particulars(s)
    return {"format": ENROL_FORMAT, "station_uid": identity.uid, "public_key": identity.public_key,
            "key_fingerprint": identity.fingerprint, **particulars,
            "made_at": clock.utcnow().isoformat() + "Z"}


def write_enrol_file(db: Database, out: Path, *, actor: Actor = SYSTEM) -> dict:
    record = enrol_record(db, actor=actor)
    write_text(Path(out), json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return record
