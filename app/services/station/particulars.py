"""The station this database belongs to (one per file)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.staff import Station
from app.services import audit
from app.services.core import clock
from app.services.access import authorize
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.core.validate import clean_text
from app.services.station.identity import ensure_identity


@dataclass(frozen=True)
class StationInfo:
    id: int
    name: str
    district: str
    code: str | None


def get_station(db: Database) -> StationInfo | None:
    with db.session() as s:
        st = s.scalars(select(Station).order_by(Station.id)).first()
        return None if st is None else StationInfo(st.id, st.name, st.district, st.code)


def get_station_in(s: Session) -> StationInfo | None:
    """``get_station`` inside the caller's unit of work."""
    st = s.scalars(select(Station).order_by(Station.id)).first()
    return None if st is None else StationInfo(st.id, st.name, st.district, st.code)


def init_station(db: Database, name: str, district: str, code: str | None = None,
                 actor: Actor = SYSTEM) -> StationInfo:
    check_station_details(name, district, code)
    with db.session() as s:
        return init_station_in(s, name, district, code, actor=actor)


def check_station_details(name: str, district: str, code: str | None) -> tuple[str, str, str | None]:
    """The station's name, district and code, cleaned; ``UserError`` for a bad one."""
    return (clean_text(name, _("Station name"), required=True, max_len=120),
            clean_text(district, _("District"), required=True, max_len=120),
            clean_text(code, _("Station code"), max_len=40) or None)


def init_station_in(s: Session, name: str, district: str, code: str | None = None, *,
                    actor: Actor = SYSTEM) -> StationInfo:
    """``init_station`` inside the caller's unit of work (``station.set_up_station`` adds staff after it)."""
    name, district, code = check_station_details(name, district, code)
    authorize(s, actor, "station.edit")
    existing = s.scalars(select(Station)).first()
    if existing is not None:
        raise UserError(
            _("This database already belongs to the station {name}. Use a new database file for another station.")
            .format(name=existing.name)
        )
    st = Station(name=name, district=district, code=code, created_at=clock.now())
    s.add(st)
    s.flush()
    ensure_identity(s)  # the uid and key pair for the supervising offices
    audit.record(s, actor, "station.init", "station", st.id,
                 after={"name": name, "district": district, "code": code})
    return StationInfo(st.id, st.name, st.district, st.code)
