"""The equipment register (duty D-20: keep CCTNS equipment and CCTV working) and, re-exported from
``faults.py``, its fault log (duty D-21: get faults fixed through the helpdesk / police office).

A fault is open until it is resolved. Open faults older than the station's threshold (default 3
days) are flagged. Time to fix is measured from the report to the resolution.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.handholding import Equipment, EquipmentFault
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date
from app.services.handholding.common import (
    EQUIPMENT_ACTION,
    EQUIPMENT_KIND_LABELS,
    check_choice,
    equipment_or_error,
    not_in_future,
)

@dataclass(frozen=True)
class EquipmentInfo:
    id: int
    kind: str
    name: str
    make_model: str
    serial_no: str
    location: str
    installed_on: dt.date | None
    retired_on: dt.date | None
    note: str
    open_faults: int = 0

    @property
    def in_service(self) -> bool:
        return self.retired_on is None

    @property
    def working(self) -> bool:
        return self.in_service and self.open_faults == 0

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "name": self.name, "make_model": self.make_model,
                "serial_no": self.serial_no, "location": self.location,
                "installed_on": self.installed_on.isoformat() if self.installed_on else None,
                "retired_on": self.retired_on.isoformat() if self.retired_on else None,
                "open_faults": self.open_faults}


def _info(e: Equipment, open_faults: int = 0) -> EquipmentInfo:
    return EquipmentInfo(e.id, e.kind, e.name, e.make_model, e.serial_no, e.location, e.installed_on,
                         e.retired_on, e.note, open_faults)


# --- the register ------------------------------------------------------------------------------------


def add_equipment(db: Database, kind: str, name: str, *, make_model: str = "", serial_no: str = "",
                  location: str = "", installed_on: str | dt.date | None = None, note: str = "",
                  actor: Actor = SYSTEM) -> EquipmentInfo:
    kind = check_choice(kind, EQUIPMENT_KIND_LABELS, _("Kind of equipment"))
    name = clean_text(name, _("Name"), required=True, max_len=120)
    make_model = clean_text(make_model, _("Make and model"), max_len=120)
    serial_no = clean_text(serial_no, _("Serial number"), max_len=80)
    location = clean_text(location, _("Location"), max_len=120)
    note = clean_text(note, _("Note"), max_len=2000)
    installed = parse_date(installed_on, _("Installed on"), required=False)
    if installed is not None:
        not_in_future(installed, _("Installed on"), clock.now())
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        if serial_no and s.scalar(select(Equipment.id).where(Equipment.kind == kind,
                                                             Equipment.serial_no == serial_no)) is not None:
            raise UserError(_("Equipment of this kind with serial number {serial} is already in the register.")
                            .format(serial=serial_no))
        e = Equipment(kind=kind, name=name, make_model=make_model, serial_no=serial_no, location=location,
                      installed_on=installed, retired_on=None, retired_reason="", note=note, created_at=clock.now())
        s.add(e)
        s.flush()
        audit.record(s, actor, "equipment.add", "equipment", e.id, after=_info(e).as_dict())
        return _info(e)


def retire_equipment(db: Database, equipment_id: int, on: str | dt.date, reason: str, *,
                     actor: Actor = SYSTEM) -> EquipmentInfo:
    """Take an item out of service (condemned, returned, replaced). It stays in the register."""
    day = parse_date(on, _("Retired on"))
    reason = clean_text(reason, _("Reason"), required=True, max_len=500)
    not_in_future(day, _("Retired on"), clock.now())
    with db.session() as s:
        authorize(s, actor, EQUIPMENT_ACTION)
        e = equipment_or_error(s, equipment_id)
        if e.retired_on is not None:
            raise UserError(_("{name} was already taken out of service on {date}.").format(
                name=e.name, date=e.retired_on.strftime("%d.%m.%Y")))
        open_faults = s.scalar(select(func.count()).select_from(EquipmentFault).where(
            EquipmentFault.equipment_id == e.id, EquipmentFault.resolved_at.is_(None))) or 0
        if open_faults:
            raise UserError(_("{name} has an open fault. Resolve it first (e.g. 'replaced, item condemned').")
                            .format(name=e.name))
        before = _info(e).as_dict()
        e.retired_on, e.retired_reason = day, reason
        audit.record(s, actor, "equipment.retire", "equipment", e.id, before=before,
                     after=_info(e).as_dict() | {"reason": reason})
        return _info(e)


def _open_counts(session: Session) -> dict[int, int]:
    return dict(session.execute(select(EquipmentFault.equipment_id, func.count())
                                .where(EquipmentFault.resolved_at.is_(None))
                                .group_by(EquipmentFault.equipment_id)).all())


def list_equipment(db: Database, *, include_retired: bool = False, kind: str | None = None) -> list[EquipmentInfo]:
    with db.session() as s:
        return equipment_in(s, include_retired=include_retired, kind=kind)


def equipment_in(session: Session, *, include_retired: bool = False, kind: str | None = None) -> list[EquipmentInfo]:
    order = {k: i for i, k in enumerate(EQUIPMENT_KIND_LABELS)}
    counts = _open_counts(session)
    q = select(Equipment)
    if not include_retired:
        q = q.where(Equipment.retired_on.is_(None))
    if kind is not None:
        q = q.where(Equipment.kind == kind)
    items = [_info(e, counts.get(e.id, 0)) for e in session.scalars(q)]
    items.sort(key=lambda i: (order.get(i.kind, 99), i.name.casefold(), i.id))
    return items


