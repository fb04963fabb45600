"""CCTNS handholding support: support staff and attendance, equipment and faults, training, user ids, campaigns.

This module is the package's one public import path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lazy import lazy_package

if TYPE_CHECKING:  # the names of the table below, for readers and type checkers
    from app.services.handholding.campaigns import (
        add_campaign,
        campaign_entries,
        campaigns_in,
        list_campaigns,
        record_progress,
    )
    from app.services.handholding.common import (
        ATTENDANCE_LABELS,
        CAMPAIGN_STATUS_LABELS,
        EQUIPMENT_KIND_LABELS,
        OFFICE_KIND_LABELS,
        USER_ID_STATUS_LABELS,
        is_working_day,
        label,
        month_bounds,
    )
    from app.services.handholding.equipment import add_equipment, equipment_in, list_equipment, retire_equipment
    from app.services.handholding.faults import (
        escalate_fault,
        faults_in,
        fix_times,
        fix_times_in,
        get_fault_threshold,
        list_faults,
        report_fault,
        resolve_fault,
        set_fault_threshold,
    )
    from app.services.handholding.summary import HandholdingSummary, dashboard_summary
    from app.services.handholding.support_staff import (
        add_support_staff,
        end_support_staff,
        last_visits,
        list_support_staff,
        list_visits,
        MarkedDays,
        mark_attendance,
        mark_days,
        month_attendance,
        month_attendance_in,
        record_visit,
    )
    from app.services.handholding.training import add_training, list_trainings, untrained_in, untrained_staff
    from app.services.handholding.user_ids import (
        cancel_request,
        record_user_id,
        request_user_id,
        user_id_register,
        user_id_rows_in,
        without_user_id,
    )

__all__, __getattr__, __dir__ = lazy_package(__name__, {
    "campaigns": ("add_campaign", "campaign_entries", "campaigns_in", "list_campaigns", "record_progress"),
    "common": (
        "ATTENDANCE_LABELS", "CAMPAIGN_STATUS_LABELS", "EQUIPMENT_KIND_LABELS", "OFFICE_KIND_LABELS",
        "USER_ID_STATUS_LABELS", "is_working_day", "label", "month_bounds",
    ),
    "equipment": ("add_equipment", "equipment_in", "list_equipment", "retire_equipment"),
    "faults": (
        "escalate_fault", "faults_in", "fix_times", "fix_times_in", "get_fault_threshold", "list_faults",
        "report_fault", "resolve_fault", "set_fault_threshold",
    ),
    "summary": ("HandholdingSummary", "dashboard_summary"),
    "support_staff": (
        "add_support_staff", "end_support_staff", "last_visits", "list_support_staff", "list_visits", "MarkedDays",
        "mark_attendance", "mark_days", "month_attendance", "month_attendance_in", "record_visit",
    ),
    "training": ("add_training", "list_trainings", "untrained_in", "untrained_staff"),
    "user_ids": (
        "cancel_request", "record_user_id", "request_user_id", "user_id_register", "user_id_rows_in",
        "without_user_id",
    ),
})
