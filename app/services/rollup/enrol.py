"""``rollup enrol FILE``: register a station's uid, public key and particulars from its enrol file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.i18n import _
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.rollup import schema
from app.services.rollup.store import RollupStore

ENROL_FORMAT = "anupalan-enrol/1"  # as app.services.bundle writes it (docs/bundle_format.md §1)
MAX_ENROL_BYTES = 64 * 1024
HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class EnrolResult:
    station_uid: str
    code: str
    name: str
    district: str
    circle: str
    key_fingerprint: str
    changed: bool  # False: enrolled before with the same key and particulars

    def as_json(self) -> dict:
        return {"station_uid": self.station_uid, "code": self.code, "name": self.name, "district": self.district,
                "circle": self.circle, "key_fingerprint": self.key_fingerprint, "changed": self.changed}


def read_enrol_file(path: Path) -> dict:
    path = Path(path)
    bad = _("{path} is not a station's enrol file.").format(path=path)
    try:
        if path.stat().st_size > MAX_ENROL_BYTES:
            raise UserError(bad)
        record = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise UserError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path} is a folder, not a file.").format(path=path)) from None
    except (UnicodeDecodeError, ValueError):
        raise UserError(bad) from None
    except OSError as exc:  # no permission, a device error: said, not a traceback
        from app.services.core.atomic import describe_io_error

        raise UserError(_("Cannot read {path}: {reason}").format(path=path, reason=describe_io_error(exc))) from None
    if not isinstance(record, dict) or record.get("format") != ENROL_FORMAT:
        raise UserError(bad)
    uid, key = record.get("station_uid"), record.get("public_key")
    if not isinstance(uid, str) or not HEX32.match(uid) or not isinstance(key, str) or not HEX64.match(key):
        raise UserError(bad)
    try:
        from nacl.signing import VerifyKey

        VerifyKey(bytes.fromhex(key))
    except Exception:
        raise UserError(bad) from None
    texts = {}
    for field in ("name", "code", "district", "circle"):
        value = record.get(field) or ""
        if not isinstance(value, str) or len(value) > 200 or "\n" in value:
            raise UserError(bad)
        texts[field] = value.strip()
    if not texts["name"] or not texts["district"]:
        raise UserError(_("The enrol file {path} gives no station name or district; set them at the station and "
                          "write the file again.").format(path=path))
    return {"station_uid": uid, "public_key": key, **texts}


def enrol_station(store: RollupStore, path: Path) -> EnrolResult:
    from app.services.station import fingerprint

    record = read_enrol_file(path)
    store.require_writer()
    uid, key = record["station_uid"], record["public_key"]
    fp = fingerprint(key)
    st = schema.stations
    with store.begin() as conn:
        found = conn.execute(select(st).where(st.c.station_uid == uid)).mappings().first()
        if record["code"]:
            other = conn.execute(select(st.c.station_uid, st.c.name).where(
                st.c.code == record["code"], st.c.station_uid != uid)).first()
            if other is not None:
                raise UserError(_("Another station ({name}) is enrolled with the code {code}. Nothing was changed.")
                                .format(name=other.name, code=record["code"]))
        particulars = {k: record[k] for k in ("code", "name", "district", "circle")}
        if found is not None:
            if found["public_key"] != key:
                raise UserError(_("Station {name} ({uid}) is enrolled here with another key (fingerprint {old}); "
                                  "this file has key {new}. A station's key is not replaced by an enrol file. Nothing "
                                  "was changed.").format(name=found["name"], uid=uid, old=found["key_fingerprint"],
                                                         new=fp))
            if found["district"] != record["district"]:
                raise UserError(_("Station {name} is enrolled in district {old}; this file says {new}. A station does "
                                  "not move between districts by an enrol file. Nothing was changed.").format(
                    name=found["name"], old=found["district"], new=record["district"]))
            changed = any(found[k] != v for k, v in particulars.items())
            if changed:
                conn.execute(st.update().where(st.c.station_uid == uid).values(**particulars))
                if found["circle"] != record["circle"]:
                    for t in schema.FIGURE_TABLES:
                        conn.execute(t.update().where(t.c.station_uid == uid).values(circle=record["circle"]))
        else:
            changed = True
            schema.ensure_partition(conn, record["district"])
            conn.execute(st.insert().values(station_uid=uid, public_key=key, key_fingerprint=fp,
                                            enrolled_utc=clock.utcnow(), **particulars))
    return EnrolResult(uid, record["code"], record["name"], record["district"], record["circle"], fp, changed)
