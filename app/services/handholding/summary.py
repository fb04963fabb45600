"""What the dashboard shows about equipment, CCTV and CCTNS support, in one query batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.obligations import as_of_moment
from app.services.storage import Database
from app.services.handholding.campaigns import CampaignInfo, campaigns_in
from app.services.handholding.common import CCTV_KINDS_SET, fault_threshold, month_bounds
from app.services.handholding.equipment import equipment_in
from app.services.handholding.faults import faults_in
from app.services.handholding.support_staff import month_attendance_in
from app.services.handholding.training import UntrainedPerson, untrained_in
from app.services.handholding.user_ids import user_id_rows_in


@dataclass(frozen=True)
class HandholdingSummary:
    as_of: dt.datetime
    equipment_in_service: int
    open_faults: int
    flagged_faults: int  # open longer than the threshold
    threshold_days: int
    oldest_open_fault_days: int | None  # None when no fault is open
    cctv_items: int  # cameras and recorders in service
    cctv_faulty: int  # of them, with an open fault
    untrained: tuple[UntrainedPerson, ...]  # active staff with no CCTNS training
    without_user_id: int  # active staff with no CCTNS user id (requested or not)
    user_ids_requested: int  # of them, requested and awaited
    shared_user_ids: int  # people whose id is also held by someone else
    campaigns_open: int
    campaigns_behind: tuple[CampaignInfo, ...]  # behind schedule or past the deadline
    support_staff: int  # handholding staff serving this month
    attendance_unmarked: int  # their working days so far this month with no entry

    @property
    def cctv_working(self) -> bool | None:
        """True: every camera and recorder works; False: something is faulty; None: none registered."""
        if self.cctv_items == 0:
            return None
        return self.cctv_faulty == 0

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(sep=" "), "equipment_in_service": self.equipment_in_service,
            "open_faults": self.open_faults, "flagged_faults": self.flagged_faults,
            "threshold_days": self.threshold_days, "oldest_open_fault_days": self.oldest_open_fault_days,
            "cctv_items": self.cctv_items, "cctv_faulty": self.cctv_faulty, "cctv_working": self.cctv_working,
            "untrained": [p.name for p in self.untrained], "without_user_id": self.without_user_id,
            "user_ids_requested": self.user_ids_requested, "shared_user_ids": self.shared_user_ids,
            "campaigns_open": self.campaigns_open,
            "campaigns_behind": [c.as_dict() for c in self.campaigns_behind],
            "support_staff": self.support_staff, "attendance_unmarked": self.attendance_unmarked,
        }


def dashboard_summary(db: Database, as_of: dt.date | dt.datetime | None = None) -> HandholdingSummary:
    now = as_of_moment(as_of)
    today = now.date()
    with db.session() as s:
        equipment = equipment_in(s)
        open_faults = faults_in(s, open_only=True, as_of=now)
        open_ids = {f.equipment_id for f in open_faults}
        cctv = [e for e in equipment if e.kind in CCTV_KINDS_SET]
        ids = user_id_rows_in(s)
        campaigns = [c for c in campaigns_in(s, as_of=today) if c.status != "done"]
        month = month_attendance_in(s, *month_bounds((today.year, today.month)), as_of=today)
        return HandholdingSummary(
            as_of=now,
            equipment_in_service=len(equipment),
            open_faults=len(open_faults),
            flagged_faults=sum(1 for f in open_faults if f.flagged),
            threshold_days=fault_threshold(s),
            oldest_open_fault_days=max((f.age_days for f in open_faults), default=None),
            cctv_items=len(cctv),
            cctv_faulty=sum(1 for e in cctv if e.id in open_ids),
            untrained=tuple(untrained_in(s, as_of=today)),
            without_user_id=sum(1 for r in ids if r.status != "has_id"),
            user_ids_requested=sum(1 for r in ids if r.status == "requested"),
            shared_user_ids=sum(1 for r in ids if r.shared_with),
            campaigns_open=len(campaigns),
            campaigns_behind=tuple(c for c in campaigns if c.behind),
            support_staff=sum(1 for m in month.staff if m.staff.posted_on(today)),
            attendance_unmarked=sum(m.not_marked for m in month.staff),
        )
