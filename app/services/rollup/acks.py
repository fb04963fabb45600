"""``rollup ack STATION --out FILE``: the acknowledgement of the station's last imported bundle, carried back to
the station (``bundle ack FILE`` there); its next delta then starts after that bundle."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select

from app.i18n import _
from app.services import bundle
from app.services.core.atomic import write_text
from app.services.core.errors import UserError
from app.services.rollup import reasons, schema
from app.services.rollup.store import RollupStore, meta_values


@dataclass(frozen=True)
class StationState:
    station_uid: str
    code: str
    name: str
    district: str
    circle: str
    last_sequence: int | None
    last_imported_utc: object
    as_of: object
    needs_full: bool
    needs_full_reason: str
    held: tuple[int, ...]

    def as_json(self) -> dict:
        return {"station_uid": self.station_uid, "code": self.code, "name": self.name, "district": self.district,
                "circle": self.circle, "last_sequence": self.last_sequence,
                "last_imported_utc": self.last_imported_utc, "as_of": self.as_of, "needs_full": self.needs_full,
                "needs_full_reason": self.needs_full_reason, "held": list(self.held)}


def _state(conn, row) -> StationState:
    h = schema.held
    held = tuple(conn.execute(select(h.c.sequence).where(h.c.station_uid == row["station_uid"])
                              .order_by(h.c.sequence)).scalars())
    return StationState(row["station_uid"], row["code"], row["name"], row["district"], row["circle"],
                        row["last_sequence"], row["last_imported_utc"], row["last_station_time"],
                        bool(row["needs_full"]), reasons.needs_full_text(row["needs_full_reason"]), held)


def list_stations(store: RollupStore) -> list[StationState]:
    st = schema.stations
    with store.connect() as conn:
        rows = conn.execute(select(st).order_by(st.c.district, st.c.circle, st.c.code, st.c.name)).mappings().all()
        return [_state(conn, r) for r in rows]


def find_station(store: RollupStore, which: str) -> StationState:
    st = schema.stations
    which = (which or "").strip()
    with store.connect() as conn:
        rows = conn.execute(select(st).where(or_(st.c.code == which, st.c.station_uid == which.lower()))
                            ).mappings().all()
        if len(rows) != 1:
            raise UserError(_("No station {station} is enrolled here.").format(station=which))
        return _state(conn, rows[0])


def make_rollup_ack(store: RollupStore, which: str) -> dict:
    store.require_writer()  # a circle's read-only role never reads the office's signing key
    found = find_station(store, which)
    st = schema.stations
    with store.connect() as conn:
        row = conn.execute(select(st).where(st.c.station_uid == found.station_uid)).mappings().one()
        meta = meta_values(conn)
    if row["last_sequence"] is None:
        raise UserError(_("No bundle of station {station} has been imported here yet; there is nothing to "
                          "acknowledge.").format(station=which))
    if row["needs_full"]:
        raise UserError(_("Station {station} must first send a full bundle (python -m app bundle export --full): "
                          "{reason}. No acknowledgement was written.").format(station=which,
                                                                              reason=reasons.needs_full_text(row["needs_full_reason"])))
    ack = bundle.make_ack(row["station_uid"], row["last_sequence"], row["last_sha256"], row["state_digest"],
                          meta.get("name", ""))
    return bundle.sign_ack(ack, meta["private_key"])


def write_rollup_ack(store: RollupStore, which: str, out: Path) -> dict:
    ack = make_rollup_ack(store, which)
    write_text(Path(out), json.dumps(ack, ensure_ascii=False, indent=2) + "\n")
    return ack
