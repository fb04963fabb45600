"""Labels and small helpers shared by the handholding services (no Qt, no ReportLab)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.models.handholding import Equipment
from app.services.core.errors import NotFound, UserError
from app.services.core.settings import get_int

OFFICE_KIND_LABELS = {
    "circle": N_("Circle office"),
    "district_hq": N_("District HQ"),
}

ATTENDANCE_LABELS = {
    "present": N_("Present"),
    "absent": N_("Absent"),
    "leave": N_("Leave"),
}

EQUIPMENT_KIND_LABELS = {
    "computer": N_("Computer"),
    "printer": N_("Printer"),
    "scanner": N_("Scanner"),
    "ups": N_("UPS"),
    "battery": N_("Battery"),
    "network_switch": N_("Network switch"),
    "connectivity": N_("Connectivity (network link)"),
    "cctv_camera": N_("CCTV camera"),
    "cctv_recorder": N_("CCTV recorder (DVR/NVR)"),
    "other": N_("Other equipment"),
}

USER_ID_STATUS_LABELS = {
    "requested": N_("Requested"),
    "created": N_("Created"),
    "cancelled": N_("Cancelled"),
}

CAMPAIGN_STATUS_LABELS = {
    "done": N_("Done"),
    "on_track": N_("On track"),
    "behind": N_("Behind schedule"),
    "overdue": N_("Deadline passed"),
}

EQUIPMENT_ACTION = "equipment.edit"  # the permission behind every change to the register and the fault log
FAULT_THRESHOLD_SETTING = "handholding.fault_flag_days"
DEFAULT_FAULT_THRESHOLD_DAYS = 3
MAX_FAULT_THRESHOLD_DAYS = 90


def label(labels: dict[str, str], code: str) -> str:
    """The translated label of ``code`` (the code itself if unknown)."""
    return _(labels[code]) if code in labels else code  # i18n: marked (labels are N_() tables)


def check_choice(value: str | None, labels: dict[str, str], field: str) -> str:
    code = (value or "").strip().lower()
    if code not in labels:
        raise UserError(_("{field}: '{value}' is not one of: {choices}.").format(
            field=field, value=(value or "")[:40], choices=", ".join(labels)))
    return code


def not_in_future(moment: dt.date | dt.datetime, field: str, now: dt.datetime) -> None:
    """Refuse a date or time later than now (a PC clock that reset is the usual cause)."""
    later = moment > now if isinstance(moment, dt.datetime) else moment > now.date()
    if later:
        raise UserError(_("{field} is in the future. Check the date (and the PC's clock).").format(field=field))


def equipment_or_error(session: Session, equipment_id: int) -> Equipment:
    e = session.get(Equipment, equipment_id)
    if e is None:
        raise NotFound(_("There is no equipment with number {id} in the register.").format(id=equipment_id))
    return e


def fault_threshold(session: Session) -> int:
    return get_int(session, FAULT_THRESHOLD_SETTING, DEFAULT_FAULT_THRESHOLD_DAYS, 1, MAX_FAULT_THRESHOLD_DAYS)


def month_bounds(month: str | tuple[int, int]) -> tuple[dt.date, dt.date]:
    """First and last day of a month given as ``YYYY-MM`` (or a (year, month) pair)."""
    if isinstance(month, tuple):
        year, mon = month
    else:
        text = (month or "").strip()
        try:
            year_s, mon_s = text.split("-")
            year, mon = int(year_s), int(mon_s)
            if len(year_s) != 4:
                raise ValueError
        except ValueError:
            raise UserError(_("'{value}' is not a month. Write it as YYYY-MM, e.g. 2026-11.").format(
                value=text[:20])) from None
    if not (1 <= mon <= 12 and 1950 <= year <= 2100):
        raise UserError(_("'{value}' is not a month. Write it as YYYY-MM, e.g. 2026-11.").format(
            value=f"{year}-{mon:02d}"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def is_working_day(day: dt.date) -> bool:
    """The SOP: handholding staff work six days a week, Monday to Saturday."""
    return day.weekday() != 6


CCTV_KINDS_SET = frozenset({"cctv_camera", "cctv_recorder"})
